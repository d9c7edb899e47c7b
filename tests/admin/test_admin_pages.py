"""The back office: every model registered with its history, every page
rendering for an administrator, and the big lists staying fast."""
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core import checks
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from zones.choices import Qualifier
from zones.models import Industry, Mechanism, Membership, Metric, Official, ReportedFigure, SourceArticle, Target, Zone
from insights.models import AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, OutboxMessage, TaskRun
from meetings.models import (
    Directive,
    DirectiveNote,
    Meeting,
    MeetingDocument,
    MeetingParticipant,
    PromotionActivity,
)
from projects import services
from projects.models import (
    Enterprise,
    InvestmentProject,
    ProgressReport,
    ProjectStageChange,
    ZoneMonthTotal,
)
from tests import factories

pytestmark = pytest.mark.django_db

APPS = ("zones", "projects", "meetings", "insights")

# Tables that grow with every project and every week's report: their lists
# must not count every row on each page view.
BIG_TABLES = (Enterprise, InvestmentProject, ProjectStageChange, ProgressReport, PromotionActivity)

# Related tables small enough to list whole in a list filter.
SMALL_TABLES = (Metric,)


@dataclass(frozen=True)
class Case:
    model: type
    make: Callable
    search_term: Callable

    def __str__(self):
        return self.model.__name__


CASES = [
    Case(
        AssessmentScheme,
        lambda: AssessmentScheme.objects.create(
            year=2030 + AssessmentScheme.objects.count(),
            name=f"考核方案{AssessmentScheme.objects.count()}",
            weights={"signed_projects": 60},
        ),
        lambda o: o.name,
    ),
    Case(SourceArticle, factories.SourceArticleFactory, lambda o: o.title),
    Case(Industry, factories.IndustryFactory, lambda o: o.name),
    Case(Zone, factories.ZoneFactory, lambda o: o.name),
    Case(Official, factories.OfficialFactory, lambda o: o.name),
    Case(Mechanism, factories.MechanismFactory, lambda o: o.name),
    # Metrics are a catalogue loaded by migration, not made by tests.
    Case(Metric, lambda: factories.metric("funds_in_place"), lambda o: o.code),
    Case(Target, factories.TargetFactory, lambda o: o.zone.name),
    Case(ReportedFigure, factories.ReportedFigureFactory, lambda o: o.zone.name),
    Case(Membership, factories.MembershipFactory, lambda o: o.user.username),
    Case(Enterprise, factories.EnterpriseFactory, lambda o: o.name),
    Case(InvestmentProject, factories.ProjectFactory, lambda o: o.name),
    Case(ProjectStageChange, factories.ProjectStageChangeFactory, lambda o: o.project.name),
    Case(ProgressReport, factories.ProgressReportFactory, lambda o: o.project.name),
    Case(Meeting, factories.MeetingFactory, lambda o: o.title),
    Case(MeetingParticipant, factories.MeetingParticipantFactory, lambda o: o.official.name),
    Case(MeetingDocument, factories.MeetingDocumentFactory, lambda o: o.title),
    Case(Directive, factories.DirectiveFactory, lambda o: o.text),
    Case(DirectiveNote, factories.DirectiveNoteFactory, lambda o: o.text),
    Case(PromotionActivity, factories.PromotionActivityFactory, lambda o: o.title),
]


def our_models(*, derived=False):
    """Every model of the three apps, without simple_history's Historical*
    shadows (they are browsed through their object's History page) and,
    unless asked for, without the derived tables, which the admin only shows."""
    return [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and (derived or model not in DERIVED)
    ]


# Computed from other tables; registered read-only, without history.
# (The reports' outputs are produced by tasks.)
DERIVED = {ZoneMonthTotal, TaskRun, DispatchSheet, Bulletin, AssessmentResult, OutboxMessage}


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


# Registration -------------------------------------------------------------


def test_every_model_of_the_apps_is_registered_with_history():
    """A model added to devzone, projects or meetings without an admin fails
    here; so does one registered without simple_history's History page."""
    missing = [m.__name__ for m in our_models(derived=True) if not admin.site.is_registered(m)]
    assert missing == []
    without_history = [
        m.__name__ for m in our_models() if not isinstance(admin.site._registry[m], SimpleHistoryAdmin)
    ]
    assert without_history == []


def test_the_cases_cover_every_model():
    """The page tests below run for every registered model of the apps."""
    assert {case.model for case in CASES} == set(our_models())


def test_admin_system_checks_pass():
    """Django's admin checks (autocomplete targets have search_fields, fields
    exist, list_display resolves) report nothing."""
    assert checks.run_checks(tags=[checks.Tags.admin]) == []


