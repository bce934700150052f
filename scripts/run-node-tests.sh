#!/bin/sh
# Run a directory of node:test files against the server built in
# $STEWARD_OUT (. or build-san). API tests run against SQLite and, when
# STEWARD_TEST_PG_URL is set, again against PostgreSQL. With
# STEWARD_TEST_SCALE=2 the API tests run once, on PostgreSQL, each server
# being two behind nginx (tests/lib/server.mjs).
set -u
dir=$1
status=0
run() {
	echo "== $dir ($1${STEWARD_TEST_SCALE:+, $STEWARD_TEST_SCALE servers behind nginx})"
	STEWARD_TEST_DB=$1 node --test --test-concurrency="${STEWARD_TEST_JOBS:-2}" \
		--test-reporter=spec "$dir"/ || status=1
}
if [ -n "${STEWARD_TEST_SCALE:-}" ]; then
	if [ -z "${STEWARD_TEST_PG_URL:-}" ]; then
		echo "STEWARD_TEST_SCALE needs STEWARD_TEST_PG_URL (a PostgreSQL cluster)" >&2
		exit 1
	fi
	run pg
	exit $status
fi
run sqlite
if [ "$dir" = tests/api ] && [ -n "${STEWARD_TEST_PG_URL:-}" ]; then
	run pg
fi
exit $status
