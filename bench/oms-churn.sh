#!/bin/sh
# oms-churn.sh - Find customer while customers are being created.
# bench/customers.mjs creates BENCH_CREATES customers (30,000 by default,
# 8 clients) in a copy of BENCH_DB (a database loaded as bench/README.md
# says), and meanwhile build/bench/omssearch searches that copy, ROUNDS
# times (3), each round twice, in turns: as a process that keeps the
# records changed since the partner's search blocks between its searches
# (store_oms_kept.c, STEWARD_OMS_KEPT_MAX as configured) and as one that
# keeps none (STEWARD_OMS_KEPT_MAX=0: each search asks the database, as
# before). Before each run it prints how many of the partner's records
# changed since its newest blocks began; after it, with GNU time, the
# searching process's largest resident size.
#
#   BENCH_DB=/tmp/bench-1m/am8.db sh bench/oms-churn.sh PARTNER_ID [RUNS]
#   STEWARD_TEST_DB=pg STEWARD_TEST_PG_URL='postgresql:///postgres?host=...' \
#       BENCH_DB='postgresql:///bench1m_base?host=...' sh bench/oms-churn.sh PARTNER_ID
#
# RUNS: omssearch's runs of each search (10). BENCH_WARM: seconds of
# creations before the first round (15).
set -eu
partner=$1
runs=${2:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
bench=
trap 'rm -f "$out"; [ -z "$bench" ] || kill "$bench" 2>/dev/null || true' EXIT
BENCH_SEARCH=0 BENCH_CREATES=${BENCH_CREATES:-30000} \
    BENCH_RECORDS=${BENCH_RECORDS:-1000000} \
    node "$here/bench/customers.mjs" >"$out" 2>&1 &
bench=$!
while ! grep -q '^Database: ' "$out"; do
	kill -0 "$bench" 2>/dev/null || { cat "$out"; exit 1; }
	sleep 1
done
db=$(sed -n 's/^Database: //p' "$out")

changed() {
	case $db in
	postgresql:*) psql "$db" -Atc "SELECT count(*) FROM oms_records
	    WHERE partner_id = '$partner' AND changed_xid >= (SELECT mark
	    FROM oms_search_gens WHERE partner_id = '$partner'
	    AND state = 'ready' ORDER BY id DESC LIMIT 1)" ;;
	*) sqlite3 "$db" "SELECT count(*) FROM oms_records
	    WHERE partner_id = '$partner' AND seq > (SELECT mark
	    FROM oms_search_gens WHERE partner_id = '$partner'
	    AND state = 'ready' ORDER BY id DESC LIMIT 1)" ;;
	esac
}

# The searching process's largest resident size, where GNU time is.
timed=
[ ! -x /usr/bin/time ] || timed="/usr/bin/time -f %M_KiB_resident_at_most"

sleep "${BENCH_WARM:-15}"
round=0
while [ "$round" -lt "${ROUNDS:-3}" ] && kill -0 "$bench" 2>/dev/null; do
	for kept in yes no; do
		echo "== round $round, kept: $kept, $(changed) changed since the blocks"
		max=${STEWARD_OMS_KEPT_MAX:-}
		[ $kept = yes ] || max=0
		# The bench drops its copy when it ends: a run it cut short
		# is left out.
		STEWARD_OMS_KEPT_MAX=$max $timed "$here/build/bench/omssearch" \
		    "$db" "$partner" "$runs" || {
			kill -0 "$bench" 2>/dev/null && exit 1
			echo "(the creations ended during this run)"
			break 2
		}
	done
	round=$((round + 1))
done
wait "$bench"
bench=
cat "$out"
