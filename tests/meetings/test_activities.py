"""The promotion activity pages (招商活动, 客商接待): list, detail, record, edit.

Personas: staff of the zone, staff of another zone, a manager of the zone,
an administrator, and an anonymous visitor.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from devzone import roles
from meetings import services
from meetings.models import PromotionActivity
from tests.factories import ProjectFactory, PromotionActivityFactory, SourceArticleFactory
from tests.personas import administrator, make_user

pytestmark = pytest.mark.django_db


# URLs are reversed inside the tests, under the English of conftest.py, so
# that the pages answer in English too (/en/...).
def list_url():
    return reverse("meetings:activity_list")


def add_url():
    return reverse("meetings:activity_add")


def detail_url(activity):
    return reverse("meetings:activity_detail", args=[activity.pk])


def edit_url(activity):
    return reverse("meetings:activity_edit", args=[activity.pk])


def listed(response):
    return {activity.title for activity in response.context["object_list"]}


def form_data(zone, **overrides):
    data = {
        "zone": zone.pk,
        "date": "2024-06-18",
        "kind": "investor_reception",
        "title": "接待深圳某新材料企业考察团",
        "place": "开发区管委会",
        "counterpart": "深圳某新材料有限公司董事长一行",
        "outcome": "达成初步投资意向",
    }
    data.update(overrides)
    return data


# The list


def test_it_lists_only_the_activities_of_the_users_zones_with_their_count(staff_client, zone, other_zone):
    """Staff see their zone's rows and nothing of another zone; the count
    says how many batches match."""
    PromotionActivityFactory(zone=zone, title="赴长三角招商")
    PromotionActivityFactory(zone=zone, title="接待客商")
    PromotionActivityFactory(zone=other_zone, title="别区活动")

    response = staff_client.get(list_url())

    assert response.status_code == 200
    assert listed(response) == {"赴长三角招商", "接待客商"}
    assert "2 activities in all" in response.content.decode()
    assert "别区活动" not in response.content.decode()


def test_a_single_activity_is_counted_in_the_singular(staff_client, zone):
    PromotionActivityFactory(zone=zone)
    assert "1 activity in all" in staff_client.get(list_url()).content.decode()


def test_it_shows_each_rows_facts_and_its_number_of_linked_projects(staff_client, zone):
    """Kind, date as Y-m-d, place, investors met, zone and the count of
    linked projects appear in the row."""
    activity = PromotionActivityFactory(
        zone=zone, title="赴深圳招商", date=datetime.date(2024, 3, 7), place="深圳", counterpart="某电子集团"
    )
    activity.projects.set([ProjectFactory(zone=zone), ProjectFactory(zone=zone)])

    response = staff_client.get(list_url())

    row = response.context["object_list"][0]
    assert row.project_count == 2
    html = response.content.decode()
    for text in ("Outbound visit", "2024-03-07", "赴深圳招商", "深圳", "某电子集团", "<td>沂源</td>", "<td class=\"amount\">2</td>"):
        assert text in html
    assert f'href="{detail_url(activity)}"' in html


@pytest.fixture
def three_activities(zone):
    return [
        PromotionActivityFactory(
            zone=zone, title="赴上海招商", kind="outbound_visit", date=datetime.date(2024, 1, 15), place="上海"
        ),
        PromotionActivityFactory(
            zone=zone,
            title="接待客商",
            kind="investor_reception",
            date=datetime.date(2024, 5, 20),
            counterpart="上海某集团",
        ),
        PromotionActivityFactory(
            zone=zone, title="产业推介会", kind="promotion_conference", date=datetime.date(2023, 11, 2), place="济南"
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "investor_reception"}, {"接待客商"}),
        ({"date_after": "2024-01-01", "date_before": "2024-03-31"}, {"赴上海招商"}),
        ({"date_after": "2024-01-15"}, {"赴上海招商", "接待客商"}),
        ({"date_before": "2024-01-15"}, {"赴上海招商", "产业推介会"}),
        ({"year": "2023"}, {"产业推介会"}),
        # q looks in the title, the place and the investors met.
        ({"q": "上海"}, {"赴上海招商", "接待客商"}),
        ({"q": "济南"}, {"产业推介会"}),
        ({"q": "推介"}, {"产业推介会"}),
        ({"q": "上海", "kind": "outbound_visit"}, {"赴上海招商"}),
        ({"q": "无此活动"}, set()),
    ],
)
def test_the_filters_give_exactly_the_matching_rows(staff_client, three_activities, query, expected):
    response = staff_client.get(list_url(), query)
    assert listed(response) == expected
    assert response.context["paginator"].count == len(expected)


def test_the_zone_filter_offers_only_the_users_zones(staff_client, zone, other_zone):
    """Asking for another zone's rows is an invalid choice, not a leak."""
    PromotionActivityFactory(zone=other_zone, title="别区活动")
    response = staff_client.get(list_url(), {"zone": other_zone.pk})
    assert list(response.context["filter"].form.fields["zone"].queryset) == [zone]
    assert listed(response) == set()


