import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from devzone.models import Zone

from .choices import ActivityKind
from .models import PromotionActivity


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


class ActivityFilterSet(django_filters.FilterSet):
    """The activity list's filters; all of them live in the URL."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    zone = django_filters.ModelChoiceFilter(label=_("zone"), queryset=Zone.objects.none())
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ActivityKind.choices)
    year = django_filters.NumberFilter(label=_("year"), widget=forms.NumberInput(attrs={"min": 1990, "step": 1}))
    date_after = django_filters.DateFilter(
        label=_("date from"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_before = django_filters.DateFilter(
        label=_("date to"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["zone"].queryset = Zone.objects.visible_to(user)
        for field in self.form.fields.values():
            widget = field.widget
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs.setdefault("class", css)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(counterpart__icontains=value)
        )
