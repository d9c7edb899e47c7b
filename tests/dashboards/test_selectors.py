"""Every dashboard number against values worked out by hand from a small
fixture (the comments show the arithmetic). 2024 is a leap year; the as-of
date 2024-02-29 is its 60th day."""
import datetime
from decimal import Decimal

import pytest

from insights.dashboards import selectors
from insights import figures as engine
from projects import services
from projects.choices import Stage, StageChangeStatus
from projects.models import ZoneMonthTotal
from tests.factories import (
    DirectiveFactory,
    IndustryFactory,
    MeetingFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectStageChangeFactory,
    PromotionActivityFactory,
    ReportedFigureFactory,
    TargetFactory,
    ZoneFactory,
    metric,
)
from tests.personas import administrator

pytestmark = pytest.mark.django_db

D = datetime.date
LEAP_DAY = D(2024, 2, 29)


@pytest.fixture
def zone():
    return ZoneFactory(name="甲开发区")


@pytest.fixture
def records(zone):
    p = {}
    p["p1"] = ProjectFactory(zone=zone, name="P1", stage=Stage.STARTED, confirmed_stage=Stage.STARTED,
                             signed_on=D(2024, 1, 10), started_on=D(2024, 2, 1), planned_investment=Decimal("15000"),
                             is_fortune500=True, industry=IndustryFactory(name="新材料"))
    p["p2"] = ProjectFactory(zone=zone, name="P2", signed_on=D(2024, 2, 20), planned_investment=Decimal("120000"),
                             is_four_new=True, industry=IndustryFactory(name="新医药"))
    p["p3"] = ProjectFactory(zone=zone, name="P3", signed_on=D(2024, 3, 5), planned_investment=Decimal("5000"))
    p["p4"] = ProjectFactory(zone=zone, name="P4", signed_on=D(2023, 12, 20), planned_investment=Decimal("8000"))
    p["p5"] = ProjectFactory(zone=zone, name="P5", stage=Stage.WITHDRAWN, confirmed_stage=Stage.WITHDRAWN,
                             withdrawn_reason="撤资", signed_on=D(2024, 1, 15), planned_investment=Decimal("9000"))
    p["p6"] = ProjectFactory(zone=zone, name="P6", stage=Stage.SIGNED, confirmed_stage=Stage.NEGOTIATING,
                             signed_on=None, planned_investment=Decimal("7000"))
    ProjectStageChangeFactory(project=p["p6"], stage=Stage.SIGNED, status=StageChangeStatus.PENDING, changed_on=D(2024, 2, 25))
    p["p7"] = ProjectFactory(zone=zone, name="P7", signed_on=D(2024, 2, 1), planned_investment=None)
    report = ProgressReportFactory
    report(project=p["p1"], period_start=D(2023, 12, 1), period_end=D(2023, 12, 31), investment_completed=100, funds_in_place=50)
    report(project=p["p1"], period_start=D(2024, 1, 1), period_end=D(2024, 1, 31), investment_completed=200, funds_in_place=150)
    report(project=p["p1"], period_start=D(2024, 2, 1), period_end=D(2024, 2, 29), investment_completed=300, funds_in_place=100)
    report(project=p["p5"], period_start=D(2024, 2, 1), period_end=D(2024, 2, 15), investment_completed=40, funds_in_place=30)
    report(project=p["p2"], period_start=D(2024, 3, 1), period_end=D(2024, 3, 31), investment_completed=1000, funds_in_place=0)
    activity = PromotionActivityFactory
    activity(zone=zone, kind="outbound_visit", date=D(2024, 1, 5), year=2024)
    activity(zone=zone, kind="investor_reception", date=D(2024, 2, 10), year=2024)
    activity(zone=zone, kind="investor_reception", date=D(2024, 3, 1), year=2024)
    activity(zone=zone, kind="promotion_conference", date=D(2024, 2, 28), year=2024)
    activity(zone=zone, kind="outbound_visit", date=None, year=2024, title="年内无具体日期的外出招商")
    return p


