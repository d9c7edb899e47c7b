"""Reads for the project pages and the dashboards; sums happen in the
database."""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from devzone import access
from devzone.history import change_history
from devzone.money import WAN_PER_YI

from .choices import SIGNED_OR_LATER, STARTED_OR_LATER, Stage, StageChangeStatus
from .models import InvestmentProject, ProgressReport, ProjectStageChange, ZoneMonthTotal
from .totals import next_month


@dataclass(frozen=True)
class TimelineStep:
    change: ProjectStageChange
    days: int  # days spent in this stage: until the next counted move, or today
    is_current: bool


def project_timeline(*, project, today=None):
    """The project's stage moves, oldest first, with the days spent in each
    stage; rejected moves are listed but spend no time."""
    today = today or timezone.localdate()
    changes = list(
        project.stage_changes.select_related("recorded_by", "confirmed_by").order_by("changed_on", "recorded_at")
    )
    counted = [c for c in changes if c.status != StageChangeStatus.REJECTED]
    next_date = {}
    for current, following in zip(counted, counted[1:]):
        next_date[current.pk] = following.changed_on
    steps = []
    for change in changes:
        if change.status == StageChangeStatus.REJECTED:
            steps.append(TimelineStep(change=change, days=0, is_current=False))
            continue
        end = next_date.get(change.pk, today)
        steps.append(TimelineStep(change=change, days=(end - change.changed_on).days, is_current=change.pk not in next_date))
    return steps


def project_progress(*, project):
    """Reports oldest first with running totals of investment completed and
    funds in place, computed by window functions."""
    order = ["period_end", "period_start", "pk"]
    return (
        ProgressReport.objects.filter(project=project)
        .select_related("reported_by")
        .annotate(
            cumulative_investment=Window(Sum("investment_completed"), order_by=order),
            cumulative_funds=Window(Sum("funds_in_place"), order_by=order),
        )
        .order_by(*order)
    )


def report_totals(*, reports):
    """The sums of a (filtered) set of reports, in one query."""
    return reports.order_by().aggregate(
        investment=Coalesce(Sum("investment_completed"), Decimal(0)),
        funds=Coalesce(Sum("funds_in_place"), Decimal(0)),
    )


def project_totals(*, project):
    return ProgressReport.objects.filter(project=project).aggregate(
        investment=Coalesce(Sum("investment_completed"), 0, output_field=ProgressReport._meta.get_field("investment_completed")),
        funds=Coalesce(Sum("funds_in_place"), 0, output_field=ProgressReport._meta.get_field("funds_in_place")),
    )


def project_history(*, project, limit=50):
    """Who changed what and when, newest first."""
    return change_history(project, limit=limit)


def pending_stage_changes(*, user):
    """Moves waiting for a manager's confirmation, in the zones the user sees."""
    return (
        ProjectStageChange.objects.visible_to(user)
        .pending()
        .select_related("project__zone", "recorded_by")
        .order_by("recorded_at")
    )


@dataclass(frozen=True)
class Workbench:
    zones: list
    projects: int
    signed: int
    pending_mine: int
    pending_to_confirm: int
    recent: list


def workbench(*, user, recent=8):
    """The home page's counts and latest projects in the user's zones."""
    zones = access.user_zones(user)
    projects = InvestmentProject.objects.visible_to(user)
    counts = projects.aggregate(
        total=Count("pk"),
        signed=Count("pk", filter=Q(confirmed_stage__in=SIGNED_OR_LATER)),
    )
    pending = ProjectStageChange.objects.visible_to(user).pending().aggregate(
        mine=Count("pk", filter=Q(recorded_by=user)),
        total=Count("pk"),
    )
    confirms = access.is_administrator(user) or access.is_manager(user)
    return Workbench(
        zones=zones,
        projects=counts["total"],
        signed=counts["signed"],
        pending_mine=pending["mine"],
        pending_to_confirm=pending["total"] if confirms else 0,
        recent=list(projects.select_related("zone").order_by("-updated_at", "-pk")[:recent]),
    )


