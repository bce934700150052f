#!/bin/sh
# Scale-out on PostgreSQL, in one run: GET /api/v1/me and unchanged device
# check-ins straight to one server, then through nginx (the shipped
# deploy/nginx/steward-proxy.conf) to one and to two servers on the same
# database, beside the Kore hello-world baseline; for every measurement,
# where the machine's CPU went (servers, PostgreSQL, nginx, and the rest:
# the load generator and anything else running) and the CPU time the
# servers, PostgreSQL and nginx spent per request. The three set-ups take
# turns for BENCH_ROUNDS rounds and each figure is the median of its
# rounds, so a neighbour's burst of work on a shared machine moves one
# round, not the comparison.
#
#   STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/scale.sh
#
# Settings: BENCH_DEVICES (20000), BENCH_CUSTOMERS (200), BENCH_WORKERS
# (2, per server), BENCH_NGINX_WORKERS (1), BENCH_CONNECTIONS (64),
# BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_KEEP (keep the scratch
# directory). Before the rounds every device checks in once (untimed), so
# every round finds the devices as a running installation has them.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
[ -n "${STEWARD_BENCH_PG_URL:-}" ] || { echo "bench: set STEWARD_BENCH_PG_URL (a PostgreSQL cluster)" >&2; exit 1; }
for t in wrk nginx psql; do
	command -v $t >/dev/null || { echo "bench: $t is needed" >&2; exit 1; }
done
make -s -j"$(nproc)" all build/bench/agentsim >/dev/null

ndev=${BENCH_DEVICES:-20000}
ncust=${BENCH_CUSTOMERS:-200}
workers=${BENCH_WORKERS:-2}
nginx_workers=${BENCH_NGINX_WORKERS:-1}
conns=${BENCH_CONNECTIONS:-64}
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
sim=build/bench/agentsim
tmp=$(mktemp -d /tmp/steward-scalebench-XXXXXX)
chmod 755 "$tmp"	# nginx's workers run as nobody when started as root
name=steward_scale_$$
pids=""
spids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 1
	psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
	    >/dev/null 2>&1 || true
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export STEWARD_KEY_FILE=$tmp/steward.key STEWARD_LOG_LEVEL=warn
hz=$(getconf CLK_TCK)

log() { echo "$*" >&2; }
get() { echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }

# ---- CPU accounting ----------------------------------------------------------
pg_pid=$(head -1 "$(psql "$STEWARD_BENCH_PG_URL" -Atc 'SHOW data_directory')/postmaster.pid")
ng_pid=""
# "servers postgres nginx busy total" ticks now (busy and total of the
# whole machine, from /proc/stat).
snap() {
	s=""; for p in $spids; do s="$s $p $(tree "$p")"; done
	n=""; [ -z "$ng_pid" ] || n="$ng_pid $(tree "$ng_pid")"
	# shellcheck disable=SC2086
	echo "$(ticks $s) $(ticks $pg_pid $(tree "$pg_pid")) $(ticks $n)" \
	    "$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}
# Cores used by each part between two snaps: "servers pg nginx rest".
cores() {
	echo "$1 $2" | awk -v hz="$hz" -v n="$(nproc)" '{
		el = ($10 - $5) / n;	# elapsed ticks of one core
		s = ($6 - $1) / el; p = ($7 - $2) / el; x = ($8 - $3) / el
		b = ($9 - $4) / el
		printf "%.2f %.2f %.2f %.2f", s, p, x, b - s - p - x }'
}

# One line per measurement and round: the label, a tab, then requests/s,
# p50 and p99 in ms, errors and the cores of "servers pg nginx rest".
rows=$tmp/rows
row() {	# label rps p50 p99 errors cores
	printf '%s\t%s %s %s %s %s\n' "$1" "$2" "$(ms "$3")" "$(ms "$4")" "$5" "$6" >>"$rows"
}
ms() {	# wrk's "609.00us", "2.59ms", "1.02s" (or a number of ms) -> ms
	echo "$1" | awk '/us$/ { print $1 / 1000; next } /ms$/ { print $1 + 0; next }
	    /s$/ { print $1 * 1000; next } { print $1 + 0 }'
}
wrk_row() {	# label url [header]
	a=$(snap)
	if [ $# -gt 2 ]; then
		out=$(wrk -t2 -c"$conns" -d"$secs"s --latency -H "$3" "$2")
	else
		out=$(wrk -t2 -c"$conns" -d"$secs"s --latency "$2")
	fi
	c=$(cores "$a" "$(snap)")
	errs=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
	row "$1" "$(echo "$out" | awk '/Requests\/sec/ { printf "%d", $2 }')" \
	    "$(echo "$out" | awk '$1 == "50%" { print $2 }')" \
	    "$(echo "$out" | awk '$1 == "99%" { print $2 }')" "${errs:-0}" "$c"
}
sim_row() {	# label mode url
	a=$(snap)
	r=$($sim "$2" --url "$3" --secrets "$tmp/secrets.tsv" --seconds "$secs" --conns "$conns")
	c=$(cores "$a" "$(snap)")
	log "$r"
	row "$1" "$(get rps "$r" | cut -d. -f1)" "$(get p50_ms "$r")" "$(get p99_ms "$r")" \
	    "$(( $(get errors "$r") + $(get conn_errors "$r") ))" "$c"
}

# ---- the servers and nginx ---------------------------------------------------
serve() {	# db -> $addr, a new server (its pid joins spids)
	port=$(free_port)
	bin/stewardctl serve --db "$1" --listen 127.0.0.1:"$port" --workers "$workers" \
	    --trusted-proxies 127.0.0.1 >"$tmp/serve-$port.log" 2>&1 &
	pids="$pids $!"
	spids="$spids $!"
	wait_listening "$tmp/serve-$port.log"
	addr=127.0.0.1:$port
}
stop_all() {
	for p in $spids $ng_pid; do kill "$p" 2>/dev/null || true; done
	for p in $spids $ng_pid; do wait "$p" 2>/dev/null || true; done
	spids=""
	ng_pid=""
}
nginx_start() {	# host:port... -> $lb, the URL of nginx in front of them
	port=$(free_port)
	d=$tmp/nginx-$port
	mkdir -p "$d/tmp"
	cp deploy/nginx/steward-proxy.conf "$d/"
	{
		echo "worker_processes $nginx_workers;"
		echo "pid $d/nginx.pid;"
		echo "error_log $d/error.log warn;"
		echo "events { worker_connections 4096; }"
		echo "http {"
		echo "	access_log off;"
		for t in client_body proxy fastcgi uwsgi scgi; do echo "	${t}_temp_path $d/tmp/$t;"; done
		echo "	upstream steward {"
		for s in "$@"; do echo "		server $s;"; done
		echo "		keepalive 64;"
		echo "		keepalive_timeout 10s;"
		echo "	}"
		echo "	server {"
		echo "		listen 127.0.0.1:$port;"
		echo "		include $d/steward-proxy.conf;"
		echo "	}"
		echo "}"
	} >"$d/nginx.conf"
	nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" -g 'daemon off;' \
	    >"$d/out.log" 2>&1 &
	ng_pid=$!
	pids="$pids $ng_pid"
	i=0
	until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$d/error.log" >&2; exit 1; }
		sleep 0.1
	done
	lb=http://127.0.0.1:$port
}
sign_in() {	# url -> session cookie
	curl -s -D - -o /dev/null -H 'content-type: application/json' \
	    -d '{"email":"admin@northwind.example","password":"steward-demo-admin"}' \
	    "$1/api/v1/session" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }'
}
measure() {	# label url
	cookie=$(sign_in "$2")
	[ -n "$cookie" ] || { log "bench: sign-in failed"; exit 1; }
	wrk_row "$1: GET /api/v1/me" "$2/api/v1/me" "Cookie: $cookie"
	sim_row "$1: check-in, unchanged" checkin-unchanged "$2"
}

