#!/usr/bin/env bash
# Back up the devzone database named by DATABASE_URL into one file.
#
#   DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME ops/backup.sh [FILE]
#
# FILE defaults to backups/devzone-YYYYmmdd-HHMMSS.dump under the current
# directory; an existing file is never replaced. The file is pg_dump's custom
# format: compressed, restored with ops/restore.sh into an empty database.
# It prints the file and its size.
#
# Exit status: 0 written; 1 pg_dump failed (nothing written); 2 not started
# (usage, DATABASE_URL missing or not PostgreSQL, FILE exists, no pg_dump).
#
# pg_dump must be at least as new as the server (Debian's postgresql-client
# 15 dumps servers up to 15): it refuses a newer server, saying so.
set -euo pipefail

PROG=backup.sh
# shellcheck source=ops/_database_url.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/_database_url.sh"

[[ $# -le 1 ]] || die 2 "usage: DATABASE_URL=postgres://... $PROG [FILE]"
load_database_url
require pg_dump pg_restore

out=${1:-backups/devzone-$(date +%Y%m%d-%H%M%S).dump}
[[ ! -e $out ]] || die 2 "$out exists already: not overwriting a backup"
# The dump holds everything: users' e-mail addresses and password hashes
# too. Only the account that makes backups may read it.
umask 077
mkdir -p -- "$(dirname -- "$out")"

# pg_dump writes to a side file, renamed only once the dump has succeeded
# and reads back: a failed or interrupted run leaves no file that looks like
# a good backup (which a rotation keeping the newest files would keep).
partial="$out.partial"
trap 'rm -f -- "$partial"' EXIT
trap 'exit 1' HUP INT TERM  # so that the EXIT trap runs on these too

# --no-owner, --no-privileges: the dump restores into any role's database
# (a new server, a developer's machine) without the production roles.
if ! pg_dump --format=custom --no-owner --no-privileges --file="$partial" --dbname="$PG_URL"; then
    die 1 "pg_dump of $PG_URL failed (its message is above): no backup written"
fi
# Reading the archive's table of contents back catches a truncated file
# (a full disk) now rather than on the day it is needed.
if ! pg_restore --list "$partial" >/dev/null; then
    die 1 "the dump of $PG_URL does not read back: no backup written"
fi
mv -- "$partial" "$out"
trap - EXIT

size=$(stat -c %s -- "$out")
printf '%s: %s bytes (%s)\n' "$out" "$size" "$(numfmt --to=iec "$size")"
