#!/bin/sh
# oms-load-pg.sh - a PostgreSQL database for bench/customers.mjs (BENCH_DB)
# holding the OMS records of a SQLite one already loaded with
# `stewardctl oms import`, without importing them again (PostgreSQL writes
# some 1,500 records a second through `oms import` here: 1,000,000 take
# over ten minutes). The records are copied as they are (ids, texts,
# search text, eligibility); each record's grams are computed in SQL as the
# store computes them (grams_pg_array(): every character and every pair of
# characters of each field of the search text); the two GIN indexes are
# built after the copy, then VACUUM (ANALYZE), the state autovacuum reaches
# shortly after a bulk load.
#
#   sh bench/oms-load-pg.sh SQLITE_DB PG_URL
#
# PG_URL names a database that does not exist yet in a cluster the current
# user may create databases in (postgresql:///NAME?host=...). It is created
# with the demo (`stewardctl init` and `demo`); the records go to the demo
# partner Northwind IT Services, from the SQLite database's Northwind,
# leaving out the records the demo has already.
set -eu
src=$1
url=$2
here=$(cd "$(dirname "$0")/.." && pwd)
ctl=$here/bin/stewardctl
name=$(printf '%s' "$url" | sed -e 's|^[a-z]*://[^/]*/||' -e 's|?.*||')
admin=$(printf '%s' "$url" | sed -e "s|/$name|/postgres|")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

psql "$admin" -qc "CREATE DATABASE $name"
"$ctl" init --db "$url"
"$ctl" demo --db "$url" >/dev/null
from=$(sqlite3 "$src" "SELECT id FROM accounts WHERE name = 'Northwind IT Services'")
to=$(psql "$url" -Atc "SELECT id FROM accounts WHERE name = 'Northwind IT Services'")
sqlite3 -csv "$src" "SELECT id, type, email, email_norm, first_name, last_name,
    company, industry, website, phone, street, postal_code, city, country,
    created_at, updated_at, search_text, eligible FROM oms_records
    WHERE partner_id = '$from'" > "$tmp/oms.csv"
psql "$url" -q -v ON_ERROR_STOP=1 -v to="$to" <<EOF
CREATE TEMP TABLE st (id text, type text, email text, email_norm text,
    first_name text, last_name text, company text, industry text,
    website text, phone text, street text, postal_code text, city text,
    country text, created_at bigint, updated_at bigint, search_text text,
    eligible int);
\\copy st FROM '$tmp/oms.csv' WITH (FORMAT csv)
CREATE FUNCTION pg_temp.grams(t text) RETURNS text[] AS \$\$
SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}') FROM (
    SELECT substr(f, i, 1) AS g FROM unnest(string_to_array(t, E'\\n')) f,
	generate_series(1, length(f)) i
    UNION ALL
    SELECT substr(f, i, 2) FROM unnest(string_to_array(t, E'\\n')) f,
	generate_series(1, length(f) - 1) i) x
\$\$ LANGUAGE sql IMMUTABLE;
SET maintenance_work_mem = '512MB';
DROP INDEX oms_records_grams;
DROP INDEX oms_records_search;
INSERT INTO oms_records (id, partner_id, type, email, email_norm,
    first_name, last_name, company, industry, website, phone, street,
    postal_code, city, country, created_at, updated_at, search_text,
    eligible, grams)
SELECT id, :'to', type, email, email_norm, first_name, last_name, company,
    industry, website, phone, street, postal_code, city, country,
    created_at, updated_at, search_text, eligible, pg_temp.grams(search_text)
FROM st WHERE NOT EXISTS
    (SELECT 1 FROM oms_records o WHERE o.email_norm = st.email_norm);
CREATE INDEX oms_records_search ON oms_records
    USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX oms_records_grams ON oms_records USING gin (grams)
    WITH (fastupdate = off);
EOF
psql "$url" -qc "VACUUM (ANALYZE) oms_records"
