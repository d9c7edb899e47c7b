import datetime
import re

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Exists, F, Lookup, OuterRef, Q

from zones.querysets import ZoneScopedQuerySet

from .choices import SIGNED_OR_LATER, STARTED_OR_LATER, Stage, StageChangeStatus


# Three letters or digits in a row: the least pg_trgm can look up.
TRIGRAM = re.compile(r"[^\W_]{3}")

# Matching related rows are passed to the main statement as a list of ids
# up to this many; more, and as a subquery (see ``related_match``).
ID_LIST_LIMIT = 2500


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


class IdIn(Lookup):
    """``lhs IN (1, 2, ...)`` for a list of ids, which PostgreSQL gets as one
    array parameter (``lhs = ANY('{1,2,...}'::bigint[])``, the same condition
    to its planner) rather than as one parameter per id: for 1,900 ids,
    psycopg quoted the list in 1.5 ms instead of 11.5 ms per statement, and
    Django compiled it in no time instead of 6 ms."""

    lookup_name = "id_in"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", (*params, list(self.rhs))


def related_match(field, queryset, term, look_up_ids=True):
    """The condition "``field`` (a foreign key) points to a row of
    ``queryset``", the related rows matching ``term``.

    Searches OR a column of their own table with such a condition. Written
    as ``fk IN (SELECT ...)``, it is a hashed subplan that no index can
    serve, so PostgreSQL scans every row and tests the whole OR. With the
    matching ids looked up first and written as a list, both arms of the OR
    are index conditions (a BitmapOr of the trigram index and the foreign
    key's index), and the planner knows how many rows to expect. That costs
    one more query, whatever the size of the data, so it is made only when it
    pays (``manage.py bench``, 100,000 projects): when the term has a
    trigram (without one the name is scanned anyway, and the subquery was as
    fast or faster) and the matches are at most ``ID_LIST_LIMIT``. Count and
    first page of the project list, median ms, subquery against list:
    新能源 (1,900 investors) 87 / 47, 新材料 (1,900) 176 / 75, 股份有限公司
    (7,400) 100 / 165, 集团有限公司 (12,400) 185 / 232.
    """
    subquery = Q(**{f"{field}__in": queryset.values("pk")})
    if not look_up_ids or not TRIGRAM.search(term):
        return subquery
    ids = list(queryset.order_by().values_list("pk", flat=True)[: ID_LIST_LIMIT + 1])
    return Q(IdIn(F(field), ids)) if len(ids) <= ID_LIST_LIMIT else subquery


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
        (the project list's free search)."""
        lookup = text_lookup(term)
        Enterprise = self.model._meta.get_field("investor").related_model
        investors = Enterprise._default_manager.filter(**{f"name__{lookup}": term})
        return self.filter(Q(**{f"name__{lookup}": term}) | related_match("investor", investors, term))

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
