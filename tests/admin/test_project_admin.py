"""The back office writes projects and progress reports through the services:
the optimistic lock refuses a stale save with its message and changes
nothing, and the monthly totals follow every add, change, move and delete
(the expected totals are worked out by hand)."""
import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from projects import services
from projects.choices import Stage, StageChangeStatus
from projects.models import InvestmentProject, ProgressReport
from tests.factories import ProjectFactory
from tests.personas import staff_of
# The same zones, project and March reports as the services' tests.
from tests.projects.test_totals import APRIL, MARCH, admin, march_reports, project, total, zone_a, zone_b  # noqa: F401

pytestmark = pytest.mark.django_db

D = datetime.date
PROJECT_CONFLICT = "Someone else saved this project after you opened it."
REPORT_CONFLICT = "Someone else saved this progress report after you opened it."


def admin_url(model, action, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{action}", args=args)


def page_data(response):
    """What the browser posts back from an admin form page left as it is:
    the main form, every inline row and the inlines' management forms."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    for form in forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = value
    return data


# Projects -----------------------------------------------------------------------


def test_a_project_moved_to_another_zone_in_the_admin_takes_its_money_along(
    admin_client, zone_a, zone_b, project, march_reports
):
    """Zone A's March falls to 0 and zone B's rises to 500 in the same save."""
    url = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(url))
    data["zone"] = zone_b.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert total(zone_a, MARCH) == (0, 0, 0)
    assert total(zone_b, MARCH) == (Decimal("500"), Decimal("150"), 2)
    project.refresh_from_db()
    assert project.zone == zone_b


def test_a_stale_admin_save_of_a_project_is_refused_and_changes_nothing(admin_client, zone_a, zone_b, project):
    """Two loads, two saves: the second is refused with the message and the
    first one's change, and the project stays as the first left it."""
    url = admin_url(InvestmentProject, "change", project.pk)
    first = page_data(admin_client.get(url))
    second = page_data(admin_client.get(url))
    first["planned_investment"] = "80000"
    assert admin_client.post(url, first).status_code == 302
    second.update({"planned_investment": "60000", "zone": zone_b.pk})
    response = admin_client.post(url, second)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith(PROJECT_CONFLICT)
    assert any(line.startswith("planned total investment: 50000.00 → 80000.00, by root at ") for line in errors)
    assert PROJECT_CONFLICT in response.content.decode()
    project.refresh_from_db()
    assert (project.planned_investment, project.zone, project.version) == (Decimal("80000.00"), zone_a, 2)


def test_a_staff_edit_opened_before_an_admin_save_is_refused(admin_client, zone_a, project):
    """The staff form and the admin share the lock in both directions."""
    client = Client()
    client.force_login(staff_of(zone_a))
    staff_url = reverse("projects:project_edit", args=[project.pk])
    opened = client.get(staff_url).context["form"]
    admin_url_ = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(admin_url_))
    data["name"] = "新材料项目（后台）"
    assert admin_client.post(admin_url_, data).status_code == 302
    staff_data = {name: value for name, value in opened.initial.items() if value not in (None, [])}
    staff_data.update({"name": "新材料项目（专员）", "investor_name": project.investor.name, "version": 1})
    response = client.post(staff_url, staff_data)
    assert response.status_code == 200
    assert PROJECT_CONFLICT in response.content.decode()
    project.refresh_from_db()
    assert project.name == "新材料项目（后台）"


