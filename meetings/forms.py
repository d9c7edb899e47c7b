import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone import access
from devzone.forms import BootstrapFormMixin, DatePicker
from projects.models import InvestmentProject

from . import services
from .models import PromotionActivity


class _ShownChoices(ModelChoiceIterator):
    """The options a select shows, narrower than what it accepts."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


class ProjectsField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, label_zone=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_zone = label_zone

    def label_from_instance(self, obj):
        return f"{obj.zone.short_name or obj.zone.name} · {obj.name}" if self.label_zone else obj.name


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    """Record or edit a promotion activity.

    The projects field accepts any project of the user's zones, so that one
    of another zone is explained beside the field rather than refused as an
    unknown choice; it shows only the chosen zone's projects once the zone is
    known (editing, a re-shown form, a user of one zone).
    """

    class Meta:
        model = PromotionActivity
        fields = ["zone", "date", "kind", "title", "place", "counterpart", "outcome", "projects"]
        widgets = {
            "date": DatePicker,
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"projects": ProjectsField}
        help_texts = {
            "date": _("Planned visits may be recorded up to a year ahead."),
            "projects": _("Projects of the activity's zone that it led to; hold Ctrl (⌘ on a Mac) to choose several."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = access.editable_zones(user)
        self.fields["zone"].queryset = zones
        # The model allows an empty date for historical records only.
        self.fields["date"].required = True
        today = timezone.localdate()
        self.fields["date"].widget.attrs.update(
            {
                "min": services.EARLIEST_DATE.isoformat(),
                "max": (today + datetime.timedelta(days=services.MAX_DAYS_AHEAD)).isoformat(),
            }
        )
        zone_id = self._zone_id()
        if zone_id is None and not self.is_bound and not self.instance.pk:
            only = list(zones[:2])
            if len(only) == 1:
                zone_id = only[0].pk
                self.fields["zone"].initial = zone_id
        projects = self.fields["projects"]
        projects.queryset = (
            InvestmentProject.objects.filter(zone__in=zones).select_related("zone").order_by("zone__name", "name")
        )
        if zone_id is None:
            projects.label_zone = True
        else:
            projects.widget.choices = _ShownChoices(projects, projects.queryset.filter(zone_id=zone_id))
        projects.widget.attrs["size"] = 6

    def _zone_id(self):
        """The zone the form is about, if known yet."""
        if self.is_bound:
            try:
                return int(self.data.get(self.add_prefix("zone")) or "")
            except ValueError:
                return None
        return self.instance.zone_id

    def clean_date(self):
        value = self.cleaned_data["date"]
        services.check_activity_date(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("date"):
            # The model checks the year against the date, and the year is
            # not on the form: it follows the date.
            self.instance.year = data["date"].year
        zone = data.get("zone")
        if zone is not None and data.get("projects"):
            try:
                services.check_projects_in_zone(zone_id=zone.pk, projects=data["projects"])
            except ValidationError as error:
                self.add_error("projects", error)
        return data

    def activity_data(self):
        """The model fields to save; the projects go to the service apart."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "projects"}
