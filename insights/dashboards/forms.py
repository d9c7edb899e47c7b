import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.forms import BootstrapFormMixin, DatePicker, QuickSelect


class ChoiceFromList(forms.ChoiceField):
    """A choice among objects the view already holds (the user's zones, the
    metrics), so that rendering and cleaning cost no query; a city-level
    manager's 300 zones are written by QuickSelect."""

    widget = QuickSelect

    def __init__(self, *, objects, label_of=str, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        super().__init__(choices=[(key, label_of(obj)) for key, obj in self.objects.items()], **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if str(value) not in self.objects:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return self.objects[str(value)]

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        return str(value.pk) if hasattr(value, "pk") else value


# The years a dashboard can show. The as-of date is held to the same span:
# the year is derived from it, and the year before it is read for growth.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodForm(BootstrapFormMixin, forms.Form):
    """A year and an as-of date from the URL; either may be left out. A
    value out of range falls back to its default, and the form says why."""

    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    as_of = forms.DateField(
        label=_("as of"),
        widget=DatePicker,
        required=False,
        validators=[
            MinValueValidator(datetime.date(FIRST_YEAR, 1, 1)),
            MaxValueValidator(datetime.date(LAST_YEAR, 12, 31)),
        ],
    )

    def clean(self):
        data = super().clean()
        data["as_of"] = data.get("as_of") or timezone.localdate()
        data["year"] = data.get("year") or data["as_of"].year
        return data


class DashboardForm(PeriodForm):
    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"] = ChoiceFromList(objects=zones, label=_("zone"), required=False, label_of=lambda z: z.name)
        self.fields["zone"].widget.attrs["class"] = "form-select form-select-sm"
        self.order_fields(["zone", "year", "as_of"])


class RankingForm(PeriodForm):
    def __init__(self, *args, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"] = ChoiceFromList(
            objects=metrics, label=_("metric"), required=False, label_of=lambda m: m.display_name
        )
        self.fields["metric"].widget.attrs["class"] = "form-select form-select-sm"
        self.order_fields(["metric", "year", "as_of"])
