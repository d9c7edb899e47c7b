"""督办: what is overdue or stalled, by the lead official who answers for it.
It reads directives (meetings) and projects' reports (projects) together, so
it is the read side's."""
import datetime
from dataclasses import dataclass

from meetings.models import Directive
from projects import selectors as project_selectors


@dataclass
class SupervisionGroup:
    """What one lead official (揭榜挂帅) has to answer for; ``official`` None
    gathers what nobody has taken on."""

    official: object
    directives: list
    projects: list

    @property
    def count(self):
        return len(self.directives) + len(self.projects)


@dataclass(frozen=True)
class Supervision:
    groups: list
    overdue_count: int
    stalled_count: int
    recently_done: list
    since: datetime.date  # reports and completions are looked at from this day


def supervision(*, user, today, stale_weeks, zone=None):
    """The supervision page (督办): overdue directives and stalled projects
    of the user's zones (or of ``zone``), grouped by lead official, officials
    by zone and name and "no lead official" last; and the directives done in
    the same weeks, so that what was cleared shows too. Three queries
    whatever the number of rows."""
    since = today - datetime.timedelta(weeks=stale_weeks)
    directives = (
        Directive.objects.visible_to(user)
        .overdue(today)
        .select_related("meeting__zone", "lead_official")
        .order_by("due_on", "meeting__date", "order", "pk")
    )
    projects = project_selectors.stalled_projects(user=user, today=today, stale_weeks=stale_weeks)
    done = (
        Directive.objects.visible_to(user)
        .completed_since(since)
        .select_related("meeting__zone", "lead_official")
        .order_by("-completed_on", "-pk")
    )
    if zone is not None:
        directives, projects, done = directives.in_zone(zone), projects.in_zone(zone), done.in_zone(zone)
    groups, sort_keys = {}, {}

    def group(official, row_zone):
        key = official.pk if official else None
        if key not in groups:
            groups[key] = SupervisionGroup(official=official, directives=[], projects=[])
            sort_keys[key] = (1, "", "", 0) if official is None else (0, row_zone.name, official.name, official.pk)
        return groups[key]

    directives, projects = list(directives), list(projects)
    for directive in directives:
        directive.days_overdue = (today - directive.due_on).days
        group(directive.lead_official, directive.meeting.zone).directives.append(directive)
    for project in projects:
        project.days_silent = (today - project.last_report_on).days if project.last_report_on else None
        group(project.lead_official, project.zone).projects.append(project)
    return Supervision(
        groups=[groups[key] for key in sorted(groups, key=sort_keys.get)],
        overdue_count=len(directives),
        stalled_count=len(projects),
        recently_done=list(done),
        since=since,
    )