def figures(zone, start, end):
    return engine.zone_figures(zone_ids=[zone.pk], start=start, end=end)[zone.pk]


def test_the_figures_of_january_and_february_of_a_leap_year(zone, records):
    f = figures(zone, D(2024, 1, 1), LEAP_DAY)
    # Confirmed signings from 1 Jan to 29 Feb: P1, P2, P7 (P3 is in March,
    # P4 last year, P5 withdrawn, P6 only pending).
    assert f["signed_projects"] == 3
    # P7 has no amount: 15,000 + 120,000.
    assert f["planned_total_investment"] == Decimal("135000")
    assert (f["projects_over_100m"], f["projects_over_1b"]) == (2, 1)
    assert (f["fortune500_projects"], f["four_new_projects"]) == (1, 1)
    # Started of signed: P1 of P1, P2, P7.
    assert f["commencement_rate"].quantize(Decimal("0.01")) == Decimal("33.33")
    # Reports ending in Jan and Feb, the withdrawn P5's included:
    # 200 + 300 + 40 invested, 150 + 100 + 30 arrived.
    assert (f["investment_completed"], f["funds_in_place"]) == (Decimal("540"), Decimal("280"))
    # Outbound visit 5 Jan and conference 28 Feb; one reception on 10 Feb;
    # the undated visit counts only over the whole year.
    assert (f["promotion_activities"], f["investor_visits"], f["promotion_events"]) == (2, 1, 1)


def test_a_mid_month_date_takes_the_partial_month_from_the_reports(zone, records):
    f = figures(zone, D(2024, 1, 1), D(2024, 2, 15))
    # January whole (200 / 150) and P5's report ending 15 Feb (40 / 30).
    assert (f["investment_completed"], f["funds_in_place"]) == (Decimal("240"), Decimal("180"))
    assert f["signed_projects"] == 2  # P1, P7


def test_reports_on_both_sides_of_the_year_boundary(zone, records):
    f = figures(zone, D(2023, 1, 1), D(2023, 12, 31))
    assert (f["investment_completed"], f["funds_in_place"]) == (Decimal("100"), Decimal("50"))
    assert f["signed_projects"] == 1  # P4


def test_the_whole_year_counts_undated_activities_of_that_year(zone, records):
    f = figures(zone, D(2024, 1, 1), D(2024, 12, 31))
    # A1, A4 and the undated A5; receptions on 10 Feb and 1 Mar.
    assert (f["promotion_activities"], f["investor_visits"]) == (3, 2)


def test_a_zone_without_records_has_zeros_and_no_rate():
    empty = ZoneFactory()
    f = figures(empty, D(2024, 1, 1), LEAP_DAY)
    assert f["signed_projects"] == 0 and f["funds_in_place"] == 0
    assert f["commencement_rate"] is None


def test_the_monthly_totals_follow_every_write(zone, records):
    """The services move a report's money between months and drop it on
    deletion (projects/services.py keeps the totals)."""
    january = ZoneMonthTotal.objects.get(zone=zone, month=D(2024, 1, 1))
    assert (january.investment_completed, january.funds_in_place, january.report_count) == (200, 150, 1)
    report = records["p1"].progress_reports.get(period_end=D(2024, 1, 31))
    admin = administrator()
    services.progress_report_update(
        user=admin, report=report, data={"period_start": D(2024, 2, 1), "period_end": D(2024, 2, 10)},
        expected_version=report.version,
    )
    assert not ZoneMonthTotal.objects.filter(zone=zone, month=D(2024, 1, 1)).exists()
    february = ZoneMonthTotal.objects.get(zone=zone, month=D(2024, 2, 1))
    assert february.investment_completed == Decimal("540")  # 300 + 40 + 200
    services.progress_report_delete(user=admin, report=report)
    february.refresh_from_db()
    assert february.investment_completed == Decimal("340")


