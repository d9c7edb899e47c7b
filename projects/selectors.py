"""Reads for the project pages; sums happen in the database."""
from dataclasses import dataclass

from django.db.models import Count, Q, Sum, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from devzone import access
from devzone.history import change_history

from .choices import SIGNED_OR_LATER, StageChangeStatus
from .models import InvestmentProject, ProgressReport, ProjectStageChange


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
