"""The report pages: bulletins (every signed-in user: a 月通报 is circulated
to every zone), dispatch sheets (the user's zones; 404 outside them),
assessments (circulated like the bulletins), and the runs, which only
managers and administrators see and start (403 for staff)."""
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from devzone import access
from devzone.access import RoleRequiredMixin, ZoneScopedMixin
from meetings.choices import DirectiveStatus
from projects.choices import Stage

from ..figures import LIGHT_LABELS
from ..models import AssessmentScheme, Bulletin, DispatchSheet, TaskKind, TaskRun
from . import exports, selectors, services
from .forms import RUN_FORMS, DispatchFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_run(user):
    return access.is_manager(user) or access.is_administrator(user)


class ReportsMixin:
    """The tabs of the reports pages, the runs tab only for those who may
    start a run."""

    tab = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(tab=self.tab, can_run=can_run(self.request.user), **kwargs)


# 月通报 ------------------------------------------------------------------------------


class BulletinListView(ReportsMixin, ListView):
    template_name = "reports/bulletin_list.html"
    context_object_name = "bulletins"
    paginate_by = 24
    tab = "bulletins"

    def get_queryset(self):
        return selectors.bulletin_list()


class BulletinMixin:
    def get_object(self, queryset=None):
        return get_object_or_404(Bulletin, year=self.kwargs["year"], month=self.kwargs["month"])


class BulletinDetailView(ReportsMixin, BulletinMixin, DetailView):
    template_name = "reports/bulletin_detail.html"
    context_object_name = "bulletin"
    tab = "bulletins"

    def get_context_data(self, **kwargs):
        data = self.object.data
        paragraphs = data.get("paragraphs", {})
        names = {zone["id"]: zone["name"] for zone in data.get("zones", [])}
        return super().get_context_data(
            data=data,
            sections=[_displayed(section) for section in data.get("metrics", [])],
            overall=paragraphs.get("overall", ""),
            zone_paragraphs=[(names.get(p["zone_id"], ""), p["text"]) for p in paragraphs.get("zones", [])],
            **kwargs,
        )


def signed_points(value):
    """The gap to 序时进度 in points with its sign: +6.7, -23.3, 0.0."""
    if value is None:
        return "—"
    number = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"+{number}" if number > 0 else f"{number}"


def _displayed(section):
    rows = [
        {**row, "gap_points": signed_points(row.get("gap")), "light_label": LIGHT_LABELS.get(row.get("light"), "")}
        for row in section["rows"]
    ]
    total = section.get("total")
    if total:
        total = {**total, "gap_points": signed_points(total.get("gap"))}
    return {**section, "rows": rows, "total": total}


class BulletinExportView(BulletinMixin, View):
    def get(self, request, *args, **kwargs):
        bulletin = self.get_object()
        response = HttpResponse(exports.bulletin_xlsx(bulletin), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.year}-{bulletin.month:02d}.xlsx"'
        return response


# 周调度 ------------------------------------------------------------------------------


class DispatchSheetListView(ReportsMixin, ListView):
    template_name = "reports/dispatchsheet_list.html"
    context_object_name = "sheets"
    paginate_by = 50
    tab = "dispatch"

    def get_queryset(self):
        self.form = DispatchFilterForm(self.request.GET, zones=access.user_zones(self.request.user))
        self.form.is_valid()
        if "zone" in self.form.errors:
            raise Http404
        return selectors.dispatch_sheets(user=self.request.user, zone=self.form.cleaned_data.get("zone"))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=self.form, query=query.urlencode(), **kwargs)


class DispatchSheetDetailView(ReportsMixin, ZoneScopedMixin, DetailView):
    template_name = "reports/dispatchsheet_detail.html"
    context_object_name = "sheet"
    model = DispatchSheet
    tab = "dispatch"

    def get_queryset(self):
        return DispatchSheet.objects.select_related("zone")

    def get_context_data(self, **kwargs):
        return super().get_context_data(content=labelled(self.object.content), **kwargs)


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def labelled(content):
    """The stored sheet with the stage and status words of the current
    language (the sheet keeps their codes)."""
    content = dict(content)
    for key in ("silent_projects", "overdue_start_projects"):
        content[key] = [{**p, "stage_label": _label(Stage, p.get("confirmed_stage"))} for p in content.get(key, [])]
    content["overdue_directives"] = [
        {**d, "status_label": _label(DirectiveStatus, d.get("status"))} for d in content.get("overdue_directives", [])
    ]
    content.setdefault("problems", [])
    return content


