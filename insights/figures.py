"""The figures engine: what a zone has achieved by its records for a period,
and how far each target is met.

Every figure devzone computes has its one definition here (or in the
aggregate it composes: the project annotations of projects.selectors and
the activity counts of meetings.selectors). The dashboard cards, the
ranking, the bulletins, the assessment, the meeting pages and the
drill-down lists all read them from here, so no two pages can disagree.
"""
import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings import selectors as meeting_selectors
from projects import selectors as project_selectors
from projects.models import InvestmentProject
from zones.choices import MetricKind
from zones.models import Zone

# The metrics devzone can compute from its records; the others (a share of
# the city's total, say) exist only as reported figures.
COMPUTED = {
    "signed_projects",
    "funds_in_place",
    "planned_total_investment",
    "investment_completed",
    "projects_over_100m",
    "projects_over_1b",
    "fortune500_projects",
    "four_new_projects",
    "promotion_activities",
    "investor_visits",
    "commencement_rate",
    "key_projects",
    "key_projects_investment",
    "major_projects",
    "major_projects_investment",
    "promotion_events",
}
REPORT_CODES = {"funds_in_place", "investment_completed"}
ACTIVITY_CODES = set(meeting_selectors.ACTIVITY_METRICS)

# A target whose actual is another metric's figure: the year's planned
# investment (年度计划投资) is met by the investment completed (完成投资).
ACTUAL_OF = {"annual_planned_investment": "investment_completed"}


