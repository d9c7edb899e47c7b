"""The two patterns every record view is built on (devzone/access.py,
devzone/views.py), tried on small views of their own: ZoneScopedMixin
fetches the record of the URL among the user's zones (404 otherwise) and
checks the role's action (403 otherwise); ServiceFormMixin hands a valid
form to one service and shows the service's refusal on the form."""
import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView

from devzone.access import ZoneScopedMixin, record_zone_id
from devzone.views import ServiceFormMixin
from projects import services
from projects.choices import Stage
from projects.models import InvestmentProject, ProjectStageChange
from tests.factories import DirectiveFactory, ProjectFactory, ProjectStageChangeFactory, ZoneFactory
from tests.personas import administrator, manager_of, staff_of

pytestmark = pytest.mark.django_db


class ProjectPage(ZoneScopedMixin, View):
    model = InvestmentProject

    def get(self, request, pk):
        return HttpResponse(self.object.name)


class ProjectEditPage(ProjectPage):
    action = "edit"

    def post(self, request, pk):
        return HttpResponse(self.object.name)


class ProjectDetailPage(ZoneScopedMixin, DetailView):
    model = InvestmentProject
    template_name = "unused.html"  # the response is never rendered here


class StageChangeConfirmPage(ZoneScopedMixin, View):
    model = ProjectStageChange
    action = "confirm"

    def post(self, request, pk):
        return HttpResponse("confirmed")


def call(view, user, pk, method="get", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = user
    request._messages = CookieStorage(request)
    return view.as_view()(request, pk=pk)


@pytest.fixture
def zone():
    return ZoneFactory()


@pytest.fixture
def project(zone):
    return ProjectFactory(zone=zone, name="示例项目", stage=Stage.SIGNED, confirmed_stage=Stage.SIGNED)


# ZoneScopedMixin ---------------------------------------------------------------------


def test_it_gives_staff_the_record_of_their_zone(zone, project):
    """The record of the URL is on the view as ``self.object``."""
    response = call(ProjectEditPage, staff_of(zone), project.pk)
    assert response.status_code == 200
    assert response.content.decode() == "示例项目"


def test_it_answers_404_for_a_record_of_another_zone(project):
    with pytest.raises(Http404):
        call(ProjectPage, staff_of(ZoneFactory(), username="other_staff"), project.pk)


def test_it_answers_404_for_a_record_that_does_not_exist(zone, project):
    with pytest.raises(Http404):
        call(ProjectPage, staff_of(zone), project.pk + 1000)


def test_it_lets_a_manager_read_but_refuses_them_an_edit_view(zone, project):
    manager = manager_of(zone)
    assert call(ProjectPage, manager, project.pk).status_code == 200
    with pytest.raises(PermissionDenied):
        call(ProjectEditPage, manager, project.pk)


def test_it_refuses_a_manager_of_another_zone_with_a_404_not_a_403(project):
    """Outside the user's zones the record does not exist for them, whatever
    the action."""
    with pytest.raises(Http404):
        call(ProjectEditPage, manager_of(ZoneFactory()), project.pk)


def test_it_lets_an_administrator_edit_anywhere(project):
    assert call(ProjectEditPage, administrator(), project.pk).status_code == 200


def test_it_lets_a_manager_confirm_and_refuses_the_staff(zone, project):
    """A stage change belongs to a zone through its project."""
    change = ProjectStageChangeFactory(project=project)
    assert call(StageChangeConfirmPage, manager_of(zone), change.pk, "post").status_code == 200
    with pytest.raises(PermissionDenied):
        call(StageChangeConfirmPage, staff_of(zone), change.pk, "post")


def test_it_sends_an_anonymous_user_to_the_login_page(project):
    response = call(ProjectPage, AnonymousUser(), project.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_405_for_a_method_the_view_does_not_take_before_fetching(project, django_assert_num_queries):
    """The other zone's staff learn nothing from a wrong method: a 405, and
    the record is not even looked for."""
    other_staff = staff_of(ZoneFactory(), username="other_staff")
    with django_assert_num_queries(0):
        response = call(ProjectPage, other_staff, project.pk, "post")
    assert response.status_code == 405


def test_a_detail_view_reads_its_record_once(zone, project, django_assert_num_queries):
    staff = staff_of(zone)
    call(ProjectDetailPage, staff, project.pk)  # the user's roles and zones, cached on the user
    with django_assert_num_queries(1):
        response = call(ProjectDetailPage, staff, project.pk)
    assert response.context_data["object"] == project
    assert response.context_data["investmentproject"] == project


def test_the_zone_of_a_record_is_found_along_its_querysets_path(zone, project):
    directive = DirectiveFactory(meeting__zone=zone)
    change = ProjectStageChangeFactory(project=project)
    assert record_zone_id(project, "zone") == zone.pk
    assert record_zone_id(change, "project__zone") == zone.pk
    assert record_zone_id(directive, "meeting__zone") == zone.pk
    assert record_zone_id(zone, "pk") == zone.pk


# ServiceFormMixin --------------------------------------------------------------------


class StageForm(forms.Form):
    stage = forms.CharField()
    reason = forms.CharField(required=False)


class StagePage(ZoneScopedMixin, ServiceFormMixin, FormView):
    """A form view as the apps write them: the service call, the message,
    and the page shown again (here without a template) when refused."""

    model = InvestmentProject
    action = "edit"
    form_class = StageForm
    success_message = "Stage recorded."

    def perform(self, form):
        return services.project_stage_change(
            user=self.request.user,
            project=self.object,
            stage=form.cleaned_data["stage"],
            changed_on=self.object.signed_on,
            reason=form.cleaned_data["reason"],
        )

    def success_redirect(self, change):
        return self.object

    def form_invalid(self, form):
        return HttpResponse(repr(form.errors.get_json_data()), status=200)


def post_stage(user, project, view=StagePage, **data):
    request = RequestFactory().post("/", data)
    request.user = user
    request._messages = CookieStorage(request)
    response = view.as_view()(request, pk=project.pk)
    return response, [(m.level, m.message) for m in request._messages]


def test_a_services_refusal_stands_beside_its_field_and_changes_nothing(zone, project):
    """The project is already at the stage asked for: the service refuses,
    the form comes back with the reason on the stage field, and nothing is
    saved, said or redirected."""
    response, messages = post_stage(staff_of(zone), project, stage=Stage.SIGNED)
    assert response.status_code == 200
    assert "stage" in response.content.decode()
    assert "The project is already at this stage." in response.content.decode()
    assert messages == []
    assert ProjectStageChange.objects.filter(project=project).count() == 0
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED


class RefusingPage(StagePage):
    def perform(self, form):
        raise ValidationError("You cannot change projects of this zone.")


def test_a_refusal_that_names_no_field_stands_at_the_top_of_the_form(zone, project):
    response, messages = post_stage(staff_of(zone), project, view=RefusingPage, stage=Stage.STARTED)
    assert "'__all__'" in response.content.decode()
    assert "You cannot change projects of this zone." in response.content.decode()
    assert messages == []


def test_a_saved_form_says_so_and_redirects(zone, project):
    response, messages = post_stage(staff_of(zone), project, stage=Stage.STARTED)
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert messages == [(constants.SUCCESS, "Stage recorded.")]
    assert ProjectStageChange.objects.filter(project=project, stage=Stage.STARTED).count() == 1
