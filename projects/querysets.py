import datetime
import re

from django.db import models
from django.db.models import Exists, OuterRef, Q

from devzone.querysets import ZoneScopedQuerySet

from .choices import SIGNED_OR_LATER, STARTED_OR_LATER, Stage, StageChangeStatus


# Three letters or digits in a row: the least pg_trgm can look up.
TRIGRAM = re.compile(r"[^\W_]{3}")

# Matching related rows are passed to the main statement as a list of ids
# up to this many; more, and as a subquery (see ``ids_or_subquery``).
ID_LIST_LIMIT = 5000


def text_lookup(term):
    """The lookup that finds ``term`` inside a text column: always the rows
    ``icontains`` finds, in the shape that is fastest to find them.

    PostgreSQL writes ``icontains`` as ``UPPER(col) LIKE UPPER('%term%')``,
    the expression the trigram indexes on ``UPPER(...)`` serve (migrations
    0003 and 0004). A term without a trigram (智能: two characters) cannot use
    them and is answered by a scan; if it also has no letter case (Chinese,
    digits) a plain LIKE finds the same rows without upper-casing every name,
    in about half the time.
    """
    if term.upper() == term.lower() and not TRIGRAM.search(term):
        return "contains"
    return "icontains"


def ids_or_subquery(queryset, limit=None):
    """The primary keys of ``queryset``: a list of them when there are at
    most ``limit``, else the subquery itself.

    Searches OR a column of their own table with "the related row matches".
    Written as ``fk IN (SELECT ...)``, that arm is a hashed subplan that no
    index can serve, so PostgreSQL scans every row and tests the whole OR.
    Written as ``fk IN (1, 2, ...)``, both arms are index conditions (a
    BitmapOr of the trigram index and the foreign key's index), and the
    planner knows how many rows to expect. One more query, whatever the size
    of the data; beyond ``limit`` ids the list would cost more to plan than
    the scan it saves.
    """
    limit = ID_LIST_LIMIT if limit is None else limit
    ids = list(queryset.order_by().values_list("pk", flat=True)[: limit + 1])
    return ids if len(ids) <= limit else queryset.values("pk")


class EnterpriseQuerySet(models.QuerySet):
    def leading(self):
        return self.filter(is_leading=True)


class ProjectQuerySet(ZoneScopedQuerySet):
    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)

    def signed(self):
        """Projects whose signing a manager has confirmed (or that went further)."""
        return self.filter(confirmed_stage__in=SIGNED_OR_LATER)

    def started(self):
        return self.filter(confirmed_stage__in=[Stage.STARTED, Stage.PRODUCTION])

    def overdue_start(self, as_of):
        """Past their planned start and not started (active projects only)."""
        return self.filter(planned_start_on__lt=as_of).exclude(
            confirmed_stage__in=STARTED_OR_LATER + [Stage.WITHDRAWN]
        )

    def silent(self, as_of, weeks):
        """Signed or later and active, with no report ending in the
        ``weeks`` weeks up to ``as_of`` (a later report did not exist yet)."""
        from .models import ProgressReport  # the models module imports this one

        since = as_of - datetime.timedelta(weeks=weeks)
        recent = ProgressReport.objects.filter(project=OuterRef("pk"), period_end__gte=since, period_end__lte=as_of)
        return self.signed().filter(~Exists(recent))

    def search(self, term):
        """Projects whose name, or whose investor's name, contains ``term``
        (the project list's free search); one query to find the investors."""
        lookup = text_lookup(term)
        Enterprise = self.model._meta.get_field("investor").related_model
        investors = ids_or_subquery(Enterprise._default_manager.filter(**{f"name__{lookup}": term}))
        return self.filter(Q(**{f"name__{lookup}": term}) | Q(investor__in=investors))

    def for_list(self):
        """What the project list and its exports show, in a fixed number of queries."""
        return self.select_related("zone", "investor", "industry", "lead_official")


class StageChangeQuerySet(ZoneScopedQuerySet):
    zone_path = "project__zone"

    def pending(self):
        return self.filter(status=StageChangeStatus.PENDING)

    def confirmed(self):
        return self.filter(status=StageChangeStatus.CONFIRMED)


class ProgressReportQuerySet(ZoneScopedQuerySet):
    zone_path = "project__zone"
