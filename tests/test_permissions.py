"""Every page of devzone through the five personas.

The table below names every URL of the apps with the status each persona
gets. A URL missing from the table fails ``test_every_url_is_in_the_table``,
so a new view cannot be added without deciding who may see it.
"""
import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from insights.models import AssessmentScheme, Bulletin, DispatchSheet, TaskKind, TaskRun
from projects.choices import Stage, StageChangeStatus
from tests.factories import (
    DirectiveFactory,
    MeetingFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectStageChangeFactory,
    PromotionActivityFactory,
    ZoneFactory,
)
from tests.personas import make_user, manager_of, staff_of

PERSONAS = ("anonymous", "staff", "other_staff", "manager", "administrator")

# A redirect to the login page.
LOGIN = "login"

# url name: (method, {persona: expected status or LOGIN})
# Statuses read in PERSONAS order: anonymous, staff of the zone, staff of
# another zone, manager of the zone, administrator.
def row(method, *statuses):
    return method, dict(zip(PERSONAS, statuses))


TABLE = {
    "workbench:home": row("get", LOGIN, 200, 200, 200, 200),
    "login": row("get", 200, 302, 302, 302, 302),
    "logout": row("post", 302, 302, 302, 302, 302),
    "password_change": row("get", LOGIN, 200, 200, 200, 200),
    "password_change_done": row("get", LOGIN, 200, 200, 200, 200),
    "set_language": row("post", 302, 302, 302, 302, 302),
    "projects:project_list": row("get", LOGIN, 200, 200, 200, 200),
    "projects:project_export": row("get", LOGIN, 200, 200, 200, 200),
    "projects:project_add": row("get", LOGIN, 200, 200, 403, 200),
    "projects:project_import": row("get", LOGIN, 200, 200, 403, 200),
    "projects:project_import_template": row("get", LOGIN, 200, 200, 403, 200),
    "projects:project_detail": row("get", LOGIN, 200, 404, 200, 200),
    "projects:project_edit": row("get", LOGIN, 200, 404, 403, 200),
    "projects:project_stage": row("get", LOGIN, 200, 404, 403, 200),
    "projects:project_withdraw": row("get", LOGIN, 200, 404, 403, 200),
    "projects:progress_report_add": row("get", LOGIN, 200, 404, 403, 200),
    "projects:progress_report_list": row("get", LOGIN, 200, 200, 200, 200),
    "projects:stage_change_review": row("get", LOGIN, 403, 403, 200, 200),
    "projects:stage_change_confirm": row("post", LOGIN, 403, 404, 302, 302),
    "projects:stage_change_reject": row("post", LOGIN, 403, 404, 302, 302),
    "meetings:activity_list": row("get", LOGIN, 200, 200, 200, 200),
    "meetings:activity_add": row("get", LOGIN, 200, 200, 403, 200),
    "meetings:activity_detail": row("get", LOGIN, 200, 404, 200, 200),
    "meetings:activity_edit": row("get", LOGIN, 200, 404, 403, 200),
    "meetings:meeting_list": row("get", LOGIN, 200, 200, 200, 200),
    "meetings:meeting_add": row("get", LOGIN, 200, 200, 403, 200),
    "meetings:meeting_detail": row("get", LOGIN, 200, 404, 200, 200),
    "meetings:meeting_edit": row("get", LOGIN, 200, 404, 403, 200),
    "meetings:directive_add": row("get", LOGIN, 200, 404, 403, 200),
    "meetings:directive_list": row("get", LOGIN, 200, 200, 200, 200),
    "meetings:directive_mine": row("get", LOGIN, 200, 200, 200, 200),
    "meetings:directive_detail": row("get", LOGIN, 200, 404, 200, 200),
    "meetings:directive_edit": row("get", LOGIN, 200, 404, 403, 200),
    "meetings:directive_status": row("get", LOGIN, 200, 404, 403, 200),
    "meetings:directive_note_add": row("get", LOGIN, 200, 404, 403, 200),
    "supervision:overview": row("get", LOGIN, 200, 200, 200, 200),
    # The dashboard is asked for the zone of the staff member: another
    # zone's staff get a 404 for it.
    "dashboards:zone": row("get", LOGIN, 200, 404, 200, 200),
    "dashboards:zone_export": row("get", LOGIN, 200, 404, 200, 200),
    "dashboards:ranking": row("get", LOGIN, 200, 200, 200, 200),
    "dashboards:ranking_export": row("get", LOGIN, 200, 200, 200, 200),
    "dashboards:meeting_targets": row("get", LOGIN, 200, 404, 200, 200),
    "reports:bulletin_list": row("get", LOGIN, 200, 200, 200, 200),
    "reports:bulletin_detail": row("get", LOGIN, 200, 200, 200, 200),
    "reports:bulletin_export": row("get", LOGIN, 200, 200, 200, 200),
    "reports:dispatch_list": row("get", LOGIN, 200, 200, 200, 200),
    "reports:dispatch_detail": row("get", LOGIN, 200, 404, 200, 200),
    "reports:assessment_list": row("get", LOGIN, 200, 200, 200, 200),
    "reports:assessment_detail": row("get", LOGIN, 200, 200, 200, 200),
    "reports:run_list": row("get", LOGIN, 403, 403, 200, 200),
    "reports:run_add": row("get", LOGIN, 403, 403, 200, 200),
    "reports:run_detail": row("get", LOGIN, 403, 403, 200, 200),
    "outbox:message_list": row("get", LOGIN, 403, 403, 200, 200),
    "admin:index": row("get", 302, 302, 302, 302, 200),
    # Monitoring asks without logging in; it learns only "ok" or "error".
    "healthz": row("get", 200, 200, 200, 200, 200),
}


