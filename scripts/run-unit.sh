#!/bin/sh
# Run cmocka unit-test programs; exit non-zero when any fails.
# The store and app tests also run against PostgreSQL when
# STEWARD_TEST_PG_URL is set.
status=0
for t in "$@"; do
	echo "== $t"
	STEWARD_LOG_LEVEL=${STEWARD_LOG_LEVEL:-error} "$t" || status=1
done
exit $status
