"""The back office for enterprises, investment projects, their stage changes
and progress reports.

These are the big tables (a city's zones record tens of thousands of
projects and weekly reports), so their lists skip the full-table count
(``show_full_result_count``), sort by indexed columns, join what they display
(``list_select_related``) and filter only on choices and flags: no filter
lists every investor or every project.

The stage is read-only here: a move goes through the project page, which
records the stage change and, for a signing, a start or production, waits for
a manager's confirmation (甄别).

Projects and progress reports are added, changed and deleted through
``projects.services``, as on the staff pages: the same validation, the same
optimistic lock (each change form posts back the version it was opened on,
and a save after someone else's is refused and changes nothing), and the
monthly totals recomputed in the same transaction. Reports added here are
recorded as typed and move no stage.
"""
from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from zones.admin import SOURCE_FIELDS
from devzone.forms import apply_validation_error
from devzone.templatetags.money import format_wan

from . import services
from .choices import Stage
from .models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange, ZoneMonthTotal
from .querysets import related_match, text_lookup

CONFLICT_MESSAGES = {
    InvestmentProject: _(
        "Someone else saved this project after you opened it. Nothing of yours was saved; "
        "compare the changes below, then edit again."
    ),
    ProgressReport: _(
        "Someone else saved this progress report after you opened it. Nothing of yours was saved; "
        "compare the changes below, then edit again."
    ),
}
CHANGE_LINE = _("%(field)s: %(old)s → %(new)s, by %(user)s at %(when)s")
GONE_MESSAGE = _("This record has been deleted, so it cannot be saved here. Nothing was saved.")


class Refused(Exception):
    """A service refused a save that the admin form had passed. Raised out of
    the admin view's transaction, so nothing of the save is kept."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


@contextmanager
def refusals():
    """Turn a service's refusal (a stale version, a rule the form cannot
    check) into ``Refused``, with the message the form is to show."""
    try:
        yield
    except services.EditConflict as conflict:
        lines = [CONFLICT_MESSAGES[type(conflict.instance)]]
        for change in conflict.changes:
            lines.append(
                CHANGE_LINE
                % {
                    "field": change.label,
                    "old": "—" if change.old is None else change.old,
                    "new": "—" if change.new is None else change.new,
                    "user": change.user or "—",
                    "when": timezone.localtime(change.when).strftime("%Y-%m-%d %H:%M"),
                }
            )
        raise Refused(ValidationError(lines)) from conflict
    except ValidationError as error:
        raise Refused(error) from error
    except (InvestmentProject.DoesNotExist, ProgressReport.DoesNotExist) as gone:
        # Deleted meanwhile, or a deleted record's past version sent back
        # from its History page: the services change records, they do not
        # bring them back.
        raise Refused(ValidationError(GONE_MESSAGE)) from gone


def model_data(form, *, exclude=()):
    """The model fields a form edits, from its cleaned data, as the services
    take them (the primary key and the many-to-many apart)."""
    names = {field.name for field in form._meta.model._meta.concrete_fields if not field.primary_key}
    return {name: value for name, value in form.cleaned_data.items() if name in names and name not in exclude}


def adopt(obj, saved):
    """Give the admin's own instance what the service saved: Django goes on
    with it (the inlines' parent, the log entry, the redirect)."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


class VersionedAdminForm(forms.ModelForm):
    """A change form that posts back the version it was opened on, for the
    services' optimistic lock, and shows a refusal of the services as its
    error (see ``ServiceAdmin``)."""

    loaded_version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput, required=False)
    refusal = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is None:
            return
        self.fields["loaded_version"].required = True
        version = instance.version
        if hasattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            # The History page's revert form holds a past version of the
            # record, with that version's number; what the user replaces is
            # the current one (if the record still exists).
            current = type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
            version = version if current is None else current
        self.initial.setdefault("loaded_version", version)

    def clean(self):
        data = super().clean()
        if self.refusal is not None:
            apply_validation_error(self, self.refusal)
        return data


