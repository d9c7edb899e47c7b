"""What /healthz reports: can this web process reach what it needs?

Each check answers "ok", "eager" (no broker configured: tasks run in the web
process, as in development) or "error"; the reason for an error goes to the
log, not to whoever asked, since the health check needs no login.
"""
import logging

from django.conf import settings
from django.db import connections
from kombu import Connection

log = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def database_state(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("health check: database %r unreachable", alias)
        return "error"
    return "ok"


def broker_state():
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
            # One attempt: a health check that retries hides the outage it
            # is there to report.
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        log.exception("health check: broker unreachable")
        return "error"
    return "ok"


def report():
    """The state of every dependency, and whether all of them are usable."""
    checks = {"database": database_state()}
    if "replica" in settings.DATABASES:
        checks["replica"] = database_state("replica")
    checks["broker"] = broker_state()
    healthy = all(state in ("ok", "eager") for state in checks.values())
    return healthy, checks