def test_sorting_keeps_the_filters_in_the_links(staff_client, three_activities):
    """Sorted by date, oldest first; the header links carry the filter."""
    response = staff_client.get(list_url(), {"sort": "date", "q": "上"})
    assert [a.title for a in response.context["object_list"]] == ["赴上海招商", "接待客商"]
    assert 'href="?sort=-date&amp;q=%E4%B8%8A"' in response.content.decode()


def test_it_pages_by_fifty_keeping_the_filters(staff_client, zone):
    PromotionActivityFactory.create_batch(51, zone=zone, kind="outbound_visit")
    response = staff_client.get(list_url(), {"kind": "outbound_visit"})
    assert len(response.context["object_list"]) == 50
    assert "51 activities in all" in response.content.decode()
    assert "?kind=outbound_visit&amp;page=2" in response.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_the_list_costs_the_same_queries_for_3_or_20_activities(client, staff, zone, count, django_assert_num_queries):
    """No query per row: the project counts come from one annotated query.

    The 9: session, user, the user's groups, memberships, the row count, the
    can-record check, the layout's zones, the zone filter's choices, the rows
    of the page with their project counts."""
    for activity in PromotionActivityFactory.create_batch(count, zone=zone):
        activity.projects.set([ProjectFactory(zone=zone)])
    client.force_login(staff)
    with django_assert_num_queries(8):
        response = client.get(list_url())
    assert response.context["paginator"].count == count


# The detail page


def test_the_detail_page_shows_facts_outcome_projects_source_and_history(staff_client, staff, zone):
    project = ProjectFactory(zone=zone, name="新材料产业园项目")
    activity = services.activity_create(
        user=staff,
        data={
            "zone": zone,
            "date": datetime.date(2024, 4, 9),
            "kind": "signing_ceremony",
            "title": "集中签约仪式",
            "place": "开发区会展中心",
            "counterpart": "三家企业",
            "outcome": "签约项目3个",
            "source": SourceArticleFactory(title="开发区举行集中签约仪式"),
            "source_quote": "集中签约项目3个",
        },
        projects=[project],
    )

    response = staff_client.get(detail_url(activity))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("集中签约仪式", "Signing ceremony", "2024-04-09", "开发区会展中心", "三家企业", "签约项目3个"):
        assert text in html
    assert f'href="{project.get_absolute_url()}"' in html and "新材料产业园项目" in html
    assert "开发区举行集中签约仪式" in html and "集中签约项目3个" in html
    history = response.context["history"]
    assert history[-1].kind == "+" and history[-1].user == staff
    assert ("projects it led to", "—", "新材料产业园项目") in [
        (str(label), old, new) for entry in history for label, old, new in entry.changes
    ]


def test_a_manager_of_the_zone_reads_the_detail_without_an_edit_button(client, manager, zone):
    activity = PromotionActivityFactory(zone=zone)
    client.force_login(manager)
    response = client.get(detail_url(activity))
    assert response.status_code == 200
    assert edit_url(activity) not in response.content.decode()


# Recording


