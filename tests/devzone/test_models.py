"""Targets and reported figures: one per zone, metric and period, never negative."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zones.models import Metric, Target, Zone
from tests.factories import ReportedFigureFactory, TargetFactory, ZoneFactory, metric

pytestmark = pytest.mark.django_db


def test_the_metric_catalogue_is_loaded_by_migration():
    """Dashboards look metrics up by code; the catalogue exists on every install."""
    codes = set(Metric.objects.values_list("code", flat=True))
    assert {"signed_projects", "funds_in_place", "commencement_rate", "investor_visits"} <= codes
    assert Metric.objects.get(code="funds_in_place").unit == "wan_yuan"


def test_a_duplicate_target_is_refused_with_a_message():
    target = TargetFactory()
    duplicate = Target(zone=target.zone, metric=target.metric, year=target.year, value=Decimal("5"))
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This zone already has a target for this metric and period." in str(excinfo.value)


def test_the_database_refuses_a_duplicate_yearly_target():
    target = TargetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(zone=target.zone, metric=target.metric, year=target.year, value=Decimal("5"))


def test_a_quarterly_target_stands_beside_the_yearly_one_but_not_twice():
    target = TargetFactory()
    Target.objects.create(zone=target.zone, metric=target.metric, year=target.year, quarter=1, value=Decimal("20"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(zone=target.zone, metric=target.metric, year=target.year, quarter=1, value=Decimal("9"))


def test_a_target_has_a_quarter_or_a_month_not_both():
    target = TargetFactory.build(zone=ZoneFactory(), quarter=1, month=2)
    with pytest.raises(ValidationError) as excinfo:
        target.full_clean()
    assert "Give a quarter or a month, not both." in str(excinfo.value)


def test_a_negative_target_is_refused():
    target = TargetFactory.build(zone=ZoneFactory(), value=Decimal("-3"))
    with pytest.raises(ValidationError) as excinfo:
        target.full_clean()
    assert "value" in excinfo.value.message_dict


def test_a_month_out_of_range_is_refused():
    target = TargetFactory.build(zone=ZoneFactory(), month=13)
    with pytest.raises(ValidationError) as excinfo:
        target.full_clean()
    assert "month" in excinfo.value.message_dict


def test_a_reported_rank_starts_at_one():
    figure = ReportedFigureFactory.build(zone=ZoneFactory(), rank=0)
    with pytest.raises(ValidationError) as excinfo:
        figure.full_clean()
    assert "rank" in excinfo.value.message_dict


def test_a_reported_figure_keeps_its_qualifier():
    figure = ReportedFigureFactory(metric=metric("investor_visits"), value=Decimal("1100"), qualifier="more_than")
    figure.refresh_from_db()
    assert (figure.value, figure.get_qualifier_display()) == (Decimal("1100.00"), "more than")


def test_a_zone_code_follows_the_catalogue_pattern():
    zone = Zone(name="某开发区", code="X12345")
    with pytest.raises(ValidationError) as excinfo:
        zone.full_clean()
    assert "code" in excinfo.value.message_dict


def test_a_zones_level_follows_its_approving_authority():
    assert str(Zone(approving_authority="state_council").level) == "national"
    assert str(Zone(approving_authority="province").level) == "provincial"
