"""The monthly totals (ZoneMonthTotal) follow every write of the services:
a report added, corrected, moved or deleted, a project moved to another
zone or deleted. Each expected total is worked out by hand in the test."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.choices import Stage
from projects.models import ProgressReport, ZoneMonthTotal
from tests.factories import ProjectFactory, ZoneFactory
from devzone import roles
from tests.personas import administrator, make_user, staff_of

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH, APRIL = D(2024, 3, 1), D(2024, 4, 1)


@pytest.fixture
def zone_a():
    return ZoneFactory(name="甲开发区")


@pytest.fixture
def zone_b():
    return ZoneFactory(name="乙开发区")


@pytest.fixture
def admin():
    return administrator()


@pytest.fixture
def project(zone_a):
    return ProjectFactory(zone=zone_a, name="新材料项目", stage=Stage.SIGNED, confirmed_stage=Stage.SIGNED)


def add_report(user, project, start, end, amount, funds="0"):
    return services.progress_report_add(
        user=user,
        project=project,
        data={
            "period_start": start, "period_end": end, "investment_completed": Decimal(amount),
            "funds_in_place": Decimal(funds), "stage": project.stage, "problems": "",
        },
    )


@pytest.fixture
def march_reports(admin, project):
    """300 and 200 万元 invested in March 2024, 100 and 50 arrived."""
    reports = (
        add_report(admin, project, D(2024, 3, 1), D(2024, 3, 15), "300", "100"),
        add_report(admin, project, D(2024, 3, 16), D(2024, 3, 31), "200", "50"),
    )
    project.refresh_from_db()  # each report raised its version
    return reports


def total(zone, month):
    """(invested, arrived, reports) of the zone's month; zeros when no row."""
    row = ZoneMonthTotal.objects.filter(zone=zone, month=month).first()
    return (row.investment_completed, row.funds_in_place, row.report_count) if row else (0, 0, 0)


def test_added_reports_count_in_the_month_their_period_ends(zone_a, march_reports):
    # 300 + 200 invested, 100 + 50 arrived, two reports.
    assert total(zone_a, MARCH) == (Decimal("500"), Decimal("150"), 2)


def test_a_project_moved_to_another_zone_takes_its_money_along(admin, zone_a, zone_b, project, march_reports):
    """The old zone stops counting the project's reports at once (no
    refresh_month_totals needed)."""
    services.project_update(user=admin, project=project, data={"zone": zone_b}, expected_version=project.version)
    assert total(zone_a, MARCH) == (0, 0, 0)
    assert not ZoneMonthTotal.objects.filter(zone=zone_a).exists()
    assert total(zone_b, MARCH) == (Decimal("500"), Decimal("150"), 2)


def test_a_project_edit_that_keeps_the_zone_leaves_the_totals_alone(admin, zone_a, project, march_reports):
    services.project_update(
        user=admin, project=project, data={"planned_investment": Decimal("60000")}, expected_version=project.version
    )
    assert total(zone_a, MARCH) == (Decimal("500"), Decimal("150"), 2)


def test_a_deleted_project_leaves_its_zones_totals(admin, zone_a, project, march_reports):
    other = ProjectFactory(zone=zone_a, name="另一项目")
    add_report(admin, other, D(2024, 3, 1), D(2024, 3, 31), "40")
    services.project_delete(user=admin, project=project)
    # Only the other project's 40 remains.
    assert total(zone_a, MARCH) == (Decimal("40"), Decimal("0"), 1)
    assert not ProgressReport.objects.filter(project_id=project.pk).exists()


def test_a_report_moved_to_april_moves_its_amount(admin, zone_a, march_reports):
    first, _second = march_reports
    updated = services.progress_report_update(
        user=admin, report=first, data={"period_start": D(2024, 4, 1), "period_end": D(2024, 4, 30)},
        expected_version=first.version,
    )
    assert updated.version == first.version + 1
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)
    assert total(zone_a, APRIL) == (Decimal("300"), Decimal("100"), 1)


def test_a_corrected_amount_is_counted_once(admin, zone_a, march_reports):
    first, _second = march_reports
    services.progress_report_update(
        user=admin, report=first, data={"investment_completed": Decimal("350")}, expected_version=first.version
    )
    # 350 + 200.
    assert total(zone_a, MARCH) == (Decimal("550"), Decimal("150"), 2)


def test_a_report_moved_to_a_project_of_another_zone_moves_its_amount(admin, zone_a, zone_b, march_reports):
    first, _second = march_reports
    elsewhere = ProjectFactory(zone=zone_b, name="乙区项目")
    services.progress_report_update(
        user=admin, report=first, data={"project": elsewhere}, expected_version=first.version
    )
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)
    assert total(zone_b, MARCH) == (Decimal("300"), Decimal("100"), 1)


