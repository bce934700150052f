#!/bin/sh
# Device check-ins on this machine (issue 11), in one run: the Kore
# hello-world baseline, then for each engine and device count: enrolments/s
# (real POST /agent/v1/enroll), unchanged check-ins/s, state-change
# check-ins/s, their latency, and the server workers' memory.
#
#   sh bench/agent.sh                 # SQLite
#   STEWARD_BENCH_PG_URL=postgresql:///postgres?host=/path/sock \
#     sh bench/agent.sh               # also PostgreSQL (new databases in it)
#
# Settings: BENCH_DEVICES ("100000 1000000"), BENCH_CUSTOMERS (1000),
# BENCH_ENROLLS (5000), BENCH_WORKERS (2), BENCH_CONNECTIONS (64),
# BENCH_SECONDS (10), BENCH_ENGINES ("sqlite pg"; pg only with the URL),
# BENCH_KEEP (keep the scratch directory, with each size's SQLite database
# and secrets), BENCH_MODULE (another steward.so,
# to compare builds).
#
# The devices are not enrolled through HTTP (a million would take too
# long): `agentsim gen` writes rows like those an enrolment and the first
# check-in leave, with secrets it knows, and they are loaded in bulk. Each
# size checks that seeded rows are accepted and unchanged by an unchanged
# check-in, and shows a seeded row beside a really enrolled one.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
make -s -j"$(nproc)" all build/bench/agentsim >/dev/null

devices=${BENCH_DEVICES:-100000 1000000}
ncust=${BENCH_CUSTOMERS:-1000}
nenroll=${BENCH_ENROLLS:-5000}
workers=${BENCH_WORKERS:-2}
conns=${BENCH_CONNECTIONS:-64}
secs=${BENCH_SECONDS:-10}
engines=${BENCH_ENGINES:-sqlite pg}
sim=build/bench/agentsim
tmp=$(mktemp -d /tmp/steward-agentbench-XXXXXX)
key=$tmp/steward.key
pids=""
pgdbs=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 1
	for d in $pgdbs; do
		psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS $d WITH (FORCE)" \
		    >/dev/null 2>&1 || true
	done
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export STEWARD_KEY_FILE=$key STEWARD_LOG_LEVEL=warn

log() { echo "$*" >&2; }

# RESULT line field: get NAME LINE
get() { echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }

row() {	# label RESULT-line
	printf '| %-44s | %9s | %7s | %7s | %6s | %s |\n' "$1" "$(get rps "$2")" \
	    "$(get p50_ms "$2")" "$(get p99_ms "$2")" \
	    "$(( $(get errors "$2") + $(get conn_errors "$2") ))" "$(get client_cpu "$2")"
}

# ---- the baseline -----------------------------------------------------------
hello_start

# ---- the hub ---------------------------------------------------------------
serve() {	# db label
	port=$(free_port)
	bin/stewardctl serve --db "$1" --listen 127.0.0.1:"$port" \
	    --workers "$workers" ${BENCH_MODULE:+--module "$BENCH_MODULE"} \
	    >"$tmp/serve-$2.log" 2>&1 &
	spid=$!
	pids="$pids $spid"
	wait_listening "$tmp/serve-$2.log"
	url="http://127.0.0.1:$port"
}

stop() {
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
}

# The request workers of the server: Kore names them "[wrk N]".
worker_pids() {
	kore_workers "$spid"
}

# Largest VmHWM and VmRSS among the workers, in MiB ("hwm rss").
worker_mem() {
	h=0; r=0
	for p in $(worker_pids); do
		x=$(awk '/^VmHWM/ { print $2 }' /proc/"$p"/status)
		y=$(awk '/^VmRSS/ { print $2 }' /proc/"$p"/status)
		[ "$x" -gt "$h" ] && h=$x
		[ "$y" -gt "$r" ] && r=$y
	done
	echo "$((h / 1024)) $((r / 1024)) $(worker_pids | wc -l)"
}

# ---- one engine --------------------------------------------------------------
sql() {	# engine db statement...
	if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql "$2" -qAtc "$3"; fi
}

copy_db() {	# engine template new
	if [ "$1" = sqlite ]; then
		sqlite3 "$2" ".backup '$3'"
	else
		psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE $(basename "${3%%\?*}") TEMPLATE $(basename "${2%%\?*}")"
	fi
}

cols="id, partner_id, customer_id, site_id, hardware_id, hostname, sort_key, platform, os, kernel, agent_version, ip_addresses, booted_at, secret_hash, protection, definitions_at, state_hash, status, enrolled_at, last_seen, seen_mark"