@pytest.mark.parametrize("model", BIG_TABLES, ids=lambda m: m.__name__)
def test_big_tables_skip_the_full_count(model):
    """The lists of the big tables never count the whole table."""
    assert admin.site._registry[model].show_full_result_count is False


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_no_list_filter_lists_a_big_related_table(model):
    """A list filter on a relation lists every row of the related table; only
    catalogue tables (metrics) may be filtered that way."""
    model_admin = admin.site._registry[model]
    for entry in model_admin.list_filter:
        if not isinstance(entry, str):
            continue
        field = get_fields_from_path(model, entry)[-1]
        if field.is_relation:
            assert field.related_model in SMALL_TABLES, f"{model.__name__}.list_filter has {entry}"


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_the_admin_form_has_every_editable_field(model, superuser):
    """fieldsets or fields never drop a field silently: what the model lets
    people edit, the admin form offers, or shows read-only on purpose (a
    project's stage moves only through the services)."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    form = model_admin.get_form(request)
    editable = {
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and not field.auto_created
    }
    assert editable - set(form.base_fields) - set(model_admin.get_readonly_fields(request)) == set()


# Pages ----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_changelist_renders(admin_client, case):
    """The list page answers 200 and lists the object."""
    obj = case.make()
    response = admin_client.get(admin_url(case.model, "changelist"))
    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


@pytest.mark.parametrize("case", CASES, ids=str)
def test_changelist_search_finds_the_object(admin_client, case):
    """?q= searches the list and finds the object by its name or its parent's."""
    obj = case.make()
    response = admin_client.get(admin_url(case.model, "changelist"), {"q": case.search_term(obj)})
    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