def percent(part, whole):
    """part of whole in per cent, one decimal; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def commencement_rate(*, signed, started):
    """落地开工率: of the projects whose signing was confirmed in the period,
    the share started by its end. The one definition: the dashboard card,
    the funnel's closing line, the ranking, the bulletin and the assessment
    all read it through ``zone_figures``."""
    return Decimal(started) * 100 / signed if signed else None


def zone_figures(*, zone_ids, start, end, codes=None, project_extra=None, zone_extra=None, month_rows=None):
    """Every computed metric (or only ``codes``) per zone id for [start,
    end], in at most three queries whatever the number of zones and rows:
    one pass over the projects (grouped by zone), one over the zones whose
    correlated subqueries count activities and sum the reports of partial
    months, and one for the whole months' totals (none when the caller
    passes ``month_rows``). A zone without records has zeros; a rate
    without signed projects stays None.

    ``project_extra`` and ``zone_extra`` add annotations to those two
    queries (the dashboard's pipeline and alert counts); their values come
    back under the "extra" key of each zone."""
    zone_ids = list(zone_ids)
    wanted = set(codes or COMPUTED)
    project_extra, zone_extra = project_extra or {}, zone_extra or {}
    project_codes = wanted - REPORT_CODES - ACTIVITY_CODES
    projects = {}
    if project_codes or project_extra:
        rows = InvestmentProject.objects.filter(zone_id__in=zone_ids)
        if project_codes <= project_selectors.SIGNED_CODES and not project_extra:
            # Only signings are asked for (the ranking): read only the period's.
            rows = rows.filter(project_selectors.signed_between(start, end))
        annotations = {**project_selectors.project_annotations(start=start, end=end), **project_extra}
        projects = {row.pop("zone_id"): row for row in rows.values("zone_id").annotate(**annotations).order_by()}
    zone_annotations = dict(zone_extra)
    if wanted & ACTIVITY_CODES:
        zone_annotations.update(meeting_selectors.activity_annotations(start=start, end=end))
    if wanted & REPORT_CODES:
        zone_annotations.update(project_selectors.report_edge_annotations(start=start, end=end))
    zones = {}
    if zone_annotations:
        zones = {row.pop("pk"): row for row in Zone.objects.filter(pk__in=zone_ids).values("pk", **zone_annotations)}
    months = {}
    if wanted & REPORT_CODES:
        months = project_selectors.month_sums(zone_ids=zone_ids, start=start, end=end, month_rows=month_rows)
    result = {}
    for zone_id in zone_ids:
        row = {**projects.get(zone_id, {}), **zones.get(zone_id, {})}
        figures = {code: Decimal(row.get(code) or 0) for code in wanted if code in COMPUTED and code not in REPORT_CODES}
        if wanted & REPORT_CODES:
            whole = months.get(zone_id, {})
            figures["investment_completed"] = whole.get("investment_completed", Decimal(0)) + (row.get("edge_investment") or 0)
            figures["funds_in_place"] = whole.get("funds_in_place", Decimal(0)) + (row.get("edge_funds") or 0)
        if "commencement_rate" in wanted:
            figures["commencement_rate"] = commencement_rate(
                signed=row.get("signed_projects") or 0, started=row.get("started_of_signed") or 0
            )
        figures["extra"] = {key: row.get(key) or 0 for key in (*project_extra, *zone_extra)}
        result[zone_id] = figures
    return result


# Periods and progress ----------------------------------------------------------


def period_bounds(*, year, quarter=None, month=None):
    if month:
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    if quarter:
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return datetime.date(year, first, 1), datetime.date(year, last, calendar.monthrange(year, last)[1])
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def elapsed_percent(*, start, end, as_of):
    """序时进度: the share of the period's days passed at the end of
    ``as_of`` (a leap year has 366)."""
    total = (end - start).days + 1
    passed = min(max((as_of - start).days + 1, 0), total)
    return (Decimal(passed) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def same_day_last_year(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


LIGHT_LABELS = {
    "green": _("on or ahead of schedule"),
    "yellow": _("slightly behind schedule"),
    "red": _("behind schedule"),
}


def status_light(*, completion, elapsed, is_rate=False):
    """Green on or ahead of 序时进度, yellow up to the threshold behind, red
    further behind. A rate target (a percentage) is judged against 100% of
    itself rather than against the time passed."""
    if completion is None:
        return None
    benchmark = Decimal(100) if is_rate else elapsed
    gap = completion - benchmark
    if gap >= 0:
        return "green"
    if gap >= -Decimal(settings.DASHBOARD_YELLOW_POINTS):
        return "yellow"
    return "red"


@dataclass(frozen=True)
class TargetProgress:
    target: object
    actual: Decimal | None
    completion: Decimal | None
    elapsed: Decimal
    light: str | None
    start: datetime.date
    end: datetime.date
    # A rate target (开工率 ≥ 70%) is met by reaching the rate, whatever the
    # date: its light compares the completion with 100%, not with 序时进度.
    is_rate: bool = False

    @property
    def benchmark(self):
        """What the completion is judged against: 100% for a rate, the time
        elapsed otherwise."""
        return Decimal(100) if self.is_rate else self.elapsed

    @property
    def light_label(self):
        return LIGHT_LABELS.get(self.light, "")

    @property
    def computed(self):
        return self.actual is not None


def target_progress(*, targets, as_of, known=None):
    """Each target with what the records give at ``as_of``, the completion
    rate, 序时进度 and the status light. Targets are grouped by period so
    that each distinct period costs two or three queries, not each target;
    ``known`` maps a period (start, end) to figures the caller has already
    computed for it."""
    targets = list(targets)
    known = known or {}
    by_period = {}
    for target in targets:
        start, end = period_bounds(year=target.year, quarter=target.quarter, month=target.month)
        by_period.setdefault((start, end), set()).add(target.zone_id)
    # Before a period starts nothing counts yet: the window is then empty.
    figures = {
        period: known.get(period) or zone_figures(zone_ids=zones, start=period[0], end=min(period[1], as_of))
        for period, zones in by_period.items()
    }
    result = []
    for target in targets:
        start, end = period_bounds(year=target.year, quarter=target.quarter, month=target.month)
        code = ACTUAL_OF.get(target.metric.code, target.metric.code)
        actual = figures[(start, end)][target.zone_id].get(code) if code in COMPUTED else None
        completion = None
        if actual is not None and target.value:
            completion = (actual * 100 / target.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        elapsed = elapsed_percent(start=start, end=end, as_of=as_of)
        is_rate = target.metric.kind == MetricKind.PERCENT
        result.append(
            TargetProgress(
                target=target,
                actual=actual,
                completion=completion,
                elapsed=elapsed,
                light=status_light(completion=completion, elapsed=elapsed, is_rate=is_rate),
                start=start,
                end=end,
                is_rate=is_rate,
            )
        )
    return result
