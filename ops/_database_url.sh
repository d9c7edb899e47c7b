# shellcheck shell=bash
# Sourced by ops/backup.sh and ops/restore.sh (not run on its own): reads
# the database from DATABASE_URL, the same variable the application reads.
#
# libpq understands postgres:// URLs itself, so the URL goes to pg_dump,
# pg_restore and psql as their --dbname, but without its password: a command
# line can be read by every user of the host (ps), a process's environment
# only by its owner. The password goes to PGPASSWORD instead; DATABASE_URL,
# which holds it, is in the environment already.

die() {
    local status=$1
    shift
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit "$status"
}

require() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null \
            || die 2 "$tool not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client)"
    done
}

# Sets PG_URL (DATABASE_URL without its password: safe to pass and to print)
# and PGPASSWORD (when the URL has a password).
load_database_url() {
    local url=${DATABASE_URL:-}
    [[ -n $url ]] || die 2 "DATABASE_URL is not set (postgres://USER[:PASSWORD]@HOST[:PORT]/NAME)"
    case $url in
        postgres://* | postgresql://*) ;;
        *) die 2 "DATABASE_URL is not a PostgreSQL URL (it starts ${url%%:*}:, not postgres://)" ;;
    esac
    local scheme=${url%%://*}
    local rest=${url#*://}
    local authority=${rest%%/*}
    local path=${rest:${#authority}}
    if [[ $authority == *@* ]]; then
        # The last "@" ends the user information, as in Python's urlsplit
        # (which dj-database-url uses): an unencoded "@" in a password
        # means the same to both.
        local userinfo=${authority%@*}
        local hostport=${authority##*@}
        if [[ $userinfo == *:* ]]; then
            # Percent-decoded like dj-database-url does: %40 is "@".
            # Backslashes are doubled first so that printf %b decodes only
            # the \xHH it is given.
            local encoded=${userinfo#*:}
            encoded=${encoded//\\/\\\\}
            printf -v PGPASSWORD '%b' "${encoded//%/\\x}"
            export PGPASSWORD
            userinfo=${userinfo%%:*}
        fi
        authority="$userinfo@$hostport"
    fi
    # shellcheck disable=SC2034  # read by the script that sources this file
    PG_URL="$scheme://$authority$path"
    # A host that drops packets would otherwise hold a cron job for the
    # kernel's TCP timeout (minutes) before it reports anything.
    export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
    # Shown in pg_stat_activity, so that whoever looks at the server sees
    # what this connection is.
    export PGAPPNAME=${PGAPPNAME:-devzone-$PROG}
}
