#!/bin/sh
# Two builds side by side: authenticated GET /api/v1/me (and GET /healthz)
# on this build's module and on another (BENCH_MODULE_BEFORE), beside the
# Kore hello-world baseline, in alternating rounds. For every measurement:
# requests/s, p99, and the CPU time per request of the server's workers
# (utime + stime from /proc; on PostgreSQL also of the cluster's
# processes) and of wrk, which move far less than throughput when the
# machine is shared; from them, the share of hello-world's throughput a
# target would have where CPU is the limit ("by CPU"). Each figure printed
# is the median of the rounds, with the range.
#
#   git stash; make; cp lib/steward.so /tmp/before.so; git stash pop; make
#   BENCH_MODULE_BEFORE=/tmp/before.so sh bench/compare.sh
#   BENCH_MODULE_BEFORE=/tmp/before.so \
#     STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/compare.sh              # also PostgreSQL (new databases in it)
#
# Settings: BENCH_MODULE_BEFORE (without it only this build is measured),
# BENCH_WORKERS (2), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
# BENCH_SECONDS (5), BENCH_ROUNDS (5), BENCH_ENGINES ("sqlite pg" when
# STEWARD_BENCH_PG_URL is set, else "sqlite"), BENCH_KEEP (keep the scratch
# directory, with every wrk output in wrk.log).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x bin/stewardctl ] || make -j"$(nproc)" all >/dev/null

workers=${BENCH_WORKERS:-2}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
secs=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-5}
before=${BENCH_MODULE_BEFORE:-}
engines=${BENCH_ENGINES:-sqlite${STEWARD_BENCH_PG_URL:+ pg}}
tmp=$(mktemp -d /tmp/steward-compare-XXXXXX)
hz=$(getconf CLK_TCK)
pids=""
dbs=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 1
	for d in $dbs; do
		psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS $d WITH (FORCE)" \
		    >/dev/null 2>&1 || true
	done
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

pg_pid=""
if [ -n "${STEWARD_BENCH_PG_URL:-}" ]; then
	pg_pid=$(head -1 "$(psql "$STEWARD_BENCH_PG_URL" -Atc 'SHOW data_directory')/postmaster.pid")
fi
pg_ticks() {	# the PostgreSQL cluster's ticks (0 without one)
	if [ -n "$pg_pid" ]; then
		# shellcheck disable=SC2046
		ticks "$pg_pid" $(tree "$pg_pid")
	else
		echo 0
	fi
}

# start LABEL DB [MODULE]: a server; sets url_LABEL, cookie_LABEL, spid_LABEL
start() {
	port=$(free_port)
	# shellcheck disable=SC2086
	STEWARD_LOG_LEVEL=warn bin/stewardctl serve --db "$2" --listen 127.0.0.1:"$port" \
	    --workers "$workers" ${3:+--module "$3"} >"$tmp/serve-$1.log" 2>&1 &
	eval "spid_$1=$!"
	pids="$pids $!"
	wait_listening "$tmp/serve-$1.log"
	u="http://127.0.0.1:$port"
	c=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
	    -d '{"email":"admin@northwind.example","password":"steward-demo-admin"}' \
	    "$u/api/v1/session" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
	[ -n "$c" ] || { echo "bench: sign-in failed" >&2; exit 1; }
	eval "url_$1=\$u; cookie_$1=\$c"
}

# measure LABEL PIDROOT URL [HEADER]: one wrk run; appends
# "rps p99 worker_us pg_us wrk_us" to $tmp/m-LABEL
measure() {
	label=$1 root=$2 target=$3
	shift 3
	# shellcheck disable=SC2046
	w0=$(ticks $(kore_workers "$root"))
	p0=$(pg_ticks)
	if [ $# -gt 0 ]; then
		out=$(/usr/bin/time -f "wrk-cpu %U %S" wrk -t"$threads" -c"$conns" \
		    -d"$secs"s --latency -H "$1" "$target" 2>&1)
	else
		out=$(/usr/bin/time -f "wrk-cpu %U %S" wrk -t"$threads" -c"$conns" \
		    -d"$secs"s --latency "$target" 2>&1)
	fi
	# shellcheck disable=SC2046
	w1=$(ticks $(kore_workers "$root"))
	p1=$(pg_ticks)
	echo "$label: $out" >>"$tmp/wrk.log"
	if echo "$out" | grep -q 'Non-2xx'; then
		echo "bench: $label answered errors:" >&2
		echo "$out" >&2
		exit 1
	fi
	echo "$out" | awk -v w="$((w1 - w0))" -v p="$((p1 - p0))" -v hz="$hz" '
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
	        if (v ~ /s$/) return v * 1000; return v + 0 }
	    / requests in / { n = $1 }
	    /Requests\/sec/ { r = $2 }
	    $1 == "99%" { q = ms($2) }
	    $1 == "wrk-cpu" { c = $2 + $3 }
	    END { printf "%.0f %.2f %.1f %.1f %.1f\n", r, q, w * 1e6 / hz / n,
	        p * 1e6 / hz / n, c * 1e6 / n }' \
	    >>"$tmp/m-$label"
}

