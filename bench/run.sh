#!/bin/sh
# HTTP throughput on this machine: a Kore hello-world module, Steward's
# GET /healthz and an authenticated GET /api/v1/me, measured with the same
# worker count and the same wrk settings in alternating rounds (hello-world,
# /healthz, /me on SQLite, /me on PostgreSQL, then again), each figure the
# median of the rounds with its range, and each target's share of
# hello-world the median of the rounds' own ratios. The machine's speed
# moves by a fifth within a minute, so one pass that measured hello-world
# first and /me twenty seconds later said more about that minute than
# about Steward. This is bench/compare.sh measuring this build alone.
#
#   sh bench/run.sh                 # SQLite
#   STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/run.sh               # also PostgreSQL (a new database in it)
#
# Settings: BENCH_WORKERS (2), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
# BENCH_SECONDS (5 a measurement), BENCH_ROUNDS (5), BENCH_KEEP.
set -eu
cd "$(dirname "$0")/.."
unset BENCH_MODULE_BEFORE
BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-5} \
    exec sh bench/compare.sh
