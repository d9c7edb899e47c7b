"""The weekly dispatch (周调度): what a zone's sheet lists, that it is
stored once per zone and week, and e-mailed once to the zone's staff."""
import datetime

import pytest
from django.core import mail

from insights.models import DispatchSheet
from insights.reports import selectors, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

MONDAY = datetime.date(2024, 11, 4)  # the week looked back on: 28 October to 4 November


def test_the_sheet_lists_silent_and_late_projects_overdue_directives_and_problems(world):
    """甲三 reported on 1 November: the other signed projects are silent.
    甲一 was to start on 1 September (64 days late). The directive due on
    30 October is 5 days overdue; the one done is not listed. 甲三's report
    raised a problem."""
    content = selectors.dispatch_content(zone=world["a"], week_start=MONDAY)
    # (Sorted by name; how Chinese names sort depends on the database.)
    assert {p["name"] for p in content["silent_projects"]} == {"甲一", "甲二", "甲四", "甲五", "甲六", "甲七"}
    assert [(p["name"], p["planned_start_on"], p["days_late"]) for p in content["overdue_start_projects"]] == [
        ("甲一", "2024-09-01", 64)
    ]
    assert [(d["text"], d["due_on"], d["days_overdue"]) for d in content["overdue_directives"]] == [
        ("加快甲一项目开工", "2024-10-30", 5)
    ]
    assert [(r["project"], r["problems"]) for r in content["problems"]] == [("甲三", "用地指标未落实")]
    assert content["counts"] == {"silent_projects": 6, "overdue_start_projects": 1, "overdue_directives": 1, "problems": 1}


def test_a_zone_sees_only_its_own_records(world):
    content = selectors.dispatch_content(zone=world["b"], week_start=MONDAY)
    assert {p["name"] for p in content["silent_projects"]} == {"乙一", "乙二"}
    assert content["overdue_directives"] == [] and content["problems"] == []


def test_every_zone_with_members_or_projects_gets_a_sheet_e_mailed_to_its_staff(world, people):
    """Staff of the zone with an address get it; a manager, a staff member
    without an address and another zone's staff do not."""
    sheets = services.dispatch_produce(week_start=MONDAY + datetime.timedelta(days=2))  # any day of the week
    assert {(s.zone, s.week_start) for s in sheets} == {(world["a"], MONDAY), (world["b"], MONDAY)}
    assert len(mail.outbox) == 2
    to_a = next(m for m in mail.outbox if m.to == ["staff@a.example"])
    assert "甲经济开发区" in to_a.subject and "2024-11-04" in to_a.subject
    assert "加快甲一项目开工" in to_a.body and "用地指标未落实" in to_a.body
    assert DispatchSheet.objects.get(zone=world["a"]).emailed_to == ["staff@a.example"]


def test_producing_the_week_again_replaces_the_sheet_and_sends_nothing_twice(world, people):
    services.dispatch_produce(week_start=MONDAY, zones=[world["a"]])
    services.dispatch_produce(week_start=MONDAY, zones=[world["a"]])
    assert DispatchSheet.objects.filter(zone=world["a"]).count() == 1
    assert len(mail.outbox) == 1


def test_a_changed_sheet_is_sent_again(world, people):
    services.dispatch_produce(week_start=MONDAY, zones=[world["a"]])
    world["projects"]["a1"].started_on = datetime.date(2024, 11, 1)
    world["projects"]["a1"].confirmed_stage = world["projects"]["a1"].stage = "started"
    world["projects"]["a1"].save()
    services.dispatch_produce(week_start=MONDAY, zones=[world["a"]])
    sheet = DispatchSheet.objects.get(zone=world["a"])
    assert sheet.content["overdue_start_projects"] == []
    assert len(mail.outbox) == 2


def test_a_sheet_is_for_a_monday(world):
    from django.core.exceptions import ValidationError

    sheet = DispatchSheet(zone=world["a"], week_start=datetime.date(2024, 11, 5), generated_at="2024-11-05T08:00Z")
    with pytest.raises(ValidationError):
        sheet.full_clean()
