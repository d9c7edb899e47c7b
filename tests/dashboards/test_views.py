"""The dashboard pages: numbers on the page, drill-downs that lead to the
rows behind them, exports, and query counts that do not grow with the data."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.choices import Stage
from tests.factories import ProgressReportFactory, ProjectFactory, TargetFactory, ZoneFactory, metric
from tests.personas import manager_of, staff_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def zone():
    return ZoneFactory(name="甲开发区")


@pytest.fixture
def data(zone):
    for day, amount in [(5, "20000"), (6, "5000"), (7, None)]:
        ProjectFactory(zone=zone, signed_on=D(2024, 3, day), planned_investment=amount and Decimal(amount))
    ProjectFactory(zone=zone, signed_on=D(2024, 3, 8), stage=Stage.SIGNED, confirmed_stage=Stage.NEGOTIATING)
    ProjectFactory(zone=ZoneFactory(), signed_on=D(2024, 3, 9))  # another zone
    TargetFactory(zone=zone, year=2024, metric=metric("signed_projects"), value=10)
    TargetFactory(zone=zone, year=2024, metric=metric("projects_over_100m"), value=4)


@pytest.fixture
def manager_client(client, zone):
    client.force_login(manager_of(zone))
    return client


def dashboard(client, zone, **params):
    return client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30", **params})


def test_the_cards_show_the_computed_numbers(manager_client, zone, data):
    response = dashboard(manager_client, zone)
    cards = {card.target.metric.code: card for card, _url in response.context["cards"]}
    # Three confirmed signings (the fourth is pending); two of ≥ 1亿 (20,000 and
    # 5,000 万元 → only 20,000 is ≥ 10,000).
    assert (cards["signed_projects"].actual, cards["projects_over_100m"].actual) == (3, 1)
    page = response.content.decode()
    assert "3 projects" in page and "30.0%" in page  # 3 of 10


def test_every_card_links_to_the_rows_that_make_it_up(manager_client, zone, data):
    response = dashboard(manager_client, zone)
    for card, url in response.context["cards"]:
        listed = manager_client.get(url)
        assert listed.context["paginator"].count == card.actual, card.target.metric.code


def test_the_alert_links_match_their_counts(manager_client, zone, data):
    ProjectFactory(zone=zone, signed_on=D(2024, 1, 2), planned_start_on=D(2024, 2, 1))
    response = dashboard(manager_client, zone)
    alerts = response.context["dashboard"].alerts
    for kind in ("overdue_start", "silent"):
        listed = manager_client.get(response.context["alert_urls"][kind])
        assert listed.context["paginator"].count == alerts[kind], kind


def test_the_funds_figure_links_to_its_reports(manager_client, zone, data):
    project = ProjectFactory(zone=zone, signed_on=D(2024, 1, 5))
    ProgressReportFactory(project=project, period_start=D(2024, 5, 1), period_end=D(2024, 5, 31), funds_in_place=Decimal("123.45"))
    ProgressReportFactory(project=project, period_start=D(2024, 7, 1), period_end=D(2024, 7, 31), funds_in_place=Decimal("1"))
    from insights.dashboards.links import drill_down_url

    url = drill_down_url("funds_in_place", zone_id=zone.pk, start=D(2024, 1, 1), end=D(2024, 6, 30))
    listed = manager_client.get(url)
    assert listed.context["paginator"].count == 1
    assert listed.context["totals"]["funds"] == Decimal("123.45")


def test_a_zone_outside_the_users_zones_is_a_404(client, zone, data):
    client.force_login(staff_of(ZoneFactory(), username="outsider"))
    assert dashboard(client, zone).status_code == 404


def test_bad_parameters_fall_back_to_defaults(manager_client, zone, data):
    response = manager_client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": "abc", "as_of": "2024-13-45"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_dashboard_exports_its_tables(manager_client, zone, data):
    response = manager_client.get(reverse("dashboards:zone_export"), {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[1][2:5] == (10, 3, 30)  # target, actual, completion %


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_dashboard_query_count_is_pinned_and_flat(manager_client, zone, data):
    params = {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30"}
    few = count_queries(manager_client, reverse("dashboards:zone"), params)
    for day in range(1, 28):
        project = ProjectFactory(zone=zone, signed_on=D(2024, 2, day), planned_investment=Decimal(day * 1000))
        ProgressReportFactory(project=project, period_start=D(2024, 4, 1), period_end=D(2024, 4, 30))
    many = count_queries(manager_client, reverse("dashboards:zone"), params)
    assert (few, many) == (12, 12)


@pytest.fixture
def zones_ranked(zone, data):
    second = ZoneFactory(name="乙开发区")
    for day in range(1, 6):
        ProjectFactory(zone=second, signed_on=D(2024, 4, day))
    return second


def test_the_ranking_sorts_and_exports(client, zone, zones_ranked):
    client.force_login(manager_of(zone, zones_ranked))
    params = {"metric": "", "year": 2024, "as_of": "2024-06-30"}
    signed = metric("signed_projects")
    params["metric"] = signed.pk
    response = client.get(reverse("dashboards:ranking"), params)
    assert [(row.zone.name, row.actual, row.rank) for row in response.context["rows"]] == [("乙开发区", 5, 1), ("甲开发区", 3, 2)]
    by_name = client.get(reverse("dashboards:ranking"), {**params, "sort": "-zone"})
    assert [row.zone.name for row in by_name.context["rows"]] == sorted(["乙开发区", "甲开发区"], reverse=True)
    exported = client.get(reverse("dashboards:ranking_export"), params)
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows[2:]] == [(1, "乙开发区", 5), (2, "甲开发区", 3)]


def test_the_ranking_shows_only_the_users_zones(client, zone, zones_ranked):
    client.force_login(manager_of(zone))
    response = client.get(reverse("dashboards:ranking"), {"year": 2024, "as_of": "2024-06-30"})
    assert [row.zone for row in response.context["rows"]] == [zone]


def test_the_ranking_query_count_is_pinned_and_flat(client, zone, zones_ranked):
    client.force_login(manager_of(zone, zones_ranked))
    few = count_queries(client, reverse("dashboards:ranking"), {"year": 2024})
    more = [ZoneFactory() for _ in range(5)]
    manager = manager_of(*more, username="manager2")
    client.force_login(manager)
    many = count_queries(client, reverse("dashboards:ranking"), {"year": 2024})
    assert (few, many) == (9, 9)


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
@pytest.mark.parametrize(
    "name", ["dashboards:zone", "dashboards:zone_export", "dashboards:ranking", "dashboards:ranking_export"]
)
def test_an_as_of_date_out_of_range_falls_back_to_today_and_says_why(client, zone, name, as_of):
    """The year is derived from the as-of date and the year before it is read
    for growth: a date at the calendar's ends used to answer 500."""
    client.force_login(manager_of(zone))
    response = client.get(reverse(name), {"zone": zone.pk, "as_of": as_of})
    assert response.status_code == 200
    if not name.endswith("_export"):
        form = response.context["form"]
        assert "as_of" in form.errors
        assert form.cleaned_data["as_of"] == timezone.localdate()


