#!/bin/sh
# The effective policy over HTTP: 10,000 customers sharing 5 global
# policies (built by build/bench/effective, which also times the
# computation in-process), then GET .../effective-policy for random
# customers with wrk.
#
#   sh bench/effective-http.sh                 # SQLite
#   STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/effective-http.sh               # also PostgreSQL
#
# Settings: BENCH_CUSTOMERS (10000), BENCH_WORKERS (2), BENCH_CONNECTIONS
# (64), BENCH_THREADS (2), BENCH_SECONDS (10).
set -eu
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
make -j"$(nproc)" all bench-bins >/dev/null

n=${BENCH_CUSTOMERS:-10000}
workers=${BENCH_WORKERS:-2}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
secs=${BENCH_SECONDS:-10}
tmp=$(mktemp -d /tmp/steward-bench-XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

run() {	# db label
	echo "## $2"
	echo
	STEWARD_LOG_LEVEL=warn build/bench/effective "$1" "$n" "$tmp/ids-$2"
	port=$(free_port)
	STEWARD_LOG_LEVEL=warn bin/stewardctl serve --db "$1" --listen 127.0.0.1:"$port" \
	    --workers "$workers" >"$tmp/serve-$2.log" 2>&1 &
	pids="$pids $!"
	i=0
	until grep -q "listening" "$tmp/serve-$2.log"; do
		i=$((i + 1)); [ $i -lt 200 ] || { cat "$tmp/serve-$2.log"; exit 1; }
		sleep 0.1
	done
	url="http://127.0.0.1:$port"
	cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
	    -d '{"email":"bench@steward.example","password":"bench-steward-passphrase"}' \
	    "$url/api/v1/session" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
	[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
	out=$(IDS="$tmp/ids-$2" COOKIE="$cookie" wrk -t"$threads" -c"$conns" -d"$secs"s \
	    --latency -s bench/effective.lua "$url")
	echo
	echo "HTTP, $workers workers, wrk -t$threads -c$conns -d${secs}s, random customers:"
	echo "$out" | awk '/Requests\/sec/ { print "  requests/s: " $2 } $1 == "50%" { print "  p50: " $2 } $1 == "99%" { print "  p99: " $2 } /Non-2xx/ { print "  non-2xx: " $5 }'
	echo
	kill $(echo $pids | awk '{ print $NF }') 2>/dev/null || true
	sleep 1
}

echo "Machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
run "$tmp/effective.db" sqlite
if [ -n "${STEWARD_BENCH_PG_URL:-}" ]; then
	name="steward_bench_eff_$$"
	psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE $name"
	pg=$(echo "$STEWARD_BENCH_PG_URL" | sed "s#://\([^/?]*\)/[^?]*#://\1/$name#")
	run "$pg" postgresql
	psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE $name WITH (FORCE)" || true
fi
