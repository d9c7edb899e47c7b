"""The weekly dispatch (周调度): what a zone's sheet lists, that it is
stored once per zone and week, and e-mailed once to each of the zone's
staff through the outbox."""
import datetime

import pytest
from django.core import mail

from insights.models import DispatchSheet, OutboxMessage, OutboxState
from insights.reports import selectors, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

MONDAY = datetime.date(2024, 11, 4)  # the week looked back on: 28 October to 4 November


@pytest.fixture
def produce(django_capture_on_commit_callbacks):
    """Produce as a run does: the outbox sends once the sheets have committed."""

    def produce(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.dispatch_produce(**kwargs)

    return produce


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


def test_every_zone_with_members_or_projects_gets_a_sheet_e_mailed_to_its_staff(world, people, produce):
    """Staff of the zone with an address get it; a manager, a staff member
    without an address and another zone's staff do not."""
    sheets = produce(week_start=MONDAY + datetime.timedelta(days=2))  # any day of the week
    assert {(s.zone, s.week_start) for s in sheets} == {(world["a"], MONDAY), (world["b"], MONDAY)}
    assert sorted(m.to for m in mail.outbox) == [["staff@a.example"], ["staff@b.example"]]
    to_a = next(m for m in mail.outbox if m.to == ["staff@a.example"])
    assert "甲经济开发区" in to_a.subject and "2024-11-04" in to_a.subject
    assert "加快甲一项目开工" in to_a.body and "用地指标未落实" in to_a.body
    sheet = DispatchSheet.objects.get(zone=world["a"])
    assert (sheet.emailed_to, sheet.revision) == (["staff@a.example"], 1)
    assert list(OutboxMessage.objects.filter(zone=world["a"]).values_list("key", "recipient", "state", "attempts")) == [
        (f"dispatch:{sheet.pk}:1:{people['staff'].pk}", "staff@a.example", OutboxState.SENT, 1)
    ]


def test_each_of_the_staff_gets_a_message_of_their_own(world, people, produce):
    from tests.personas import staff_of

    second = staff_of(world["a"], username="second_staff")
    second.email = "second@a.example"
    second.save()
    produce(week_start=MONDAY, zones=[world["a"]])
    assert sorted(m.to for m in mail.outbox) == [["second@a.example"], ["staff@a.example"]]


def test_producing_the_week_again_keeps_the_sheet_and_sends_nothing_twice(world, people, produce):
    """The second production finds the sheet as it would write it: already
    produced, left as it was, nothing sent again."""
    first = produce(week_start=MONDAY, zones=[world["a"]])[0]
    again = produce(week_start=MONDAY, zones=[world["a"]])[0]
    assert (first.already_produced, again.already_produced) == (False, True)
    sheet = DispatchSheet.objects.get(zone=world["a"])
    assert (sheet.pk, sheet.generated_at, sheet.revision) == (first.pk, first.generated_at, 1)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.count() == 1


def test_a_changed_sheet_is_a_new_revision_and_sent_again(world, people, produce):
    produce(week_start=MONDAY, zones=[world["a"]])
    world["projects"]["a1"].started_on = datetime.date(2024, 11, 1)
    world["projects"]["a1"].confirmed_stage = world["projects"]["a1"].stage = "started"
    world["projects"]["a1"].save()
    produce(week_start=MONDAY, zones=[world["a"]])
    sheet = DispatchSheet.objects.get(zone=world["a"])
    assert (sheet.content["overdue_start_projects"], sheet.revision) == ([], 2)
    assert len(mail.outbox) == 2
    staff = people["staff"].pk
    assert sorted(OutboxMessage.objects.values_list("key", "state")) == [
        (f"dispatch:{sheet.pk}:1:{staff}", OutboxState.SENT),
        (f"dispatch:{sheet.pk}:2:{staff}", OutboxState.SENT),
    ]


def test_staff_who_joined_since_get_the_sheet_when_the_week_is_produced_again(world, people, produce):
    from tests.personas import staff_of

    produce(week_start=MONDAY, zones=[world["a"]])
    newcomer = staff_of(world["a"], username="newcomer")
    newcomer.email = "newcomer@a.example"
    newcomer.save()
    produce(week_start=MONDAY, zones=[world["a"]])
    assert [m.to for m in mail.outbox] == [["staff@a.example"], ["newcomer@a.example"]]
    assert DispatchSheet.objects.get(zone=world["a"]).emailed_to == ["newcomer@a.example", "staff@a.example"]


def test_without_e_mail_the_sheet_is_stored_and_nothing_is_queued(world, people, produce):
    produce(week_start=MONDAY, zones=[world["a"]], send_email=False)
    assert DispatchSheet.objects.get(zone=world["a"]).emailed_at is None
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_a_sheet_is_for_a_monday(world):
    from django.core.exceptions import ValidationError

    sheet = DispatchSheet(zone=world["a"], week_start=datetime.date(2024, 11, 5), generated_at="2024-11-05T08:00Z")
    with pytest.raises(ValidationError):
        sheet.full_clean()