# ---- the baseline ------------------------------------------------------------
hello_start

# ---- the installation: demo data, customers, devices --------------------------
psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE $name"
db=$(echo "$STEWARD_BENCH_PG_URL" | sed "s#://\([^/?]*\)/[^?]*#://\1/$name#")
bin/stewardctl demo --db "$db" >/dev/null
serve "$db"
node bench/agent-setup.mjs "http://$addr" "$ncust" "$tmp" >&2
stop_all
log "== generating and loading $ndev devices"
$sim gen --customers "$tmp/customers.tsv" --devices "$ndev" --csv "$tmp/devices.csv" \
    --secrets "$tmp/secrets.tsv"
cols="id, partner_id, customer_id, site_id, hardware_id, hostname, sort_key, platform, os, kernel, agent_version, ip_addresses, booted_at, secret_hash, protection, definitions_at, state_hash, status, enrolled_at, last_seen"
psql "$db" -q -v ON_ERROR_STOP=1 -c "\\copy devices ($cols) FROM '$tmp/devices.csv' WITH (FORMAT csv)"
psql "$db" -qc "VACUUM (ANALYZE) devices"
rm -f "$tmp/devices.csv"

# ---- the measurements ----------------------------------------------------------
wrk_row "Kore hello-world: GET (wrk)" "http://127.0.0.1:$hport/"
sim_row "Kore hello-world: check-in body POSTed" hello "http://127.0.0.1:$hport/"
kill "$hpid" 2>/dev/null || true
wait "$hpid" 2>/dev/null || true

# Every device checks in once before the rounds (the first check-in of a
# loaded device is the one that writes its last-seen time into a full page).
serve "$db"
log "== every device checks in once (untimed)"
# (at 1,000 check-ins a second or more: each device once before any twice)
$sim checkin-unchanged --url "http://$addr" --secrets "$tmp/secrets.tsv" \
    --seconds "$((ndev / 1000 + 5))" --conns "$conns" >&2
stop_all

round=1
while [ $round -le "$rounds" ]; do
	log "== round $round of $rounds"
	serve "$db"
	one=$addr
	measure "1 server, direct" "http://$one"
	nginx_start "$one"
	measure "1 server, nginx" "$lb"
	stop_all
	serve "$db"
	one=$addr
	serve "$db"
	nginx_start "$one" "$addr"
	measure "2 servers, nginx" "$lb"
	stop_all
	round=$((round + 1))
done

echo "Machine: $(nproc) cores; PostgreSQL $(psql "$STEWARD_BENCH_PG_URL" -Atc 'SHOW server_version' | cut -d' ' -f1); $workers workers per server; nginx $nginx_workers worker(s); $conns connections; ${secs} s per measurement; medians of $rounds rounds (the baseline: one run); $ndev devices of $ncust customers; load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo
echo "| measurement | per second | p50 ms | p99 ms | errors | cores: servers | PostgreSQL | nginx | rest | CPU µs per request: servers | PostgreSQL | nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
function median(list,   a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
	k = split($2, v, " ")
	for (i = 1; i <= k; i++) col[$1, i] = col[$1, i] " " v[i]
}
END {
	for (m = 1; m <= n; m++) {
		l = order[m]
		for (i = 1; i <= 8; i++) x[i] = median(col[l, i])
		us = x[1] > 0 ? 1e6 / x[1] : 0
		printf "| %s | %d | %.2f | %.1f | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f |\n", \
		    l, x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[5] * us, x[6] * us, x[7] * us
	}
}' "$rows"
