"""Project pages. Views stay thin: they pick the rows the user may see,
validate a form, call one service and redirect."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from devzone import access
from devzone.access import StaffOnlyMixin, ZoneScopedMixin
from devzone.views import ServiceFormMixin

from . import exports, imports, selectors, services
from .forms import (
    ProgressReportForm,
    ProjectCreateForm,
    ProjectForm,
    ProjectImportForm,
    RejectForm,
    StageChangeForm,
    WithdrawForm,
)
from .filtersets import ProgressReportFilterSet, ProjectFilterSet
from .models import InvestmentProject, ProgressReport, ProjectStageChange


class ProjectListView(FilterView):
    model = InvestmentProject
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    paginate_by = 50

    def get_queryset(self):
        return InvestmentProject.objects.visible_to(self.request.user).for_list().order_by("-updated_at", "-pk")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["can_add"] = access.can_record(self.request.user)
        return context


class ProjectExportView(ProjectListView):
    """The filtered list as CSV or XLSX: exactly the rows of the page's filter."""

    paginate_by = None
    formats = {
        "csv": (exports.projects_csv, "text/csv; charset=utf-8"),
        "xlsx": (exports.projects_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }

    def get(self, request, *args, fmt, **kwargs):
        if fmt not in self.formats:
            raise Http404
        filterset = self.get_filterset(self.get_filterset_class())
        invalid = filterset.is_bound and not filterset.is_valid()
        queryset = filterset.queryset.none() if invalid else filterset.qs
        render, content_type = self.formats[fmt]
        response = HttpResponse(render(queryset), content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="projects-{stamp}.{fmt}"'
        return response


class ProjectDetailView(ZoneScopedMixin, DetailView):
    model = InvestmentProject
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return InvestmentProject.objects.select_related("zone", "investor", "industry", "lead_official", "source")

    def get_context_data(self, **kwargs):
        project = self.object
        user = self.request.user
        return super().get_context_data(
            timeline=selectors.project_timeline(project=project),
            reports=selectors.project_progress(project=project),
            totals=selectors.project_totals(project=project),
            history=selectors.project_history(project=project),
            directives=project.directives.select_related("meeting").order_by("meeting__date", "order"),
            assisting=project.assisting_staff.all(),
            can_edit=access.can_edit_zone(user, project.zone_id),
            can_confirm=access.can_confirm_zone(user, project.zone_id),
            **kwargs,
        )


class ProjectCreateView(StaffOnlyMixin, ServiceFormMixin, FormView):
    form_class = ProjectCreateForm
    template_name = "projects/project_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.project_create(
            user=self.request.user,
            data=form.project_data(),
            investor_name=form.cleaned_data["investor_name"],
            stage=form.cleaned_data["stage"],
            stage_date=form.cleaned_data["stage_date"],
            assisting_staff=form.cleaned_data["assisting_staff"],
        )

    def get_success_message(self, project):
        return _("Project “%(name)s” recorded.") % {"name": project.name}


class ProjectObjectMixin(ZoneScopedMixin, ServiceFormMixin):
    """A staff member's form on the project of the URL: it must be one the
    user may edit; the form comes back to the project's page."""

    model = InvestmentProject
    action = "edit"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object, **kwargs)

    def success_redirect(self, saved):
        return self.object


class ProjectEditView(ProjectObjectMixin, FormView):
    form_class = ProjectForm
    template_name = "projects/project_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def perform(self, form):
        return services.project_update(
            user=self.request.user,
            project=self.object,
            data=form.project_data(),
            investor_name=form.cleaned_data["investor_name"],
            expected_version=form.cleaned_data["version"],
            assisting_staff=form.cleaned_data["assisting_staff"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.EditConflict as conflict:
            form.add_error(
                None,
                _("Someone else saved this project after you opened it. Nothing of yours was saved; "
                  "compare the changes below, then edit again."),
            )
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))

    def get_success_message(self, project):
        return _("Project “%(name)s” saved.") % {"name": project.name}


class ProjectStageView(ProjectObjectMixin, FormView):
    form_class = StageChangeForm
    template_name = "projects/project_stage.html"

    def perform(self, form):
        return services.project_stage_change(
            user=self.request.user,
            project=self.object,
            stage=form.cleaned_data["stage"],
            changed_on=form.cleaned_data["changed_on"],
            reason=form.cleaned_data["reason"],
        )

    def notify(self, change):
        if change.status == "pending":
            messages.info(self.request, _("Stage change recorded; it counts once a manager confirms it."))
        else:
            messages.success(self.request, _("Stage change recorded."))


class ProjectWithdrawView(ProjectObjectMixin, FormView):
    form_class = WithdrawForm
    template_name = "projects/project_withdraw.html"
    success_message = gettext_lazy("The project was withdrawn.")

    def perform(self, form):
        return services.project_withdraw(
            user=self.request.user, project=self.object, reason=form.cleaned_data["reason"]
        )


class ProgressReportCreateView(ProjectObjectMixin, FormView):
    form_class = ProgressReportForm
    template_name = "projects/progressreport_form.html"
    success_message = gettext_lazy("Progress report saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.object}

    def perform(self, form):
        return services.progress_report_add(
            user=self.request.user, project=self.object, data=form.report_data(), reason=form.cleaned_data["reason"]
        )


class ProgressReportListView(FilterView):
    model = ProgressReport
    filterset_class = ProgressReportFilterSet
    template_name = "projects/progressreport_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            ProgressReport.objects.visible_to(self.request.user)
            .select_related("project__zone", "reported_by")
            .order_by("-period_end", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.report_totals(reports=self.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class StageChangeReviewView(access.RoleRequiredMixin, TemplateView):
    """Pending moves for managers to confirm or reject (甄别)."""

    allowed = (access.is_manager, access.is_administrator)
    template_name = "projects/stagechange_review.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pending=selectors.pending_stage_changes(user=self.request.user), reject_form=RejectForm(), **kwargs
        )


class StageChangeDecisionView(ZoneScopedMixin, View):
    """POST only: confirm, or reject with a reason."""

    model = ProjectStageChange
    action = "confirm"
    decision = None

    def post(self, request, pk):
        change = self.object
        try:
            if self.decision == "confirm":
                services.stage_change_confirm(user=request.user, change=change)
                messages.success(request, _("Stage change confirmed."))
            else:
                form = RejectForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Give the reason for rejecting the stage change."))
                    return redirect("projects:stage_change_review")
                services.stage_change_reject(
                    user=request.user, change=change, reason=form.cleaned_data["rejection_reason"]
                )
                messages.success(request, _("Stage change rejected."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        # Back to the page the decision was taken on, when "next" is a path
        # of this site; redirect() would read any other word as a URL name.
        target = request.POST.get("next", "")
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("projects:stage_change_review")
        return HttpResponseRedirect(target)


class ProjectImportView(StaffOnlyMixin, FormView):
    """Upload an Excel sheet of projects: every row valid, or nothing saved."""

    form_class = ProjectImportForm
    template_name = "projects/project_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(limits=imports.LIMITS, **kwargs)

    def form_valid(self, form):
        try:
            result = imports.projects_import(user=self.request.user, file=form.cleaned_data["file"])
        except imports.ImportRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, rejected=rejected))
        messages.success(
            self.request,
            ngettext("%(count)d project imported.", "%(count)d projects imported.", len(result.projects))
            % {"count": len(result.projects)},
        )
        return redirect("projects:project_list")


class ProjectImportTemplateView(StaffOnlyMixin, View):
    def get(self, request):
        response = HttpResponse(
            imports.import_template(user=request.user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="devzone-projects-template.xlsx"'
        return response