# Dashboard figures -----------------------------------------------------------
#
# What the zone computes from its records, for a period [start, end]. Only
# confirmed stages count (甄别): a signing counts from its confirmed date
# (``signed_on`` is set on confirmation) and a withdrawn project counts in no
# project figure. Money counts every report: investment completed and funds
# that arrived stay real even if the project is later withdrawn.

HUNDRED_MILLION = WAN_PER_YI  # 亿元项目: 1 亿元, in 万元
BILLION = 10 * WAN_PER_YI  # 10 亿元, in 万元


def signed_between(start, end, prefix=""):
    return Q(
        **{
            f"{prefix}confirmed_stage__in": SIGNED_OR_LATER,
            f"{prefix}signed_on__gte": start,
            f"{prefix}signed_on__lte": end,
        }
    )


SIGNED_CODES = {
    "signed_projects",
    "planned_total_investment",
    "projects_over_100m",
    "projects_over_1b",
    "fortune500_projects",
    "four_new_projects",
    "commencement_rate",
}


def project_annotations(*, start, end):
    """Aggregates over the projects table for [start, end], keyed by metric
    code, for ``values("zone_id").annotate(...)``: one pass over each zone's
    projects. ``started_of_signed`` feeds the commencement rate (落地开工率)."""
    signed = signed_between(start, end)
    active = ~Q(confirmed_stage=Stage.WITHDRAWN)
    return {
        "signed_projects": Count("pk", filter=signed),
        "planned_total_investment": Sum("planned_investment", filter=signed),
        "projects_over_100m": Count("pk", filter=signed & Q(planned_investment__gte=HUNDRED_MILLION)),
        "projects_over_1b": Count("pk", filter=signed & Q(planned_investment__gte=BILLION)),
        "fortune500_projects": Count("pk", filter=signed & Q(is_fortune500=True)),
        "four_new_projects": Count("pk", filter=signed & Q(is_four_new=True)),
        "started_of_signed": Count("pk", filter=signed & Q(confirmed_stage__in=STARTED_OR_LATER, started_on__lte=end)),
        "key_projects": Count("pk", filter=active & Q(is_key=True)),
        "key_projects_investment": Sum("planned_investment", filter=active & Q(is_key=True)),
        "major_projects": Count("pk", filter=active & Q(is_major=True)),
        "major_projects_investment": Sum("planned_investment", filter=active & Q(is_major=True)),
    }


def pipeline_annotations(*, as_of, silent_weeks):
    """For one zone's dashboard, in the same pass over its projects: active
    projects by confirmed stage, those past their planned start, those
    without a recent report, and those with a stage change awaiting
    confirmation. The correlated EXISTS run once per project row, on
    indexed columns."""
    since = as_of - datetime.timedelta(weeks=silent_weeks)
    counts = {
        f"stage_{stage}": Count("pk", filter=Q(confirmed_stage=stage))
        for stage in (Stage.LEAD, Stage.NEGOTIATING, *SIGNED_OR_LATER)
    }
    counts["overdue_start"] = Count(
        "pk", filter=Q(planned_start_on__lt=as_of) & ~Q(confirmed_stage__in=[*STARTED_OR_LATER, Stage.WITHDRAWN])
    )
    recent = ProgressReport.objects.filter(project=OuterRef("pk"), period_end__gte=since, period_end__lte=as_of)
    counts["silent"] = Count("pk", filter=Q(confirmed_stage__in=SIGNED_OR_LATER) & ~Exists(recent))
    pending = ProjectStageChange.objects.filter(project=OuterRef("pk")).pending()
    counts["pending_changes"] = Count("pk", filter=Exists(pending))
    return counts


def month_window(start, end):
    """The whole months inside [start, end] as [first_full, after_full)."""
    first_full = start if start.day == 1 else next_month(start)
    after_full = next_month(end) if end == next_month(end) - datetime.timedelta(days=1) else end.replace(day=1)
    return first_full, after_full


