"""The pages work under the Content-Security-Policy: no violation is reported
while an administrator walks through them, the charts draw (and show their
tooltips), the meeting form adds rows through its script file, htmx polls,
and the admin works."""
import datetime
import re
from decimal import Decimal

import pytest

from insights.models import TaskKind, TaskRun
from tests.browser.conftest import log_in
from tests.factories import MeetingFactory, ProgressReportFactory, ProjectFactory, TargetFactory, ZoneFactory, metric
from tests.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

D = datetime.date

# Every violation is also a console error; this listener keeps the exact
# directive, so that a failure says what was blocked.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + (event.sourceFile || ""));
});
"""


def test_the_pages_run_under_the_content_security_policy(live_server, page_factory):
    zone = ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区")
    project = ProjectFactory(zone=zone, signed_on=D(2024, 3, 5), planned_investment=Decimal("50000"))
    ProgressReportFactory(project=project, period_start=D(2024, 4, 1), period_end=D(2024, 4, 30),
                          investment_completed=Decimal("1200"), funds_in_place=Decimal("800"))
    TargetFactory(zone=zone, year=2024, metric=metric("signed_projects"), value=10)
    meeting = MeetingFactory(zone=zone)
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
    make_user("admin", superuser=True)

    page = page_factory("desktop")
    page.add_init_script(RECORD_VIOLATIONS)
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    log_in(page, live_server, "admin", "pass-for-tests-1")

    def visit(path):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        return response

    def no_violation(where):
        # The listener's list starts afresh with every page: read it on each.
        assert page.evaluate("window.__csp") == [], where

    for path in ("/", "/projects/", f"/projects/{project.pk}/", f"/projects/{project.pk}/edit/"):
        visit(path)
        no_violation(path)

    visit(f"/meetings/{meeting.pk}/edit/")
    rows = page.locator("#targets-rows tr")
    before = rows.count()
    page.locator("[data-add-row=targets]").click()
    assert rows.count() == before + 1
    no_violation("meeting form")

    visit(f"/dashboards/?zone={zone.pk}&year=2024&as_of=2024-06-30")
    page.wait_for_selector("#chart-investment canvas")
    # The tooltip is HTML that ECharts writes with style attributes.
    box = page.locator("#chart-investment").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.5)
    # Axis labels are drawn on the canvas: the month's name in a div is the tooltip.
    tooltip = page.locator("#chart-investment div", has_text=re.compile("月|Month")).last
    tooltip.wait_for(state="visible", timeout=3000)
    no_violation("dashboard")

    visit("/dashboards/ranking/?year=2024&as_of=2024-06-30")
    no_violation("ranking")

    # htmx polls a pending task run's status (every 3 s).
    with page.expect_response(lambda response: f"/reports/runs/{run.pk}/" in response.url and response.request.headers.get("hx-request") == "true", timeout=8000):
        visit(f"/reports/runs/{run.pk}/")
    no_violation("task run")

    for path in ("/admin/", f"/admin/projects/investmentproject/{project.pk}/change/", "/admin/projects/investmentproject/"):
        visit(path)
        no_violation(path)

    assert missing == []
    assert page.console_errors == []