class ServiceAdmin(SimpleHistoryAdmin):
    """An admin whose writes go through the services.

    Django validates the form, then calls ``save_model`` and ``save_related``
    inside the view's transaction; a service can still refuse there (someone
    saved meanwhile). The refusal leaves the transaction as ``Refused``, so
    nothing is kept, and the view runs once more on the same POST with the
    refusal as the form's error: Django renders the form, the inlines and the
    error as for any invalid form.
    """

    form = VersionedAdminForm

    def service_create(self, *, user, form):
        """Add the form's object through its service; return it."""
        raise NotImplementedError

    def service_update(self, *, user, obj, form, expected_version):
        """Save the form's changes to ``obj`` through its service; return it."""
        raise NotImplementedError

    def service_delete(self, *, user, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        with refusals():
            if change:
                saved = self.service_update(
                    user=request.user, obj=obj, form=form, expected_version=form.cleaned_data["loaded_version"]
                )
            else:
                saved = self.service_create(user=request.user, form=form)
        adopt(obj, saved)

    def delete_model(self, request, obj):
        try:
            self.service_delete(user=request.user, obj=obj)
        except ValidationError as error:
            # The services refuse a deletion only to a user who may not write
            # in the zone: a 403, as for a page the role has no use for.
            raise PermissionDenied(" ".join(error.messages)) from error

    def delete_queryset(self, request, queryset):
        # One service call per row, all or none.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._showing_refusal(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._showing_refusal(super().history_form_view, request, object_id, version_id, extra_context)

    def _showing_refusal(self, view, request, *args):
        try:
            return view(request, *args)
        except Refused as refused:
            request._service_refusal = refused.error
            return view(request, *args)


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "short_name",
        "zone",
        "industry",
        "is_leading",
        "is_fortune_global_500",
        "is_china_500",
        "is_state_owned",
        "is_foreign",
    )
    list_filter = ("is_leading", "is_fortune_global_500", "is_china_500", "is_state_owned", "is_foreign")
    search_fields = ("name", "short_name", "home_region")
    autocomplete_fields = ("zone", "industry", "source")
    list_select_related = ("zone", "industry")
    # The name is unique, hence indexed.
    ordering = ("name",)
    show_full_result_count = False
    list_per_page = 50


class StageChangeInline(admin.TabularInline):
    """The project's pipeline as recorded. Read-only here: a stage change is
    confirmed or rejected by a manager, not retyped on the project page; its
    own page (the link) is where an administrator corrects one."""

    model = ProjectStageChange
    fields = ("stage", "changed_on", "status", "recorded_by", "confirmed_by", "confirmed_at", "rejection_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("changed_on", "recorded_at")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by", "confirmed_by")