def test_a_deleted_report_leaves_its_month(admin, zone_a, march_reports):
    first, second = march_reports
    services.progress_report_delete(user=admin, report=first)
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)
    services.progress_report_delete(user=admin, report=second)
    assert not ZoneMonthTotal.objects.filter(zone=zone_a, month=MARCH).exists()


def test_a_correction_on_a_stale_version_is_refused_and_changes_nothing(zone_a, march_reports):
    """Two people correct one report: the second save is refused, says what
    the first changed, and neither the report nor the totals move."""
    first, _second = march_reports
    opened = first.version
    colleague = staff_of(zone_a, username="colleague")
    services.progress_report_update(
        user=colleague, report=first, data={"investment_completed": Decimal("310")}, expected_version=opened
    )
    staff = staff_of(zone_a)
    with pytest.raises(services.EditConflict) as excinfo:
        services.progress_report_update(
            user=staff, report=first, data={"period_start": APRIL, "period_end": D(2024, 4, 30)},
            expected_version=opened,
        )
    first.refresh_from_db()
    assert (first.period_end, first.investment_completed, first.version) == (D(2024, 3, 15), Decimal("310"), opened + 1)
    [change] = excinfo.value.changes
    assert (change.field, change.old, change.new, change.user) == (
        "investment_completed", Decimal("300.00"), Decimal("310.00"), colleague,
    )
    # 310 + 200, still all in March.
    assert total(zone_a, MARCH) == (Decimal("510"), Decimal("150"), 2)


def test_staff_of_another_zone_can_neither_correct_nor_delete_a_report(zone_b, march_reports):
    first, _second = march_reports
    outsider = staff_of(zone_b, username="outsider")
    with pytest.raises(ValidationError):
        services.progress_report_update(
            user=outsider, report=first, data={"investment_completed": Decimal("1")}, expected_version=first.version
        )
    with pytest.raises(ValidationError):
        services.progress_report_delete(user=outsider, report=first)
    with pytest.raises(ValidationError):
        services.project_delete(user=outsider, project=first.project)
    first.refresh_from_db()
    assert first.investment_completed == Decimal("300")


def test_staff_cannot_move_a_report_to_a_project_of_a_zone_they_do_not_work_in(zone_a, zone_b, march_reports):
    first, _second = march_reports
    staff = staff_of(zone_a)
    elsewhere = ProjectFactory(zone=zone_b, name="乙区项目")
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_update(
            user=staff, report=first, data={"project": elsewhere}, expected_version=first.version
        )
    assert "project" in excinfo.value.message_dict
    assert total(zone_b, MARCH) == (0, 0, 0)


def test_a_report_added_without_moving_the_stage_keeps_the_project_as_it_was(admin, zone_a, project):
    """The admin's way: the report is recorded as typed, by the reporter it
    names, and the project's stage and version stay."""
    reporter = staff_of(zone_a, username="reporter")
    version = project.version
    report = services.progress_report_add(
        user=admin,
        project=project,
        data={
            "period_start": D(2024, 3, 1), "period_end": D(2024, 3, 31), "investment_completed": Decimal("70"),
            "funds_in_place": Decimal("0"), "stage": Stage.NEGOTIATING, "problems": "", "reported_by": reporter,
        },
        moves_stage=False,
    )
    project.refresh_from_db()
    assert (project.stage, project.version, project.stage_changes.count()) == (Stage.SIGNED, version, 0)
    assert (report.reported_by, report.stage) == (reporter, Stage.NEGOTIATING)
    assert total(zone_a, MARCH) == (Decimal("70"), Decimal("0"), 1)


# The staff pages ---------------------------------------------------------------


def test_the_staff_form_moving_a_project_to_another_zone_moves_its_totals(
    client, zone_a, zone_b, project, march_reports
):
    """A staff member of both zones moves the project on its edit page."""
    client.force_login(make_user("staff", role=roles.STAFF, zones=[zone_a, zone_b]))
    url = reverse("projects:project_edit", args=[project.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update({"zone": zone_b.pk, "investor_name": project.investor.name, "version": project.version})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert total(zone_a, MARCH) == (0, 0, 0)
    assert total(zone_b, MARCH) == (Decimal("500"), Decimal("150"), 2)


def test_a_report_on_the_staff_form_counts_in_its_month(client, zone_a, project):
    client.force_login(staff_of(zone_a))
    response = client.post(reverse("projects:progress_report_add", args=[project.pk]), {
        "period_start": "2024-03-01", "period_end": "2024-03-31", "investment_completed": "123.45",
        "funds_in_place": "20", "stage": Stage.SIGNED, "problems": "",
    })
    assert response.status_code == 302
    assert total(zone_a, MARCH) == (Decimal("123.45"), Decimal("20"), 1)
