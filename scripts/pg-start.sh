#!/bin/sh
# Start a throwaway PostgreSQL cluster listening only on a unix socket and
# print its URL. Usage: scripts/pg-start.sh DIR   (stop: scripts/pg-stop.sh DIR)
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` system user.
set -eu
dir=${1:?usage: pg-start.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-start: PostgreSQL server binaries not found" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		su postgres -s /bin/sh -c "$*"
	else
		sh -c "$*"
	fi
}
if [ "$(id -u)" = 0 ]; then
	chown postgres "$dir"
	owner=postgres
else
	owner=$(id -un)
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
	as_owner "'$bindir/initdb' -D '$dir/data' -A trust -U '$owner' -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2; exit 1; }
fi
as_owner "mkdir -p '$dir/sock'"
chmod 755 "$dir" 2>/dev/null || true
as_owner "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
	-o \"-k '$dir/sock' -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
chmod 755 "$dir/sock"
echo "postgresql:///postgres?host=$dir/sock&user=$owner"
