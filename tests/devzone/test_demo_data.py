"""generate_demo_data: the same seed gives the same rows, the rows keep the
models' rules, and only generated rows are ever deleted."""
import datetime
import hashlib
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from devzone import roles
from tooling import demo_data
from zones.models import Membership, Official, ReportedFigure, Target, Zone
from meetings.models import Meeting, PromotionActivity
from projects.choices import STAGE_ORDER, Stage, StageChangeStatus
from projects.models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange
from tests.factories import ProgressReportFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db

SMALL = {"zones": 3, "projects": 200, "reports": 1000, "seed": 1}
TODAY = demo_data.DEFAULT_TODAY


def generate(**options):
    call_command("generate_demo_data", **{**SMALL, **options}, stdout=io.StringIO())


def digest():
    """A hash of every generated value, read by natural keys (never ids)."""
    source = demo_data.demo_source()
    tables = [
        Zone.objects.filter(source=source).values_list(
            "code", "name", "short_name", "approving_authority", "zone_type", "approved_on", "approved_area_ha",
            "catalogue_industries", "province", "city",
        ),
        Zone.leading_industries.through.objects.filter(zone__source=source).values_list("zone__code", "industry__name"),
        Official.objects.filter(source=source).values_list("zone__code", "name", "titles"),
        Enterprise.objects.filter(source=source).values_list(
            "name", "short_name", "zone__code", "industry__name", "is_leading", "is_fortune_global_500",
            "is_china_500", "is_state_owned", "is_foreign", "home_region", "home_country",
        ),
        InvestmentProject.objects.filter(source=source).values_list(
            "zone__code", "name", "investor__name", "industry__name", "stage", "confirmed_stage", "withdrawn_reason",
            "is_major", "is_key", "is_fortune500", "is_four_new", "is_foreign_funded", "planned_investment",
            "signed_on", "planned_start_on", "started_on", "production_on", "land_mu", "jobs", "annual_output",
            "annual_tax", "lead_official__name", "description", "version", "created_at", "updated_at",
        ),
        InvestmentProject.assisting_staff.through.objects.filter(investmentproject__source=source).values_list(
            "investmentproject__zone__code", "investmentproject__name", "official__name"
        ),
        ProjectStageChange.objects.filter(source=source).values_list(
            "project__zone__code", "project__name", "stage", "changed_on", "status", "reason", "recorded_at",
            "confirmed_at", "rejection_reason",
        ),
        ProgressReport.objects.filter(project__source=source).values_list(
            "project__zone__code", "project__name", "period_start", "period_end", "investment_completed",
            "funds_in_place", "stage", "problems", "created_at",
        ),
        PromotionActivity.objects.filter(source=source).values_list(
            "zone__code", "date", "year", "kind", "title", "place", "counterpart", "outcome"
        ),
        PromotionActivity.projects.through.objects.filter(promotionactivity__source=source).values_list(
            "promotionactivity__zone__code", "promotionactivity__date", "promotionactivity__title",
            "investmentproject__name",
        ),
        Meeting.objects.filter(source=source).values_list("zone__code", "date", "title", "kind"),
        Target.objects.filter(source=source).values_list("zone__code", "metric__code", "year", "value"),
        ReportedFigure.objects.filter(source=source).values_list(
            "zone__code", "metric__code", "year", "value", "qualifier", "yoy_growth_percent", "rank", "rank_scope"
        ),
    ]
    hashed = hashlib.sha256()
    for rows in tables:
        for row in sorted(rows, key=repr):
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


def test_the_same_seed_gives_the_same_data():
    """Two runs with seed 1 write identical values; the counts are the ones asked for."""
    generate()
    first = digest()
    assert demo_data.generated_counts() == {"zones": 3, "projects": 200, "progress_reports": 1000}
    generate(replace=True)
    assert digest() == first
    assert demo_data.generated_counts() == {"zones": 3, "projects": 200, "progress_reports": 1000}


def test_another_seed_gives_other_data():
    generate()
    first = digest()
    generate(replace=True, seed=2)
    assert digest() != first


