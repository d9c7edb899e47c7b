"""The meeting pages (会议): list, detail, record and edit, with who took
part, the documents read out and the targets set.

Personas: staff of the zone, staff of another zone, a manager of the zone,
an administrator, and an anonymous visitor.
"""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from devzone import roles
from zones.models import Target
from meetings import services
from meetings.models import Meeting, MeetingDocument, MeetingParticipant
from tests.factories import (
    DirectiveFactory,
    DirectiveNoteFactory,
    MeetingDocumentFactory,
    MeetingFactory,
    MeetingParticipantFactory,
    OfficialFactory,
    ProjectFactory,
    PromotionActivityFactory,
    SourceArticleFactory,
    TargetFactory,
    metric,
)
from tests.personas import administrator, make_user, staff_of

pytestmark = pytest.mark.django_db


def list_url():
    return reverse("meetings:meeting_list")


def add_url():
    return reverse("meetings:meeting_add")


def detail_url(meeting):
    return reverse("meetings:meeting_detail", args=[meeting.pk])


def edit_url(meeting):
    return reverse("meetings:meeting_edit", args=[meeting.pk])


def listed(response):
    return {meeting.title for meeting in response.context["object_list"]}


@pytest.fixture
def officials(zone):
    return {
        "chair": OfficialFactory(zone=zone, name="谭延训", titles="党工委委员、管委会副主任"),
        "speaker": OfficialFactory(zone=zone, name="刘峰", titles="党工委副书记、管委会主任"),
        "reader": OfficialFactory(zone=zone, name="魏燕玲", titles="党工委委员、管委会副主任"),
    }


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }


def rows(prefix, items):
    data = management(prefix, len(items))
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def form_data(zone, *, participants=(), documents=(), targets=(), **overrides):
    data = {
        "title": "招商引资暨项目建设集中攻坚动员大会",
        "zone": zone.pk,
        "date": "2024-02-22",
        "kind": "mobilization",
        "attendance": "开发区全体干部职工",
        "implements": "全县招商引资暨项目建设集中攻坚动员大会",
        "summary": "部署四方面任务。",
    }
    data.update(overrides)
    data.update(rows("participants", participants))
    data.update(rows("documents", documents))
    data.update(rows("targets", targets))
    return data


def target_row(code="major_projects", **overrides):
    row = {"metric": metric(code).pk, "year": "2024", "quarter": "", "month": "", "value": "50", "qualifier": "exact"}
    row.update(overrides)
    return row


def payload(response):
    """What the browser would send back for the page as rendered: the
    meeting form and its three tables with their current values."""
    context = response.context
    data = {}
    forms = [context["form"]]
    for formset in context["rows"]:
        management_form = formset.management_form
        for name in management_form.fields:
            data[management_form.add_prefix(name)] = management_form[name].value()
        forms += list(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    return data


# The list


def test_it_lists_the_meetings_of_the_users_zones_with_their_directive_counts(staff_client, zone, other_zone):
    """Each row counts the directives the meeting set, the open ones and the
    overdue ones; another zone's meetings are not there."""
    today = timezone.localdate()
    meeting = MeetingFactory(zone=zone, title="动员大会", date=today - datetime.timedelta(days=60))
    DirectiveFactory(meeting=meeting, due_on=today - datetime.timedelta(days=1))  # overdue
    DirectiveFactory(meeting=meeting, due_on=today + datetime.timedelta(days=9))  # open, not due
    DirectiveFactory(meeting=meeting, status="done", completed_on=today - datetime.timedelta(days=3))
    MeetingFactory(zone=other_zone, title="别区会议")

    response = staff_client.get(list_url())

    assert response.status_code == 200
    assert listed(response) == {"动员大会"}
    row = response.context["object_list"][0]
    assert (row.directive_count, row.open_count, row.overdue_count) == (3, 2, 1)
    html = response.content.decode()
    assert "1 meeting in all" in html
    assert f'href="{detail_url(meeting)}"' in html
    assert "别区会议" not in html


@pytest.fixture
def three_meetings(zone, other_zone, staff):
    staff.memberships.create(zone=other_zone)
    return [
        MeetingFactory(zone=zone, title="招商引资动员大会", kind="mobilization", date=datetime.date(2024, 2, 22)),
        MeetingFactory(
            zone=zone, title="年度工作会议", kind="work_conference", date=datetime.date(2023, 1, 13), summary="部署招商引资"
        ),
        MeetingFactory(
            zone=other_zone, title="项目调度会", kind="dispatch", date=datetime.date(2024, 5, 6), attendance="各招商分局"
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"招商引资动员大会", "年度工作会议", "项目调度会"}),
        ({"kind": "work_conference"}, {"年度工作会议"}),
        ({"date_after": "2024-01-01"}, {"招商引资动员大会", "项目调度会"}),
        ({"date_before": "2024-02-22"}, {"招商引资动员大会", "年度工作会议"}),
        ({"date_after": "2024-02-23", "date_before": "2024-12-31"}, {"项目调度会"}),
        # q looks in the title, the summary and the attendance.
        ({"q": "招商引资"}, {"招商引资动员大会", "年度工作会议"}),
        ({"q": "分局"}, {"项目调度会"}),
        ({"q": "招商", "kind": "mobilization"}, {"招商引资动员大会"}),
        ({"q": "无此会议"}, set()),
    ],
)
def test_the_filters_give_exactly_the_matching_rows(staff_client, three_meetings, query, expected):
    response = staff_client.get(list_url(), query)
    assert listed(response) == expected
    assert response.context["paginator"].count == len(expected)