load_devices() {	# engine db csv
	if [ "$1" = sqlite ]; then
		sqlite3 -bail "$2" >/dev/null <<SQL
PRAGMA cache_size = -1000000;
CREATE TEMP TABLE bench_import ($cols);
.mode csv
.import --schema temp $3 bench_import
INSERT INTO devices ($cols)
SELECT id, partner_id, customer_id, NULLIF(site_id, ''), hardware_id, hostname,
    sort_key, platform, os, kernel, agent_version, ip_addresses,
    CAST(booted_at AS INTEGER), secret_hash, protection,
    CAST(definitions_at AS INTEGER), state_hash, status,
    CAST(enrolled_at AS INTEGER),
    CAST(last_seen AS INTEGER), CAST(seen_mark AS INTEGER)
FROM temp.bench_import;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
	else
		# Without the triggers for the copy (they keep each customer's
		# counters and risk a row at a time: over five minutes for a
		# million rows); the counters are then counted again whole,
		# as migrations 0019 and 0033 first filled them.
		psql "$2" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET session_replication_role = replica;
BEGIN;
\\copy devices ($cols) FROM '$3' WITH (FORMAT csv)
DELETE FROM device_stats;
INSERT INTO device_stats (customer_id, partner_id, protected, at_risk, offline)
SELECT customer_id, partner_id, count(*) FILTER (WHERE status = 'protected'),
    count(*) FILTER (WHERE status = 'at_risk'),
    count(*) FILTER (WHERE status = 'offline')
FROM devices GROUP BY customer_id, partner_id;
DELETE FROM customer_risk;
INSERT INTO customer_risk (customer_id, partner_id, sort_key, risk)
SELECT c.id, c.partner_id, c.sort_key, n.risk
FROM customers c JOIN customer_risk_now n ON n.customer_id = c.id;
COMMIT;
SET session_replication_role = origin;
SQL
		# What autovacuum reaches shortly after a bulk load.
		psql "$2" -qc "VACUUM (ANALYZE) devices"
	fi
}

pgdb() {	# name -> URL of that database in the cluster
	echo "$STEWARD_BENCH_PG_URL" | sed "s#://\([^/?]*\)/[^?]*#://\1/$1#"
}