def test_elapsed_time_in_a_leap_year():
    # 60 of 366 days; the first quarter of 2024 has 91 days.
    year = engine.elapsed_percent(start=D(2024, 1, 1), end=D(2024, 12, 31), as_of=LEAP_DAY)
    quarter = engine.elapsed_percent(start=D(2024, 1, 1), end=D(2024, 3, 31), as_of=LEAP_DAY)
    assert (year, quarter) == (Decimal("16.4"), Decimal("65.9"))
    assert engine.same_day_last_year(LEAP_DAY) == D(2023, 2, 28)


def test_target_cards_with_completion_elapsed_and_light(zone, records):
    TargetFactory(zone=zone, year=2024, metric=metric("signed_projects"), value=12)
    TargetFactory(zone=zone, year=2024, quarter=1, metric=metric("signed_projects"), value=6)
    TargetFactory(zone=zone, year=2024, metric=metric("funds_in_place"), value=2800)
    TargetFactory(zone=zone, year=2024, metric=metric("commencement_rate"), value=70)
    TargetFactory(zone=zone, year=2024, metric=metric("fortune500_projects"), value=0)
    TargetFactory(zone=zone, year=2024, metric=metric("city_share_f500_four_new"), value=30)
    dashboard = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY)
    cards = {(c.target.metric.code, c.target.quarter): c for c in dashboard.cards}
    yearly = cards[("signed_projects", None)]
    # 3 of 12 = 25.0% against 16.4% of the year: ahead, green.
    assert (yearly.actual, yearly.completion, yearly.elapsed, yearly.light) == (3, Decimal("25.0"), Decimal("16.4"), "green")
    quarterly = cards[("signed_projects", 1)]
    # 3 of 6 = 50.0% against 65.9% of the quarter: 15.9 points behind, red.
    assert (quarterly.completion, quarterly.elapsed, quarterly.light) == (Decimal("50.0"), Decimal("65.9"), "red")
    funds = cards[("funds_in_place", None)]
    # 280 of 2,800 = 10.0%: 6.4 points behind, within 10: yellow.
    assert (funds.completion, funds.light) == (Decimal("10.0"), "yellow")
    rate = cards[("commencement_rate", None)]
    # A rate is judged against itself: 33.3% of a 70% target is 47.6% done, red.
    assert (rate.completion, rate.light) == (Decimal("47.6"), "red")
    zero = cards[("fortune500_projects", None)]
    assert (zero.actual, zero.completion, zero.light) == (1, None, None)
    share = cards[("city_share_f500_four_new", None)]
    assert (share.actual, share.completion, share.computed) == (None, None, False)
    assert [c.target.metric.code for c in dashboard.alerts["behind_targets"]] == ["signed_projects", "commencement_rate"]


def test_no_target_means_no_card(zone, records):
    dashboard = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY)
    assert dashboard.cards == []


def test_reported_figures_stand_beside_the_computed_ones(zone, records):
    ReportedFigureFactory(zone=zone, year=2024, metric=metric("signed_projects"), value=5)
    dashboard = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY)
    [row] = dashboard.comparisons
    assert (row.computed, row.reported.value, row.difference) == (3, 5, -2)


def test_pending_stage_changes_are_shown_apart(zone, records):
    dashboard = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY)
    assert dashboard.pending_changes == 1


def test_the_pipeline_funnel_and_commencement_rate(zone, records):
    dashboard = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY)
    funnel = dashboard.funnel
    # Active projects by confirmed stage: started P1; signed P2, P3, P4, P7;
    # negotiating P6 (its signing is pending); P5 withdrawn is left out.
    assert [(step["stage"], step["reached"]) for step in funnel] == [
        ("lead", 6), ("negotiating", 6), ("signed", 5), ("started", 1), ("production", 0),
    ]
    assert [step["conversion"] for step in funnel] == [None, Decimal("100.0"), Decimal("83.3"), Decimal("20.0"), Decimal("0.0")]
    # The commencement rate is not the funnel's last-but-one conversion (all
    # active projects, 1 started of 5): it is the figures engine's one
    # definition, the projects signed in the period that have started: P1
    # of P1, P2 and P7 signed from 1 January to 29 February.
    assert dashboard.figures["commencement_rate"] == Decimal(100) / 3