def test_the_zone_filter_gives_one_zone_and_refuses_a_zone_the_user_does_not_see(client, zone, other_zone):
    user = staff_of(zone, username="one_zone")
    MeetingFactory(zone=zone, title="本区会议")
    MeetingFactory(zone=other_zone, title="别区会议")
    client.force_login(user)
    assert listed(client.get(list_url(), {"zone": zone.pk})) == {"本区会议"}
    response = client.get(list_url(), {"zone": other_zone.pk})
    assert listed(response) == set()
    assert "zone" in response.context["filter"].form.errors


def test_sorting_by_overdue_directives_puts_the_most_behind_first(staff_client, zone):
    today = timezone.localdate()
    calm, behind = MeetingFactory(zone=zone, title="按期"), MeetingFactory(zone=zone, title="滞后")
    DirectiveFactory.create_batch(2, meeting=behind, due_on=today - datetime.timedelta(days=5))
    DirectiveFactory(meeting=calm, due_on=today + datetime.timedelta(days=5))
    response = staff_client.get(list_url(), {"sort": "-overdue"})
    assert [m.title for m in response.context["object_list"]] == ["滞后", "按期"]


@pytest.mark.parametrize("count", [3, 20])
def test_the_list_costs_the_same_queries_for_3_or_20_meetings(client, staff, zone, count, django_assert_num_queries):
    """No query per row: the directive counts come from one annotated query.

    The 7: session, user, the user's groups, the user's zones (for access,
    the can-record check and the layout alike), the row count, the zone
    filter's choices, the rows with their counts."""
    for meeting in MeetingFactory.create_batch(count, zone=zone):
        DirectiveFactory.create_batch(2, meeting=meeting)
    client.force_login(staff)
    with django_assert_num_queries(7):
        response = client.get(list_url())
    assert response.context["paginator"].count == count


# The detail page