engine() {	# engine
	e=$1
	if [ "$e" = sqlite ]; then
		tmpl=$tmp/template.db
	else
		psql "$STEWARD_BENCH_PG_URL" -qc "CREATE DATABASE sab_tmpl_$$"
		pgdbs="$pgdbs sab_tmpl_$$"
		tmpl=$(pgdb sab_tmpl_$$)
	fi
	bin/stewardctl demo --db "$tmpl" >/dev/null
	serve "$tmpl" "$e-setup"
	node bench/agent-setup.mjs "$url" "$ncust" "$tmp" >&2
	stop
	for n in $devices; do
		if [ "$e" = sqlite ]; then
			db=$tmp/devices-$n.db
		else
			psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS sab_${n}_$$" 2>/dev/null
			pgdbs="$pgdbs sab_${n}_$$"
			db=$(pgdb sab_${n}_$$)
		fi
		copy_db "$e" "$tmpl" "$db"
		log "== $e, $n devices: generating and loading"
		t0=$(date +%s)
		$sim gen --customers "$tmp/customers.tsv" --devices "$n" \
		    --csv "$tmp/devices.csv" --secrets "$tmp/secrets-$n.tsv"
		load_devices "$e" "$db" "$tmp/devices.csv"
		rm -f "$tmp/devices.csv"
		log "   loaded in $(( $(date +%s) - t0 )) s: $(sql "$e" "$db" "SELECT COUNT(*) FROM devices") devices"
		serve "$db" "$e-$n"

		# Seeded rows are accepted and an unchanged check-in leaves them
		# as they are (the seeded state hash is the hub's).
		h0=$(sql "$e" "$db" "SELECT state_hash FROM devices WHERE hostname = 'WS-0000000'")
		$sim checkin-unchanged --url "$url" --secrets "$tmp/secrets-$n.tsv" \
		    --limit 3 --seconds 0.2 --conns 1 >/dev/null
		h1=$(sql "$e" "$db" "SELECT state_hash FROM devices WHERE hostname = 'WS-0000000'")
		[ -n "$h0" ] && [ "$h0" = "$h1" ] || {
			log "bench: a seeded device's state changed at an unchanged check-in ($h0 -> $h1)"
			exit 1
		}

		# Enrolments through HTTP; then each enrolled device's first
		# check-in (a state change) makes it look like the seeded ones.
		r=$($sim enroll --url "$url" --tokens "$tmp/tokens.tsv" \
		    --count "$nenroll" --conns 8 --out "$tmp/enrolled.tsv")
		echo "$r" >&2
		row "Enrol, POST /agent/v1/enroll, 8 conns" "$r" >>"$tmp/rows-$e-$n"
		$sim checkin-unchanged --url "$url" --secrets "$tmp/enrolled.tsv" \
		    --limit 1 --seconds 0.2 --conns 1 >/dev/null
		enr=$(head -2 "$tmp/enrolled.tsv" | tail -1 | cut -f2)
		q="SELECT platform, os, kernel, agent_version, ip_addresses, booted_at IS NOT NULL, protection, definitions_at IS NOT NULL, length(state_hash), commands, policy_push, open_threats, policy_id IS NULL, site_id IS NULL, removed_at IS NULL, length(secret_hash), length(id), length(hardware_id), status FROM devices WHERE hostname ="
		log "   enrolled row: $(sql "$e" "$db" "$q '$enr'")"
		log "   seeded row:   $(sql "$e" "$db" "$q 'WS-0000000'")"

		t0=$(date +%s)
		r=$($sim checkin-unchanged --url "$url" --secrets "$tmp/secrets-$n.tsv" \
		    --seconds "$secs" --conns "$conns")
		echo "$r" >&2
		row "Check-in, unchanged" "$r" >>"$tmp/rows-$e-$n"
		# The batched last-seen times reach the database (each device
		# is visited once before any twice).
		sleep 3
		want=$(get requests "$r"); [ "$want" -le "$n" ] || want=$n
		got=$(sql "$e" "$db" "SELECT COUNT(*) FROM devices WHERE last_seen >= $t0 AND hostname NOT LIKE 'enr-%'")
		log "   last_seen written for $got seeded devices (checked in: $want)"
		[ "$got" -ge "$want" ] || { log "bench: last-seen times were lost"; exit 1; }
		r=$($sim checkin-change --url "$url" --secrets "$tmp/secrets-$n.tsv" \
		    --seconds "$secs" --conns "$conns")
		echo "$r" >&2
		row "Check-in, state change (written before the answer)" "$r" >>"$tmp/rows-$e-$n"
		m=$(worker_mem)
		set -- $m
		echo "worker memory, largest of $3 workers: VmHWM $1 MiB, VmRSS $2 MiB" >"$tmp/mem-$e-$n"
		stop
		# BENCH_KEEP keeps them, to serve the database again by hand.
		if [ -z "${BENCH_KEEP:-}" ]; then
			[ "$e" = sqlite ] && rm -f "$db" "$db-wal" "$db-shm"
			rm -f "$tmp/secrets-$n.tsv"
		fi
		if [ "$e" = pg ]; then
			psql "$STEWARD_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS sab_${n}_$$ WITH (FORCE)"
		fi
	done
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo); $workers workers; $conns connections; ${secs} s per measurement; $ncust customers of one partner; $(date -u +%Y-%m-%d)"
echo
hw=$(wrk -t2 -c"$conns" -d"$secs"s --latency "http://127.0.0.1:$hport/")
hr=$(echo "$hw" | awk '/Requests\/sec/ { print $2 }')
hp50=$(echo "$hw" | awk '$1 == "50%" { print $2 }')
hp99=$(echo "$hw" | awk '$1 == "99%" { print $2 }')
hs=$($sim hello --url "http://127.0.0.1:$hport/" --seconds "$secs" --conns "$conns")
kill "$hpid" 2>/dev/null || true

for e in $engines; do
	if [ "$e" = pg ] && [ -z "${STEWARD_BENCH_PG_URL:-}" ]; then continue; fi
	engine "$e"
done

echo "| measurement                                  | per second |   p50 ms |  p99 ms | errors | client CPU |"
echo "|----------------------------------------------|----------:|--------:|--------:|------:|---:|"
printf '| %-44s | %9s | %7s | %7s | %6s | %s |\n' "Kore hello-world, GET (wrk -t2)" "$hr" "$hp50" "$hp99" 0 "-"
row "Kore hello-world, POST check-in body (agentsim)" "$hs"
for e in $engines; do
	for n in $devices; do
		[ -f "$tmp/rows-$e-$n" ] || continue
		echo "| **$e, $n devices** | | | | | |"
		cat "$tmp/rows-$e-$n"
		echo "| $(cat "$tmp/mem-$e-$n") | | | | | |"
	done
done