hello_start
# shellcheck disable=SC2154
[ -n "$hpid" ]
builds="after"
[ -z "$before" ] || builds="before after"
targets=""
for e in $engines; do
	for b in $builds; do
		l="${b}_$e"
		mod=""
		[ "$b" = after ] || mod=$before
		if [ "$e" = sqlite ]; then
			bin/stewardctl demo --db "$tmp/$l.db" >/dev/null
			start "$l" "$tmp/$l.db" "$mod"
		else
			d="steward_cmp_${b}_$$"
			dbs="$dbs $d"
			psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE $d"
			pg=$(echo "$STEWARD_BENCH_PG_URL" | sed "s#://\([^/?]*\)/[^?]*#://\1/$d#")
			bin/stewardctl demo --db "$pg" >/dev/null
			start "$l" "$pg" "$mod"
		fi
		targets="$targets $l"
	done
done

echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $workers workers;" \
    "wrk -t$threads -c$conns -d${secs}s; $rounds rounds; $(date -u +%Y-%m-%dT%H:%MZ)"
r=1
while [ $r -le "$rounds" ]; do
	echo "round $r" >&2
	# shellcheck disable=SC2154
	measure hello "$hpid" "http://127.0.0.1:$hport/"
	for l in $targets; do
		sp=""
		eval "u=\$url_$l; c=\$cookie_$l; sp=\$spid_$l"
		case $l in *_sqlite) measure "healthz_${l%_sqlite}" "$sp" "$u/healthz" ;; esac
		measure "me_$l" "$sp" "$u/api/v1/me" "Cookie: $c"
	done
	r=$((r + 1))
done

# median and range of column COL of a measurement file, printed with FMT
med() {	# FILE COL FMT
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk -v f="$3" '
	    { v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
	    printf f " (" f "-" f ")", m, v[1], v[NR] }'
}
# The share of hello-world's throughput LABEL would have where CPU is the
# limit (all of it on this machine's cores): median over the rounds of
# hello-world's CPU per request (workers + wrk) over LABEL's (workers +
# PostgreSQL + wrk).
cpu_ratio() {
	paste -d' ' "$tmp/m-$1" "$tmp/m-hello" | awk '{ print 100 * ($8 + $10) / ($3 + $4 + $5) }' |
	    sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
	    printf "%.0f %% (%.0f-%.0f)", m, v[1], v[NR] }'
}
# median of the per-round ratio of LABEL's requests/s to hello-world's
ratio() {
	paste -d' ' "$tmp/m-$1" "$tmp/m-hello" | awk '{ print 100 * $1 / $6 }' |
	    sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
	    printf "%.0f %% (%.0f-%.0f)", m, v[1], v[NR] }'
}
echo
echo "| target | requests/s | of hello-world | p99 (ms) | worker CPU µs/request | PostgreSQL CPU µs/request | wrk CPU µs/request | of hello-world by CPU |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for f in hello $(for l in $targets; do case $l in *_sqlite) echo "healthz_${l%_sqlite}";; esac; echo "me_$l"; done); do
	case $f in
	hello) name="Kore hello-world";;
	healthz_*) name="\`GET /healthz\`"; b=${f#healthz_};;
	me_*_sqlite) b=${f#me_}; name="\`GET /api/v1/me\`, SQLite"; b=${b%_sqlite};;
	me_*_pg) b=${f#me_}; name="\`GET /api/v1/me\`, PostgreSQL"; b=${b%_pg};;
	esac
	# Which build, when two are compared.
	[ -z "$before" ] || [ "$f" = hello ] || name="$name, $b"
	pgc="-"
	case $f in *_pg) pgc=$(med "$tmp/m-$f" 4 %.1f);; esac
	rat="-"
	crat="-"
	[ "$f" = hello ] || { rat=$(ratio "$f"); crat=$(cpu_ratio "$f"); }
	echo "| $name | $(med "$tmp/m-$f" 1 %.0f) | $rat | $(med "$tmp/m-$f" 2 %.1f) |" \
	    "$(med "$tmp/m-$f" 3 %.1f) | $pgc | $(med "$tmp/m-$f" 5 %.1f) | $crat |"
done