def test_the_exports_write_a_rate_as_the_page_rounds_it(manager_client, zone):
    """Two of three projects signed in the period have started: the page
    shows 66.7%, and so does every export: 66.7 stored as a number with one
    decimal's format, never 66.66666666666667."""
    for day, started in [(1, D(2024, 3, 1)), (2, D(2024, 3, 2)), (3, None)]:
        ProjectFactory(
            zone=zone, signed_on=D(2024, 1, day), started_on=started,
            confirmed_stage=Stage.STARTED if started else Stage.SIGNED,
        )
    TargetFactory(zone=zone, year=2024, metric=metric("commencement_rate"), value=Decimal("70"))
    params = {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30"}

    page = manager_client.get(reverse("dashboards:zone"), params).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(manager_client.get(reverse("dashboards:zone_export"), params).content)).worksheets[0]
    actual, completion = sheet.cell(row=2, column=4), sheet.cell(row=2, column=5)
    ranking = openpyxl.load_workbook(io.BytesIO(manager_client.get(
        reverse("dashboards:ranking_export"), {**params, "metric": metric("commencement_rate").pk}
    ).content)).active

    assert "66.7%" in page
    assert (actual.value, actual.number_format) == (66.7, "0.0")
    assert (completion.value, completion.number_format) == (95.2, "0.0")  # 66.67 of 70
    assert (ranking.cell(row=3, column=3).value, ranking.cell(row=3, column=3).number_format) == (66.7, "0.0")


def test_the_exports_write_amounts_with_two_decimals_and_their_format(manager_client, zone):
    project = ProjectFactory(zone=zone, signed_on=D(2024, 1, 5), planned_investment=Decimal("1234.565"))
    ProgressReportFactory(project=project, period_start=D(2024, 1, 1), period_end=D(2024, 1, 31),
                          investment_completed=Decimal("100.125"), funds_in_place=Decimal("0"))
    params = {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30"}
    workbook = openpyxl.load_workbook(io.BytesIO(manager_client.get(reverse("dashboards:zone_export"), params).content))
    month = workbook["By month"].cell(row=2, column=2)
    assert (month.value, month.number_format) == (100.13, "#,##0.00")  # half up, as the page rounds


def test_a_rate_target_is_shown_against_its_target_not_the_time_elapsed(manager_client, zone):
    """开工率 ≥ 70% with 2 of 3 started: 95.2% of the target, yellow (up to
    10 points short of 100%). The card says it is judged against the
    target; printing 序时进度 beside it read as a contradiction."""
    for day, started in [(1, D(2024, 3, 1)), (2, D(2024, 3, 2)), (3, None)]:
        ProjectFactory(
            zone=zone, signed_on=D(2024, 1, day), started_on=started,
            confirmed_stage=Stage.STARTED if started else Stage.SIGNED,
        )
    TargetFactory(zone=zone, year=2024, metric=metric("commencement_rate"), value=Decimal("70"))
    response = manager_client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": 2024, "as_of": "2024-06-30"})

    (card, _url), = response.context["cards"]
    assert (card.completion, card.benchmark, card.light) == (Decimal("95.2"), Decimal(100), "yellow")
    html = response.content.decode()
    cards = html[html.index('id="kpi-cards"'):html.index("Alerts")]
    assert "a rate: judged against its target" in cards and "time elapsed" not in cards
