#!/bin/sh
# make demo: fresh demo database on SQLite, then the server in the
# foreground at STEWARD_LISTEN (default 127.0.0.1:8080).
set -eu
cd "$(dirname "$0")/.."
mkdir -p var
rm -f var/demo.db var/demo.db-wal var/demo.db-shm
bin/stewardctl demo --db var/demo.db
echo
exec bin/stewardctl serve --db var/demo.db --listen "${STEWARD_LISTEN:-127.0.0.1:8080}"
