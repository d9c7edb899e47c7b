"""The back office for zones, industries, officials, metrics, targets and
figures.

Every model keeps its history (simple_history), so each change page has a
"History" button. Foreign keys use autocomplete widgets: a select listing
every zone of the national catalogue (about 2,700) or every user would be
slow and useless. List filters are choices, flags and years, never a list
of every row of a related table.
"""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Industry,
    Mechanism,
    Membership,
    Metric,
    Official,
    ReportedFigure,
    SourceArticle,
    Target,
    Zone,
)
from devzone.templatetags.money import format_figure, format_percent

SOURCE_FIELDS = ("source", "source_quote")


@admin.register(SourceArticle)
class SourceArticleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "key", "publisher", "event_date", "published_at")
    list_filter = ("publisher",)
    search_fields = ("title", "key", "publisher", "reporter")
    date_hierarchy = "event_date"
    ordering = ("-event_date", "title")


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    ordering = ("name",)


class OfficialInline(admin.TabularInline):
    model = Official
    fields = ("name", "titles", "user")
    autocomplete_fields = ("user",)
    extra = 0
    show_change_link = True


@admin.register(Zone)
class ZoneAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "name", "code", "level", "zone_type", "province", "city", "approved_on")
    # Provinces are a few dozen values whatever the number of zones.
    list_filter = ("approving_authority", "zone_type", "province")
    search_fields = ("name", "short_name", "code", "province", "city", "county")
    autocomplete_fields = ("leading_industries", "source")
    inlines = (OfficialInline,)
    ordering = ("name",)
    list_per_page = 100

    @admin.display(description=_("level"), ordering="approving_authority")
    def level(self, zone):
        return zone.level


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone", "titles", "user")
    search_fields = ("name", "titles", "zone__name", "zone__short_name")
    autocomplete_fields = ("zone", "user", "source")
    list_select_related = ("zone", "user")
    ordering = ("zone", "name")


@admin.register(Mechanism)
class MechanismAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone")
    search_fields = ("name", "description", "zone__name", "zone__short_name")
    autocomplete_fields = ("zone", "source")
    list_select_related = ("zone",)
    ordering = ("zone", "name")


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "kind", "unit", "sort_order")
    list_filter = ("kind", "unit")
    search_fields = ("code", "name", "name_en")
    ordering = ("sort_order", "code")


class PeriodFigureAdmin(SimpleHistoryAdmin):
    """Targets and reported figures share their columns and filters. The
    metric filter is safe: the metrics are a catalogue of a few dozen rows."""

    list_display = ("zone", "metric", "period", "figure", "note")
    list_filter = ("year", "metric", "qualifier")
    search_fields = ("zone__name", "zone__short_name", "metric__name", "metric__code", "note")
    autocomplete_fields = ("zone", "metric", "source")
    list_select_related = ("zone", "metric")
    ordering = ("-year", "zone", "metric__sort_order")

    @admin.display(description=_("period"), ordering="year")
    def period(self, obj):
        return obj.period_label

    @admin.display(description=_("value"), ordering="value")
    def figure(self, obj):
        return format_figure(obj.value, obj.metric.unit, obj.qualifier)


@admin.register(Target)
class TargetAdmin(PeriodFigureAdmin):
    pass


@admin.register(ReportedFigure)
class ReportedFigureAdmin(PeriodFigureAdmin):
    list_display = ("zone", "metric", "period", "figure", "growth", "rank", "rank_scope")

    @admin.display(description=_("year-over-year growth"), ordering="yoy_growth_percent")
    def growth(self, obj):
        return format_percent(obj.yoy_growth_percent, signed=True)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "zone")
    search_fields = ("user__username", "user__first_name", "user__last_name", "zone__name", "zone__short_name")
    autocomplete_fields = ("user", "zone")
    list_select_related = ("user", "zone")
    ordering = ("zone", "user")
