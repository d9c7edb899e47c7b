"""What the dashboards show, assembled from the apps' selectors.

This module sits above every app (it reads zones, projects, activities and
directives) and no app imports it. Aggregation happens in the database:
nothing here loops over projects to add money up.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from meetings.models import Directive
from projects import selectors as project_selectors
from projects.choices import SIGNED_OR_LATER, STAGE_ORDER, Stage
from projects.models import InvestmentProject, ProgressReport
from zones.models import Metric, ReportedFigure, Target, Zone

from ..figures import elapsed_percent, percent, same_day_last_year, target_progress, zone_figures

ZERO = Decimal(0)
GAP_FIELD = DecimalField(max_digits=18, decimal_places=2)
PIPELINE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION]


@dataclass
class Comparison:
    """A computed figure beside the zone's officially reported one."""

    metric: Metric
    computed: Decimal | None
    reported: ReportedFigure | None

    @property
    def difference(self):
        if self.computed is None or self.reported is None:
            return None
        return self.computed - self.reported.value


@dataclass
class ZoneDashboard:
    zone: Zone
    year: int
    as_of: datetime.date
    start: datetime.date
    end: datetime.date
    elapsed: Decimal
    cards: list
    figures: dict
    comparisons: list
    pending_changes: int
    months: list = field(default_factory=list)
    industries: list = field(default_factory=list)
    funnel: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    alerts: dict = field(default_factory=dict)
    freshness: datetime.datetime | None = None


def zone_dashboard(*, zone, year, as_of):
    """Everything on one zone's dashboard, in a number of queries fixed
    whatever the data: the figures, pipeline and alerts come from one query
    over the zone, the monthly totals from one, the targets, reported
    figures, industries and gaps from one each (a quarterly or monthly
    target adds its period's figures)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    window_end = min(end, as_of)
    month_rows = project_selectors.zone_month_rows(zone=zone, year=year)
    figures = zone_figures(
        zone_ids=[zone.pk],
        start=start,
        end=window_end,
        project_extra=project_selectors.pipeline_annotations(as_of=as_of, silent_weeks=settings.DASHBOARD_SILENT_WEEKS),
        zone_extra={"overdue_directives": overdue_directives_count(as_of=as_of)},
        month_rows=month_rows,
    )
    counts = figures[zone.pk].pop("extra")
    targets = list(
        Target.objects.filter(zone=zone, year=year).select_related("metric").order_by("metric__sort_order", "quarter", "month")
    )
    cards = target_progress(targets=targets, as_of=as_of, known={(start, end): figures})
    funnel = pipeline_funnel(counts)
    return ZoneDashboard(
        zone=zone,
        year=year,
        as_of=as_of,
        start=start,
        end=end,
        elapsed=elapsed_percent(start=start, end=end, as_of=as_of),
        cards=cards,
        figures=figures[zone.pk],
        comparisons=reported_comparisons(zone=zone, year=year, figures=figures[zone.pk]),
        pending_changes=counts["pending_changes"],
        months=monthly_series(month_rows=month_rows, targets=targets, year=year, as_of=as_of),
        industries=investment_by_industry(zone=zone, start=start, end=window_end),
        funnel=funnel,
        gaps=largest_gaps(zone=zone),
        alerts={
            "overdue_start": counts["overdue_start"],
            "silent": counts["silent"],
            "silent_weeks": settings.DASHBOARD_SILENT_WEEKS,
            "overdue_directives": counts["overdue_directives"],
            "behind_targets": [card for card in cards if card.light == "red"],
        },
        freshness=max((row["updated_at"] for row in month_rows), default=None),
    )


def overdue_directives_count(*, as_of):
    """A correlated count of the zone's directives past due at ``as_of``."""
    overdue = (
        Directive.objects.filter(meeting__zone=OuterRef("pk"))
        .overdue(as_of)
        .order_by()
        .values("meeting__zone")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), 0)


def reported_comparisons(*, zone, year, figures):
    reported = ReportedFigure.objects.filter(zone=zone, year=year).whole_year().select_related("metric")
    return [
        Comparison(metric=figure.metric, computed=figures.get(figure.metric.code), reported=figure)
        for figure in reported.order_by("metric__sort_order")
    ]


