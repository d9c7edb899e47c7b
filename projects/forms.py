from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone import access
from devzone.forms import AMOUNT_UNIT, BootstrapFormMixin, DatePicker, with_unit
from zones.models import Official

from .choices import Stage
from .models import InvestmentProject, ProgressReport

# The largest amount a form accepts, in 万元: 1 万亿元. No zone records a
# single project or period anywhere near it; more is a slip of the keyboard.
MAX_AMOUNT = Decimal("100000000")
AMOUNT_FIELDS = ("planned_investment", "annual_output", "annual_tax")


def limit_amounts(form, names):
    for name in names:
        field = form.fields[name]
        field.validators.append(
            MaxValueValidator(MAX_AMOUNT, message=_("This amount is implausibly large; amounts are entered in 10k yuan."))
        )
        field.widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        with_unit(field, AMOUNT_UNIT)


class ProjectForm(BootstrapFormMixin, forms.ModelForm):
    """Create or edit a project. The investor is typed by name (the service
    reuses the enterprise of that name or creates it)."""

    investor_name = forms.CharField(label=_("investor"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InvestmentProject
        fields = [
            "zone",
            "name",
            "industry",
            "is_major",
            "is_key",
            "is_fortune500",
            "is_four_new",
            "is_foreign_funded",
            "planned_investment",
            "planned_start_on",
            "land_mu",
            "jobs",
            "annual_output",
            "annual_tax",
            "lead_official",
            "assisting_staff",
            "description",
        ]
        widgets = {
            "planned_start_on": DatePicker,
            "description": forms.Textarea(attrs={"rows": 3}),
            "assisting_staff": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        zones = access.editable_zones(user)
        self.fields["zone"].queryset = zones
        officials = Official.objects.filter(zone__in=zones).select_related("zone")
        self.fields["lead_official"].queryset = officials
        self.fields["assisting_staff"].queryset = officials
        if self.instance.pk:
            self.fields["investor_name"].initial = self.instance.investor.name if self.instance.investor_id else ""
            self.fields["version"].initial = self.instance.version
        elif zones.count() == 1:
            self.fields["zone"].initial = zones.first()
        limit_amounts(self, AMOUNT_FIELDS)
        with_unit(self.fields["land_mu"], _("mu"))
        self.order_fields(["zone", "name", "investor_name"])

    def clean(self):
        data = super().clean()
        zone = data.get("zone")
        for name in ("lead_official",):
            official = data.get(name)
            if official and zone and official.zone_id != zone.pk:
                self.add_error(name, _("The lead official must belong to the project's zone."))
        for official in data.get("assisting_staff") or []:
            if zone and official.zone_id != zone.pk:
                self.add_error("assisting_staff", _("Assisting staff must belong to the project's zone."))
                break
        return data

    def project_data(self):
        """The model fields to save; the investor goes by name (see the service)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "assisting_staff"}


class ProjectCreateForm(ProjectForm):
    stage = forms.ChoiceField(
        label=_("stage"),
        choices=[(value, label) for value, label in Stage.choices if value != Stage.WITHDRAWN],
        initial=Stage.LEAD,
    )
    stage_date = forms.DateField(label=_("date of the stage"), widget=DatePicker, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["zone", "name", "investor_name", "stage", "stage_date"])

    def clean_stage_date(self):
        value = self.cleaned_data["stage_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of a stage change cannot be in the future."))
        return value


class StageChangeForm(BootstrapFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("new stage"), choices=Stage.choices)
    changed_on = forms.DateField(label=_("date of the change"), widget=DatePicker, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        required=False,
        help_text=_("Required when withdrawing or moving back to an earlier stage."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason for withdrawal"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(BootstrapFormMixin, forms.Form):
    rejection_reason = forms.CharField(
        label=_("reason for rejection"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressReportForm(BootstrapFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("reason for moving back"),
        max_length=500,
        required=False,
        help_text=_("Only when the stage is earlier than the project's current one."),
    )

    class Meta:
        model = ProgressReport
        fields = ["period_start", "period_end", "investment_completed", "funds_in_place", "stage", "problems"]
        widgets = {
            "period_start": DatePicker,
            "period_end": DatePicker,
            "problems": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        limit_amounts(self, ("investment_completed", "funds_in_place"))
        if not self.is_bound:
            self.fields["stage"].initial = project.stage
        self.fields["stage"].choices = [(v, l) for v, l in Stage.choices if v != Stage.WITHDRAWN]

    def report_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProjectImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