@pytest.mark.parametrize("case", CASES, ids=str)
def test_changelist_search_without_match_is_empty(admin_client, case):
    """A search for something no row holds lists nothing (and does not fail)."""
    case.make()
    response = admin_client.get(admin_url(case.model, "changelist"), {"q": "没有这个词-no-such-word"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_add_page_renders(admin_client, case):
    """The add form answers 200."""
    response = admin_client.get(admin_url(case.model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("case", CASES, ids=str)
def test_change_page_renders(admin_client, case):
    """The change form of an existing object answers 200 and shows it."""
    obj = case.make()
    response = admin_client.get(admin_url(case.model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("case", CASES, ids=str)
def test_history_page_renders(admin_client, case):
    """Each object's History page is simple_history's, listing its records,
    and a recorded version opens."""
    obj = case.make()
    response = admin_client.get(admin_url(case.model, "history", obj.pk))
    assert response.status_code == 200
    assert "simple_history/object_history.html" in [t.name for t in response.templates]
    if case.model is Metric:  # the catalogue was loaded by a migration, before history
        return
    records = list(response.context["page_obj"])
    assert len(records) >= 1
    # A past version opens as a read-only form.
    version = admin_url(case.model, "simple_history", obj.pk, records[0].history_id)
    assert admin_client.get(version).status_code == 200


@pytest.mark.parametrize("case", [c for c in CASES if c.model is not Metric], ids=str)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, case):
    """A list of 30 rows costs the same number of queries as one of 3: every
    related object shown in a column is joined, none fetched per row."""
    for _ in range(3):
        case.make()
    url = admin_url(case.model, "changelist")
    admin_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for _ in range(27):
        case.make()
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 30
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_project_changelist_queries_are_the_same_for_3_and_30_projects(admin_client, django_assert_num_queries):
    """The investment-project list, the biggest in the back office, is pinned
    explicitly: the count with 30 projects equals the count with 3."""
    factories.ProjectFactory.create_batch(3)
    url = admin_url(InvestmentProject, "changelist")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    factories.ProjectFactory.create_batch(27)
    with django_assert_num_queries(len(few)):
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 30


# What the pages show ----------------------------------------------------------


def test_site_header_is_the_back_office(admin_client):
    """The admin calls itself the devzone back office (a translatable string)."""
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert str(response.context["site_header"]) == "devzone back office"
    assert "devzone back office" in response.content.decode()


def test_project_list_shows_amounts_with_their_unit(admin_client):
    """Planned investment is printed in 万元 with separators and the unit."""
    factories.ProjectFactory(planned_investment=Decimal("1234567.8"))
    response = admin_client.get(admin_url(InvestmentProject, "changelist"))
    assert "1,234,567.80 10k yuan" in response.content.decode()


def test_progress_report_list_shows_amounts_with_their_unit(admin_client):
    """Investment completed and funds in place are printed in 万元."""
    factories.ProgressReportFactory(investment_completed=Decimal("12345.67"), funds_in_place=Decimal("800"))
    content = admin_client.get(admin_url(ProgressReport, "changelist")).content.decode()
    assert "12,345.67 10k yuan" in content
    assert "800.00 10k yuan" in content


def test_target_list_shows_the_value_in_the_metric_unit_with_its_qualifier(admin_client):
    """A target of over 700,000 万元 of funds keeps its qualifier and unit; a
    count of projects prints as a whole number of projects."""
    factories.TargetFactory(
        metric=factories.metric("funds_in_place"), value=Decimal("700000"), qualifier=Qualifier.OVER
    )
    factories.TargetFactory(metric=factories.metric("signed_projects"), value=Decimal("12"))
    content = admin_client.get(admin_url(Target, "changelist")).content.decode()
    assert "over 700,000.00 10k yuan" in content
    assert "12 projects" in content


def test_reported_figure_list_shows_growth_with_its_sign(admin_client):
    """Year-over-year growth reads +20.0%."""
    factories.ReportedFigureFactory(yoy_growth_percent=Decimal("20"))
    content = admin_client.get(admin_url(ReportedFigure, "changelist")).content.decode()
    assert "+20.0%" in content


def test_meeting_page_carries_participants_documents_and_directives(admin_client):
    """A meeting's change page lists its participants, documents and
    directives inline."""
    participant = factories.MeetingParticipantFactory()
    meeting = participant.meeting
    document = factories.MeetingDocumentFactory(meeting=meeting, title="关于表彰的决定")
    directive = factories.DirectiveFactory(meeting=meeting, text="全力冲刺开门红")
    response = admin_client.get(admin_url(Meeting, "change", meeting.pk))
    formsets = {formset.formset.model: formset.formset for formset in response.context["inline_admin_formsets"]}
    assert list(formsets[MeetingParticipant].queryset) == [participant]
    assert list(formsets[MeetingDocument].queryset) == [document]
    assert list(formsets[Directive].queryset) == [directive]


def test_project_page_shows_stage_changes_read_only_and_reports_editable(admin_client):
    """On a project's page the stage changes are listed but cannot be added or
    edited there; progress reports can."""
    change = factories.ProjectStageChangeFactory()
    report = factories.ProgressReportFactory(project=change.project)
    response = admin_client.get(admin_url(InvestmentProject, "change", change.project.pk))
    inlines = {inline.formset.model: inline for inline in response.context["inline_admin_formsets"]}
    stage_inline = inlines[ProjectStageChange]
    assert list(stage_inline.formset.queryset) == [change]
    assert stage_inline.has_add_permission is False
    assert set(stage_inline.readonly_fields) >= {"stage", "changed_on", "status"}
    assert list(inlines[ProgressReport].formset.queryset) == [report]
    assert inlines[ProgressReport].has_add_permission is True


def test_directive_page_carries_its_notes(admin_client):
    """A directive's change page lists its progress notes."""
    note = factories.DirectiveNoteFactory()
    response = admin_client.get(admin_url(Directive, "change", note.directive.pk))
    inlines = {inline.formset.model: inline for inline in response.context["inline_admin_formsets"]}
    assert list(inlines[DirectiveNote].formset.queryset) == [note]


def test_zone_page_lists_its_officials(admin_client):
    """A zone's change page lists its officials."""
    official = factories.OfficialFactory()
    response = admin_client.get(admin_url(Zone, "change", official.zone.pk))
    inlines = {inline.formset.model: inline for inline in response.context["inline_admin_formsets"]}
    assert list(inlines[Official].formset.queryset) == [official]


def test_project_investor_autocomplete_finds_enterprises(admin_client):
    """The investor field is an autocomplete that searches enterprises by name."""
    enterprise = factories.EnterpriseFactory(name="万华化学集团股份有限公司")
    factories.EnterpriseFactory(name="别的公司")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "investmentproject", "field_name": "investor", "term": "万华"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(enterprise.pk)]


def test_saving_in_the_admin_records_who_changed_what(admin_client, superuser):
    """A change saved in the back office lands in the object's history with
    the administrator as its author."""
    industry = factories.IndustryFactory(name="新材料")
    response = admin_client.post(
        admin_url(Industry, "change", industry.pk), {"name": "高端新材料", "parent": "", "description": ""}
    )
    assert response.status_code == 302
    latest = industry.history.latest()
    assert latest.name == "高端新材料"
    assert latest.history_user == superuser


def test_an_admin_save_raises_the_version_so_a_concurrent_staff_edit_is_refused(admin_client):
    """The admin and the staff form share the optimistic lock."""
    from projects.models import InvestmentProject
    from tests.factories import ProjectFactory

    project = ProjectFactory(name="并发项目")
    before = project.version
    url = admin_url(InvestmentProject, "change", project.pk)
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"name": "并发项目（改）", "zone": project.zone_id, "investor": project.investor_id or ""})
    for prefix in ("stage_changes", "progress_reports"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, (list, tuple))}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    project.refresh_from_db()
    assert (project.name, project.version) == ("并发项目（改）", before + 1)


@pytest.mark.django_db
def test_a_derived_table_is_shown_but_never_edited_in_the_admin(admin_client, superuser):
    """Monthly totals follow the reports; the admin lists them read-only."""
    project = factories.ProjectFactory()
    report = services.progress_report_add(
        user=superuser,
        project=project,
        data={
            "period_start": datetime.date(2024, 4, 1),
            "period_end": datetime.date(2024, 4, 30),
            "stage": project.stage,
        },
    )
    response = admin_client.get(admin_url(ZoneMonthTotal, "changelist"))
    assert response.status_code == 200
    assert [t.zone for t in response.context["cl"].result_list] == [report.project.zone]
    assert admin_client.get(admin_url(ZoneMonthTotal, "add")).status_code == 403