class ProgressReportInline(admin.TabularInline):
    """Saved through the services by ``InvestmentProjectAdmin.save_formset``."""

    model = ProgressReport
    form = VersionedAdminForm
    fields = (
        "period_start",
        "period_end",
        "investment_completed",
        "funds_in_place",
        "stage",
        "reported_by",
        "loaded_version",
    )
    autocomplete_fields = ("reported_by",)
    extra = 0
    show_change_link = True
    ordering = ("-period_end",)


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(ServiceAdmin):
    list_display = (
        "name",
        "zone",
        "investor",
        "stage",
        "confirmed_stage",
        "planned_investment_display",
        "signed_on",
        "is_major",
        "is_key",
    )
    list_filter = (
        "stage",
        "confirmed_stage",
        "is_major",
        "is_key",
        "is_fortune500",
        "is_four_new",
        "is_foreign_funded",
    )
    search_fields = ("name", "investor__name", "investor__short_name", "zone__name", "zone__short_name")
    autocomplete_fields = ("zone", "investor", "industry", "lead_official", "assisting_staff", "source")
    list_select_related = ("zone", "investor")
    date_hierarchy = "signed_on"
    # Newest first by primary key: no index starts with signed_on alone, and
    # sorting every project to show fifty would cost a full scan.
    ordering = ("-id",)
    show_full_result_count = False
    list_per_page = 50

    def get_search_results(self, request, queryset, search_term):
        """Find what ``search_fields`` finds, in a shape PostgreSQL answers
        from its indexes.

        Django ORs ``icontains`` across the joined tables, which no index
        can serve: on 100,000 projects each of the list's four statements
        (count, page, the date hierarchy's two) joined and tested every row,
        630 ms a page (``manage.py bench``). Searching each related table in
        a subquery (about 200 ms) still left an OR no index serves. Here the
        matching investors and zones are looked up first, by their own
        indexes, and the project statements get their ids
        (``related_match``): the project name's trigram index and the two
        foreign keys' indexes answer the OR together. One query per related
        table for the first search word, if it has a trigram. Later words
        keep the subquery: the first word's indexes have already narrowed
        the rows they are tested on, and the page's query count stays the
        same however many words are typed.
        """
        if not search_term:
            return queryset, False
        by_relation = {}  # "" for the project's own fields
        for path in self.search_fields:
            relation, _, field = path.rpartition("__")
            by_relation.setdefault(relation, []).append(field)
        for position, bit in enumerate(smart_split(search_term)):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            lookup = text_lookup(bit)
            term = Q()
            for relation, fields in by_relation.items():
                match = Q()
                for field in fields:
                    match |= Q(**{f"{field}__{lookup}": bit})
                if relation:
                    related = self.model._meta.get_field(relation).related_model
                    match = related_match(
                        relation, related._base_manager.filter(match), bit, look_up_ids=position == 0
                    )
                term |= match
            queryset = queryset.filter(term)
        return queryset, False

    def service_create(self, *, user, form):
        # The stage is read-only here: a new project starts as a lead.
        return services.project_create(
            user=user,
            data=model_data(form),
            stage=Stage.LEAD,
            stage_date=timezone.localdate(),
            assisting_staff=form.cleaned_data["assisting_staff"],
        )

    def service_update(self, *, user, obj, form, expected_version):
        return services.project_update(
            user=user,
            project=obj,
            data=model_data(form),
            expected_version=expected_version,
            assisting_staff=form.cleaned_data["assisting_staff"],
        )

    def service_delete(self, *, user, obj):
        services.project_delete(user=user, project=obj)

    def save_related(self, request, form, formsets, change):
        # The service has set the assisting staff already (form.save_m2m).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressReport:
            super().save_formset(request, form, formset, change)
            return
        # Sorts the rows into new, changed and deleted (for the log entry)
        # and saves none: each row goes through the services as on the
        # report's own page.
        formset.save(commit=False)
        reports = self.admin_site.get_model_admin(ProgressReport)
        deleted = formset.deleted_forms
        with refusals():
            for row in formset.forms:
                report = row.instance
                if row in deleted:
                    if report.pk:
                        reports.service_delete(user=request.user, obj=report)
                elif not row.has_changed():
                    continue
                elif report.pk:
                    reports.service_update(
                        user=request.user, obj=report, form=row, expected_version=row.cleaned_data["loaded_version"]
                    )
                else:
                    reports.service_create(user=request.user, form=row)

    readonly_fields = ("stage", "confirmed_stage", "version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("zone", "name", "investor", "industry", "description", "loaded_version")}),
        (_("Stage"), {"fields": ("stage", "confirmed_stage", "withdrawn_reason")}),
        (
            _("Flags"),
            {"fields": ("is_major", "is_key", "is_fortune500", "is_four_new", "is_foreign_funded")},
        ),
        (
            _("Investment and dates"),
            {
                "fields": (
                    "planned_investment",
                    "signed_on",
                    "planned_start_on",
                    "started_on",
                    "production_on",
                    "land_mu",
                    "jobs",
                    "annual_output",
                    "annual_tax",
                )
            },
        ),
        (_("People"), {"fields": ("lead_official", "assisting_staff")}),
        (_("Source"), {"fields": SOURCE_FIELDS, "classes": ("collapse",)}),
        (_("Record"), {"fields": ("version", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (StageChangeInline, ProgressReportInline)

    @admin.display(description=_("planned total investment"), ordering="planned_investment")
    def planned_investment_display(self, project):
        return format_wan(project.planned_investment)


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(SimpleHistoryAdmin):
    list_display = ("project", "stage", "changed_on", "status", "recorded_by", "confirmed_by", "confirmed_at")
    list_filter = ("status", "stage")
    search_fields = ("project__name", "project__zone__name", "reason")
    autocomplete_fields = ("project", "recorded_by", "confirmed_by", "source")
    list_select_related = ("project", "recorded_by", "confirmed_by")
    date_hierarchy = "changed_on"
    readonly_fields = ("recorded_at",)
    ordering = ("-id",)
    show_full_result_count = False
    list_per_page = 50


@admin.register(ProgressReport)
class ProgressReportAdmin(ServiceAdmin):
    list_display = (
        "project",
        "zone",
        "period_start",
        "period_end",
        "investment_completed_display",
        "funds_in_place_display",
        "stage",
        "reported_by",
    )
    list_filter = ("stage",)
    search_fields = ("project__name", "project__zone__name", "project__zone__short_name", "problems")
    autocomplete_fields = ("project", "reported_by")
    list_select_related = ("project__zone", "reported_by")
    date_hierarchy = "period_end"
    # period_end has its own index (progress_period_end_idx).
    ordering = ("-period_end", "-id")
    readonly_fields = ("version", "created_at")
    show_full_result_count = False
    list_per_page = 50

    def service_create(self, *, user, form):
        return services.progress_report_add(
            user=user,
            project=form.cleaned_data["project"],
            data=model_data(form, exclude={"project"}),
            moves_stage=False,
        )

    def service_update(self, *, user, obj, form, expected_version):
        return services.progress_report_update(
            user=user, report=obj, data=model_data(form), expected_version=expected_version
        )

    def service_delete(self, *, user, obj):
        services.progress_report_delete(user=user, report=obj)

    @admin.display(description=_("zone"), ordering="project__zone")
    def zone(self, report):
        return report.project.zone

    @admin.display(description=_("investment completed"), ordering="investment_completed")
    def investment_completed_display(self, report):
        return format_wan(report.investment_completed)

    @admin.display(description=_("funds in place"), ordering="funds_in_place")
    def funds_in_place_display(self, report):
        return format_wan(report.funds_in_place)


@admin.register(ZoneMonthTotal)
class ZoneMonthTotalAdmin(admin.ModelAdmin):
    """Derived from the progress reports: shown, never edited here."""

    list_display = ("zone", "month", "investment_display", "funds_display", "report_count", "updated_at")
    list_select_related = ("zone",)
    search_fields = ("zone__name",)
    date_hierarchy = "month"
    ordering = ("-month", "zone")
    show_full_result_count = False

    @admin.display(description=_("investment completed"), ordering="investment_completed")
    def investment_display(self, obj):
        return format_wan(obj.investment_completed)

    @admin.display(description=_("funds in place"), ordering="funds_in_place")
    def funds_display(self, obj):
        return format_wan(obj.funds_in_place)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
