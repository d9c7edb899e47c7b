#!/usr/bin/env bash
# Restore a dump made by ops/backup.sh into the database named by
# DATABASE_URL, which must be empty.
#
#   createdb --owner=ROLE NAME
#   DATABASE_URL=postgres://ROLE:PASSWORD@HOST:PORT/NAME ops/restore.sh FILE
#
# It refuses a database that already has tables, views or sequences in its
# public schema: a restore never overwrites or mixes with data. To replace a
# database, restore into a new one, check it, then point the application at
# it (or rename the databases).
#
# Exit status: 0 restored; 1 failed (nothing restored: it is one
# transaction); 2 refused (usage, unreadable FILE, database not empty, no
# pg_restore).
set -euo pipefail

PROG=restore.sh
# shellcheck source=ops/_database_url.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/_database_url.sh"

[[ $# -eq 1 ]] || die 2 "usage: DATABASE_URL=postgres://... $PROG FILE"
dump=$1
load_database_url
require pg_restore psql

[[ -f $dump && -r $dump ]] || die 2 "$dump: no such readable file"
# Read the archive's table of contents before touching the database: a
# truncated or foreign file is refused here rather than half-way through.
pg_restore --list "$dump" >/dev/null \
    || die 2 "$dump is not a pg_dump custom-format archive, or it is damaged"

psql_value() {
    psql --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 --dbname="$PG_URL" --command="$1"
}

relations_in_public="
    SELECT count(*) FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"

existing=$(psql_value "$relations_in_public") \
    || die 1 "cannot read $PG_URL (message above): nothing restored"
if [[ $existing != 0 ]]; then
    die 2 "refusing to restore into $PG_URL: it is not empty ($existing tables, views or sequences" \
        "in schema public). Restore into a new empty database (createdb) instead; nothing was changed."
fi

# --single-transaction with --exit-on-error: the first error rolls all of it
# back, so a failed restore leaves the database empty, ready for another
# try. It also closes the gap after the check above: a table created there
# meanwhile makes the restore fail rather than mix. --no-owner and
# --no-privileges: the objects belong to the role restoring them, whatever
# roles the dumped server had.
if ! pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$PG_URL" "$dump"; then
    die 1 "pg_restore into $PG_URL failed (its message is above): rolled back, the database is still empty"
fi

# A dump carries no planner statistics; without them the first queries on
# the restored database may choose poor plans until autovacuum comes by.
psql_value "ANALYZE" >/dev/null \
    || printf '%s: warning: ANALYZE failed; the data is restored, run ANALYZE by hand\n' "$PROG" >&2

tables=$(psql_value "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
printf '%s: restored into %s (%s tables)\n' "$dump" "$PG_URL" "$tables"
