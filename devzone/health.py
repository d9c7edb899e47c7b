"""What /healthz reports: can this web process reach what it needs?

Each check answers "ok", "eager" (no broker configured: tasks run in the web
process, as in development) or "error"; the reason for an error goes to the
log, not to whoever asked, since the health check needs no login.

The overall status is "error" (HTTP 503) only when the primary database is
unreachable: then no page can be served, and a load balancer should take
the host out. A broker or replica outage makes it "degraded" (HTTP 200):
every page still works (only background tasks wait, or dashboards fail), and
taking every web host out for it would turn a partial outage into a whole
one. Monitoring alerts on "degraded" from the body.
"""
import logging

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

OK, DEGRADED, ERROR = "ok", "degraded", "error"
BROKER_TIMEOUT_SECONDS = 2


def database_state(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        # One line per failed probe: probes come every few seconds.
        log.warning("health check: database %r unreachable: %s", alias, error)
        return ERROR
    return OK


def broker_state():
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from devzone.celery import app

    try:
        # Celery's own connection settings (TLS for rediss:// included).
        with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.transport_options.setdefault("socket_connect_timeout", BROKER_TIMEOUT_SECONDS)
            # No retry: a health check that retries holds a web worker for
            # seconds while hiding the outage it is there to report.
            connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:
        log.warning("health check: broker unreachable: %s", error)
        return ERROR
    return OK


def report():
    """The overall status and the state of every dependency."""
    checks = {"database": database_state()}
    if "replica" in settings.DATABASES:
        checks["replica"] = database_state("replica")
    checks["broker"] = broker_state()
    if checks["database"] == ERROR:
        status = ERROR
    elif ERROR in checks.values():
        status = DEGRADED
    else:
        status = OK
    return status, checks