def report_edges(start, end):
    """The days of [start, end] outside its whole months (partial months at
    either edge) as a filter on reports, or None when there are none."""
    first_full, after_full = month_window(start, end)
    if first_full >= after_full:
        return Q(period_end__gte=start, period_end__lte=end)
    if not (start < first_full or after_full <= end):
        return None
    return Q(period_end__gte=start, period_end__lt=first_full) | Q(period_end__gte=after_full, period_end__lte=end)


def report_edge_annotations(*, start, end):
    """Correlated sums of the edge days' reports, to annotate a Zone query
    (so that a zone's dashboard needs no query of its own for them)."""
    edges = report_edges(start, end)
    if edges is None:
        return {}
    reports = ProgressReport.objects.filter(edges, project__zone=OuterRef("pk")).order_by().values("project__zone")

    def total(field):
        summed = reports.annotate(total=Sum(field)).values("total")
        return Coalesce(Subquery(summed, output_field=DecimalField(max_digits=18, decimal_places=2)), Decimal(0))

    return {"edge_investment": total("investment_completed"), "edge_funds": total("funds_in_place")}


def month_sums(*, zone_ids, start, end, month_rows=None):
    """Per zone id, the whole months' totals inside [start, end]: from
    ``month_rows`` when the caller has them, else one grouped query."""
    first_full, after_full = month_window(start, end)
    totals = {}
    if first_full >= after_full:
        return totals
    if month_rows is None:
        month_rows = (
            ZoneMonthTotal.objects.filter(zone_id__in=zone_ids, month__gte=first_full, month__lt=after_full)
            .values("zone_id")
            .annotate(investment_completed=Sum("investment_completed"), funds_in_place=Sum("funds_in_place"))
            .order_by()
        )
    for row in month_rows:
        if "month" in row and not first_full <= row["month"] < after_full:
            continue
        entry = totals.setdefault(row["zone_id"], {"investment_completed": Decimal(0), "funds_in_place": Decimal(0)})
        entry["investment_completed"] += row["investment_completed"] or 0
        entry["funds_in_place"] += row["funds_in_place"] or 0
    return totals


def zone_month_rows(*, zone, year):
    """The zone's monthly totals of a year: the dashboard's series, its
    whole-month sums and how fresh they are, in one query."""
    return list(
        ZoneMonthTotal.objects.filter(zone=zone, month__year=year)
        .values("zone_id", "month", "investment_completed", "funds_in_place", "updated_at")
        .order_by("month")
    )


# Supervision (督办) -------------------------------------------------------------


def stalled_projects(*, user, today, stale_weeks):
    """Active (not withdrawn) projects of the user's zones that have stalled:
    the planned start date has passed without a confirmed start, or, once
    signed, no progress report ended in the last ``stale_weeks`` weeks (none
    at all counts too) — the same rules as the dashboards' alerts.

    Each row carries ``last_report_on`` (the latest period end, or None),
    ``start_overdue`` and ``report_stale``, computed in the one query."""
    since = today - datetime.timedelta(weeks=stale_weeks)
    start_overdue = Q(planned_start_on__lt=today) & ~Q(confirmed_stage__in=STARTED_OR_LATER)
    report_stale = Q(confirmed_stage__in=SIGNED_OR_LATER) & (Q(last_report_on__isnull=True) | Q(last_report_on__lt=since))
    def flag(condition):
        return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())

    return (
        InvestmentProject.objects.visible_to(user)
        .active()
        .annotate(last_report_on=Max("progress_reports__period_end", filter=Q(progress_reports__period_end__lte=today)))
        .annotate(start_overdue=flag(start_overdue), report_stale=flag(report_stale))
        .filter(Q(start_overdue=True) | Q(report_stale=True))
        .select_related("zone", "lead_official")
        .order_by(F("last_report_on").asc(nulls_first=True), "name", "pk")
    )