def test_the_monthly_series_and_the_plan_line(zone, records):
    TargetFactory(zone=zone, year=2024, metric=metric("annual_planned_investment"), value=Decimal("12000"))
    months = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY).months
    assert [(m["month"], m["investment"], m["cumulative_investment"], m["cumulative_plan"]) for m in months] == [
        (1, Decimal("200"), Decimal("200"), Decimal("1000.00")),
        (2, Decimal("340"), Decimal("540"), Decimal("2000.00")),
    ]


def test_investment_by_industry(zone, records):
    rows = selectors.investment_by_industry(zone=zone, start=D(2024, 1, 1), end=LEAP_DAY)
    # P2 新医药 120,000; P1 新材料 15,000; P7 has the factory's no industry and no amount.
    assert [(r["industry__name"], r["projects"], r["investment"]) for r in rows] == [
        ("新医药", 1, Decimal("120000")), ("新材料", 1, Decimal("15000")), (None, 1, Decimal("0")),
    ]


def test_the_largest_gaps(zone, records):
    gaps = selectors.largest_gaps(zone=zone)
    # Planned minus completed: P2 120,000 - 1,000; P1 15,000 - 600; P4 8,000; P3 5,000.
    assert [(g["name"], g["gap"]) for g in gaps] == [
        ("P2", Decimal("119000")), ("P1", Decimal("14400")), ("P4", Decimal("8000")), ("P3", Decimal("5000")),
    ]


def test_alerts(zone, records):
    ProjectFactory(zone=zone, name="迟迟未开工", signed_on=D(2023, 6, 1), planned_start_on=D(2024, 1, 1))
    DirectiveFactory(meeting=MeetingFactory(zone=zone), due_on=D(2024, 2, 1), status="open")
    DirectiveFactory(meeting=MeetingFactory(zone=zone), due_on=D(2024, 2, 1), status="done", completed_on=D(2024, 1, 30))
    alerts = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY).alerts
    assert alerts["overdue_start"] == 1
    # Signed or later without a report since 1 Feb (4 weeks before 29 Feb):
    # P2, P3, P4, P7 and the new one; P1 reported up to 29 Feb.
    assert alerts["silent"] == 5
    assert alerts["overdue_directives"] == 1


def test_the_ranking_with_ties_and_growth(zone, records):
    other = ZoneFactory(name="乙开发区")
    for day in (3, 4, 5, 6):
        ProjectFactory(zone=other, signed_on=D(2024, 1, day))
    for day in (10, 11):
        ProjectFactory(zone=other, signed_on=D(2023, 2, day))
    third = ZoneFactory(name="丙开发区")
    TargetFactory(zone=other, year=2024, metric=metric("signed_projects"), value=8)
    rows = {row.zone: row for row in selectors.ranking(
        zones=[zone, other, third], metric=metric("signed_projects"), year=2024, as_of=LEAP_DAY
    )}
    assert (rows[other].actual, rows[other].rank, rows[other].completion) == (4, 1, Decimal("50.0"))
    # Last year to 28 Feb: 2 → +100%.
    assert (rows[other].last_year, rows[other].growth) == (2, Decimal("100.0"))
    assert (rows[zone].actual, rows[zone].rank, rows[zone].growth) == (3, 2, None)
    assert (rows[third].actual, rows[third].rank) == (0, 3)


def test_the_annual_planned_investment_is_met_by_the_investment_completed(zone, records):
    TargetFactory(zone=zone, year=2024, metric=metric("annual_planned_investment"), value=Decimal("5400"))
    [card] = selectors.zone_dashboard(zone=zone, year=2024, as_of=LEAP_DAY).cards
    # 540 completed by 29 February of 5,400 planned: 10.0%.
    assert (card.actual, card.completion) == (Decimal("540"), Decimal("10.0"))
