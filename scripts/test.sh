#!/bin/sh
# The full test run (what CI runs): install what is missing, build, start a
# throwaway PostgreSQL cluster, then
#   1. unit tests (SQLite + PostgreSQL), API tests (SQLite + PostgreSQL,
#      then PostgreSQL with two servers behind nginx), browser tests;
#   2. the same unit and API tests built with AddressSanitizer + UBSan;
#   3. every fuzz target of tests/fuzz/ for 12 seconds (about two minutes;
#      the long run is `sh scripts/fuzz.sh 600`).
set -u
cd "$(dirname "$0")/.."
sh scripts/deps.sh || exit 1
make -j"$(nproc)" all unit-bins || exit 1
make -j"$(nproc)" SAN=1 all unit-bins || exit 1
make -j"$(nproc)" fuzz || exit 1

pgdir=$(mktemp -d /tmp/steward-pg-XXXXXX)
trap 'sh scripts/pg-stop.sh "$pgdir"; rm -rf "$pgdir"' EXIT INT TERM
STEWARD_TEST_PG_URL=$(sh scripts/pg-start.sh "$pgdir") || exit 1
export STEWARD_TEST_PG_URL

status=0
step() {
	echo
	echo "### $*"
	"$@" || status=1
}
step make check-unit
step make check-api
step make check-api-scale
step make check-e2e
step make SAN=1 check-unit
step make SAN=1 check-api
step sh scripts/fuzz.sh 12
echo
if [ $status = 0 ]; then echo "steward: all test suites passed"; else echo "steward: SOME TEST SUITES FAILED"; fi
exit $status
