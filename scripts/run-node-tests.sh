#!/bin/sh
# Run a directory of node:test files against the server built in
# $STEWARD_OUT (. or build-san). API tests run against SQLite and, when
# STEWARD_TEST_PG_URL is set, again against PostgreSQL.
set -u
dir=$1
status=0
run() {
	echo "== $dir ($1)"
	STEWARD_TEST_DB=$1 node --test --test-concurrency="${STEWARD_TEST_JOBS:-2}" \
		--test-reporter=spec "$dir"/ || status=1
}
run sqlite
if [ "$dir" = tests/api ] && [ -n "${STEWARD_TEST_PG_URL:-}" ]; then
	run pg
fi
exit $status
