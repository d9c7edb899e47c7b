"""A manager's dashboard in the browser: the charts draw without console
errors, every chart has its table, and a card leads to its projects."""
import datetime
from decimal import Decimal

import pytest

from tests.browser.conftest import log_in
from tests.factories import ProgressReportFactory, ProjectFactory, TargetFactory, ZoneFactory, metric
from tests.personas import manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

D = datetime.date


def test_a_manager_reads_the_dashboard_and_drills_down(live_server, page_factory, screenshot, viewport):
    zone = ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区")
    manager_of(zone)
    for day in (3, 9, 17):
        project = ProjectFactory(zone=zone, signed_on=D(2024, 3, day), planned_investment=Decimal(day * 10000))
        ProgressReportFactory(project=project, period_start=D(2024, 4, 1), period_end=D(2024, 4, 30),
                              investment_completed=Decimal(day * 100), funds_in_place=Decimal(day * 50))
    TargetFactory(zone=zone, year=2024, metric=metric("signed_projects"), value=10)
    TargetFactory(zone=zone, year=2024, metric=metric("annual_planned_investment"), value=Decimal("120000"))

    page = page_factory(viewport)
    log_in(page, live_server, "manager", "pass-for-tests-1")
    page.goto(f"{live_server.url}/dashboards/?zone={zone.pk}&year=2024&as_of=2024-06-30")
    page.wait_for_selector("#chart-investment canvas")
    assert page.locator(".chart canvas").count() == 5
    screenshot(page, f"{viewport}-dashboard")
    page.locator(".chart-toggle[data-chart=funnel]").click()
    assert page.locator("#table-funnel").is_visible()
    assert not page.locator("#chart-funnel").is_visible()
    assert page.console_errors == []

    page.locator("#kpi-cards a").first.click()
    page.wait_for_url(f"{live_server.url}/projects/**")
    assert page.locator("table tbody tr").count() == 3
    assert "共 3 个项目" in page.content()
    screenshot(page, f"{viewport}-dashboard-drilldown")

    page.goto(f"{live_server.url}/dashboards/ranking/?year=2024&as_of=2024-06-30")
    assert page.locator("#ranking tbody tr").count() == 1
    screenshot(page, f"{viewport}-ranking")
    assert page.console_errors == []
