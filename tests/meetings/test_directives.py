"""Directives (会议要求) followed up until done (督办): the lists, "my
directives", the page with its status and progress notes, adding and
editing one.

Personas: staff of the zone, staff of another zone, a manager of the zone,
an administrator, and an anonymous visitor.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Directive, DirectiveNote
from tests.factories import (
    DirectiveFactory,
    DirectiveNoteFactory,
    MeetingFactory,
    OfficialFactory,
    ProjectFactory,
)
from tests.personas import administrator, staff_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def list_url():
    return reverse("meetings:directive_list")


def mine_url():
    return reverse("meetings:directive_mine")


def detail_url(directive):
    return reverse("meetings:directive_detail", args=[directive.pk])


def edit_url(directive):
    return reverse("meetings:directive_edit", args=[directive.pk])


def add_url(meeting):
    return reverse("meetings:directive_add", args=[meeting.pk])


def status_url(directive):
    return reverse("meetings:directive_status", args=[directive.pk])


def note_url(directive):
    return reverse("meetings:directive_note_add", args=[directive.pk])


def listed(response):
    return {directive.text for directive in response.context["object_list"]}


@pytest.fixture
def meeting(zone):
    return MeetingFactory(zone=zone, title="动员大会", date=days(-60))


@pytest.fixture
def directive(meeting):
    return DirectiveFactory(meeting=meeting, text="集中攻坚重大项目", due_on=days(30))


# The list


@pytest.fixture
def five_directives(zone, other_zone, staff, meeting):
    staff.memberships.create(zone=other_zone)
    lead = OfficialFactory(zone=zone, name="刘峰")
    conference = MeetingFactory(zone=other_zone, title="工作会议", date=days(-400))
    return [
        DirectiveFactory(meeting=meeting, text="攻坚重大项目", category="project_construction", due_on=days(-3), lead_official=lead),
        DirectiveFactory(meeting=meeting, text="抓实全员招商", status="in_progress", due_on=days(10)),
        DirectiveFactory(
            meeting=meeting, text="优化审批服务", category="business_environment", status="done", completed_on=days(-1), due_on=days(-5)
        ),
        DirectiveFactory(meeting=conference, text="引进500强项目", due_on=None),
        DirectiveFactory(meeting=conference, text="举办推介会", status="in_progress", due_on=days(-30)),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"攻坚重大项目", "抓实全员招商", "优化审批服务", "引进500强项目", "举办推介会"}),
        ({"status": "open"}, {"攻坚重大项目", "引进500强项目"}),
        ({"status": "in_progress"}, {"抓实全员招商", "举办推介会"}),
        ({"status": "done"}, {"优化审批服务"}),
        # Overdue: past due and not done, whatever the status; no due date never is.
        ({"status": "overdue"}, {"攻坚重大项目", "举办推介会"}),
        ({"category": "business_environment"}, {"优化审批服务"}),
        ({"q": "项目"}, {"攻坚重大项目", "引进500强项目"}),
        # q looks in the meeting's title too.
        ({"q": "工作会议"}, {"引进500强项目", "举办推介会"}),
        ({"due_before": days(-4).isoformat()}, {"优化审批服务", "举办推介会"}),
        ({"due_after": days(0).isoformat()}, {"抓实全员招商"}),
        ({"status": "overdue", "q": "推介"}, {"举办推介会"}),
    ],
)
def test_the_filters_give_exactly_the_matching_rows(staff_client, five_directives, query, expected):
    response = staff_client.get(list_url(), query)
    assert listed(response) == expected
    assert response.context["paginator"].count == len(expected)


def test_the_zone_meeting_and_lead_filters(staff_client, five_directives, zone, meeting):
    lead = five_directives[0].lead_official
    assert listed(staff_client.get(list_url(), {"zone": zone.pk})) == {"攻坚重大项目", "抓实全员招商", "优化审批服务"}
    assert listed(staff_client.get(list_url(), {"meeting": meeting.pk, "status": "open"})) == {"攻坚重大项目"}
    assert listed(staff_client.get(list_url(), {"lead_official": lead.pk})) == {"攻坚重大项目"}


def test_the_list_shows_the_overdue_flag_and_the_latest_note(staff_client, five_directives):
    DirectiveNoteFactory(directive=five_directives[1], noted_on=days(-2))
    DirectiveNoteFactory(directive=five_directives[1], noted_on=days(-9))
    response = staff_client.get(list_url(), {"sort": "due"})
    rows = {d.text: d for d in response.context["object_list"]}
    assert {text for text, d in rows.items() if d.is_overdue} == {"攻坚重大项目", "举办推介会"}
    assert (rows["抓实全员招商"].note_count, rows["抓实全员招商"].last_noted_on) == (2, days(-2))
    html = response.content.decode()
    assert "5 directives in all" in html
    assert f'{days(-2).isoformat()} <span class="text-muted small">(2)</span>' in html


def test_another_zones_directives_are_not_listed(client, zone, other_zone):
    DirectiveFactory(meeting=MeetingFactory(zone=zone), text="本区要求")
    DirectiveFactory(meeting=MeetingFactory(zone=other_zone), text="别区要求")
    client.force_login(staff_of(zone, username="solo"))
    assert listed(client.get(list_url())) == {"本区要求"}


@pytest.mark.parametrize("count", [3, 20])
def test_the_list_costs_the_same_queries_for_3_or_20_directives(client, staff, zone, count, django_assert_num_queries):
    """No query per row: notes are counted and the latest found in the one
    query of the rows.

    The 9: session, user, the user's groups, the user's zones, the row
    count, the filter's choices of zone, meeting and lead official, the rows."""
    meeting = MeetingFactory(zone=zone)
    lead = OfficialFactory(zone=zone)
    for directive in DirectiveFactory.create_batch(count, meeting=meeting, lead_official=lead, due_on=days(-1)):
        DirectiveNoteFactory(directive=directive)
    client.force_login(staff)
    with django_assert_num_queries(9):
        response = client.get(list_url())
    assert response.context["paginator"].count == count


