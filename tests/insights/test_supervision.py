"""The supervision page (督办): overdue directives and stalled projects,
grouped by lead official, and what was done lately.

Everything is built by hand relative to today, so that each row's reason to
be there (or not) is visible in the test.
"""
import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from insights.supervision import selectors
from projects.choices import Stage
from projects.selectors import stalled_projects
from tests.factories import (
    DirectiveFactory,
    MeetingFactory,
    OfficialFactory,
    ProgressReportFactory,
    ProjectFactory,
)
from tests.personas import administrator, manager_of, staff_of

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def url():
    return reverse("supervision:overview")


@pytest.fixture
def liu(zone):
    return OfficialFactory(zone=zone, name="刘峰")


@pytest.fixture
def wei(zone):
    return OfficialFactory(zone=zone, name="魏燕玲")


def reported(project, *, ended):
    ProgressReportFactory(project=project, period_start=ended - datetime.timedelta(days=6), period_end=ended)
    return project


# Stalled projects (projects.selectors.stalled_projects)


@pytest.fixture
def projects(zone, other_zone, liu):
    """One project per case; the name says whether it is stalled and why."""
    recent = days(-7)
    return {
        "start overdue": reported(
            ProjectFactory(zone=zone, name="start overdue", planned_start_on=days(-1), lead_official=liu), ended=recent
        ),
        "started late is fine": reported(
            ProjectFactory(
                zone=zone,
                name="started late is fine",
                stage=Stage.STARTED,
                confirmed_stage=Stage.STARTED,
                signed_on=days(-300),
                planned_start_on=days(-100),
                started_on=days(-90),
            ),
            ended=recent,
        ),
        "start still ahead": reported(
            ProjectFactory(zone=zone, name="start still ahead", planned_start_on=days(10)), ended=recent
        ),
        "silent": reported(ProjectFactory(zone=zone, name="silent"), ended=days(-29)),
        "never reported": ProjectFactory(zone=zone, name="never reported"),
        "reported on the edge": reported(ProjectFactory(zone=zone, name="reported on the edge"), ended=days(-28)),
        "withdrawn": ProjectFactory(
            zone=zone, name="withdrawn", stage=Stage.WITHDRAWN, withdrawn_reason="投资方撤回", planned_start_on=days(-50)
        ),
        "other zone": ProjectFactory(zone=other_zone, name="other zone", planned_start_on=days(-50)),
    }


def test_stalled_projects_are_exactly_those_late_to_start_or_silent(staff, projects):
    """Late to start: planned start passed, no start. Silent: no report ended
    in the last 4 weeks (28 days; one ended 28 days ago still counts), or
    none at all. Withdrawn projects and other zones are left out."""
    rows = {p.name: p for p in stalled_projects(user=staff, today=today(), stale_weeks=4)}

    assert set(rows) == {"start overdue", "silent", "never reported"}
    assert (rows["start overdue"].start_overdue, rows["start overdue"].report_stale) == (True, False)
    assert (rows["silent"].start_overdue, rows["silent"].report_stale) == (False, True)
    assert rows["silent"].last_report_on == days(-29)
    assert (rows["never reported"].last_report_on, rows["never reported"].report_stale) == (None, True)


def test_fewer_weeks_flag_more_projects(staff, projects):
    rows = {p.name for p in stalled_projects(user=staff, today=today(), stale_weeks=1)}
    assert rows == {"start overdue", "silent", "never reported", "reported on the edge"}


def test_a_project_with_several_reports_is_judged_by_the_latest(staff, zone):
    project = reported(reported(ProjectFactory(zone=zone, name="p"), ended=days(-60)), ended=days(-3))
    assert list(stalled_projects(user=staff, today=today(), stale_weeks=4)) == []
    assert project.progress_reports.count() == 2


@pytest.mark.parametrize("count", [3, 20])
def test_stalled_projects_cost_one_query(staff, zone, count, django_assert_num_queries):
    for project in ProjectFactory.create_batch(count, zone=zone):
        reported(project, ended=days(-60))
        reported(project, ended=days(-40))
    # A first call caches the user's roles and zones on the user, as a page
    # does before it reads; then the rows are one query.
    list(stalled_projects(user=staff, today=today(), stale_weeks=4))
    with django_assert_num_queries(1):
        rows = list(stalled_projects(user=staff, today=today(), stale_weeks=4))
        assert {row.lead_official for row in rows} == {None} and all(row.zone for row in rows)
    assert len(rows) == count


# The groups (insights.supervision.selectors.supervision)