def test_the_detail_page_shows_who_took_part_the_documents_the_summary_and_the_source(staff_client, zone, officials):
    meeting = MeetingFactory(
        zone=zone,
        title="动员大会",
        kind="mobilization",
        attendance="开发区全体干部职工",
        implements="全省高水平开放大会\n全市动员大会",
        summary="部署四方面任务。",
        source=SourceArticleFactory(title="击鼓催征扬帆奋进启新程", publisher="山东沂源经济开发区"),
        source_quote="2月22日,经济开发区召开动员大会",
    )
    MeetingParticipantFactory(meeting=meeting, official=officials["chair"], role="chair", titles_at_meeting="管委会副主任")
    MeetingParticipantFactory(meeting=meeting, official=officials["speaker"], role="speaker")
    MeetingParticipantFactory(meeting=meeting, official=officials["reader"], role="reader")
    MeetingDocumentFactory(meeting=meeting, title="“揭榜挂帅”工作方案", read_by=officials["reader"], order=1)

    response = staff_client.get(detail_url(meeting))

    assert response.status_code == 200
    assert [(str(label), [p.official.name for p in people]) for label, people in response.context["roles"]] == [
        ("Chaired", ["谭延训"]),
        ("Spoke", ["刘峰"]),
        ("Read out a document", ["魏燕玲"]),
    ]
    html = response.content.decode()
    for text in (
        "动员大会",
        "Mobilization meeting",
        "2024-02-22",
        "管委会副主任",
        "开发区全体干部职工",
        "全省高水平开放大会<br>全市动员大会",
        "部署四方面任务。",
        "“揭榜挂帅”工作方案",
        "read out by 魏燕玲",
        "击鼓催征扬帆奋进启新程",
        "2月22日,经济开发区召开动员大会",
    ):
        assert text in html


def test_the_detail_page_lists_every_directive_with_its_lead_status_and_overdue_flag(staff_client, zone, officials):
    today = timezone.localdate()
    meeting = MeetingFactory(zone=zone, date=today - datetime.timedelta(days=90))
    late = DirectiveFactory(
        meeting=meeting, order=1, text="集中攻坚50个重大项目", lead_official=officials["speaker"], due_on=today - datetime.timedelta(days=2)
    )
    late.assisting_staff.set([officials["reader"]])
    DirectiveFactory(meeting=meeting, order=2, text="抓实全员招商", status="in_progress")

    response = staff_client.get(detail_url(meeting))

    directives = list(response.context["directives"])
    assert [(d.text, d.is_overdue) for d in directives] == [("集中攻坚50个重大项目", True), ("抓实全员招商", False)]
    html = response.content.decode()
    assert "2 requirements" in html
    assert "刘峰" in html and "魏燕玲" in html
    assert "Overdue" in html and "In progress" in html
    assert reverse("meetings:directive_detail", args=[late.pk]) in html


def test_the_detail_page_loads_its_targets_from_the_read_side(staff_client, zone):
    """The meeting page may not import the figures engine (insights sits
    above meetings): it loads the targets' table from the read side's URL."""
    meeting = MeetingFactory(zone=zone)
    html = staff_client.get(detail_url(meeting)).content.decode()
    assert f'hx-get="{reverse("dashboards:meeting_targets", args=[meeting.pk])}"' in html