# My directives


def test_my_directives_are_those_i_lead_or_assist_with(client, zone, meeting):
    """Through the official linked to the account; a directive both led and
    assisted by the same person is listed once."""
    user = staff_of(zone, username="liufeng")
    me = OfficialFactory(zone=zone, name="刘峰", user=user)
    someone = OfficialFactory(zone=zone, name="魏燕玲")
    DirectiveFactory(meeting=meeting, text="我牵头", lead_official=me)
    DirectiveFactory(meeting=meeting, text="我帮包", lead_official=someone).assisting_staff.set([me, someone])
    DirectiveFactory(meeting=meeting, text="牵头又帮包", lead_official=me).assisting_staff.set([me])
    DirectiveFactory(meeting=meeting, text="与我无关", lead_official=someone).assisting_staff.set([someone])
    client.force_login(user)

    response = client.get(mine_url())

    assert [d.text for d in response.context["object_list"]].count("牵头又帮包") == 1
    assert listed(response) == {"我牵头", "我帮包", "牵头又帮包"}
    assert response.context["linked_official"] == me
    assert "3 directives in all" in response.content.decode()
    assert listed(client.get(mine_url(), {"status": "open", "q": "帮包"})) == {"我帮包", "牵头又帮包"}


def test_my_directives_explain_how_to_be_linked_when_no_official_is(staff_client, directive):
    response = staff_client.get(mine_url())
    assert response.status_code == 200
    assert listed(response) == set()
    assert "Your account is not linked to an official" in response.content.decode()
    assert "An administrator links you in the back office" in response.content.decode()


# The page


