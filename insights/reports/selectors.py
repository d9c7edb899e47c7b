"""What the dispatch sheets, bulletins and assessments contain, read from
the apps through the figures engine (insights.figures) and the dashboards'
selectors, and what the report pages list.

Every figure comes from the same definitions as the dashboards (``ranking``,
``zone_figures`` through it, ``elapsed_percent``, ``status_light``) so a
bulletin never disagrees with the all-zones ranking of the same day. The
results are plain dicts of strings and numbers, ready to be stored as JSON:
decimals travel as strings so that nothing is rounded through a float.
"""
import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from devzone import roles
from meetings.models import Directive
from projects.models import InvestmentProject, ProgressReport
from zones.choices import MetricKind
from zones.models import Membership, Metric, Target, Zone

from .. import figures
from ..dashboards import selectors as dashboard_selectors
from ..models import AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, TaskRun

TENTH = Decimal("0.1")
CENT = Decimal("0.01")

# The metrics a bulletin reports, in this order (all computed from the
# records; a rate such as the commencement rate is not summed across zones).
BULLETIN_METRICS = [
    "signed_projects",
    "planned_total_investment",
    "projects_over_100m",
    "funds_in_place",
    "investment_completed",
    "promotion_activities",
]


def _str(value):
    return None if value is None else str(value)


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


def previous_month(day):
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


# Which zones take part ---------------------------------------------------------


def participating_zones(*, year):
    """The zones a bulletin or an assessment ranks: those with a target for
    the year or with projects recorded. A zone imported from the national
    catalogue that nobody works on stays out of the city's ranking."""
    has_target = Target.objects.filter(zone=OuterRef("pk"), year=year)
    has_project = InvestmentProject.objects.filter(zone=OuterRef("pk"))
    return Zone.objects.filter(Exists(has_target) | Exists(has_project)).order_by("name")


def dispatch_zones():
    """The zones a weekly dispatch covers: those with members (someone to
    read the sheet) or with projects."""
    return Zone.objects.filter(
        Exists(InvestmentProject.objects.filter(zone=OuterRef("pk")))
        | Exists(Membership.objects.filter(zone=OuterRef("pk")))
    ).order_by("name")


def ranking_scope(zones):
    """全市 when every zone is in one city, 全省 when in one province, else
    nothing (the rank is then among the zones of the bulletin)."""
    cities = {(zone.province, zone.city) for zone in zones}
    if len(cities) == 1 and next(iter(cities))[1]:
        return "全市"
    provinces = {zone.province for zone in zones}
    if len(provinces) == 1 and next(iter(provinces)):
        return "全省"
    return ""


# 月通报 ------------------------------------------------------------------------------


def bulletin_figures(*, year, month, as_of):
    """Every participating zone's figures from 1 January to ``as_of`` for
    the bulletin metrics: actual, whole-year target, completion, the gap to
    序时进度 in points, its status light, the same period of last year,
    growth and rank (all from ``ranking``); and the totals across zones.

    The totals' completion compares the zones that have a target with the
    sum of those targets, so a zone without a target does not inflate it."""
    zones = list(participating_zones(year=year))
    elapsed = figures.elapsed_percent(
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), as_of=as_of
    )
    metrics = sorted(Metric.objects.filter(code__in=BULLETIN_METRICS), key=lambda m: BULLETIN_METRICS.index(m.code))
    sections = []
    for metric in metrics:
        rows = dashboard_selectors.ranking(zones=zones, metric=metric, year=year, as_of=as_of)
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.zone.name))
        sections.append(
            {
                "code": metric.code,
                "name": metric.name,
                "name_en": metric.name_en,
                "unit": metric.unit,
                "kind": metric.kind,
                "rows": [_ranking_row(row, elapsed=elapsed, is_rate=metric.kind == MetricKind.PERCENT) for row in rows],
                "total": _total(rows, elapsed=elapsed) if metric.kind != MetricKind.PERCENT else None,
            }
        )
    return {
        "year": year,
        "month": month,
        "as_of": as_of.isoformat(),
        "elapsed": str(elapsed),
        "scope": ranking_scope(zones),
        "zones": [{"id": zone.pk, "name": zone.name, "short_name": zone.short_name} for zone in zones],
        "metrics": sections,
    }


def _gap(completion, elapsed):
    return None if completion is None else completion - elapsed


def _ranking_row(row, *, elapsed, is_rate):
    light = figures.status_light(completion=row.completion, elapsed=elapsed, is_rate=is_rate)
    return {
        "zone_id": row.zone.pk,
        "zone": row.zone.name,
        "short_name": row.zone.short_name,
        "actual": _str(row.actual),
        "target": _str(row.target),
        "completion": _str(row.completion),
        "gap": _str(_gap(row.completion, elapsed)),
        "light": light,
        "last_year": _str(row.last_year),
        "growth": _str(row.growth),
        "rank": row.rank,
    }


