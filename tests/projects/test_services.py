"""Writes to projects: stage confirmation (甄别), edit conflicts, progress reports."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects import services
from projects.choices import Stage, StageChangeStatus
from projects.models import InvestmentProject, ProgressReport, ProjectStageChange
from tests.factories import ZoneFactory
from tests.personas import administrator, manager_of, staff_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def zone():
    return ZoneFactory()


@pytest.fixture
def staff(zone):
    return staff_of(zone)


@pytest.fixture
def manager(zone):
    return manager_of(zone)


def create(user, zone, stage=Stage.NEGOTIATING, **data):
    return services.project_create(
        user=user,
        data={"zone": zone, "name": data.pop("name", "新材料项目"), "planned_investment": Decimal("50000"), **data},
        investor_name="某某集团",
        stage=stage,
        stage_date=YESTERDAY,
    )


def test_a_negotiating_project_counts_at_once(staff, zone):
    """Moves before signing need no confirmation."""
    project = create(staff, zone, Stage.NEGOTIATING)
    assert (project.stage, project.confirmed_stage) == (Stage.NEGOTIATING, Stage.NEGOTIATING)
    change = project.stage_changes.get()
    assert (change.status, change.recorded_by) == (StageChangeStatus.CONFIRMED, staff)


def test_a_signing_by_staff_waits_for_a_manager(staff, manager, zone):
    project = create(staff, zone, Stage.SIGNED)
    assert (project.stage, project.confirmed_stage, project.signed_on) == (Stage.SIGNED, Stage.LEAD, None)
    change = project.stage_changes.get()
    assert change.status == StageChangeStatus.PENDING

    services.stage_change_confirm(user=manager, change=change)
    project.refresh_from_db()
    change.refresh_from_db()
    assert (project.confirmed_stage, project.signed_on) == (Stage.SIGNED, YESTERDAY)
    assert (change.status, change.confirmed_by) == (StageChangeStatus.CONFIRMED, manager)


def test_a_rejected_signing_returns_the_project_to_its_counted_stage(staff, manager, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    change = services.project_stage_change(user=staff, project=project, stage=Stage.SIGNED, changed_on=TODAY)
    services.stage_change_reject(user=manager, change=change, reason="合同未盖章")
    project.refresh_from_db()
    change.refresh_from_db()
    assert (project.stage, project.confirmed_stage) == (Stage.NEGOTIATING, Stage.NEGOTIATING)
    assert (change.status, change.rejection_reason) == (StageChangeStatus.REJECTED, "合同未盖章")


def test_a_rejection_needs_a_reason(staff, manager, zone):
    change = create(staff, zone, Stage.SIGNED).stage_changes.get()
    with pytest.raises(ValidationError):
        services.stage_change_reject(user=manager, change=change, reason=" ")
    change.refresh_from_db()
    assert change.status == StageChangeStatus.PENDING


def test_staff_cannot_confirm_and_a_manager_of_another_zone_cannot_either(staff, zone):
    change = create(staff, zone, Stage.SIGNED).stage_changes.get()
    other_manager = manager_of(ZoneFactory(), username="other-manager")
    for user in (staff, other_manager):
        with pytest.raises(ValidationError):
            services.stage_change_confirm(user=user, change=change)
    change.refresh_from_db()
    assert change.status == StageChangeStatus.PENDING


def test_an_administrators_signing_counts_at_once(zone):
    admin = administrator()
    project = create(admin, zone, Stage.SIGNED)
    assert (project.confirmed_stage, project.signed_on) == (Stage.SIGNED, YESTERDAY)


def test_a_second_move_waits_until_the_pending_one_is_decided(staff, zone):
    project = create(staff, zone, Stage.SIGNED)
    with pytest.raises(ValidationError) as excinfo:
        services.project_stage_change(user=staff, project=project, stage=Stage.STARTED, changed_on=TODAY)
    assert "stage" in excinfo.value.message_dict
    assert project.stage_changes.count() == 1


def test_moving_back_needs_a_reason(staff, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    with pytest.raises(ValidationError) as excinfo:
        services.project_stage_change(user=staff, project=project, stage=Stage.LEAD, changed_on=TODAY)
    assert "reason" in excinfo.value.message_dict
    services.project_stage_change(user=staff, project=project, stage=Stage.LEAD, changed_on=TODAY, reason="投资方暂缓")
    project.refresh_from_db()
    assert project.stage == Stage.LEAD


def test_a_stage_date_cannot_be_in_the_future_or_before_the_last_move(staff, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    with pytest.raises(ValidationError):
        services.project_stage_change(
            user=staff, project=project, stage=Stage.SIGNED, changed_on=TODAY + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.project_stage_change(
            user=staff, project=project, stage=Stage.SIGNED, changed_on=YESTERDAY - datetime.timedelta(days=10)
        )
    assert project.stage_changes.count() == 1


def test_withdrawing_needs_a_reason_and_takes_the_project_out_of_the_counts(staff, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    with pytest.raises(ValidationError):
        services.project_withdraw(user=staff, project=project, reason="")
    services.project_withdraw(user=staff, project=project, reason="投资方撤资")
    project.refresh_from_db()
    assert (project.stage, project.confirmed_stage, project.withdrawn_reason) == (
        Stage.WITHDRAWN, Stage.WITHDRAWN, "投资方撤资",
    )


def test_staff_cannot_write_in_another_zone(zone):
    outsider = staff_of(ZoneFactory(), username="outsider")
    with pytest.raises(ValidationError):
        create(outsider, zone)
    assert not InvestmentProject.objects.exists()


def test_a_manager_cannot_record_projects(manager, zone):
    with pytest.raises(ValidationError):
        create(manager, zone)


def test_an_edit_on_a_stale_version_is_refused_and_says_what_changed(staff, zone):
    """Two people edit one project: the second save changes nothing and
    reports the first one's change."""
    project = create(staff, zone)
    opened_version = project.version
    colleague = staff_of(zone, username="colleague")
    services.project_update(
        user=colleague, project=project, data={"planned_investment": Decimal("80000")},
        investor_name="某某集团", expected_version=opened_version,
    )
    with pytest.raises(services.EditConflict) as excinfo:
        services.project_update(
            user=staff, project=project, data={"planned_investment": Decimal("60000")},
            investor_name="某某集团", expected_version=opened_version,
        )
    project.refresh_from_db()
    assert project.planned_investment == Decimal("80000.00")
    [change] = excinfo.value.changes
    assert (change.field, change.old, change.new, change.user) == (
        "planned_investment", Decimal("50000.00"), Decimal("80000.00"), colleague,
    )