@pytest.fixture
def directives(zone, other_zone, liu, wei):
    meeting = MeetingFactory(zone=zone, title="动员大会", date=days(-100))
    return {
        "liu overdue": DirectiveFactory(meeting=meeting, text="liu overdue", lead_official=liu, due_on=days(-10)),
        "liu in progress overdue": DirectiveFactory(
            meeting=meeting, text="liu in progress overdue", lead_official=liu, due_on=days(-2), status="in_progress"
        ),
        "liu not due": DirectiveFactory(meeting=meeting, text="liu not due", lead_official=liu, due_on=days(5)),
        "liu due today": DirectiveFactory(meeting=meeting, text="liu due today", lead_official=liu, due_on=days(0)),
        "wei overdue": DirectiveFactory(meeting=meeting, text="wei overdue", lead_official=wei, due_on=days(-1)),
        "wei done late": DirectiveFactory(
            meeting=meeting, text="wei done late", lead_official=wei, due_on=days(-20), status="done", completed_on=days(-3)
        ),
        "nobody overdue": DirectiveFactory(meeting=meeting, text="nobody overdue", due_on=days(-4)),
        "no due date": DirectiveFactory(meeting=meeting, text="no due date"),
        "done long ago": DirectiveFactory(
            meeting=meeting, text="done long ago", due_on=days(-90), status="done", completed_on=days(-60)
        ),
        "other zone": DirectiveFactory(
            meeting=MeetingFactory(zone=other_zone, date=days(-100)), text="other zone", due_on=days(-10)
        ),
    }


def test_the_groups_hold_exactly_each_officials_overdue_directives_and_stalled_projects(
    staff, projects, directives, liu, wei
):
    """Officials in name order, "no lead official" last; each overdue
    directive (open or in progress, due before today) and each stalled
    project in its lead's group; done directives are not overdue."""
    report = selectors.supervision(user=staff, today=today(), stale_weeks=4)

    groups = [
        (
            group.official.name if group.official else None,
            [d.text for d in group.directives],
            [p.name for p in group.projects],
        )
        for group in report.groups
    ]
    assert groups == [
        # Sorted in Python, by code point: 刘 (U+5218) before 魏 (U+9B4F).
        ("刘峰", ["liu overdue", "liu in progress overdue"], ["start overdue"]),
        ("魏燕玲", ["wei overdue"], []),
        # Never reported first: the longest silence leads.
        (None, ["nobody overdue"], ["never reported", "silent"]),
    ]
    assert (report.overdue_count, report.stalled_count) == (4, 3)
    assert [d.text for d in report.recently_done] == ["wei done late"]
    assert report.since == days(-28)
    overdue = {d.text: d.days_overdue for group in report.groups for d in group.directives}
    assert overdue["liu overdue"] == 10 and overdue["wei overdue"] == 1


def test_an_administrator_sees_every_zone_and_may_narrow_to_one(directives, other_zone):
    admin = administrator()
    every = selectors.supervision(user=admin, today=today(), stale_weeks=4)
    assert "other zone" in {d.text for g in every.groups for d in g.directives}
    one = selectors.supervision(user=admin, today=today(), stale_weeks=4, zone=other_zone)
    assert [(g.official, [d.text for d in g.directives]) for g in one.groups] == [(None, ["other zone"])]


# The page


def test_a_manager_reads_the_page_grouped_by_lead_official(client, zone, projects, directives):
    client.force_login(manager_of(zone))

    response = client.get(url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("刘峰", "魏燕玲", "No lead official", "liu overdue", "start overdue", "never reported", "wei done late"):
        assert text in html
    for text in ("liu not due", "liu due today", "no due date", "done long ago", "other zone", "withdrawn", "started late is fine"):
        assert text not in html
    assert "no report for 29 days" in html
    assert "start overdue</span>" in html  # the reason badge
    assert "2 overdue directives · 1 stalled project" in html


def test_the_zone_filter_narrows_the_page(client, zone, other_zone, directives):
    user = staff_of(zone, username="two_zones")
    user.memberships.create(zone=other_zone)
    client.force_login(user)
    html = client.get(url(), {"zone": other_zone.pk}).content.decode()
    assert "other zone" in html and "liu overdue" not in html


def test_an_unknown_zone_in_the_url_is_ignored(client, staff, other_zone, directives):
    client.force_login(staff)
    response = client.get(url(), {"zone": other_zone.pk})
    assert response.status_code == 200
    assert "liu overdue" in response.content.decode() and "other zone" not in response.content.decode()


def test_nothing_to_supervise_says_so(client, staff):
    client.force_login(staff)
    assert "No directive is overdue and no project has stalled." in client.get(url()).content.decode()


@override_settings(DASHBOARD_SILENT_WEEKS=1)
def test_the_number_of_weeks_comes_from_the_settings(client, staff, projects):
    client.force_login(staff)
    response = client.get(url())
    assert response.context["stale_weeks"] == 1
    assert "reported on the edge" in response.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_the_page_costs_the_same_queries_for_3_or_20_rows_of_each_kind(
    client, staff, zone, count, django_assert_num_queries
):
    """The 8: session, user, the user's groups, the user's zones, the
    overdue directives, the stalled projects, the directives done lately,
    the zone filter's choices."""
    meeting = MeetingFactory(zone=zone, date=days(-100))
    for _ in range(count):
        lead = OfficialFactory(zone=zone)
        DirectiveFactory(meeting=meeting, lead_official=lead, due_on=days(-3))
        DirectiveFactory(meeting=meeting, lead_official=lead, status="done", due_on=days(-9), completed_on=days(-2))
        reported(ProjectFactory(zone=zone, lead_official=lead, planned_start_on=days(-1)), ended=days(-50))
    client.force_login(staff)
    with django_assert_num_queries(8):
        response = client.get(url())
    report = response.context["report"]
    assert (len(report.groups), report.overdue_count, report.stalled_count, len(report.recently_done)) == (
        count,
        count,
        count,
        count,
    )