def test_the_data_keeps_the_models_rules():
    """Dates in order, no negative amounts, reports adding up to at most
    1.2x the plan, a few pending moves, and full_clean passes on a sample."""
    generate()
    projects = list(InvestmentProject.objects.all())
    for p in projects:
        if p.signed_on and p.started_on:
            assert p.signed_on <= p.started_on
        if p.started_on and p.production_on:
            assert p.started_on <= p.production_on
        if p.signed_on and p.planned_start_on:
            assert p.signed_on <= p.planned_start_on
        if p.stage == Stage.WITHDRAWN:
            assert p.withdrawn_reason
        for value in (p.planned_investment, p.annual_output, p.annual_tax, p.land_mu):
            assert value is None or value >= 0

    changes = defaultdict(list)
    for change in ProjectStageChange.objects.order_by("changed_on", "recorded_at"):
        changes[change.project_id].append(change)
        assert change.changed_on <= TODAY
    pending = [p for p in projects if p.stage != p.confirmed_stage]
    assert 0 < len(pending) <= len(projects) * 0.1
    for p in projects:
        counted = [c for c in changes[p.pk] if c.status != StageChangeStatus.REJECTED]
        assert counted[-1].stage == p.stage
        waiting = [c for c in changes[p.pk] if c.status == StageChangeStatus.PENDING]
        if p.stage != p.confirmed_stage:
            assert [c.stage for c in waiting] == [p.stage]
            assert STAGE_ORDER[p.stage] > STAGE_ORDER[p.confirmed_stage]
        else:
            assert waiting == []
        dates = [c.changed_on for c in counted]
        assert dates == sorted(dates)

    totals = defaultdict(Decimal)
    for report in ProgressReport.objects.all():
        assert report.period_start.day == 1 and report.period_end < TODAY
        next_month = (report.period_start + datetime.timedelta(days=31)).replace(day=1)
        assert report.period_end == next_month - datetime.timedelta(days=1)
        assert report.investment_completed >= 0 and report.funds_in_place >= 0
        totals[report.project_id] += report.investment_completed
    planned = {p.pk: p.planned_investment for p in projects}
    for project_id, total in totals.items():
        if planned[project_id] is not None:
            assert total <= planned[project_id] * Decimal("1.2")

    for model in (Zone, Official, Enterprise, InvestmentProject, ProjectStageChange, ProgressReport,
                  PromotionActivity, Meeting, Target, ReportedFigure):
        for record in model.objects.order_by("pk")[:25]:
            record.full_clean()


def test_it_refuses_to_run_on_a_database_with_projects():
    generate()
    before = digest()
    with pytest.raises(CommandError, match="--replace"):
        generate(seed=2)
    assert digest() == before


def test_replace_keeps_what_people_entered():
    """--replace deletes the generated rows and what hangs off them, nothing else."""
    zone = ZoneFactory(name="测试经济开发区", code="S370000")
    report = ProgressReportFactory(project=ProjectFactory(zone=zone))
    generate(replace=True)
    generate(replace=True)
    assert Zone.objects.filter(pk=zone.pk).exists()
    assert ProgressReport.objects.filter(pk=report.pk, project=report.project).exists()
    assert Enterprise.objects.filter(pk=report.project.investor_id).exists()
    assert demo_data.generated_counts() == {"zones": 3, "projects": 200, "progress_reports": 1000}
    assert InvestmentProject.objects.count() == 201
    connection.check_constraints()


def test_replace_refuses_when_entered_data_points_at_generated_data():
    """A project someone recorded in a generated zone is not deleted with it:
    the command fails and nothing is deleted."""
    generate()
    generated_zone = Zone.objects.filter(source=demo_data.demo_source()).order_by("pk").first()
    mine = ProjectFactory(zone=generated_zone)
    with pytest.raises(CommandError, match="refer to generated"):
        generate(replace=True)
    assert InvestmentProject.objects.filter(pk=mine.pk).exists()
    assert demo_data.generated_counts()["projects"] == 200


def test_it_makes_the_bench_accounts(capsys):
    call_command("generate_demo_data", **SMALL)
    out = capsys.readouterr().out
    users = get_user_model().objects
    admin = users.get(username=demo_data.BENCH_ADMIN)
    manager = users.get(username=demo_data.BENCH_MANAGER)
    assert admin.is_superuser and admin.is_staff
    assert [g.name for g in manager.groups.all()] == [roles.MANAGER]
    assert Membership.objects.filter(user=manager).count() == 3
    assert "bench_admin" in out and "bench_manager" in out


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_bench_refuses_other_databases_than_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench")
