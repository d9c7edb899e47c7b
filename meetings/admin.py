"""The back office for meetings, the directives they set and how those are
followed up, and promotion activities.

A meeting's page carries its participants, documents and directives inline,
as the record of one meeting is typed in one sitting. Promotion activities
are a big table: no full count, indexed ordering, filters on kind and year.
"""
from django.contrib import admin
from django.db import models
from django.forms import Textarea
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Directive,
    DirectiveNote,
    Meeting,
    MeetingDocument,
    MeetingParticipant,
    PromotionActivity,
)

# A directive's text is a sentence or two; the default 10-row textarea would
# make a meeting's dozen directives several screens tall.
COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class MeetingParticipantInline(admin.TabularInline):
    model = MeetingParticipant
    fields = ("official", "role", "titles_at_meeting")
    autocomplete_fields = ("official",)
    extra = 0


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    fields = ("order", "title", "read_by")
    autocomplete_fields = ("read_by",)
    extra = 0


class DirectiveInline(admin.TabularInline):
    """The directives as the meeting set them; who helps and which projects
    they concern are edited on the directive's own page (the link)."""

    model = Directive
    fields = ("order", "text", "category", "lead_official", "due_on", "status", "completed_on")
    autocomplete_fields = ("lead_official",)
    formfield_overrides = COMPACT_TEXT
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # Directive.clean compares the lead official's zone with the meeting's.
        return super().get_queryset(request).select_related("meeting", "lead_official")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "zone", "kind")
    list_filter = ("kind",)
    search_fields = ("title", "summary", "zone__name", "zone__short_name")
    autocomplete_fields = ("zone", "targets", "reported_figures", "source")
    list_select_related = ("zone",)
    date_hierarchy = "date"
    ordering = ("-date", "title")
    inlines = (MeetingParticipantInline, MeetingDocumentInline, DirectiveInline)


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(SimpleHistoryAdmin):
    list_display = ("official", "role", "meeting", "titles_at_meeting")
    list_filter = ("role",)
    search_fields = ("official__name", "titles_at_meeting", "meeting__title")
    autocomplete_fields = ("meeting", "official")
    list_select_related = ("meeting", "official")
    ordering = ("-meeting__date", "meeting", "role")


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "meeting", "read_by", "order")
    search_fields = ("title", "meeting__title", "read_by__name")
    autocomplete_fields = ("meeting", "read_by")
    list_select_related = ("meeting", "read_by")
    ordering = ("-meeting__date", "meeting", "order")


class DirectiveNoteInline(admin.TabularInline):
    model = DirectiveNote
    fields = ("noted_on", "text", "author")
    autocomplete_fields = ("author",)
    formfield_overrides = COMPACT_TEXT
    extra = 0
    ordering = ("-noted_on",)


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "meeting", "category", "lead_official", "due_on", "status", "completed_on")
    list_filter = ("status", "category")
    search_fields = ("text", "meeting__title", "lead_official__name")
    autocomplete_fields = ("meeting", "lead_official", "assisting_staff", "projects", "source")
    list_select_related = ("meeting", "lead_official")
    ordering = ("-meeting__date", "meeting", "order")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 4, "cols": 80})}}
    inlines = (DirectiveNoteInline,)


@admin.register(DirectiveNote)
class DirectiveNoteAdmin(SimpleHistoryAdmin):
    list_display = ("noted_on", "__str__", "directive", "author")
    search_fields = ("text", "directive__text")
    autocomplete_fields = ("directive", "author")
    list_select_related = ("directive", "author")
    date_hierarchy = "noted_on"
    readonly_fields = ("created_at",)
    ordering = ("-noted_on", "-id")


@admin.register(PromotionActivity)
class PromotionActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "zone", "kind", "date", "year", "place", "counterpart")
    list_filter = ("kind", "year")
    search_fields = ("title", "counterpart", "place", "zone__name", "zone__short_name")
    autocomplete_fields = ("zone", "projects", "recorded_by", "source")
    list_select_related = ("zone",)
    date_hierarchy = "date"
    # Newest entries first by primary key; the (zone, year, kind) index does
    # not serve an unfiltered sort by year.
    ordering = ("-id",)
    show_full_result_count = False
    list_per_page = 50