def url_names(resolver=None, namespace=""):
    """Every named URL of the project; the admin's own pages (tested in
    tests/admin) are represented by its index."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                names.add("admin:index")
                continue
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_table():
    assert url_names() == set(TABLE)


@pytest.fixture
def world(db):
    zone, other_zone = ZoneFactory(), ZoneFactory()
    project = ProjectFactory(zone=zone, stage=Stage.SIGNED, confirmed_stage=Stage.NEGOTIATING)
    change = ProjectStageChangeFactory(
        project=project, stage=Stage.SIGNED, status=StageChangeStatus.PENDING, changed_on=datetime.date(2024, 3, 1)
    )
    ProgressReportFactory(project=project)
    activity = PromotionActivityFactory(zone=zone)
    meeting = MeetingFactory(zone=zone)
    directive = DirectiveFactory(meeting=meeting)
    Bulletin.objects.create(year=2024, month=10, as_of=datetime.date(2024, 10, 31), generated_at=timezone.now(), data={})
    sheet = DispatchSheet.objects.create(
        zone=zone, week_start=datetime.date(2024, 11, 4), generated_at=timezone.now(), content={}
    )
    scheme = AssessmentScheme.objects.create(year=2024, weights={"signed_projects": 100})
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
    users = {
        "anonymous": None,
        "staff": staff_of(zone),
        "other_staff": staff_of(other_zone, username="other_staff"),
        "manager": manager_of(zone),
        "administrator": make_user("administrator", superuser=True),
    }
    args = {
        "projects:project_export": ["xlsx"],
        "projects:project_detail": [project.pk],
        "projects:project_edit": [project.pk],
        "projects:project_stage": [project.pk],
        "projects:project_withdraw": [project.pk],
        "projects:progress_report_add": [project.pk],
        "projects:stage_change_confirm": [change.pk],
        "projects:stage_change_reject": [change.pk],
        "meetings:activity_detail": [activity.pk],
        "meetings:activity_edit": [activity.pk],
        "meetings:meeting_detail": [meeting.pk],
        "meetings:meeting_edit": [meeting.pk],
        "dashboards:meeting_targets": [meeting.pk],
        "meetings:directive_add": [meeting.pk],
        "meetings:directive_detail": [directive.pk],
        "meetings:directive_edit": [directive.pk],
        "meetings:directive_status": [directive.pk],
        "meetings:directive_note_add": [directive.pk],
        "reports:bulletin_detail": [2024, 10],
        "reports:bulletin_export": [2024, 10],
        "reports:dispatch_detail": [sheet.pk],
        "reports:assessment_detail": [scheme.pk],
        "reports:run_detail": [run.pk],
    }
    data = {
        "projects:stage_change_reject": {"rejection_reason": "材料不全"},
        "set_language": {"language": "en", "next": "/"},
        "dashboards:zone": {"zone": zone.pk},
        "dashboards:zone_export": {"zone": zone.pk},
    }
    return users, args, data


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_persona_gets_its_status(client, world, name, persona):
    users, args, data = world
    method, statuses = TABLE[name]
    expected = statuses[persona]
    if users[persona] is not None:
        client.force_login(users[persona])
    url = reverse(name, args=args.get(name, []))
    response = getattr(client, method)(url, data.get(name, {}))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} {method.upper()} {url}"