def monthly_series(*, month_rows, targets, year, as_of):
    """Month by month up to ``as_of``: investment completed and funds in place
    (from the monthly totals), their running sums, and the year's planned
    investment spread evenly over the months when there is a target for it."""
    last_month = 12 if as_of.year > year else (as_of.month if as_of.year == year else 0)
    rows = {row["month"].month: row for row in month_rows}
    plan = next(
        (
            t.value
            for t in targets
            if t.metric.code == "annual_planned_investment" and t.quarter is None and t.month is None
        ),
        None,
    )
    series, invested, funds = [], ZERO, ZERO
    for month in range(1, last_month + 1):
        row = rows.get(month, {})
        invested += row.get("investment_completed", ZERO)
        funds += row.get("funds_in_place", ZERO)
        series.append(
            {
                "month": month,
                "investment": row.get("investment_completed", ZERO),
                "funds": row.get("funds_in_place", ZERO),
                "cumulative_investment": invested,
                "cumulative_funds": funds,
                "cumulative_plan": (plan * month / 12).quantize(Decimal("0.01")) if plan is not None else None,
            }
        )
    return series


def investment_by_industry(*, zone, start, end):
    """Planned total investment of the projects whose signing was confirmed
    in the period, by industry (no industry recorded is its own row)."""
    rows = (
        InvestmentProject.objects.filter(project_selectors.signed_between(start, end), zone=zone)
        .values("industry_id", "industry__name")
        .annotate(projects=Count("pk"), investment=Coalesce(Sum("planned_investment"), ZERO))
        .order_by("-investment", "industry__name")
    )
    return list(rows)


def pipeline_funnel(counts):
    """How many active projects reached each stage (by confirmed stage,
    from the ``stage_*`` counts of the zone query) and the conversion from
    one stage to the next; 落地开工率 is started over signed."""
    funnel, previous = [], None
    for stage in PIPELINE:
        reached = sum(counts[f"stage_{s}"] for s in PIPELINE if STAGE_ORDER[s] >= STAGE_ORDER[stage])
        funnel.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "reached": reached,
                "conversion": percent(reached, previous) if previous is not None else None,
            }
        )
        previous = reached
    return funnel


def largest_gaps(*, zone, limit=10):
    """Signed projects with the most planned investment not yet completed."""
    completed = (
        ProgressReport.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("investment_completed"))
        .values("total")
    )
    return list(
        InvestmentProject.objects.filter(zone=zone, confirmed_stage__in=SIGNED_OR_LATER, planned_investment__isnull=False)
        .annotate(completed=Coalesce(Subquery(completed), ZERO))
        .annotate(gap=ExpressionWrapper(F("planned_investment") - F("completed"), output_field=GAP_FIELD))
        .order_by("-gap", "pk")
        .values("pk", "name", "planned_investment", "completed", "gap")[:limit]
    )


# All zones ---------------------------------------------------------------------


@dataclass
class RankingRow:
    zone: Zone
    actual: Decimal | None
    target: Decimal | None
    completion: Decimal | None
    last_year: Decimal | None
    growth: Decimal | None
    rank: int | None = None


def ranking(*, zones, metric, year, as_of):
    """Every zone's figure for the metric from 1 January to ``as_of`` (or the
    year's end), its whole-year target, completion, growth over the same
    days of last year, and its rank by the figure (ties share a rank)."""
    zones = list(zones)
    ids = [zone.pk for zone in zones]
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), as_of)
    codes = [metric.code]
    now = zone_figures(zone_ids=ids, start=start, end=end, codes=codes)
    before = zone_figures(
        zone_ids=ids, start=datetime.date(year - 1, 1, 1), end=same_day_last_year(end), codes=codes
    )
    targets = dict(
        Target.objects.filter(zone_id__in=ids, year=year, metric=metric).whole_year().values_list("zone_id", "value")
    )
    rows = []
    for zone in zones:
        actual = now[zone.pk].get(metric.code)
        last = before[zone.pk].get(metric.code)
        target = targets.get(zone.pk)
        rows.append(
            RankingRow(
                zone=zone,
                actual=actual,
                target=target,
                completion=percent(actual, target) if actual is not None and target else None,
                last_year=last,
                growth=(percent(actual - last, last) if actual is not None and last else None),
            )
        )
    ranked = sorted((row for row in rows if row.actual is not None), key=lambda row: row.actual, reverse=True)
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.actual != previous:
            rank, previous = position, row.actual
        row.rank = rank
    return rows
