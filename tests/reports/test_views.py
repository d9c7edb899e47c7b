"""The report pages through the personas, what they show, and their query
counts."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insights.models import Bulletin, DispatchSheet, TaskKind, TaskRun, TaskStatus
from insights.reports import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

LOGIN = "login"
PERSONAS = ("anonymous", "staff", "other_staff", "manager", "administrator")


@pytest.fixture
def produced(world, people, scheme):
    bulletin = services.bulletin_produce(year=2024, month=10)
    sheets = services.dispatch_produce(week_start=datetime.date(2024, 11, 4))
    services.assessment_produce(scheme=scheme, as_of=datetime.date(2024, 10, 31))
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10},
                                 requested_by=people["manager"], status=TaskStatus.DONE,
                                 result={"bulletin": bulletin.pk, "year": 2024, "month": 10})
    sheet_a = next(sheet for sheet in sheets if sheet.zone == world["a"])
    return {"bulletin": bulletin, "sheet": sheet_a, "scheme": scheme, "run": run}


# url name: (method, args key, statuses for anonymous, staff, other staff, manager, administrator)
TABLE = {
    "reports:bulletin_list": ("get", None, (LOGIN, 200, 200, 200, 200)),
    "reports:bulletin_detail": ("get", "bulletin", (LOGIN, 200, 200, 200, 200)),
    "reports:bulletin_export": ("get", "bulletin", (LOGIN, 200, 200, 200, 200)),
    "reports:dispatch_list": ("get", None, (LOGIN, 200, 200, 200, 200)),
    "reports:dispatch_detail": ("get", "sheet", (LOGIN, 200, 404, 200, 200)),
    "reports:assessment_list": ("get", None, (LOGIN, 200, 200, 200, 200)),
    "reports:assessment_detail": ("get", "scheme", (LOGIN, 200, 200, 200, 200)),
    "reports:run_list": ("get", None, (LOGIN, 403, 403, 200, 200)),
    "reports:run_add": ("get", None, (LOGIN, 403, 403, 200, 200)),
    "reports:run_detail": ("get", "run", (LOGIN, 403, 403, 200, 200)),
}


def args_for(key, produced):
    if key is None:
        return []
    if key == "bulletin":
        return [produced["bulletin"].year, produced["bulletin"].month]
    return [produced[key].pk]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_persona_gets_its_status(client, produced, people, name, persona):
    method, key, statuses = TABLE[name]
    expected = dict(zip(PERSONAS, statuses))[persona]
    if persona != "anonymous":
        client.force_login(people[persona])
    url = reverse(name, args=args_for(key, produced))
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} {url}"


def test_the_table_covers_every_reports_url():
    from tests.test_permissions import url_names

    assert {name for name in url_names() if name.startswith("reports:")} == set(TABLE)


def test_staff_cannot_start_a_run(client, people, world):
    client.force_login(people["staff"])
    response = client.post(reverse("reports:run_add"), {"kind": "bulletin", "bulletin-year": 2024, "bulletin-month": 10})
    assert response.status_code == 403
    assert not TaskRun.objects.exists()


def test_a_manager_starts_a_bulletin_and_sees_it_done(client, people, world, django_capture_on_commit_callbacks):
    """Without a broker the run is done when the redirect arrives."""
    client.force_login(people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run_add"), {"kind": "bulletin", "bulletin-year": 2024, "bulletin-month": 10})
    run = TaskRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert (run.kind, run.parameters, run.requested_by) == (TaskKind.BULLETIN, {"year": 2024, "month": 10}, people["manager"])
    page = client.get(run.get_absolute_url())
    assert page.context["run"].status == TaskStatus.DONE
    content = page.content.decode()
    assert "hx-trigger" not in content  # nothing left to poll
    assert reverse("reports:bulletin_detail", args=[2024, 10]) in content


def test_a_manager_of_one_zone_dispatches_that_zone_only(client, people, world, django_capture_on_commit_callbacks):
    client.force_login(people["manager"])
    form = client.get(reverse("reports:run_add")).context["forms"][0][2]
    assert [choice for choice, _ in form.fields["zone"].choices] == [str(world["a"].pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:run_add"), {"kind": "dispatch", "dispatch-week": "2024-11-06",
                                                           "dispatch-zone": world["b"].pk})
    assert response.status_code == 200 and "zone" in response.context["forms"][0][2].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:run_add"), {"kind": "dispatch", "dispatch-week": "2024-11-06",
                                                "dispatch-zone": world["a"].pk})
    run = TaskRun.objects.get()
    assert (run.zone, run.parameters, run.status) == (world["a"], {"week_start": "2024-11-04"}, TaskStatus.DONE)
    assert list(DispatchSheet.objects.values_list("zone", flat=True)) == [world["a"].pk]


def test_a_future_month_is_refused_by_the_form(client, people, world):
    client.force_login(people["manager"])
    response = client.post(reverse("reports:run_add"), {"kind": "bulletin", "bulletin-year": 2100, "bulletin-month": 1})
    assert response.status_code == 200
    assert "This month has not begun yet." in response.context["forms"][1][2].non_field_errors()
    assert not TaskRun.objects.exists()


def test_a_pending_run_polls_and_a_failed_one_shows_why(client, people, world):
    client.force_login(people["manager"])
    queued = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
    content = client.get(queued.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 3s"' in content and "Queued" in content
    assert 'hx-trigger="every 3s"' in client.get(reverse("reports:run_list")).content.decode()
    failed = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10},
                                    status=TaskStatus.FAILED, error="ValueError: 目标数据不完整")
    content = client.get(failed.get_absolute_url()).content.decode()
    assert "Failed" in content and "ValueError: 目标数据不完整" in content and "hx-trigger" not in content


def test_a_zone_run_of_another_zone_is_not_found_for_a_manager_of_one_zone(client, people, world):
    client.force_login(people["manager"])
    run = TaskRun.objects.create(kind=TaskKind.DISPATCH, parameters={"week_start": "2024-11-04"}, zone=world["b"])
    assert client.get(run.get_absolute_url()).status_code == 404
    assert run not in client.get(reverse("reports:run_list")).context["runs"]


def test_the_bulletin_page_shows_the_drafted_text_and_the_tables(client, people, produced):
    client.force_login(people["staff"])
    response = client.get(reverse("reports:bulletin_detail", args=[2024, 10]))
    content = response.content.decode()
    assert produced["bulletin"].data["paragraphs"]["overall"] in content
    assert "1-10月，甲区签约项目3个" in content
    signed = response.context["sections"][0]
    assert signed["code"] == "signed_projects"
    assert [(row["zone"], row["gap_points"], row["rank"]) for row in signed["rows"]] == [
        ("甲经济开发区", "-8.3", 1),
        ("乙经济开发区", "-33.3", 2),
    ]
    assert "75.0%" in content and "+50.0%" in content


def test_the_bulletin_downloads_as_excel_from_the_stored_data(client, people, produced):
    client.force_login(people["manager"])
    response = client.get(reverse("reports:bulletin_export", args=[2024, 10]))
    assert response["Content-Disposition"] == 'attachment; filename="bulletin-2024-10.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    text, figures = workbook.worksheets
    assert text["A5"].value == produced["bulletin"].data["paragraphs"]["overall"]
    rows = list(figures.iter_rows(values_only=True))
    assert rows[0][:5] == ("metric", "unit", "rank", "zone", "actual")
    assert rows[1][:7] == ("签约项目", "projects", 1, "甲经济开发区", 3.0, 4.0, 75.0)
    assert ("签约项目", "projects", None, "all zones", 4.0, 6.0, 66.7) == next(r for r in rows if r[3] == "all zones")[:7]


def test_an_unknown_bulletin_is_not_found(client, people, world):
    client.force_login(people["staff"])
    assert client.get(reverse("reports:bulletin_detail", args=[2023, 1])).status_code == 404


def test_the_dispatch_list_shows_the_users_zones_only(client, people, produced, world):
    client.force_login(people["staff"])
    response = client.get(reverse("reports:dispatch_list"))
    assert [sheet.zone for sheet in response.context["sheets"]] == [world["a"]]
    assert client.get(reverse("reports:dispatch_list"), {"zone": world["b"].pk}).status_code == 404


def test_the_dispatch_sheet_page_lists_its_sections(client, people, produced):
    client.force_login(people["staff"])
    content = client.get(produced["sheet"].get_absolute_url()).content.decode()
    assert "加快甲一项目开工" in content and "用地指标未落实" in content
    assert "Signed" in content  # the stage, in the interface's words


def test_the_assessment_page_shows_each_score_with_its_breakdown(client, people, produced, world):
    client.force_login(people["other_staff"])
    response = client.get(produced["scheme"].get_absolute_url())
    results = list(response.context["results"])
    assert [(r.zone, str(r.score), r.rank) for r in results] == [(world["a"], "75.50", 1), (world["b"], "30.00", 2)]
    content = response.content.decode()
    assert "−1.00" in content and "−0.50" in content and "no target" in content


def test_the_navigation_has_the_bulletins(client, people, world):
    client.force_login(people["staff"])
    items = client.get(reverse("reports:bulletin_list")).context["nav_items"]
    labels = [str(item["label"]) for item in items]
    assert "Bulletins" in labels
    assert next(item for item in items if item["label"] == "Bulletins")["active"]
    assert "Runs" not in client.get(reverse("reports:bulletin_list")).content.decode()


# Query counts ---------------------------------------------------------------------


def _months(count):
    for month in range(1, count + 1):
        Bulletin.objects.create(year=2023, month=month, as_of=datetime.date(2023, month, 28),
                                generated_at="2024-01-01T00:00Z", data={}, text="")


def test_the_bulletin_list_costs_the_same_for_2_and_12_bulletins(client, people, world, django_assert_num_queries):
    client.force_login(people["staff"])
    _months(2)
    url = reverse("reports:bulletin_list")
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)
    Bulletin.objects.all().delete()
    _months(12)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["bulletins"]) == 12


def test_the_bulletin_page_is_a_fixed_number_of_queries(client, people, produced, django_assert_num_queries):
    client.force_login(people["staff"])
    url = reverse("reports:bulletin_detail", args=[2024, 10])
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