# 年考核 ------------------------------------------------------------------------------


class AssessmentListView(ReportsMixin, ListView):
    template_name = "reports/assessment_list.html"
    context_object_name = "schemes"
    tab = "assessments"

    def get_queryset(self):
        return selectors.assessment_schemes()


class AssessmentDetailView(ReportsMixin, DetailView):
    template_name = "reports/assessment_detail.html"
    context_object_name = "scheme"
    model = AssessmentScheme
    tab = "assessments"

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=selectors.assessment_results(scheme=self.object), **kwargs)


# Runs ---------------------------------------------------------------------------------


class RunAccessMixin(RoleRequiredMixin):
    """Managers and administrators follow and start runs; staff get a 403."""

    allowed = (access.is_manager, access.is_administrator)


class TaskRunListView(RunAccessMixin, ReportsMixin, ListView):
    template_name = "reports/taskrun_list.html"
    context_object_name = "runs"
    paginate_by = 50
    tab = "runs"

    def get_queryset(self):
        return selectors.task_runs(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["polling"] = selectors.has_pending(context["runs"])
        return context


def run_forms(user, data=None, kind=None):
    """The three "run now" forms; only the one of ``kind`` is bound."""
    zones = access.user_zones(user)
    all_zones = access.sees_all_zones(user)
    forms = {}
    for form_kind, form_class in RUN_FORMS.items():
        bound = data if form_kind == kind else None
        extra = {"zones": zones, "all_zones": all_zones} if form_kind == TaskKind.DISPATCH else {}
        forms[form_kind] = form_class(bound, prefix=form_kind, **extra)
    return forms


class TaskRunCreateView(RunAccessMixin, View):
    template_name = "reports/taskrun_form.html"

    def render(self, forms, status=200):
        context = {
            "forms": [(kind, TaskKind(kind).label, form) for kind, form in forms.items()],
            "tab": "runs",
            "can_run": True,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(run_forms(request.user))

    def post(self, request):
        kind = request.POST.get("kind")
        if kind not in RUN_FORMS:
            return self.render(run_forms(request.user), status=400)
        forms = run_forms(request.user, request.POST, kind)
        form = forms[kind]
        if not form.is_valid():
            return self.render(forms)
        run = services.run_request(user=request.user, kind=kind, parameters=form.parameters(), zone=form.zone())
        messages.success(request, _("%(kind)s: run started.") % {"kind": TaskKind(kind).label})
        return redirect(run)


class TaskRunDetailView(RunAccessMixin, ReportsMixin, ZoneScopedMixin, DetailView):
    template_name = "reports/taskrun_detail.html"
    context_object_name = "run"
    model = TaskRun
    tab = "runs"

    def get_queryset(self):
        return TaskRun.objects.select_related("zone", "requested_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(links=result_links(self.object, self.request.user), **kwargs)


def result_links(run, user):
    """Links to what a finished run produced."""
    from django.urls import reverse

    result = run.result or {}
    if run.kind == TaskKind.BULLETIN and result.get("year"):
        return [(_("Bulletin"), reverse("reports:bulletin_detail", args=[result["year"], result["month"]]))]
    if run.kind == TaskKind.ASSESSMENT and result.get("scheme"):
        return [(_("Assessment results"), reverse("reports:assessment_detail", args=[result["scheme"]]))]
    if run.kind == TaskKind.DISPATCH and result.get("sheets"):
        sheets = DispatchSheet.objects.visible_to(user).filter(pk__in=result["sheets"]).select_related("zone")
        return [(str(sheet), sheet.get_absolute_url()) for sheet in sheets.order_by("zone__name")]
    return []
