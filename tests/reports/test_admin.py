"""The back office of the reports: schemes edited with their history, the
generated documents and runs shown read-only, actions that start runs."""
import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from insights.models import AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, TaskKind, TaskRun, TaskStatus
from insights.reports import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

GENERATED = (AssessmentResult, Bulletin, DispatchSheet, TaskRun)


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def everything(world, scheme):
    services.bulletin_produce(year=2024, month=10)
    services.dispatch_produce(week_start=datetime.date(2024, 11, 4))
    services.assessment_produce(scheme=scheme, as_of=datetime.date(2024, 10, 31))
    TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10}, status=TaskStatus.FAILED,
                           error="ValueError: x")
    return scheme


def test_the_scheme_keeps_its_history_and_the_generated_rows_are_read_only(admin_client, everything):
    assert isinstance(admin.site._registry[AssessmentScheme], SimpleHistoryAdmin)
    for model in GENERATED:
        assert admin_client.get(url(model, "add")).status_code == 403
        obj = model.objects.first()
        assert admin_client.get(url(model, "changelist")).status_code == 200
        assert admin_client.get(url(model, "change", obj.pk)).status_code == 200  # a read-only view


def test_the_scheme_pages_render(admin_client, everything):
    assert admin_client.get(url(AssessmentScheme, "changelist")).status_code == 200
    assert admin_client.get(url(AssessmentScheme, "add")).status_code == 200
    assert admin_client.get(url(AssessmentScheme, "change", everything.pk)).status_code == 200
    assert admin_client.get(url(AssessmentScheme, "history", everything.pk)).status_code == 200


def test_the_changelist_searches_work(admin_client, everything, world):
    response = admin_client.get(url(DispatchSheet, "changelist"), {"q": "甲经济"})
    assert [sheet.zone for sheet in response.context["cl"].result_list] == [world["a"]]
    response = admin_client.get(url(TaskRun, "changelist"), {"q": "ValueError"})
    assert len(response.context["cl"].result_list) == 1


def test_an_action_produces_a_bulletin_again(admin_client, everything, django_capture_on_commit_callbacks):
    bulletin = Bulletin.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url(Bulletin, "changelist"), {"action": "produce_again", "_selected_action": [bulletin.pk]}
        )
    assert response.status_code == 302
    run = TaskRun.objects.filter(kind=TaskKind.BULLETIN, status=TaskStatus.DONE).get()
    assert run.parameters == {"year": 2024, "month": 10}
    assert Bulletin.objects.count() == 1


def test_an_action_scores_a_scheme(admin_client, everything, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url(AssessmentScheme, "changelist"),
                          {"action": "run_assessment", "_selected_action": [everything.pk]})
    assert TaskRun.objects.get(kind=TaskKind.ASSESSMENT).status == TaskStatus.DONE
