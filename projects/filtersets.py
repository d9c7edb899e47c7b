import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from devzone import access
from devzone.forms import style_filter_form
from zones.models import Industry, Official, Zone

from .choices import Stage
from .models import InvestmentProject, ProgressReport

FLAG_CHOICES = [
    ("is_major", _("major project")),
    ("is_key", _("key project")),
    ("is_fortune500", _("Fortune-500 project")),
    ("is_four_new", _("four-new economy project")),
    ("is_foreign_funded", _("foreign-funded")),
]


ATTENTION_CHOICES = [
    ("overdue_start", _("past the planned start, not started")),
    ("silent", _("signed, without a recent progress report")),
]


class ProjectFilterSet(django_filters.FilterSet):
    """The project list's filters; the same filtered queryset feeds the page
    and both exports, so an export holds exactly the rows on screen."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.none())
    # distinct=False: these filter the project's own columns, so no join can
    # repeat a row, and DISTINCT over every column would cost a full sort.
    stage = django_filters.MultipleChoiceFilter(label=_("stage"), choices=Stage.choices, distinct=False)
    industry = django_filters.ModelChoiceFilter(label=_("industry"), queryset=Industry.objects.all())
    investor = django_filters.CharFilter(
        label=_("investor"), field_name="investor__name", lookup_expr="icontains", max_length=200
    )
    flags = django_filters.MultipleChoiceFilter(
        label=_("flags"), choices=FLAG_CHOICES, method="filter_flags", distinct=False
    )
    planned_min = django_filters.NumberFilter(
        label=_("planned investment from (10k yuan)"), field_name="planned_investment", lookup_expr="gte"
    )
    planned_max = django_filters.NumberFilter(
        label=_("planned investment to (10k yuan)"), field_name="planned_investment", lookup_expr="lte"
    )
    signed_after = django_filters.DateFilter(
        label=_("signed from"), field_name="signed_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_before = django_filters.DateFilter(
        label=_("signed to"), field_name="signed_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    lead_official = django_filters.ModelChoiceFilter(label=_("lead official"), queryset=Official.objects.none())
    # For the dashboards' drill-downs: what counts is the confirmed stage.
    confirmed = django_filters.MultipleChoiceFilter(
        label=_("confirmed stage"), field_name="confirmed_stage", choices=Stage.choices, distinct=False
    )
    attention = django_filters.ChoiceFilter(label=_("needs attention"), choices=ATTENTION_CHOICES, method="filter_attention")
    sort = django_filters.OrderingFilter(
        label=_("sort by"),
        fields=(
            ("name", "name"),
            ("zone__name", "zone"),
            ("stage", "stage"),
            ("planned_investment", "planned_investment"),
            ("signed_on", "signed_on"),
            ("updated_at", "updated_at"),
        ),
    )

    class Meta:
        model = InvestmentProject
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.visible_to(user)
        self.filters["zone"].queryset = zones
        # Officials of the chosen zone, or of the user's zones when they are
        # few: a city-level list would render thousands of <option>s.
        chosen = (self.data or {}).get("zone")
        officials = Official.objects.filter(zone__in=zones).order_by("zone", "name")
        if chosen and str(chosen).isdigit():
            officials = officials.filter(zone_id=chosen)
        elif access.visible_zone_ids(user) is None or len(access.visible_zone_ids(user)) > 5:
            officials = officials.none()
            self.filters["lead_official"].extra["help_text"] = _("Choose a zone first.")
        self.filters["lead_official"].queryset = officials
        style_filter_form(self)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.search(value)

    def filter_attention(self, queryset, name, value):
        # A dashboard looked at "as of" a past date links with that date.
        try:
            today = parse_date(self.data.get("as_of") or "") or timezone.localdate()
        except ValueError:
            today = timezone.localdate()
        if value == "overdue_start":
            return queryset.overdue_start(today)
        if value == "silent":
            return queryset.silent(today, settings.DASHBOARD_SILENT_WEEKS)
        return queryset

    def filter_flags(self, queryset, name, values):
        for flag in values:
            queryset = queryset.filter(**{flag: True})
        return queryset


class ProgressReportFilterSet(django_filters.FilterSet):
    """Reports by zone and by the date their period ends: the rows behind the
    dashboards' investment and funds figures."""

    zone = django_filters.ModelChoiceFilter(label=_("zone"), field_name="project__zone", queryset=Zone.objects.none())
    q = django_filters.CharFilter(label=_("project"), field_name="project__name", lookup_expr="icontains", max_length=200)
    period_end_after = django_filters.DateFilter(
        label=_("period ends from"), field_name="period_end", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end_before = django_filters.DateFilter(
        label=_("period ends to"), field_name="period_end", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = ProgressReport
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["zone"].queryset = Zone.objects.visible_to(user)
        style_filter_form(self)
