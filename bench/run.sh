#!/bin/sh
# HTTP throughput on this machine: a Kore hello-world module, Steward's
# GET /healthz and an authenticated GET /api/v1/me, measured in one run with
# the same worker count and the same wrk settings.
#
#   sh bench/run.sh                 # SQLite
#   STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/run.sh               # also PostgreSQL (a new database in it)
#
# Settings: BENCH_WORKERS (2), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
# BENCH_SECONDS (10).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x bin/stewardctl ] || make -j"$(nproc)" all >/dev/null

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

measure() {	# label url [header]
	out=$(if [ $# -gt 2 ]; then wrk -t"$threads" -c"$conns" -d"$secs"s --latency -H "$3" "$2"; \
	    else wrk -t"$threads" -c"$conns" -d"$secs"s --latency "$2"; fi)
	r=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
	p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
	p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
	errs=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
	printf '| %-34s | %12s | %8s | %8s | %s |\n' "$1" "$r" "$p50" "$p99" "${errs:-0}"
}

# Baseline: Kore hello-world, same flags Steward's module is built with.
hello_start

start_steward() {	# db label
	port=$(free_port)
	STEWARD_LOG_LEVEL=warn bin/stewardctl serve --db "$1" --listen 127.0.0.1:"$port" \
	    --workers "$workers" >"$tmp/serve-$2.log" 2>&1 &
	pids="$pids $!"
	wait_listening "$tmp/serve-$2.log"
	url="http://127.0.0.1:$port"
	cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
	    -d '{"email":"admin@northwind.example","password":"steward-demo-admin"}' \
	    "$url/api/v1/session" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
	[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
}

echo "Machine: $(nproc) cores; $workers workers; wrk -t$threads -c$conns -d${secs}s; $(date -u +%Y-%m-%d)"
echo
echo "| target                             |  requests/s  |   p50    |   p99    | non-2xx |"
echo "|------------------------------------|-------------:|---------:|---------:|--------:|"
measure "Kore hello-world (baseline)" "http://127.0.0.1:$hport/"

bin/stewardctl demo --db "$tmp/bench.db" >/dev/null
start_steward "$tmp/bench.db" sqlite
measure "Steward GET /healthz" "$url/healthz"
measure "Steward GET /api/v1/me (SQLite)" "$url/api/v1/me" "Cookie: $cookie"

if [ -n "${STEWARD_BENCH_PG_URL:-}" ]; then
	name="steward_bench_$$"
	psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE $name"
	pg=$(echo "$STEWARD_BENCH_PG_URL" | sed "s#://\([^/?]*\)/[^?]*#://\1/$name#")
	bin/stewardctl demo --db "$pg" >/dev/null
	start_steward "$pg" pg
	measure "Steward GET /api/v1/me (PostgreSQL)" "$url/api/v1/me" "Cookie: $cookie"
	kill $(echo $pids | awk '{ print $NF }') 2>/dev/null || true
	sleep 1
	psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE $name WITH (FORCE)" || true
fi
