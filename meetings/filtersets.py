import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from devzone.forms import style_filter_form
from zones.choices import MetricCode
from zones.models import Official, Zone

from .choices import ActivityKind, DirectiveCategory, DirectiveStatus, MeetingKind
from .models import Directive, Meeting, PromotionActivity
from .selectors import ACTIVITY_METRICS


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort with undated rows last either way, and ties broken by id so that
    paging never repeats or skips a row (SQLite and PostgreSQL otherwise
    disagree on where NULLs go)."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            if param in EMPTY_VALUES:
                continue
            name = self.get_ordering_value(param)
            if name.startswith("-"):
                ordering.append(F(name[1:]).desc(nulls_last=True))
            else:
                ordering.append(F(name).asc(nulls_last=True))
        return qs.order_by(*ordering, "-pk")


def date_filter(label, *, field_name, lookup_expr):
    """One end of a date range, with the browser's date picker."""
    return django_filters.DateFilter(
        label=label, field_name=field_name, lookup_expr=lookup_expr, widget=forms.DateInput(attrs={"type": "date"})
    )


class ZoneSearchFilterSet(django_filters.FilterSet):
    """A search over ``search_fields`` and a zone among those the user sees;
    the subclass adds its own filters after these two."""

    search_fields = ()

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["zone"].queryset = Zone.objects.visible_to(user)
        style_filter_form(self)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.search_fields:
            match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match)


class ActivityFilterSet(ZoneSearchFilterSet):
    """The activity list's filters; all of them live in the URL."""

    search_fields = ("title", "place", "counterpart")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ActivityKind.choices)
    # The activities a dashboard figure counts (a metric spans several kinds):
    # the figure's drill-down link filters by it.
    metric = django_filters.ChoiceFilter(
        label=_("counts towards"),
        choices=[(code, MetricCode(code).label) for code in ACTIVITY_METRICS],
        method="filter_metric",
    )
    year = django_filters.NumberFilter(label=_("year"), widget=forms.NumberInput(attrs={"min": 1990, "step": 1}))
    date_after = date_filter(_("date from"), field_name="date", lookup_expr="gte")
    date_before = date_filter(_("date to"), field_name="date", lookup_expr="lte")
    sort = StableOrderingFilter(
        label=_("sort by"),
        fields=(
            ("date", "date"),
            ("kind", "kind"),
            ("title", "title"),
            ("zone__name", "zone"),
            ("project_count", "projects"),
        ),
    )

    class Meta:
        model = PromotionActivity
        fields = []

    def filter_metric(self, queryset, name, value):
        return queryset.filter(kind__in=ACTIVITY_METRICS[value])


class MeetingFilterSet(ZoneSearchFilterSet):
    """The meeting list's filters; all of them live in the URL."""

    search_fields = ("title", "summary", "attendance")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=MeetingKind.choices)
    date_after = date_filter(_("date from"), field_name="date", lookup_expr="gte")
    date_before = date_filter(_("date to"), field_name="date", lookup_expr="lte")
    sort = StableOrderingFilter(
        label=_("sort by"),
        fields=(
            ("date", "date"),
            ("kind", "kind"),
            ("title", "title"),
            ("zone__name", "zone"),
            ("directive_count", "directives"),
            ("overdue_count", "overdue"),
        ),
    )

    class Meta:
        model = Meeting
        fields = []


OVERDUE = "overdue"


class DirectiveFilterSet(django_filters.FilterSet):
    """The directive lists' filters; all of them live in the URL. "Overdue"
    is a status of its own here: past due and not done."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    zone = django_filters.ModelChoiceFilter(
        label=_("zone"), field_name="meeting__zone", queryset=Zone.objects.none()
    )
    meeting = django_filters.ModelChoiceFilter(label=_("meeting"), queryset=Meeting.objects.none())
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=[*DirectiveStatus.choices, (OVERDUE, _("Overdue"))], method="filter_status"
    )
    category = django_filters.ChoiceFilter(label=_("category"), choices=DirectiveCategory.choices)
    lead_official = django_filters.ModelChoiceFilter(label=_("lead official"), queryset=Official.objects.none())
    due_after = date_filter(_("due from"), field_name="due_on", lookup_expr="gte")
    due_before = date_filter(_("due by"), field_name="due_on", lookup_expr="lte")
    sort = StableOrderingFilter(
        label=_("sort by"),
        fields=(
            ("due_on", "due"),
            ("meeting__date", "meeting"),
            ("status", "status"),
            ("category", "category"),
            ("lead_official__name", "lead"),
            ("last_noted_on", "noted"),
        ),
    )

    class Meta:
        model = Directive
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.visible_to(user)
        self.filters["zone"].queryset = zones
        self.filters["meeting"].queryset = Meeting.objects.filter(zone__in=zones).select_related("zone")
        self.filters["lead_official"].queryset = Official.objects.filter(zone__in=zones)
        style_filter_form(self)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(meeting__title__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue(timezone.localdate())
        return queryset.filter(status=value)
