"""The back office for enterprises, investment projects, their stage changes
and progress reports.

These are the big tables (a city's zones record tens of thousands of
projects and weekly reports), so their lists skip the full-table count
(``show_full_result_count``), sort by indexed columns, join what they display
(``list_select_related``) and filter only on choices and flags: no filter
lists every investor or every project.

The stage is read-only here: a move goes through the project page, which
records the stage change and, for a signing, a start or production, waits for
a manager's confirmation (甄别). Any other save here raises the project's
version, so a staff member editing the same project at that moment is told
rather than overwritten.
"""
from django.contrib import admin
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from zones.admin import SOURCE_FIELDS
from devzone.templatetags.money import format_wan

from .models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange, ZoneMonthTotal
from .querysets import related_match, text_lookup

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
    model = ProgressReport
    fields = ("period_start", "period_end", "investment_completed", "funds_in_place", "stage", "reported_by")
    autocomplete_fields = ("reported_by",)
    extra = 0
    show_change_link = True
    ordering = ("-period_end",)


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(SimpleHistoryAdmin):
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

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    readonly_fields = ("stage", "confirmed_stage", "version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("zone", "name", "investor", "industry", "description")}),
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
class ProgressReportAdmin(SimpleHistoryAdmin):
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
    readonly_fields = ("created_at",)
    show_full_result_count = False
    list_per_page = 50

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