def test_the_page_shows_the_facts_notes_history_and_forms_to_staff(staff_client, staff, zone, meeting):
    lead = OfficialFactory(zone=zone, name="刘峰", titles="管委会主任")
    directive = services.directive_create(
        user=staff,
        meeting=meeting,
        data={"text": "集中攻坚重大项目", "category": "project_construction", "lead_official": lead, "due_on": days(-1)},
        assisting_staff=[OfficialFactory(zone=zone, name="魏燕玲")],
        projects=[ProjectFactory(zone=zone, name="新材料产业园项目")],
    )
    DirectiveNoteFactory(directive=directive, noted_on=days(-5), text="已完成项目摸排", author=staff)

    response = staff_client.get(detail_url(directive))

    assert response.status_code == 200
    assert response.context["is_overdue"] is True
    html = response.content.decode()
    for text in ("集中攻坚重大项目", "刘峰", "管委会主任", "魏燕玲", "新材料产业园项目", "已完成项目摸排", "Overdue", "动员大会"):
        assert text in html
    assert f'action="{status_url(directive)}"' in html and f'action="{note_url(directive)}"' in html
    assert response.context["history"][-1].user == staff


def test_a_manager_reads_the_page_without_the_forms(client, manager, directive):
    client.force_login(manager)
    response = client.get(detail_url(directive))
    assert response.status_code == 200
    html = response.content.decode()
    assert status_url(directive) not in html and note_url(directive) not in html and edit_url(directive) not in html


# Status


def test_staff_mark_a_directive_in_progress_then_done_and_the_history_names_them(staff_client, staff, directive):
    response = staff_client.post(status_url(directive), {"status": "in_progress", "completed_on": TODAY().isoformat()})
    assert response.status_code == 302 and response["Location"] == detail_url(directive)
    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("in_progress", None)  # no date unless done

    response = staff_client.post(
        status_url(directive), {"status": "done", "completed_on": days(-1).isoformat(), "note": "50个项目全部开工"}
    )

    assert response.status_code == 302
    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("done", days(-1))
    note = directive.notes.get()
    assert (note.noted_on, note.text, note.author) == (days(-1), "50个项目全部开工", staff)
    history = staff_client.get(detail_url(directive)).context["history"]
    changes = [(str(label), old, new, entry.user) for entry in history for label, old, new in entry.changes]
    assert ("status", "In progress", "Done", staff) in changes
    assert ("status", "Open", "In progress", staff) in changes
    assert ("completed on", "—", days(-1).isoformat(), staff) in changes


def test_reopening_a_done_directive_clears_its_completion_date(staff_client, staff, directive):
    services.directive_set_status(user=staff, directive=directive, status="done", completed_on=days(-2))
    response = staff_client.post(status_url(directive), {"status": "open", "completed_on": days(-2).isoformat()})
    assert response.status_code == 302
    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("open", None)