def test_every_write_raises_the_version(staff, manager, zone):
    project = create(staff, zone, Stage.SIGNED)
    start = InvestmentProject.objects.get(pk=project.pk).version
    services.stage_change_confirm(user=manager, change=project.stage_changes.get())
    assert InvestmentProject.objects.get(pk=project.pk).version == start + 1


def test_a_progress_report_with_a_later_stage_records_the_move(staff, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    report = services.progress_report_add(
        user=staff,
        project=project,
        data={
            "period_start": YESTERDAY, "period_end": TODAY, "investment_completed": Decimal("1200"),
            "funds_in_place": Decimal("900"), "stage": Stage.SIGNED, "problems": "用地指标待协调",
        },
    )
    assert (report.reported_by, report.investment_completed) == (staff, Decimal("1200"))
    change = project.stage_changes.latest("recorded_at")
    assert (change.stage, change.status, change.changed_on) == (Stage.SIGNED, StageChangeStatus.PENDING, TODAY)


def test_a_bad_progress_report_changes_nothing(staff, zone):
    project = create(staff, zone)
    with pytest.raises(ValidationError):
        services.progress_report_add(
            user=staff,
            project=project,
            data={
                "period_start": TODAY, "period_end": YESTERDAY, "investment_completed": Decimal("10"),
                "funds_in_place": Decimal("0"), "stage": Stage.SIGNED, "problems": "",
            },
        )
    assert not ProgressReport.objects.exists()
    assert ProjectStageChange.objects.filter(project=project).count() == 1


def test_a_withdrawn_project_reopens_only_with_a_reason(staff, zone):
    project = create(staff, zone, Stage.NEGOTIATING)
    services.project_withdraw(user=staff, project=project, reason="投资方撤资")
    with pytest.raises(ValidationError) as excinfo:
        services.project_stage_change(user=staff, project=project, stage=Stage.NEGOTIATING, changed_on=TODAY)
    assert "reason" in excinfo.value.message_dict
    services.project_stage_change(
        user=staff, project=project, stage=Stage.NEGOTIATING, changed_on=TODAY, reason="投资方重新洽谈"
    )
    project.refresh_from_db()
    assert (project.stage, project.confirmed_stage) == (Stage.NEGOTIATING, Stage.NEGOTIATING)