def test_staff_record_an_activity_with_its_projects_and_history(staff_client, staff, zone):
    """The activity is saved with who recorded it, the year of its date, its
    projects, and a history entry naming the user."""
    project = ProjectFactory(zone=zone)

    response = staff_client.post(add_url(), form_data(zone, projects=[project.pk]))

    activity = PromotionActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(activity)
    assert activity.recorded_by == staff
    assert activity.year == 2024
    assert activity.title == "接待深圳某新材料企业考察团"
    assert list(activity.projects.all()) == [project]
    first = activity.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_user == staff
    assert set(activity.history.values_list("history_user", flat=True)) == {staff.pk}


def test_a_planned_visit_within_a_year_is_accepted(staff_client, zone):
    ahead = timezone.localdate() + datetime.timedelta(days=300)
    response = staff_client.post(add_url(), form_data(zone, date=ahead.isoformat()))
    assert response.status_code == 302
    assert PromotionActivity.objects.get().date == ahead


def test_an_administrator_records_in_any_zone(client, other_zone):
    client.force_login(administrator())
    response = client.post(add_url(), form_data(other_zone))
    assert response.status_code == 302
    assert PromotionActivity.objects.get().zone == other_zone


def test_the_form_offers_only_the_zone_and_projects_of_a_single_zone_user(staff_client, zone, other_zone):
    mine, theirs = ProjectFactory(zone=zone, name="本区项目"), ProjectFactory(zone=other_zone, name="别区项目")
    form = staff_client.get(add_url()).context["form"]
    assert list(form.fields["zone"].queryset) == [zone]
    assert form.fields["zone"].initial == zone.pk
    html = str(form["projects"])
    assert "本区项目" in html and "别区项目" not in html
    assert theirs.pk not in {p.pk for p in form.fields["projects"].queryset}
    assert mine.pk in {p.pk for p in form.fields["projects"].queryset}