def test_the_completion_date_of_a_done_directive_can_be_corrected(staff, directive):
    services.directive_set_status(user=staff, directive=directive, status="done", completed_on=days(-2))
    services.directive_set_status(user=staff, directive=directive, status="done", completed_on=days(-3))
    directive.refresh_from_db()
    assert directive.completed_on == days(-3)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "done", "completed_on": ""}, "completed_on", "Give the date the directive was done."),
        ({"status": "done", "completed_on": days(1).isoformat()}, "completed_on", "The completion date cannot be in the future."),
        ({"status": "done", "completed_on": days(-61).isoformat()}, "completed_on", "The completion date cannot be before the meeting"),
        ({"status": "done", "completed_on": "2024-13-45"}, "completed_on", "Enter a valid date."),
        ({"status": "open"}, "status", "The directive is already “Open”."),
        ({"status": "finished"}, "status", "Select a valid choice."),
        ({"status": "in_progress", "note": "x" * 10 * 1024 * 1024}, "note", "Ensure this value has at most 5000 characters"),
    ],
)
def test_a_bad_status_change_is_shown_beside_its_field_and_changes_nothing(staff_client, directive, data, field, message):
    response = staff_client.post(status_url(directive), data)
    assert response.status_code == 200
    form = response.context["status_form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block">{message}' in html
    assert "Please correct the errors below." in html
    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("open", None)
    assert not DirectiveNote.objects.exists()
    assert directive.history.count() == 1


def test_the_service_keeps_the_rules_too(staff, directive):
    with pytest.raises(ValidationError) as excinfo:
        services.directive_set_status(user=staff, directive=directive, status="done")
    assert excinfo.value.message_dict == {"completed_on": ["Give the date the directive was done."]}
    with pytest.raises(ValidationError) as excinfo:
        services.directive_set_status(user=staff, directive=directive, status="done", completed_on=days(1))
    assert "completed_on" in excinfo.value.message_dict


def test_a_manager_may_not_change_a_status(client, manager, directive):
    client.force_login(manager)
    assert client.post(status_url(directive), {"status": "done", "completed_on": TODAY().isoformat()}).status_code == 403
    with pytest.raises(ValidationError):
        services.directive_set_status(user=manager, directive=directive, status="done", completed_on=TODAY())
    directive.refresh_from_db()
    assert directive.status == "open"


# Progress notes


def test_staff_add_a_dated_note(staff_client, staff, directive):
    response = staff_client.post(note_url(directive), {"noted_on": days(-3).isoformat(), "text": "完成项目摸排"})
    assert response.status_code == 302
    note = directive.notes.get()
    assert (note.noted_on, note.text, note.author) == (days(-3), "完成项目摸排", staff)
    assert note.history.get().history_user == staff
    assert "完成项目摸排" in staff_client.get(detail_url(directive)).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"noted_on": days(1).isoformat(), "text": "进展"}, "noted_on", "The date of a note cannot be in the future."),
        ({"noted_on": days(-61).isoformat(), "text": "进展"}, "noted_on", "The date of a note cannot be before the meeting"),
        ({"noted_on": "", "text": "进展"}, "noted_on", "This field is required."),
        ({"noted_on": days(0).isoformat(), "text": ""}, "text", "This field is required."),
        ({"noted_on": days(0).isoformat(), "text": "x" * 10 * 1024 * 1024}, "text", "Ensure this value has at most 5000 characters"),
    ],
)
def test_a_bad_note_is_shown_beside_its_field_and_saves_nothing(staff_client, directive, data, field, message):
    response = staff_client.post(note_url(directive), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["note_form"].errors[field])
    assert f'<div class="invalid-feedback d-block">{message}' in response.content.decode()
    assert not DirectiveNote.objects.exists()


def test_a_note_on_the_meeting_day_is_accepted(staff, directive):
    note = services.directive_note_add(user=staff, directive=directive, noted_on=directive.meeting.date, text="当天部署")
    assert note.noted_on == directive.meeting.date


def test_a_manager_may_not_add_a_note(client, manager, directive):
    client.force_login(manager)
    assert client.post(note_url(directive), {"noted_on": TODAY().isoformat(), "text": "督办意见"}).status_code == 403
    assert not DirectiveNote.objects.exists()


# Adding and editing


def directive_data(**overrides):
    data = {"order": "3", "text": "盘活闲置厂房", "category": "business_environment", "due_on": days(20).isoformat()}
    data.update(overrides)
    return data


def test_staff_add_a_directive_to_a_meeting(staff_client, staff, zone, meeting):
    lead, helper = OfficialFactory(zone=zone, name="刘峰"), OfficialFactory(zone=zone, name="魏燕玲")
    project = ProjectFactory(zone=zone)
    form = staff_client.get(add_url(meeting)).context["form"]
    assert form["order"].value() == 1

    response = staff_client.post(
        add_url(meeting), directive_data(lead_official=lead.pk, assisting_staff=[helper.pk], projects=[project.pk])
    )

    directive = Directive.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(directive)
    assert (directive.meeting, directive.order, directive.status, directive.lead_official) == (meeting, 3, "open", lead)
    assert list(directive.assisting_staff.all()) == [helper] and list(directive.projects.all()) == [project]
    assert set(directive.history.values_list("history_user", flat=True)) == {staff.pk}


