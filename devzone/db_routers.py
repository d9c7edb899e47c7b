"""Dashboards read from a PostgreSQL replica when one is configured.

With ``DATABASE_REPLICA_URL`` set, the views that only aggregate (the zone
dashboard, the all-zones ranking and their exports) run their reads inside
``replica_reads()`` and this router sends those reads to the "replica"
connection. Everything else, and every write, stays on the primary: a staff
member who has just saved a project must see it on the next page, which a
replica a moment behind could not promise.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_replica = ContextVar("devzone_reading_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Send the reads made inside the block to the replica, if there is one."""
    token = _reading_replica.set(replica_configured())
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_replica.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from both are the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A physical replica follows its primary's schema on its own.
        return db != REPLICA