def test_a_project_added_in_the_admin_starts_as_a_lead_with_its_first_stage_change(admin_client, superuser, zone_a):
    data = page_data(admin_client.get(admin_url(InvestmentProject, "add")))
    data.update({"zone": zone_a.pk, "name": "后台录入项目", "planned_investment": "1200"})
    response = admin_client.post(admin_url(InvestmentProject, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = InvestmentProject.objects.get(name="后台录入项目")
    assert (project.stage, project.confirmed_stage, project.planned_investment) == (
        Stage.LEAD, Stage.LEAD, Decimal("1200.00"),
    )
    change = project.stage_changes.get()
    assert (change.stage, change.status, change.recorded_by) == (Stage.LEAD, StageChangeStatus.CONFIRMED, superuser)
    assert project.history.latest().history_user == superuser


def test_a_project_deleted_in_the_admin_leaves_its_zones_totals(admin_client, zone_a, project, march_reports):
    response = admin_client.post(admin_url(InvestmentProject, "delete", project.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not InvestmentProject.objects.filter(pk=project.pk).exists()
    assert total(zone_a, MARCH) == (0, 0, 0)


def test_an_earlier_version_is_restored_from_the_history_page(admin_client, zone_a, zone_b, project, march_reports):
    """Reverting replaces the current version (the lock compares with it,
    not with the old record's number) and moves the totals back."""
    url = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(url))
    data["zone"] = zone_b.pk
    assert admin_client.post(url, data).status_code == 302
    in_zone_a = project.history.filter(zone_id=zone_a.pk).order_by("-history_date").first()
    revert_url = admin_url(InvestmentProject, "simple_history", project.pk, in_zone_a.history_id)
    response = admin_client.post(revert_url, page_data(admin_client.get(revert_url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.zone == zone_a
    assert total(zone_a, MARCH) == (Decimal("500"), Decimal("150"), 2)
    assert total(zone_b, MARCH) == (0, 0, 0)


def test_a_revert_after_someone_elses_save_is_refused(admin_client, zone_a, project):
    """The History page's revert form is opened on the current version like
    the change form: a save made meanwhile refuses it."""
    url = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(url))
    data["name"] = "第二版"
    assert admin_client.post(url, data).status_code == 302
    first = project.history.order_by("history_date").first()
    revert_url = admin_url(InvestmentProject, "simple_history", project.pk, first.history_id)
    opened = page_data(admin_client.get(revert_url))
    data["name"], data["loaded_version"] = "第三版", 2
    assert admin_client.post(url, data).status_code == 302
    response = admin_client.post(revert_url, opened)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()[0].startswith(PROJECT_CONFLICT)
    project.refresh_from_db()
    assert (project.name, project.version) == ("第三版", 3)


# Progress reports on their own pages ---------------------------------------------


def test_a_report_moved_from_march_to_april_in_the_admin_moves_its_amount(admin_client, zone_a, march_reports):
    first, _second = march_reports
    url = admin_url(ProgressReport, "change", first.pk)
    data = page_data(admin_client.get(url))
    data.update({"period_start": "2024-04-01", "period_end": "2024-04-30"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)
    assert total(zone_a, APRIL) == (Decimal("300"), Decimal("100"), 1)
    first.refresh_from_db()
    assert first.version == 2


def test_a_report_moved_to_a_project_of_another_zone_in_the_admin_moves_its_amount(
    admin_client, zone_a, zone_b, march_reports
):
    first, _second = march_reports
    elsewhere = ProjectFactory(zone=zone_b, name="乙区项目")
    url = admin_url(ProgressReport, "change", first.pk)
    data = page_data(admin_client.get(url))
    data["project"] = elsewhere.pk
    assert admin_client.post(url, data).status_code == 302
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)
    assert total(zone_b, MARCH) == (Decimal("300"), Decimal("100"), 1)


def test_a_report_deleted_in_the_admin_leaves_its_month(admin_client, zone_a, march_reports):
    first, _second = march_reports
    response = admin_client.post(admin_url(ProgressReport, "delete", first.pk), {"post": "yes"})
    assert response.status_code == 302
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)


def test_reports_deleted_with_the_list_action_leave_their_month(admin_client, zone_a, march_reports):
    response = admin_client.post(
        admin_url(ProgressReport, "changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in march_reports], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ProgressReport.objects.exists()
    assert total(zone_a, MARCH) == (0, 0, 0)


def test_a_stale_admin_save_of_a_report_is_refused_and_changes_nothing(admin_client, zone_a, march_reports):
    first, _second = march_reports
    url = admin_url(ProgressReport, "change", first.pk)
    one, two = page_data(admin_client.get(url)), page_data(admin_client.get(url))
    one["investment_completed"] = "310"
    assert admin_client.post(url, one).status_code == 302
    two.update({"period_start": "2024-04-01", "period_end": "2024-04-30"})
    response = admin_client.post(url, two)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith(REPORT_CONFLICT)
    assert any(line.startswith("investment completed in the period: 300.00 → 310.00, by root") for line in errors)
    first.refresh_from_db()
    assert (first.period_end, first.investment_completed, first.version) == (D(2024, 3, 15), Decimal("310"), 2)
    # 310 + 200, still in March; nothing in April.
    assert total(zone_a, MARCH) == (Decimal("510"), Decimal("150"), 2)
    assert total(zone_a, APRIL) == (0, 0, 0)


def test_a_report_added_in_the_admin_is_recorded_as_typed(admin_client, zone_a, project):
    """It counts in its month, keeps the reporter it names (none here) and
    moves no stage: the back office records, the project page moves."""
    version = project.version
    data = page_data(admin_client.get(admin_url(ProgressReport, "add")))
    data.update({
        "project": project.pk, "period_start": "2024-03-01", "period_end": "2024-03-31",
        "investment_completed": "75", "funds_in_place": "5", "stage": Stage.NEGOTIATING,
    })
    response = admin_client.post(admin_url(ProgressReport, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = ProgressReport.objects.get(project=project)
    assert (report.reported_by, report.stage, report.version) == (None, Stage.NEGOTIATING, 1)
    project.refresh_from_db()
    assert (project.stage, project.version, project.stage_changes.count()) == (Stage.SIGNED, version, 0)
    assert total(zone_a, MARCH) == (Decimal("75"), Decimal("5"), 1)


def test_a_refusal_of_the_service_is_shown_on_the_admin_form(admin_client, project):
    """A rule only the service checks (no period more than a month ahead)
    comes back as the form's error, not as a server error."""
    data = page_data(admin_client.get(admin_url(ProgressReport, "add")))
    data.update({
        "project": project.pk, "period_start": "2099-01-01", "period_end": "2099-01-31",
        "investment_completed": "1", "funds_in_place": "0", "stage": Stage.SIGNED,
    })
    response = admin_client.post(admin_url(ProgressReport, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["period_end"] == [
        "A report cannot cover a period more than a month ahead."
    ]
    assert not ProgressReport.objects.exists()


def test_a_deleted_reports_past_version_is_not_brought_back_from_its_history(admin_client, zone_a, march_reports):
    """Reverting a deleted record would bypass the services: the page says
    so, and the report and the totals stay as they are."""
    first, _second = march_reports
    record = first.history.earliest()
    services.progress_report_delete(user=staff_of(zone_a), report=first)
    revert_url = admin_url(ProgressReport, "simple_history", first.pk, record.history_id)
    response = admin_client.post(revert_url, page_data(admin_client.get(revert_url)))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This record has been deleted, so it cannot be saved here. Nothing was saved."
    ]
    assert not ProgressReport.objects.filter(pk=first.pk).exists()
    assert total(zone_a, MARCH) == (Decimal("200"), Decimal("50"), 1)


# Progress reports on the project's page ----------------------------------------------


def test_reports_edited_and_deleted_on_the_project_page_move_the_totals(admin_client, zone_a, project, march_reports):
    """One save of the project page: the first report moves to April, the
    second is deleted, a third is added in April."""
    first, second = march_reports
    url = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(url))
    rows = {int(data[f"progress_reports-{i}-id"]): i for i in range(2)}
    data.update({
        f"progress_reports-{rows[first.pk]}-period_start": "2024-04-01",
        f"progress_reports-{rows[first.pk]}-period_end": "2024-04-30",
        f"progress_reports-{rows[second.pk]}-DELETE": "on",
        "progress_reports-TOTAL_FORMS": 3,
        "progress_reports-2-period_start": "2024-04-01",
        "progress_reports-2-period_end": "2024-04-07",
        "progress_reports-2-investment_completed": "20",
        "progress_reports-2-funds_in_place": "0",
        "progress_reports-2-stage": Stage.SIGNED,
        "progress_reports-2-project": project.pk,
    })
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert total(zone_a, MARCH) == (0, 0, 0)
    # 300 moved in, 20 added.
    assert total(zone_a, APRIL) == (Decimal("320"), Decimal("100"), 2)
    assert sorted(ProgressReport.objects.values_list("investment_completed", flat=True)) == [20, 300]


def test_a_stale_report_row_on_the_project_page_refuses_the_whole_save(admin_client, zone_a, project, march_reports):
    first, _second = march_reports
    url = admin_url(InvestmentProject, "change", project.pk)
    data = page_data(admin_client.get(url))
    services.progress_report_update(
        user=staff_of(zone_a), report=first, data={"investment_completed": Decimal("310")},
        expected_version=first.version,
    )
    row = next(i for i in range(2) if int(data[f"progress_reports-{i}-id"]) == first.pk)
    data.update({"name": "改名项目", f"progress_reports-{row}-investment_completed": "999"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()[0].startswith(REPORT_CONFLICT)
    project.refresh_from_db()
    first.refresh_from_db()
    assert (project.name, first.investment_completed) == ("新材料项目", Decimal("310"))
    assert total(zone_a, MARCH) == (Decimal("510"), Decimal("150"), 2)