def two_months_before():
    return days(-61).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"text": "x" * 10 * 1024 * 1024}, "text", "Ensure this value has at most 2000 characters"),
        ({"due_on": two_months_before}, "due_on", "The due date cannot be before the meeting"),
        ({"category": "other"}, "category", "Select a valid choice."),
        ({"order": "-1"}, "order", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_directive_input_is_shown_beside_its_field_and_saves_nothing(staff_client, meeting, overrides, field, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = staff_client.post(add_url(meeting), directive_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'<div class="invalid-feedback d-block">{message}' in response.content.decode()
    assert not Directive.objects.exists()


def test_an_official_or_project_of_another_zone_is_an_invalid_choice(staff_client, meeting, other_zone):
    theirs = OfficialFactory(zone=other_zone)
    response = staff_client.post(
        add_url(meeting), directive_data(lead_official=theirs.pk, projects=[ProjectFactory(zone=other_zone).pk])
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"lead_official", "projects"}
    assert not Directive.objects.exists()


def test_the_service_refuses_assisting_staff_of_another_zone(staff, meeting, other_zone):
    with pytest.raises(ValidationError) as excinfo:
        services.directive_create(
            user=staff,
            meeting=meeting,
            data={"text": "要求", "category": "party_conduct"},
            assisting_staff=[OfficialFactory(zone=other_zone)],
        )
    assert "assisting_staff" in excinfo.value.message_dict


def test_staff_edit_a_directive_in_one_history_entry(staff_client, staff, zone, directive):
    lead = OfficialFactory(zone=zone, name="刘峰")
    form = staff_client.get(edit_url(directive)).context["form"]
    assert form["text"].value() == "集中攻坚重大项目"

    response = staff_client.post(
        edit_url(directive), directive_data(text="集中攻坚50个重大项目", lead_official=lead.pk, assisting_staff=[lead.pk])
    )

    assert response.status_code == 302
    directive.refresh_from_db()
    assert (directive.text, directive.lead_official, directive.status) == ("集中攻坚50个重大项目", lead, "open")
    history = staff_client.get(detail_url(directive)).context["history"]
    changes = {str(label): (old, new, entry.user) for entry in history for label, old, new in entry.changes}
    assert changes["requirement"] == ("集中攻坚重大项目", "集中攻坚50个重大项目", staff)
    assert changes["lead official"] == ("—", "刘峰", staff)
    assert changes["assisting staff"] == ("—", "刘峰", staff)
    assert [entry.user for entry in history].count(staff) == 1


def test_an_edit_with_bad_input_changes_nothing(staff_client, directive):
    response = staff_client.post(edit_url(directive), directive_data(text=""))
    assert response.status_code == 200
    directive.refresh_from_db()
    assert directive.text == "集中攻坚重大项目"


def test_an_administrator_adds_a_directive_anywhere(client, other_zone):
    meeting = MeetingFactory(zone=other_zone)
    client.force_login(administrator())
    assert client.post(add_url(meeting), directive_data()).status_code == 302
    assert Directive.objects.get().meeting == meeting


# Outsiders


@pytest.mark.parametrize("url", [detail_url, edit_url, status_url, note_url])
def test_staff_of_another_zone_get_a_404(client, other_zone, directive, url):
    client.force_login(staff_of(other_zone, username="other_staff"))
    assert client.get(url(directive)).status_code == 404
    if url is not detail_url:  # the page itself takes no POST
        assert client.post(url(directive), {"status": "done", "completed_on": TODAY().isoformat()}).status_code == 404
    directive.refresh_from_db()
    assert directive.status == "open"


@pytest.mark.parametrize("url", [edit_url, status_url, note_url])
def test_a_manager_of_the_zone_gets_a_403_on_every_write(client, manager, directive, url):
    client.force_login(manager)
    assert client.get(url(directive)).status_code == 403


def test_a_manager_may_not_add_a_directive(client, manager, meeting):
    client.force_login(manager)
    assert client.post(add_url(meeting), directive_data()).status_code == 403
    assert not Directive.objects.exists()