def two_years_ahead():
    return (timezone.localdate() + datetime.timedelta(days=730)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"date": ""}, "date", "This field is required."),
        ({"date": two_years_ahead}, "date", "A planned activity can be at most a year ahead"),
        ({"date": "1988-05-01"}, "date", "The date cannot be before 1990-01-01."),
        ({"kind": "banquet"}, "kind", "Select a valid choice."),
        # A 10 MB paste reaches the form (settings allow 16 MB request bodies).
        ({"outcome": "x" * 10 * 1024 * 1024}, "outcome", "Ensure this value has at most 5000 characters"),
        ({"title": "题" * 301}, "title", "Ensure this value has at most 300 characters"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_saves_nothing(staff_client, zone, overrides, field, message):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = staff_client.post(add_url(), form_data(zone, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block">{message}' in html
    assert "Please correct the errors below." in html
    assert not PromotionActivity.objects.exists()


def test_a_project_of_another_of_the_users_zones_is_refused_beside_the_field(client, zone, other_zone):
    """Staff of two zones cannot link a project of one to an activity of the
    other; the message names the project."""
    user = make_user("two_zones", role=roles.STAFF, zones=[zone, other_zone])
    theirs = ProjectFactory(zone=other_zone, name="别区项目")
    client.force_login(user)

    response = client.post(add_url(), form_data(zone, projects=[theirs.pk]))

    assert response.status_code == 200
    assert response.context["form"].errors["projects"] == ["These projects belong to another zone: 别区项目."]
    assert "These projects belong to another zone: 别区项目." in response.content.decode()
    assert not PromotionActivity.objects.exists()


def test_a_project_of_a_zone_the_user_does_not_work_in_is_an_invalid_choice(staff_client, zone, other_zone):
    theirs = ProjectFactory(zone=other_zone)
    response = staff_client.post(add_url(), form_data(zone, projects=[theirs.pk]))
    assert response.status_code == 200
    assert "Select a valid choice." in " ".join(response.context["form"].errors["projects"])
    assert not PromotionActivity.objects.exists()


def test_staff_cannot_record_in_another_zone(staff_client, other_zone):
    response = staff_client.post(add_url(), form_data(other_zone))
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    assert not PromotionActivity.objects.exists()


def test_the_outcome_textarea_caps_a_paste_in_the_browser(staff_client):
    """The browser cuts a paste to 5,000 characters before it is sent."""
    html = str(staff_client.get(add_url()).context["form"]["outcome"])
    assert 'maxlength="5000"' in html


def test_a_manager_may_not_record_an_activity(client, manager, zone):
    """Managers read and confirm; recording is refused with a 403."""
    client.force_login(manager)
    assert client.get(add_url()).status_code == 403
    assert client.post(add_url(), form_data(zone)).status_code == 403
    assert not PromotionActivity.objects.exists()


def test_the_service_refuses_a_manager_too(manager, zone):
    with pytest.raises(ValidationError) as excinfo:
        services.activity_create(
            user=manager,
            data={"zone": zone, "date": datetime.date(2024, 6, 1), "kind": "outbound_visit", "title": "赴京招商"},
        )
    assert "zone" in excinfo.value.message_dict
    assert not PromotionActivity.objects.exists()


# Editing


def test_staff_edit_an_activity_and_the_history_says_who_changed_what(staff_client, staff, zone):
    """The edit is saved; the first recorder stays; the history names the
    editor with each field's old and new value, in a single entry."""
    creator = make_user("creator", role=roles.STAFF, zones=[zone])
    activity = services.activity_create(
        user=creator,
        data={"zone": zone, "date": datetime.date(2024, 6, 1), "kind": "outbound_visit", "title": "赴京招商"},
    )
    project = ProjectFactory(zone=zone, name="总部项目")

    form = staff_client.get(edit_url(activity)).context["form"]
    assert form["title"].value() == "赴京招商"
    response = staff_client.post(
        edit_url(activity),
        form_data(zone, title="赴北京招商", date="2025-01-08", kind="outbound_visit", projects=[project.pk]),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.year, activity.recorded_by) == ("赴北京招商", 2025, creator)
    assert list(activity.projects.all()) == [project]
    history = staff_client.get(detail_url(activity)).context["history"]
    changes = {str(label): (old, new, entry.user) for entry in history for label, old, new in entry.changes}
    assert changes["title"] == ("赴京招商", "赴北京招商", staff)
    assert changes["date"] == ("2024-06-01", "2025-01-08", staff)
    assert changes["projects it led to"] == ("—", "总部项目", staff)
    assert [entry.user for entry in history].count(staff) == 1  # one edit, one entry
    assert history[-1].user == creator and history[-1].kind == "+"


def test_an_edit_with_a_bad_date_is_shown_and_changes_nothing(staff_client, zone):
    activity = PromotionActivityFactory(zone=zone, title="赴京招商")
    response = staff_client.post(edit_url(activity), form_data(zone, date=two_years_ahead()))
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.title == "赴京招商"


def test_staff_cannot_move_an_activity_into_a_zone_they_do_not_work_in(staff, zone, other_zone):
    activity = PromotionActivityFactory(zone=zone)
    with pytest.raises(ValidationError) as excinfo:
        services.activity_update(user=staff, activity=activity, data={"zone": other_zone}, projects=[])
    assert "zone" in excinfo.value.message_dict
    activity.refresh_from_db()
    assert activity.zone == zone


def test_a_manager_of_the_zone_may_not_edit(client, manager, zone):
    activity = PromotionActivityFactory(zone=zone)
    client.force_login(manager)
    assert client.get(edit_url(activity)).status_code == 403
    assert client.post(edit_url(activity), form_data(zone)).status_code == 403


# Outsiders


@pytest.mark.parametrize("url", [detail_url, edit_url])
def test_staff_of_another_zone_get_a_404(client, other_staff, zone, url):
    """An activity outside the user's zones does not exist for them."""
    activity = PromotionActivityFactory(zone=zone)
    client.force_login(other_staff)
    assert client.get(url(activity)).status_code == 404


def test_staff_of_another_zone_cannot_post_an_edit(client, other_staff, zone):
    activity = PromotionActivityFactory(zone=zone, title="赴京招商")
    client.force_login(other_staff)
    assert client.post(edit_url(activity), form_data(zone, title="改")).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "赴京招商"


@pytest.mark.parametrize("name", ["list", "add", "detail", "edit"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, zone, name):
    activity = PromotionActivityFactory(zone=zone)
    url = {"list": list_url(), "add": add_url(), "detail": detail_url(activity), "edit": edit_url(activity)}[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
