"""督办 in the browser: a manager sees a directive overdue; the member of
staff who leads it finds it under "my directives" and marks it done with a
note; the manager's supervision page then shows it done, no longer overdue."""
import datetime
import re

import pytest
from django.utils import timezone

from meetings.models import Directive
from tests.browser.conftest import log_in
from tests.factories import DirectiveFactory, MeetingFactory, OfficialFactory, ZoneFactory
from tests.personas import manager_of, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-for-tests-1"
TEXT = "集中攻坚总投资160亿元的50个重大项目"


@pytest.fixture
def directive():
    today = timezone.localdate()
    zone = ZoneFactory(name="山东沂源经济开发区", short_name="沂源经开区")
    staff = staff_of(zone, username="staff_yiyuan")
    manager_of(zone, username="manager_yiyuan")
    lead = OfficialFactory(zone=zone, name="刘峰", titles="党工委副书记、管委会主任", user=staff)
    meeting = MeetingFactory(
        zone=zone, title="招商引资暨项目建设集中攻坚动员大会", kind="mobilization", date=today - datetime.timedelta(days=90)
    )
    DirectiveFactory(meeting=meeting, order=1, text="加大项目谋划储备力度", due_on=today + datetime.timedelta(days=30))
    return DirectiveFactory(
        meeting=meeting,
        order=2,
        text=TEXT,
        category="project_construction",
        lead_official=lead,
        due_on=today - datetime.timedelta(days=7),
    )


def open_nav(page, href):
    """The sidebar link; on a phone the menu opens first."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator(f"#sidenav a.nav-link[href='{href}']").click()


def test_staff_mark_a_directive_done_and_the_manager_sees_it_in_supervision(
    live_server, page_factory, screenshot, directive, viewport
):
    manager = page_factory(viewport)
    log_in(manager, live_server, "manager_yiyuan", PASSWORD)
    manager.goto(f"{live_server.url}/supervision/")
    assert TEXT in manager.locator(".overdue-directives").inner_text()
    assert "刘峰" in manager.locator(".supervision-group").first.inner_text()
    screenshot(manager, f"{viewport}-directives-01-supervision-overdue")

    page = page_factory(viewport)
    log_in(page, live_server, "staff_yiyuan", PASSWORD)
    open_nav(page, "/meetings/")
    page.wait_for_url(f"{live_server.url}/meetings/")
    screenshot(page, f"{viewport}-directives-02-meetings")
    page.locator("#followup-tabs a[href='/directives/mine/']").click()
    page.wait_for_url(f"{live_server.url}/directives/mine/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and TEXT in rows.first.inner_text()
    screenshot(page, f"{viewport}-directives-03-mine")

    page.get_by_role("link", name=TEXT).click()
    page.wait_for_url(re.compile(r"/directives/\d+/$"))
    page.select_option("#id_status", "done")
    page.fill("#id_completed_on", timezone.localdate().isoformat())
    page.fill("#id_note", "50个重大项目已全部开工建设")
    screenshot(page, f"{viewport}-directives-04-mark-done")
    page.locator("#status-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/directives/\d+/$"))
    assert "已办结" in page.locator("#status").inner_text()
    assert "50个重大项目已全部开工建设" in page.locator("#notes").inner_text()
    screenshot(page, f"{viewport}-directives-05-done")
    assert page.console_errors == []

    directive.refresh_from_db()
    assert (directive.status, directive.completed_on) == ("done", timezone.localdate())
    assert Directive.history.filter(id=directive.pk).latest("history_date").history_user.username == "staff_yiyuan"

    manager.reload()
    assert manager.locator(".overdue-directives").count() == 0
    done = manager.locator("#recently-done").inner_text()
    assert TEXT in done and "已办结" in done and "刘峰" in done
    screenshot(manager, f"{viewport}-directives-06-supervision-done")
    assert manager.console_errors == []
