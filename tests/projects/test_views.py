"""The project pages as staff use them: bad input, conflicts, exports,
and query counts that do not grow with the rows."""
import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.choices import Stage
from projects.models import InvestmentProject, ProgressReport
from tests.factories import IndustryFactory, ProgressReportFactory, ProjectFactory, ZoneFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def zone():
    return ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区")


@pytest.fixture
def staff(zone):
    return staff_of(zone)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def project_form(zone, **overrides):
    data = {
        "zone": zone.pk,
        "name": "高端医药中间体项目",
        "investor_name": "某医药集团",
        "stage": Stage.NEGOTIATING,
        "stage_date": TODAY.isoformat(),
        "planned_investment": "120000",
        "planned_start_on": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_staff_record_a_project_and_land_on_its_page(staff_client, zone, staff):
    response = staff_client.post(reverse("projects:project_add"), project_form(zone))
    project = InvestmentProject.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (project.zone, project.investor.name, project.planned_investment) == (zone, "某医药集团", Decimal("120000.00"))
    assert project.history.first().history_user == staff


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"planned_investment": "-5"}, "planned_investment"),
        ({"planned_investment": "一百万"}, "planned_investment"),
        ({"planned_investment": "1000000000000"}, "planned_investment"),
        ({"name": ""}, "name"),
        ({"description": "长" * (10 * 1024 * 1024 // 3)}, "description"),  # a 10 MB paste
        ({"stage_date": (TODAY + datetime.timedelta(days=3)).isoformat()}, "stage_date"),
        ({"jobs": "-3"}, "jobs"),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_saves_nothing(staff_client, zone, overrides, field):
    response = staff_client.post(reverse("projects:project_add"), project_form(zone, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert not InvestmentProject.objects.exists()


def test_a_zone_the_user_does_not_work_in_is_refused(staff_client, zone):
    other = ZoneFactory()
    response = staff_client.post(reverse("projects:project_add"), project_form(other))
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    assert not InvestmentProject.objects.exists()


def test_a_duplicate_project_is_refused_with_a_message(staff_client, zone):
    staff_client.post(reverse("projects:project_add"), project_form(zone))
    response = staff_client.post(reverse("projects:project_add"), project_form(zone))
    assert response.status_code == 200
    assert "This zone already has a project of this name from this investor." in response.content.decode()
    assert InvestmentProject.objects.count() == 1


def test_dates_out_of_order_on_edit_are_refused(staff_client, zone, staff):
    project = services.project_create(
        user=staff, data={"zone": zone, "name": "甲项目"}, investor_name="", stage=Stage.NEGOTIATING, stage_date=TODAY
    )
    project.signed_on = datetime.date(2024, 5, 1)
    project.save()
    data = project_form(zone, name="甲项目", investor_name="", version=project.version, planned_start_on="2024-04-01")
    response = staff_client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 200
    assert "planned_start_on" in response.context["form"].errors
    project.refresh_from_db()
    assert project.planned_start_on is None


def test_the_second_of_two_concurrent_edits_is_refused_and_shows_the_first(client, zone, staff):
    project = services.project_create(
        user=staff, data={"zone": zone, "name": "乙项目", "planned_investment": Decimal("100")},
        investor_name="", stage=Stage.NEGOTIATING, stage_date=TODAY,
    )
    colleague = staff_of(zone, username="colleague")
    opened = project.version
    client.force_login(colleague)
    first = client.post(
        reverse("projects:project_edit", args=[project.pk]),
        project_form(zone, name="乙项目", investor_name="", planned_investment="300", version=opened),
    )
    assert first.status_code == 302
    client.force_login(staff)
    second = client.post(
        reverse("projects:project_edit", args=[project.pk]),
        project_form(zone, name="乙项目", investor_name="", planned_investment="200", version=opened),
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else saved this project after you opened it." in page
    assert "colleague" in page and "300.00" in page
    project.refresh_from_db()
    assert project.planned_investment == Decimal("300.00")


def test_moving_back_without_a_reason_is_refused_on_the_stage_form(staff_client, zone, staff):
    project = services.project_create(
        user=staff, data={"zone": zone, "name": "丙项目"}, investor_name="", stage=Stage.NEGOTIATING, stage_date=TODAY
    )
    response = staff_client.post(
        reverse("projects:project_stage", args=[project.pk]),
        {"stage": Stage.LEAD, "changed_on": TODAY.isoformat(), "reason": ""},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING


def test_a_progress_report_is_added_and_shown_with_running_totals(staff_client, zone, staff):
    project = services.project_create(
        user=staff, data={"zone": zone, "name": "丁项目", "planned_investment": Decimal("5000")},
        investor_name="", stage=Stage.NEGOTIATING, stage_date=TODAY - datetime.timedelta(days=60),
    )
    url = reverse("projects:progress_report_add", args=[project.pk])
    for start, end, invest, funds in [("2026-09-01", "2026-09-30", "1000", "600"), ("2026-10-01", "2026-10-31", "500.5", "0")]:
        response = staff_client.post(url, {
            "period_start": start, "period_end": end, "investment_completed": invest,
            "funds_in_place": funds, "stage": Stage.NEGOTIATING, "problems": "",
        })
        assert response.status_code == 302
    page = staff_client.get(project.get_absolute_url()).content.decode()
    # 1,000.00 then 1,000 + 500.50 = 1,500.50 cumulative; funds 600 total.
    assert "1,500.50" in page and "600.00" in page
    assert ProgressReport.objects.filter(project=project).count() == 2


def test_a_report_with_text_in_an_amount_is_refused(staff_client, zone, staff):
    project = ProjectFactory(zone=zone)
    response = staff_client.post(reverse("projects:progress_report_add", args=[project.pk]), {
        "period_start": "2024-04-01", "period_end": "2024-04-30", "investment_completed": "abc",
        "funds_in_place": "-1", "stage": Stage.SIGNED, "problems": "",
    })
    assert response.status_code == 200
    assert {"investment_completed", "funds_in_place"} <= set(response.context["form"].errors)
    assert not ProgressReport.objects.exists()


@pytest.fixture
def listed(zone):
    industry = IndustryFactory(name="新医药")
    return {
        "a": ProjectFactory(zone=zone, name="医药甲", industry=industry, stage=Stage.SIGNED, planned_investment=Decimal("200000")),
        "b": ProjectFactory(zone=zone, name="医药乙", industry=industry, stage=Stage.NEGOTIATING, planned_investment=Decimal("5000")),
        "c": ProjectFactory(zone=zone, name="材料丙", stage=Stage.SIGNED, planned_investment=Decimal("80000")),
        "hidden": ProjectFactory(zone=ZoneFactory(), name="医药丁", stage=Stage.SIGNED),
    }


def test_the_list_filters_and_counts_only_visible_rows(staff_client, listed):
    response = staff_client.get(reverse("projects:project_list"), {"q": "医药", "stage": Stage.SIGNED})
    assert [p.name for p in response.context["object_list"]] == ["医药甲"]
    assert response.context["paginator"].count == 1


def test_the_planned_investment_range_filter(staff_client, listed):
    response = staff_client.get(reverse("projects:project_list"), {"planned_min": "10000", "planned_max": "100000"})
    assert [p.name for p in response.context["object_list"]] == ["材料丙"]


def test_the_csv_export_holds_exactly_the_filtered_rows(staff_client, listed):
    response = staff_client.get(reverse("projects:project_export", args=["csv"]), {"industry": listed["a"].industry_id, "sort": "name"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == sorted(["医药甲", "医药乙"])


def test_the_xlsx_export_holds_exactly_the_filtered_rows_with_numeric_amounts(staff_client, listed):
    response = staff_client.get(reverse("projects:project_export", args=["xlsx"]), {"stage": Stage.SIGNED})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    amounts = {row[1]: row[header.index("planned total investment (10k yuan)")] for row in rows[1:]}
    assert amounts == {"医药甲": 200000, "材料丙": 80000}


def test_an_export_neutralises_formulas(staff_client, zone):
    ProjectFactory(zone=zone, name="=HYPERLINK(\"http://x\")")
    response = staff_client.get(reverse("projects:project_export", args=["csv"]))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_page_query_count_is_pinned_and_flat(staff_client, zone):
    ProjectFactory.create_batch(3, zone=zone)
    few = count_queries(staff_client, reverse("projects:project_list"))
    ProjectFactory.create_batch(30, zone=zone)
    many = count_queries(staff_client, reverse("projects:project_list"))
    assert (few, many) == (9, 9)


def test_the_detail_page_query_count_is_pinned_and_flat(staff_client, zone, staff):
    project = ProjectFactory(zone=zone)
    for month in (1, 2):
        ProgressReportFactory(project=project, period_start=datetime.date(2024, month, 1), period_end=datetime.date(2024, month, 28))
    few = count_queries(staff_client, project.get_absolute_url())
    for month in range(3, 13):
        ProgressReportFactory(project=project, period_start=datetime.date(2024, month, 1), period_end=datetime.date(2024, month, 28))
    many = count_queries(staff_client, project.get_absolute_url())
    assert (few, many) == (11, 11)


def test_a_search_too_long_to_be_a_name_is_refused_with_a_message(client, django_user_model):
    """A 100 kB search term made SQLite answer 500 ("LIKE or GLOB pattern too
    complex"): the list now says the term is too long and shows nothing."""
    from tests.factories import ZoneFactory
    from tests.personas import staff_of

    client.force_login(staff_of(ZoneFactory()))
    for name in ("projects:project_list", "projects:progress_report_list", "meetings:activity_list", "meetings:meeting_list"):
        response = client.get(reverse(name), {"q": "长" * 100_000})
        assert response.status_code == 200
        assert "q" in response.context["filter"].form.errors
