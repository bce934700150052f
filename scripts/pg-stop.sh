#!/bin/sh
# Stop a cluster started by scripts/pg-start.sh. Usage: scripts/pg-stop.sh DIR
set -eu
dir=${1:?usage: pg-stop.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -f "$dir/data/postmaster.pid" ] || exit 0
if [ "$(id -u)" = 0 ]; then
	su postgres -s /bin/sh -c "'$bindir/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null
else
	"$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
fi