def _total(rows, *, elapsed):
    actual = sum((row.actual for row in rows if row.actual is not None), Decimal(0))
    last_year = sum((row.last_year for row in rows if row.last_year is not None), Decimal(0))
    with_target = [row for row in rows if row.target]
    target = sum((row.target for row in with_target), Decimal(0)) if with_target else None
    completion = (
        dashboard_selectors.percent(sum((row.actual or 0 for row in with_target), Decimal(0)), target)
        if target
        else None
    )
    growth = dashboard_selectors.percent(actual - last_year, last_year) if last_year else None
    return {
        "actual": str(actual),
        "target": _str(target),
        "completion": _str(completion),
        "gap": _str(_gap(completion, elapsed)),
        "light": figures.status_light(completion=completion, elapsed=elapsed),
        "last_year": str(last_year),
        "growth": _str(growth),
    }


# 周调度 ------------------------------------------------------------------------------


def dispatch_content(*, zone, week_start):
    """What a zone's dispatch sheet lists for the week starting on the
    Monday ``week_start``: signed projects with no report ending in the week
    up to that day (the dashboards' "silent" rule over one week), projects
    past their planned start (the dashboards' "overdue start"), directives
    past due, and the problems raised in reports of that week."""
    since = week_start - datetime.timedelta(weeks=1)
    projects = InvestmentProject.objects.in_zone(zone).annotate(last_report_on=Max("progress_reports__period_end"))
    silent = projects.silent(week_start, 1).select_related("lead_official").order_by("name", "pk")
    overdue = projects.overdue_start(week_start).select_related("lead_official").order_by("planned_start_on", "name", "pk")
    directives = (
        Directive.objects.in_zone(zone)
        .overdue(week_start)
        .select_related("meeting", "lead_official")
        .order_by("due_on", "meeting__date", "order", "pk")
    )
    problems = (
        ProgressReport.objects.filter(project__zone=zone, period_end__gte=since, period_end__lte=week_start)
        .exclude(problems="")
        .select_related("project", "reported_by")
        .order_by("-period_end", "project__name", "pk")
    )
    content = {
        "week_start": week_start.isoformat(),
        "since": since.isoformat(),
        "silent_projects": [_project(p, week_start) for p in silent],
        "overdue_start_projects": [_project(p, week_start) for p in overdue],
        "overdue_directives": [
            {
                "id": d.pk,
                "text": d.text,
                "meeting": d.meeting.title,
                "meeting_date": d.meeting.date.isoformat(),
                "due_on": d.due_on.isoformat(),
                "days_overdue": (week_start - d.due_on).days,
                "lead_official": d.lead_official.name if d.lead_official else "",
                "status": d.status,
            }
            for d in directives
        ],
        "problems": [
            {
                "id": r.pk,
                "project_id": r.project_id,
                "project": r.project.name,
                "period_end": r.period_end.isoformat(),
                "problems": r.problems,
                "reported_by": (r.reported_by.get_full_name() or r.reported_by.get_username()) if r.reported_by else "",
            }
            for r in problems
        ],
    }
    content["counts"] = {
        key: len(content[key]) for key in ("silent_projects", "overdue_start_projects", "overdue_directives", "problems")
    }
    return content


def _project(project, day):
    return {
        "id": project.pk,
        "name": project.name,
        "confirmed_stage": project.confirmed_stage,
        "planned_start_on": project.planned_start_on.isoformat() if project.planned_start_on else None,
        "days_late": (day - project.planned_start_on).days if project.planned_start_on else None,
        "last_report_on": project.last_report_on.isoformat() if project.last_report_on else None,
        "lead_official": project.lead_official.name if project.lead_official else "",
    }