def test_a_manager_reads_the_meeting_without_edit_buttons(client, manager, zone):
    meeting = MeetingFactory(zone=zone)
    client.force_login(manager)
    response = client.get(detail_url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert edit_url(meeting) not in html
    assert reverse("meetings:directive_add", args=[meeting.pk]) not in html


@pytest.mark.parametrize(("zone_code", "count"), [("S377028", 12), ("G371152", 7)])
def test_the_seeded_meetings_show_every_requirement_of_their_article(admin_client, zone_code, count):
    """Yiyuan's mobilization meeting set 12 requirements, Dongying's work
    conference 7; each is a directive on the meeting's page."""
    call_command("seed_articles", stdout=io.StringIO())
    meeting = Meeting.objects.get(zone__code=zone_code)

    response = admin_client.get(detail_url(meeting))

    assert response.status_code == 200
    directives = list(response.context["directives"])
    assert len(directives) == count
    assert [d.order for d in directives] == list(range(1, count + 1))
    html = response.content.decode()
    assert f"{count} requirements" in html
    for directive in directives:
        assert reverse("meetings:directive_detail", args=[directive.pk]) in html


# Recording


def test_staff_record_a_meeting_with_its_people_documents_and_targets(staff_client, staff, zone, officials):
    """Everything is saved in the meeting's zone; a participant without
    titles gets the official's current ones; documents are numbered in the
    form's order; the targets are the zone's and linked to the meeting; the
    history names the user."""
    response = staff_client.post(
        add_url(),
        form_data(
            zone,
            participants=[
                {"official": officials["chair"].pk, "role": "chair", "titles_at_meeting": "时任副主任"},
                {"official": officials["speaker"].pk, "role": "speaker", "titles_at_meeting": ""},
            ],
            documents=[
                {"title": "“四下基层”实施方案", "read_by": officials["reader"].pk},
                {"title": "“揭榜挂帅”工作方案", "read_by": ""},
            ],
            targets=[target_row(), target_row("major_projects_investment", value="1600000", qualifier="over")],
        ),
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting)
    assert (meeting.zone, meeting.date, meeting.kind) == (zone, datetime.date(2024, 2, 22), "mobilization")
    assert sorted(meeting.participants.values_list("official__name", "role", "titles_at_meeting")) == [
        ("刘峰", "speaker", "党工委副书记、管委会主任"),
        ("谭延训", "chair", "时任副主任"),
    ]
    assert list(meeting.documents.values_list("order", "title", "read_by__name")) == [
        (1, "“四下基层”实施方案", "魏燕玲"),
        (2, "“揭榜挂帅”工作方案", None),
    ]
    targets = {t.metric.code: t for t in meeting.targets.all()}
    assert set(targets) == {"major_projects", "major_projects_investment"}
    assert targets["major_projects_investment"].value == Decimal("1600000")
    assert targets["major_projects_investment"].qualifier == "over"
    assert {t.zone for t in targets.values()} == {zone}
    assert meeting.history.earliest("history_date").history_user == staff
    assert set(meeting.history.values_list("history_user", flat=True)) == {staff.pk}
    assert {t.history.get().history_user for t in targets.values()} == {staff}
    assert {p.history.get().history_user for p in meeting.participants.all()} == {staff}


def test_blank_rows_are_left_out(staff_client, zone):
    response = staff_client.post(
        add_url(),
        form_data(
            zone,
            participants=[{"official": "", "role": "", "titles_at_meeting": ""}],
            documents=[{"title": "", "read_by": ""}],
            targets=[{"metric": "", "year": "", "quarter": "", "month": "", "value": "", "qualifier": "exact"}],
        ),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert not meeting.participants.exists() and not meeting.documents.exists() and not meeting.targets.exists()


def test_the_form_offers_the_users_zone_and_only_its_officials(staff_client, zone, other_zone, officials):
    OfficialFactory(zone=other_zone, name="别区干部")
    response = staff_client.get(add_url())
    assert list(response.context["form"].fields["zone"].queryset) == [zone]
    assert response.context["form"].fields["zone"].initial == zone.pk
    html = str(response.context["rows"].participants.forms[0]["official"])
    assert "谭延训（党工委委员、管委会副主任）" in html and "别区干部" not in html


def test_a_duplicate_target_is_explained_on_its_row_and_nothing_is_saved(staff_client, zone):
    """The zone already has a 2024 target for major projects (set at another
    meeting): the row says so, the page answers 200, and no meeting, target
    or link is saved."""
    earlier = MeetingFactory(zone=zone, title="前次会议")
    existing = TargetFactory(zone=zone, metric=metric("major_projects"), year=2024, value=Decimal("40"))
    earlier.targets.add(existing)

    response = staff_client.post(
        add_url(), form_data(zone, title="新会议", targets=[target_row("signed_projects"), target_row(value="50")])
    )

    assert response.status_code == 200
    target_forms = response.context["rows"].targets.forms
    message = "This zone already has a target for this metric and period."
    assert target_forms[0].errors == {}
    assert target_forms[1].non_field_errors() == [message]
    html = response.content.decode()
    assert f'<tr class="row-errors"><td colspan="7" class="text-danger small border-top-0 pt-0">{message}</td></tr>' in html
    assert "Please correct the errors below." in html
    assert list(Meeting.objects.values_list("title", flat=True)) == ["前次会议"]
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal("40")]


def test_a_quarterly_target_beside_the_yearly_one_is_no_duplicate(staff_client, zone):
    TargetFactory(zone=zone, metric=metric("major_projects"), year=2024)
    response = staff_client.post(add_url(), form_data(zone, targets=[target_row(quarter="1", value="10")]))
    assert response.status_code == 302
    assert Meeting.objects.get().targets.get().quarter == 1


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ([target_row, target_row], "This target is already in the form for this metric and period."),
        ([lambda: target_row(quarter="1", month="2")], "Give a quarter or a month, not both."),
    ],
)
def test_conflicting_target_rows_are_explained_on_the_row(staff_client, zone, targets, message):
    response = staff_client.post(add_url(), form_data(zone, targets=[make() for make in targets]))
    assert response.status_code == 200
    assert message in response.context["rows"].targets.forms[-1].non_field_errors()
    assert message in response.content.decode()
    assert not Meeting.objects.exists() and not Target.objects.exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"year": "1900"}, "year", "Ensure this value is greater than or equal to 1978."),
        ({"value": "-1"}, "value", "Ensure this value is greater than or equal to 0."),
        ({"quarter": "5"}, "quarter", "Ensure this value is less than or equal to 4."),
        ({"metric": ""}, "metric", "This field is required."),
    ],
)
def test_a_bad_target_value_is_shown_beside_its_cell(staff_client, zone, row, field, message):
    response = staff_client.post(add_url(), form_data(zone, targets=[target_row(**row)]))
    assert response.status_code == 200
    assert message in response.context["rows"].targets.forms[0].errors[field]
    assert f'<div class="invalid-feedback d-block">{message}' in response.content.decode()
    assert not Meeting.objects.exists()


