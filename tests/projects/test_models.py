"""The project model's invariants: held by the database and explained by clean()."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.choices import Stage
from projects.models import InvestmentProject, ProgressReport
from tests.factories import EnterpriseFactory, OfficialFactory, ProgressReportFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_it_rejects_a_negative_planned_investment_in_clean():
    """A negative amount is explained beside the field."""
    project = ProjectFactory.build(zone=ZoneFactory(), investor=None, planned_investment=Decimal("-1"))
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "planned_investment" in excinfo.value.message_dict


def test_it_rejects_a_negative_planned_investment_in_the_database():
    """Even a write that skips validation cannot store a negative amount."""
    project = ProjectFactory(planned_investment=Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentProject.objects.filter(pk=project.pk).update(planned_investment=Decimal("-5"))


def test_it_rejects_a_start_before_the_signing():
    """Construction cannot start before the contract is signed."""
    project = ProjectFactory.build(
        zone=ZoneFactory(), investor=None, signed_on=datetime.date(2024, 3, 1), started_on=datetime.date(2024, 2, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert excinfo.value.message_dict["started_on"] == ["Construction cannot start before the signing date."]


def test_the_database_rejects_a_start_before_the_signing():
    project = ProjectFactory(signed_on=datetime.date(2024, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentProject.objects.filter(pk=project.pk).update(started_on=datetime.date(2024, 1, 1))


def test_it_rejects_production_before_the_start():
    project = ProjectFactory.build(
        zone=ZoneFactory(),
        investor=None,
        signed_on=datetime.date(2024, 1, 1),
        started_on=datetime.date(2024, 5, 1),
        production_on=datetime.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "production_on" in excinfo.value.message_dict


def test_a_withdrawn_project_needs_a_reason():
    project = ProjectFactory.build(zone=ZoneFactory(), investor=None, stage=Stage.WITHDRAWN, withdrawn_reason="  ")
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "withdrawn_reason" in excinfo.value.message_dict


def test_the_same_project_from_the_same_investor_is_refused_in_one_zone():
    """Name and investor identify a project within a zone."""
    existing = ProjectFactory()
    duplicate = InvestmentProject(zone=existing.zone, name=existing.name, investor=existing.investor)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This zone already has a project of this name from this investor." in str(excinfo.value)


def test_the_same_name_without_investor_is_refused_in_one_zone_but_allowed_in_another():
    zone = ZoneFactory()
    ProjectFactory(zone=zone, name="新材料产业园", investor=None)
    with pytest.raises(ValidationError):
        InvestmentProject(zone=zone, name="新材料产业园").full_clean()
    InvestmentProject(zone=ZoneFactory(), name="新材料产业园").full_clean()


def test_the_same_name_from_another_investor_is_a_different_project():
    existing = ProjectFactory()
    InvestmentProject(zone=existing.zone, name=existing.name, investor=EnterpriseFactory()).full_clean()


def test_the_lead_official_must_belong_to_the_zone():
    project = ProjectFactory.build(zone=ZoneFactory(), investor=None, lead_official=OfficialFactory())
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "lead_official" in excinfo.value.message_dict


def test_a_report_period_cannot_end_before_it_starts():
    report = ProgressReport(
        project=ProjectFactory(),
        period_start=datetime.date(2024, 5, 1),
        period_end=datetime.date(2024, 4, 1),
        stage=Stage.SIGNED,
    )
    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()
    assert "period_end" in excinfo.value.message_dict


def test_a_report_amount_cannot_be_negative():
    report = ProgressReportFactory.build(project=ProjectFactory(), funds_in_place=Decimal("-0.01"))
    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()
    assert "funds_in_place" in excinfo.value.message_dict


def test_one_report_per_project_and_period():
    report = ProgressReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(project=report.project)


def test_every_change_is_kept_in_the_history():
    project = ProjectFactory(planned_investment=Decimal("100"))
    project.planned_investment = Decimal("250")
    project.save()
    amounts = [h.planned_investment for h in project.history.order_by("history_date")]
    assert amounts == [Decimal("100.00"), Decimal("250.00")]