def zone_staff_recipients(*, zone):
    """The zone's investment-promotion staff who receive its dispatch (the
    "staff" group, a membership in the zone, an address, an active account),
    as (user id, address) by address, one person per address."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.STAFF, memberships__zone=zone)
        .exclude(email="")
        .order_by("email", "pk")
        .values_list("pk", "email")
        .distinct()
    )
    first_of_address = {}
    for pk, email in users:
        first_of_address.setdefault(email, pk)
    return [(pk, email) for email, pk in first_of_address.items()]


# 年考核 ------------------------------------------------------------------------------


def assessment_scores(*, scheme, as_of):
    """Each participating zone's score under ``scheme`` at ``as_of``, with
    its breakdown, ranked (ties share a rank). Points per metric are the
    metric's weight times the completion of the zone's whole-year target
    (from ``ranking``), capped at ``completion_cap``; a metric without a
    target, or not computed from the records, earns nothing and says why.
    Deductions count signed projects past their planned start and
    directives past due at ``as_of``."""
    zones = list(participating_zones(year=scheme.year))
    ids = [zone.pk for zone in zones]
    weights = {code: Decimal(str(points)) for code, points in scheme.weights.items()}
    metrics = {m.code: m for m in Metric.objects.filter(code__in=list(weights))}
    completions = {}
    for code in weights:
        metric = metrics.get(code)
        if metric is None or code not in figures.COMPUTED:
            continue
        for row in dashboard_selectors.ranking(zones=zones, metric=metric, year=scheme.year, as_of=as_of):
            completions[(code, row.zone.pk)] = row
    overdue_start = (
        InvestmentProject.objects.filter(zone=OuterRef("pk")).signed().overdue_start(as_of)
        .order_by().values("zone").annotate(n=Count("pk")).values("n")
    )
    counts = {
        row["pk"]: row
        for row in Zone.objects.filter(pk__in=ids).values(
            "pk",
            overdue_start=Coalesce(Subquery(overdue_start, output_field=IntegerField()), 0),
            overdue_directives=dashboard_selectors.overdue_directives_count(as_of=as_of),
        )
    }
    cap = scheme.completion_cap
    results = []
    for zone in zones:
        lines, earned = [], Decimal(0)
        for code, weight in weights.items():
            metric = metrics.get(code)
            row = completions.get((code, zone.pk))
            line = {
                "code": code,
                "name": metric.name if metric else code,
                "name_en": metric.name_en if metric else code,
                "unit": metric.unit if metric else "",
                "weight": str(weight),
                "actual": _str(row.actual) if row else None,
                "target": _str(row.target) if row else None,
                "completion": _str(row.completion) if row else None,
                "counted": None,
                "points": "0.00",
                "note": "",
            }
            if metric is None or code not in figures.COMPUTED:
                line["note"] = "not_computed"
            elif row is None or row.completion is None:
                line["note"] = "no_target"
            else:
                counted = min(row.completion, cap)
                points = (weight * counted / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                line.update(counted=str(counted), points=str(points))
                earned += points
            lines.append(line)
        zone_counts = counts.get(zone.pk, {"overdue_start": 0, "overdue_directives": 0})
        deductions = [
            _deduction("overdue_start", zone_counts["overdue_start"], scheme.overdue_start_deduction),
            _deduction("overdue_directives", zone_counts["overdue_directives"], scheme.overdue_directive_deduction),
        ]
        deducted = sum((Decimal(d["points"]) for d in deductions), Decimal(0))
        score = (earned - deducted).quantize(CENT, rounding=ROUND_HALF_UP)
        results.append(
            {
                "zone": zone,
                "score": score,
                "breakdown": {
                    "metrics": lines,
                    "earned": str(earned.quantize(CENT)),
                    "deductions": deductions,
                    "deducted": str(deducted.quantize(CENT)),
                    "score": str(score),
                    "completion_cap": str(cap),
                    "as_of": as_of.isoformat(),
                },
            }
        )
    results.sort(key=lambda r: (-r["score"], r["zone"].name))
    previous, rank = None, 0
    for position, result in enumerate(results, start=1):
        if result["score"] != previous:
            rank, previous = position, result["score"]
        result["rank"] = rank
    return results


def _deduction(code, count, per):
    return {"code": code, "count": count, "per": str(per), "points": str((per * count).quantize(CENT))}


# What the pages list ----------------------------------------------------------------


def bulletin_list():
    return Bulletin.objects.only("pk", "year", "month", "as_of", "generated_at").order_by("-year", "-month")


def dispatch_sheets(*, user, zone=None):
    sheets = DispatchSheet.objects.visible_to(user).select_related("zone").order_by("-week_start", "zone__name", "pk")
    if zone is not None:
        sheets = sheets.filter(zone=zone)
    return sheets


def assessment_schemes():
    return AssessmentScheme.objects.annotate(result_count=Count("results"), generated_at=Max("results__generated_at")).order_by("-year")


def assessment_results(*, scheme):
    return AssessmentResult.objects.filter(scheme=scheme).select_related("zone").order_by("rank", "zone__name", "pk")


def task_runs(*, user):
    return TaskRun.objects.visible_to(user).select_related("zone", "requested_by").order_by("-created_at", "-pk")


def has_pending(runs):
    return any(run.is_pending for run in runs)