def two_years_ahead():
    return (timezone.localdate() + datetime.timedelta(days=730)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"date": ""}, "date", "This field is required."),
        ({"date": two_years_ahead}, "date", "A planned meeting can be at most a year ahead"),
        ({"date": "1988-05-01"}, "date", "The date cannot be before 1990-01-01."),
        ({"kind": "banquet"}, "kind", "Select a valid choice."),
        # A 10 MB paste reaches the form (settings allow 16 MB request bodies).
        ({"summary": "x" * 10 * 1024 * 1024}, "summary", "Ensure this value has at most 5000 characters"),
        ({"title": "题" * 301}, "title", "Ensure this value has at most 300 characters"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_saves_nothing(staff_client, zone, officials, overrides, field, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = staff_client.post(
        add_url(),
        form_data(zone, participants=[{"official": officials["chair"].pk, "role": "chair"}], targets=[target_row()], **overrides),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block">{message}' in html
    assert "Please correct the errors below." in html
    assert not Meeting.objects.exists() and not Target.objects.exists() and not MeetingParticipant.objects.exists()


def test_a_second_meeting_of_the_same_title_on_the_same_day_is_refused(staff_client, zone):
    MeetingFactory(zone=zone, title="动员大会", date=datetime.date(2024, 2, 22))
    response = staff_client.post(add_url(), form_data(zone, title="动员大会"))
    assert response.status_code == 200
    assert "This zone already has a meeting of this title on this date." in response.content.decode()
    assert Meeting.objects.count() == 1


def test_an_official_of_another_of_the_users_zones_is_refused_beside_the_field(client, zone, other_zone):
    user = make_user("two_zones", role=roles.STAFF, zones=[zone, other_zone])
    theirs = OfficialFactory(zone=other_zone, name="别区干部")
    client.force_login(user)

    response = client.post(add_url(), form_data(zone, participants=[{"official": theirs.pk, "role": "speaker"}]))

    assert response.status_code == 200
    assert response.context["rows"].participants.forms[0].errors["official"] == [
        "Choose an official of the meeting's zone."
    ]
    assert not Meeting.objects.exists()


def test_an_official_of_a_zone_the_user_does_not_work_in_is_an_invalid_choice(staff_client, zone, other_zone):
    theirs = OfficialFactory(zone=other_zone)
    response = staff_client.post(add_url(), form_data(zone, documents=[{"title": "文件", "read_by": theirs.pk}]))
    assert response.status_code == 200
    assert "Select a valid choice." in " ".join(response.context["rows"].documents.forms[0].errors["read_by"])
    assert not Meeting.objects.exists()


def test_staff_cannot_record_in_another_zone(staff_client, other_zone):
    response = staff_client.post(add_url(), form_data(other_zone))
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_manager_may_not_record_a_meeting(client, manager, zone):
    client.force_login(manager)
    assert client.get(add_url()).status_code == 403
    assert client.post(add_url(), form_data(zone)).status_code == 403
    assert not Meeting.objects.exists()


def test_the_service_refuses_a_manager_too(manager, zone):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            user=manager,
            data={"zone": zone, "date": datetime.date(2024, 2, 22), "title": "动员大会", "kind": "mobilization"},
        )
    assert "zone" in excinfo.value.message_dict
    assert not Meeting.objects.exists()


def test_an_administrator_records_in_any_zone(client, other_zone):
    client.force_login(administrator())
    response = client.post(add_url(), form_data(other_zone))
    assert response.status_code == 302
    assert Meeting.objects.get().zone == other_zone


# Editing


@pytest.fixture
def recorded(staff, zone, officials):
    """A meeting recorded through the service by another member of staff."""
    creator = make_user("creator", role=roles.STAFF, zones=[zone])
    return services.meeting_create(
        user=creator,
        data={"zone": zone, "date": datetime.date(2024, 2, 22), "title": "动员大会", "kind": "mobilization"},
        participants=[
            {"official": officials["chair"], "role": "chair"},
            {"official": officials["speaker"], "role": "speaker"},
        ],
        documents=[{"title": "工作方案", "read_by": officials["reader"]}],
        targets=[
            {"metric": metric("major_projects"), "year": 2024, "value": Decimal("50"), "qualifier": "exact"},
            {"metric": metric("signed_projects"), "year": 2024, "value": Decimal("30"), "qualifier": "exact"},
        ],
    )


def test_staff_edit_the_meeting_and_its_rows_and_the_history_names_them(staff_client, staff, recorded):
    """A new title, the speaker taken off, a document added, one target's
    value changed and the other target removed (deleted: no other meeting
    set it). One history entry of the meeting names the editor."""
    page = staff_client.get(edit_url(recorded))
    data = payload(page)
    participants = page.context["rows"].participants.forms
    speaker = next(i for i, f in enumerate(participants) if f.instance.role == "speaker")
    targets = page.context["rows"].targets.forms
    major = next(i for i, f in enumerate(targets) if f.instance.metric.code == "major_projects")
    signed = next(i for i, f in enumerate(targets) if f.instance.metric.code == "signed_projects")
    data.update(
        {
            "title": "集中攻坚动员大会",
            f"participants-{speaker}-DELETE": "on",
            "documents-1-title": "实施方案",
            f"targets-{major}-value": "55",
            f"targets-{signed}-DELETE": "on",
        }
    )

    response = staff_client.post(edit_url(recorded), data)

    assert response.status_code == 302, response.context and [f.errors for f in response.context["rows"]]
    recorded.refresh_from_db()
    assert recorded.title == "集中攻坚动员大会"
    assert list(recorded.participants.values_list("official__name", flat=True)) == ["谭延训"]
    assert list(recorded.documents.values_list("order", "title")) == [(1, "工作方案"), (2, "实施方案")]
    assert [(t.metric.code, t.value) for t in recorded.targets.all()] == [("major_projects", Decimal("55"))]
    assert not Target.objects.filter(metric__code="signed_projects").exists()
    history = staff_client.get(detail_url(recorded)).context["history"]
    changes = {str(label): (old, new, entry.user) for entry in history for label, old, new in entry.changes}
    assert changes["title"] == ("动员大会", "集中攻坚动员大会", staff)
    assert [entry.user for entry in history].count(staff) == 1  # one edit, one entry
    target = recorded.targets.get()
    assert target.history.latest("history_date").history_user == staff


def test_a_target_another_meeting_also_set_is_only_taken_off_this_one(staff_client, zone, recorded):
    signed = recorded.targets.get(metric__code="signed_projects")
    MeetingFactory(zone=zone, title="调度会").targets.add(signed)
    page = staff_client.get(edit_url(recorded))
    data = payload(page)
    index = next(i for i, f in enumerate(page.context["rows"].targets.forms) if f.instance.pk == signed.pk)
    data[f"targets-{index}-DELETE"] = "on"

    assert staff_client.post(edit_url(recorded), data).status_code == 302
    assert not recorded.targets.filter(pk=signed.pk).exists()
    assert Target.objects.filter(pk=signed.pk).exists()


def test_an_unchanged_edit_adds_no_row_history(staff_client, recorded):
    counts = [MeetingParticipant.history.count(), MeetingDocument.history.count(), Target.history.count()]
    response = staff_client.post(edit_url(recorded), payload(staff_client.get(edit_url(recorded))))
    assert response.status_code == 302
    assert [MeetingParticipant.history.count(), MeetingDocument.history.count(), Target.history.count()] == counts


def test_the_zone_stays_what_it_was(staff_client, recorded, other_zone):
    """The zone field is shown but disabled; a forged zone is ignored."""
    page = staff_client.get(edit_url(recorded))
    assert page.context["form"].fields["zone"].disabled
    data = payload(page)
    data["zone"] = other_zone.pk
    assert staff_client.post(edit_url(recorded), data).status_code == 302
    recorded.refresh_from_db()
    assert recorded.zone.short_name == "沂源"


def test_the_date_cannot_move_after_a_progress_note_of_its_directives(staff_client, recorded):
    DirectiveNoteFactory(directive=DirectiveFactory(meeting=recorded), noted_on=datetime.date(2024, 3, 1))
    data = payload(staff_client.get(edit_url(recorded)))
    data["date"] = "2024-03-05"
    response = staff_client.post(edit_url(recorded), data)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "The meeting cannot be later than a due date or progress note of its directives (2024-03-01)."
    ]
    recorded.refresh_from_db()
    assert recorded.date == datetime.date(2024, 2, 22)


def test_a_duplicate_target_on_edit_changes_nothing(staff_client, zone, recorded):
    TargetFactory(zone=zone, metric=metric("funds_in_place"), year=2024)
    page = staff_client.get(edit_url(recorded))
    data = payload(page)
    index = next(i for i, f in enumerate(page.context["rows"].targets.forms) if f.instance.metric.code == "signed_projects")
    data[f"targets-{index}-metric"] = metric("funds_in_place").pk
    data["title"] = "改名"

    response = staff_client.post(edit_url(recorded), data)

    assert response.status_code == 200
    assert response.context["rows"].targets.forms[index].non_field_errors() == [
        "This zone already has a target for this metric and period."
    ]
    recorded.refresh_from_db()
    assert recorded.title == "动员大会"
    assert recorded.targets.filter(metric__code="signed_projects").exists()


def test_a_manager_of_the_zone_may_not_edit(client, manager, recorded):
    client.force_login(manager)
    assert client.get(edit_url(recorded)).status_code == 403
    assert client.post(edit_url(recorded), {}).status_code == 403


# Outsiders


@pytest.mark.parametrize("url", [detail_url, edit_url])
def test_staff_of_another_zone_get_a_404(client, other_zone, zone, url):
    meeting = MeetingFactory(zone=zone)
    client.force_login(staff_of(other_zone, username="other_staff"))
    assert client.get(url(meeting)).status_code == 404


def test_staff_of_another_zone_cannot_post_an_edit(client, other_zone, recorded):
    client.force_login(staff_of(other_zone, username="other_staff"))
    assert client.post(edit_url(recorded), {"title": "改"}).status_code == 404
    recorded.refresh_from_db()
    assert recorded.title == "动员大会"


def test_a_signing_ceremony_lists_the_projects_signed_at_it(staff_client, zone):
    """The activity page of a signing ceremony heads its projects as those
    signed at it; other activities as the projects they led to."""
    ceremony = PromotionActivityFactory(zone=zone, kind="signing_ceremony")
    ceremony.projects.set([ProjectFactory(zone=zone, name="海上风电装备项目")])
    visit = PromotionActivityFactory(zone=zone, kind="outbound_visit")
    html = staff_client.get(reverse("meetings:activity_detail", args=[ceremony.pk])).content.decode()
    assert "Projects signed at it" in html and "海上风电装备项目" in html
    html = staff_client.get(reverse("meetings:activity_detail", args=[visit.pk])).content.decode()
    assert "Projects signed at it" not in html and "projects it led to" in html
