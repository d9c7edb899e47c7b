"""The "run now" forms of the reports, one per kind, and the zone filter of
the dispatch sheets. Each form turns into the parameters of a TaskRun."""
import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from insights.dashboards.forms import ChoiceFromList
from devzone.forms import BootstrapFormMixin, DatePicker
from insights.models import AssessmentScheme, TaskKind

from . import selectors


def _month_label(month):
    return gettext("Month %(month)d") % {"month": month}


# Lazy: the labels follow the language of the request, not the one at import.
MONTHS = [(month, lazy(_month_label, str)(month)) for month in range(1, 13)]


class DispatchRunForm(BootstrapFormMixin, forms.Form):
    kind = TaskKind.DISPATCH

    week = forms.DateField(
        label=_("week of"), widget=DatePicker, help_text=_("Any day of the week; the sheet is for its Monday.")
    )

    def __init__(self, *args, zones, all_zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"] = ChoiceFromList(
            objects=zones,
            label=_("zone"),
            label_of=lambda zone: zone.name,
            required=not all_zones,
            help_text=_("Leave empty for every zone.") if all_zones else "",
        )
        self.fields["zone"].widget.attrs["class"] = "form-select"
        if all_zones:
            self.fields["zone"].choices = [("", "—"), *self.fields["zone"].choices]
        self.fields["week"].initial = selectors.monday_of(timezone.localdate())

    def parameters(self):
        return {"week_start": selectors.monday_of(self.cleaned_data["week"]).isoformat()}

    def zone(self):
        return self.cleaned_data.get("zone")


class BulletinRunForm(BootstrapFormMixin, forms.Form):
    kind = TaskKind.BULLETIN

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("month"), choices=MONTHS, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year, month = selectors.previous_month(timezone.localdate())
        self.fields["year"].initial, self.fields["month"].initial = year, month

    def clean(self):
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        if year and month and datetime.date(year, month, 1) > timezone.localdate():
            raise forms.ValidationError(_("This month has not begun yet."))
        return data

    def parameters(self):
        return {"year": self.cleaned_data["year"], "month": self.cleaned_data["month"]}

    def zone(self):
        return None


class AssessmentRunForm(BootstrapFormMixin, forms.Form):
    kind = TaskKind.ASSESSMENT

    scheme = forms.ModelChoiceField(label=_("assessment scheme"), queryset=AssessmentScheme.objects.order_by("-year"))
    as_of = forms.DateField(
        label=_("figures as of"), widget=DatePicker, required=False,
        help_text=_("Empty: the year's last day, or today while the year runs."),
    )

    def parameters(self):
        parameters = {"scheme": self.cleaned_data["scheme"].pk}
        if self.cleaned_data.get("as_of"):
            parameters["as_of"] = self.cleaned_data["as_of"].isoformat()
        return parameters

    def zone(self):
        return None


RUN_FORMS = {form.kind: form for form in (DispatchRunForm, BulletinRunForm, AssessmentRunForm)}


class DispatchFilterForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"] = ChoiceFromList(objects=zones, label=_("zone"), label_of=lambda z: z.name, required=False)
        self.fields["zone"].choices = [("", _("All my zones")), *self.fields["zone"].choices]
        self.fields["zone"].widget.attrs["class"] = "form-select form-select-sm"
