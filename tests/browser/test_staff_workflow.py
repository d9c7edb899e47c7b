"""A staff member's day in the browser: log in, record a project, report its
progress, find it in the list; the other zone's staff cannot open it."""
import re

import pytest

from projects.models import InvestmentProject
from tests.browser.conftest import log_in
from tests.factories import ZoneFactory
from tests.personas import staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-for-tests-1"


@pytest.fixture
def zones():
    return ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区"), ZoneFactory(name="东营经济技术开发区", short_name="东营经开区")


def test_staff_record_a_project_with_a_report_and_the_other_zone_cannot_see_it(
    live_server, page_factory, screenshot, zones, viewport
):
    yiyuan, dongying = zones
    staff_of(yiyuan, username="staff_yiyuan")
    staff_of(dongying, username="staff_dongying")
    page = page_factory(viewport)

    log_in(page, live_server, "staff_yiyuan", PASSWORD)
    screenshot(page, f"{viewport}-01-home")
    if viewport == "phone":
        page.click("button.navbar-toggler")
        page.get_by_role("link", name="项目").first.click()
    else:
        page.get_by_role("link", name="项目", exact=True).first.click()
    page.get_by_role("link", name="录入项目").first.click()
    page.fill("#id_name", "生物医药中间体项目")
    page.fill("#id_investor_name", "某医药集团有限公司")
    page.select_option("#id_stage", "signed")
    page.fill("#id_planned_investment", "150000")
    page.check("#id_is_major")
    screenshot(page, f"{viewport}-02-project-form")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    screenshot(page, f"{viewport}-03-project-detail")
    assert "待确认" in page.content() or "awaiting" in page.content()

    page.get_by_role("link", name="填报进度").click()
    page.fill("#id_period_start", "2026-11-01")
    page.fill("#id_period_end", "2026-11-20")
    page.fill("#id_investment_completed", "2500")
    page.fill("#id_funds_in_place", "1800.5")
    page.fill("#id_problems", "用地手续待协调")
    screenshot(page, f"{viewport}-04-report-form")
    page.get_by_role("button", name="保存填报").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    body = page.content()
    assert "2,500.00 万元" in body and "1,800.50 万元" in body and "用地手续待协调" in body
    screenshot(page, f"{viewport}-05-detail-with-report")

    page.goto(f"{live_server.url}/projects/?q=生物医药")
    assert page.locator("table tbody tr").count() == 1
    assert "生物医药中间体项目" in page.locator("table tbody").inner_text()
    assert "共 1 个项目" in page.content()
    screenshot(page, f"{viewport}-06-list")
    assert page.console_errors == []

    project = InvestmentProject.objects.get(name="生物医药中间体项目")
    other = page_factory(viewport)
    log_in(other, live_server, "staff_dongying", PASSWORD)
    other.goto(f"{live_server.url}/projects/")
    assert "生物医药中间体项目" not in other.content()
    response = other.goto(f"{live_server.url}/projects/{project.pk}/")
    assert response.status == 404
    screenshot(other, f"{viewport}-07-other-zone-404")
