#!/usr/bin/env bash
# The whole production stack on one machine, in the foreground: gunicorn
# (workers sized to the CPUs, see gunicorn.conf.py), a Celery worker and
# Celery beat, against the PostgreSQL and Redis named in the environment.
# `make prod` runs this after installing; stop it with Ctrl-C (or SIGTERM
# from systemd), which stops all three. If any one of them dies the others
# are stopped too, so that a process manager restarting this script never
# leaves a web server running without its worker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

fail() { echo "make prod: $*" >&2; exit 2; }
[ -n "${DJANGO_SECRET_KEY:-}" ] || fail "set DJANGO_SECRET_KEY (e.g. \$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'))"
[ -n "${DJANGO_ALLOWED_HOSTS:-}" ] || fail "set DJANGO_ALLOWED_HOSTS to the host names the site answers to (e.g. devzone.example.gov.cn)"
case "${DATABASE_URL:-}" in postgres://*|postgresql://*) ;; *) fail "set DATABASE_URL to the PostgreSQL database (postgres://user:password@host:5432/devzone)";; esac
case "${CELERY_BROKER_URL:-}" in redis://*|rediss://*) ;; *) fail "set CELERY_BROKER_URL to the Redis broker (redis://host:6379/0)";; esac
export DJANGO_DEBUG=0

# Refuse to start on a configuration that Django's deployment check faults,
# unless HTTPS is off on purpose (a trial over plain HTTP on one's own
# machine), where the check's HTTPS warnings are expected and only printed.
if [ "${DJANGO_HTTPS:-1}" = "0" ]; then
  echo "make prod: DJANGO_HTTPS=0: serving plain HTTP, for a trial only" >&2
  $BIN/python manage.py check --deploy || true
else
  $BIN/python manage.py check --deploy --fail-level WARNING
fi
$BIN/python manage.py migrate --no-input
$BIN/python manage.py collectstatic --no-input --verbosity 0

pids=()
# SIGTERM to each: the Celery worker finishes its running tasks (a warm
# shutdown), gunicorn its requests; then wait for them all.
# shellcheck disable=SC2317  # called by the traps below
stop() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null
  wait
}
# A signal stops the stack and exits at once, even if it arrives before all
# three have started (the script must not go on starting the rest).
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

$BIN/celery -A devzone worker --loglevel=INFO --concurrency="${CELERY_WORKER_CONCURRENCY:-2}" &
pids+=($!)
# Exactly one beat in a whole installation sends the schedules: on the
# other hosts of a multi-host setup, DEVZONE_RUN_BEAT=0.
if [ "${DEVZONE_RUN_BEAT:-1}" != "0" ]; then
  $BIN/celery -A devzone beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler &
  pids+=($!)
fi
$BIN/gunicorn devzone.wsgi:application --config gunicorn.conf.py &
pids+=($!)
echo "make prod: running (pids ${pids[*]}): Celery worker$([ "${DEVZONE_RUN_BEAT:-1}" != "0" ] && echo ", beat"), gunicorn on ${GUNICORN_BIND:-127.0.0.1:8000}" >&2

# Whichever stops first, stop the rest and pass its status on.
set +e
wait -n
status=$?
exit "$status"
