import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.forms.models import (
    BaseInlineFormSet,
    BaseModelFormSet,
    ModelChoiceIterator,
    inlineformset_factory,
    modelformset_factory,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone import access
from devzone.forms import BootstrapFormMixin, DatePicker
from zones.models import Metric, Official, Target
from projects.models import InvestmentProject

from . import services
from .choices import DirectiveStatus
from .models import Directive, DirectiveNote, Meeting, MeetingDocument, MeetingParticipant, PromotionActivity


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


def _date_bounds():
    """The date picker's range: what check_activity_date and
    check_meeting_date accept."""
    latest = timezone.localdate() + datetime.timedelta(days=services.MAX_DAYS_AHEAD)
    return {"min": services.EARLIEST_DATE.isoformat(), "max": latest.isoformat()}


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
        self.fields["date"].widget.attrs.update(_date_bounds())
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


# Meetings ----------------------------------------------------------------------


def official_label(official, *, with_zone=False):
    name = f"{official.name}（{official.titles}）" if official.titles else official.name
    return f"{official.zone} · {name}" if with_zone else name


class MeetingForm(BootstrapFormMixin, forms.ModelForm):
    """Record or edit a meeting. The zone is chosen once: the people, the
    documents, the targets and the directives of a meeting all belong to its
    zone, so an edit keeps it."""

    class Meta:
        model = Meeting
        fields = ["title", "zone", "date", "kind", "attendance", "implements", "summary"]
        widgets = {
            "date": DatePicker,
            "attendance": forms.Textarea(attrs={"rows": 2}),
            "implements": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = access.editable_zones(user)
        self.fields["zone"].queryset = zones
        self.fields["date"].widget.attrs.update(_date_bounds())
        if self.instance.pk:
            self.fields["zone"].disabled = True
            self.fields["zone"].help_text = _("A meeting stays in the zone it was recorded in.")
        elif not self.is_bound:
            only = list(zones[:2])
            if len(only) == 1:
                self.fields["zone"].initial = only[0].pk

    def clean_date(self):
        value = self.cleaned_data["date"]
        services.check_meeting_date(value)
        return value

    def meeting_data(self):
        names = [name for name in self.Meta.fields if not (name == "zone" and self.instance.pk)]
        return {name: self.cleaned_data[name] for name in names}


class _RowForm(BootstrapFormMixin, forms.ModelForm):
    """A row of one of the meeting form's tables. Its selects share choices
    worked out once for the whole form (not one query per row), and an
    official must belong to the meeting's zone, said beside the field."""

    official_fields = ()

    def __init__(self, *args, zone=None, officials=None, official_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        for name in self.official_fields:
            field = self.fields[name]
            field.queryset = officials
            field.widget.choices = official_choices

    def clean(self):
        data = super().clean()
        for name in self.official_fields:
            official = data.get(name)
            if official is not None and self.zone is not None and official.zone_id != self.zone.pk:
                self.add_error(name, _("Choose an official of the meeting's zone."))
        return data

    def row_data(self):
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class ParticipantForm(_RowForm):
    official_fields = ("official",)

    class Meta:
        model = MeetingParticipant
        fields = ["official", "role", "titles_at_meeting"]
        help_texts = {"titles_at_meeting": _("Left empty, the official's current titles are recorded.")}


class DocumentForm(_RowForm):
    official_fields = ("read_by",)

    class Meta:
        model = MeetingDocument
        fields = ["title", "read_by"]


class TargetForm(BootstrapFormMixin, forms.ModelForm):
    """A target the meeting set, a row of the zone's targets. The zone is
    not on the row (it is the meeting's), so the one-target-per-period rule
    is checked here with it, and a duplicate is explained on its row."""

    class Meta:
        model = Target
        fields = ["metric", "year", "quarter", "month", "value", "qualifier"]
        widgets = {
            "year": forms.NumberInput(attrs={"min": 1978, "max": 2100, "step": 1}),
            "quarter": forms.NumberInput(attrs={"min": 1, "max": 4, "step": 1}),
            "month": forms.NumberInput(attrs={"min": 1, "max": 12, "step": 1}),
            "value": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
        }

    def __init__(self, *args, zone=None, metric_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        if metric_choices is not None:
            self.fields["metric"].widget.choices = metric_choices

    def validate_unique(self):
        super().validate_unique()
        if self.zone is None:
            return
        self.instance.zone = self.zone
        exclude = self._get_validation_exclusions() - {"zone"}
        for constraint in Target._meta.constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            try:
                constraint.validate(Target, self.instance, exclude=exclude)
            except ValidationError as error:
                self._update_errors(error)

    def period_key(self):
        data = self.cleaned_data
        return (data.get("metric"), data.get("year"), data.get("quarter"), data.get("month"))

    def row_data(self):
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class _RowsMixin:
    def rows(self):
        """The rows to keep, each a dict of its values with the stored
        row's ``id`` (None for a new one); removed and blank rows left out."""
        kept = []
        for form in self.forms:
            if not form.instance.pk and not form.has_changed():
                continue
            if self._should_delete_form(form):
                continue
            kept.append({"id": form.instance.pk, **form.row_data()})
        return kept


class BaseRowInlineFormSet(_RowsMixin, BaseInlineFormSet):
    pass


class BaseTargetFormSet(_RowsMixin, BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            key = form.period_key()
            if key in seen:
                form.add_error(None, _("This target is already in the form for this metric and period."))
            seen.add(key)


# Enough rows for any meeting; more is a forged form.
MAX_ROWS = 50
ROW_OPTIONS = {"extra": 2, "can_delete": True, "max_num": MAX_ROWS, "absolute_max": MAX_ROWS, "validate_max": True}

ParticipantFormSet = inlineformset_factory(
    Meeting,
    MeetingParticipant,
    form=ParticipantForm,
    formset=BaseRowInlineFormSet,
    **ROW_OPTIONS,
)
DocumentFormSet = inlineformset_factory(
    Meeting,
    MeetingDocument,
    form=DocumentForm,
    formset=BaseRowInlineFormSet,
    **ROW_OPTIONS,
)
TargetFormSet = modelformset_factory(
    Target,
    form=TargetForm,
    formset=BaseTargetFormSet,
    **ROW_OPTIONS,
)


class MeetingRows:
    """The three tables of the meeting form: who took part, the documents
    read out, and the targets set. ``zone`` is the meeting's zone, or None
    while a user of several zones has not chosen one yet."""

    def __init__(self, data=None, *, meeting, user, zone):
        officials = Official.objects.filter(zone__in=access.editable_zones(user)).select_related("zone")
        shown = officials.filter(zone=zone) if zone is not None else officials
        official_choices = [("", "---------")] + [
            (official.pk, official_label(official, with_zone=zone is None))
            for official in shown.order_by("zone__name", "name")
        ]
        row_kwargs = {"zone": zone, "officials": officials, "official_choices": official_choices}
        self.participants = ParticipantFormSet(
            data,
            instance=meeting,
            prefix="participants",
            queryset=MeetingParticipant.objects.select_related("official"),
            form_kwargs=row_kwargs,
        )
        self.documents = DocumentFormSet(
            data,
            instance=meeting,
            prefix="documents",
            queryset=MeetingDocument.objects.order_by("order", "pk"),
            form_kwargs=row_kwargs,
        )
        metrics = Metric.objects.order_by("sort_order", "code")
        metric_choices = [("", "---------")] + [(metric.pk, str(metric)) for metric in metrics]
        self.targets = TargetFormSet(
            data,
            prefix="targets",
            queryset=meeting.targets.select_related("metric").order_by("year", "quarter", "month", "metric__sort_order")
            if meeting.pk
            else Target.objects.none(),
            form_kwargs={"zone": zone, "metric_choices": metric_choices},
        )

    def __iter__(self):
        return iter((self.participants, self.documents, self.targets))

    def is_valid(self):
        return all([formset.is_valid() for formset in self])  # every table validated, to show every error

    def rows(self):
        return {
            "participants": self.participants.rows(),
            "documents": self.documents.rows(),
            "targets": self.targets.rows(),
        }


# Directives --------------------------------------------------------------------


class DirectiveForm(BootstrapFormMixin, forms.ModelForm):
    """Add or edit a requirement of a meeting: who leads it (揭榜挂帅), who
    helps (帮包), the projects it concerns and when it is due. Its status
    moves on the directive's page."""

    class Meta:
        model = Directive
        fields = ["order", "text", "category", "lead_official", "assisting_staff", "projects", "due_on"]
        widgets = {
            "order": forms.NumberInput(attrs={"min": 1, "step": 1}),
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_on": DatePicker,
            "assisting_staff": forms.SelectMultiple(attrs={"size": 5}),
            "projects": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "order": _("Its number in the meeting's list of requirements."),
            "assisting_staff": _("帮包: staff who help; hold Ctrl (⌘ on a Mac) to choose several."),
            "projects": _("Projects of the meeting's zone the requirement concerns."),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        officials = Official.objects.filter(zone_id=meeting.zone_id).order_by("name")
        self.fields["lead_official"].queryset = officials
        self.fields["assisting_staff"].queryset = officials
        self.fields["projects"].queryset = InvestmentProject.objects.filter(zone_id=meeting.zone_id).order_by("name")
        self.fields["due_on"].widget.attrs["min"] = meeting.date.isoformat()
        if not self.instance.pk and not self.is_bound:
            self.fields["order"].initial = services.next_directive_order(meeting=meeting)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        services.check_due_on(meeting=self.meeting, due_on=value)
        return value

    def directive_data(self):
        apart = {"assisting_staff", "projects"}  # the service sets the links itself
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in apart}


class DirectiveStatusForm(BootstrapFormMixin, forms.Form):
    """Move a directive on: in progress, done (with the date), or reopened.
    A note said with it is kept as a progress note of that date."""

    status = forms.ChoiceField(label=_("status"), choices=DirectiveStatus.choices)
    completed_on = forms.DateField(
        label=_("completed on"),
        widget=DatePicker,
        required=False,
        initial=timezone.localdate,
        help_text=_("Required when marking the directive done."),
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what was done, kept as a progress note."),
    )

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive
        self.fields["completed_on"].widget.attrs.update(
            {"min": directive.meeting.date.isoformat(), "max": timezone.localdate().isoformat()}
        )
        if not self.is_bound:
            # Offer the next step rather than the current status.
            following = {
                DirectiveStatus.OPEN: DirectiveStatus.IN_PROGRESS,
                DirectiveStatus.IN_PROGRESS: DirectiveStatus.DONE,
            }
            self.fields["status"].initial = following.get(directive.status, DirectiveStatus.IN_PROGRESS)
            if directive.completed_on:
                self.fields["completed_on"].initial = directive.completed_on

    def clean(self):
        data = super().clean()
        status, completed_on = data.get("status"), data.get("completed_on")
        if status == DirectiveStatus.DONE:
            if completed_on is None and "completed_on" not in self.errors:
                self.add_error("completed_on", _("Give the date the directive was done."))
            elif completed_on is not None:
                try:
                    services.check_completed_on(directive=self.directive, completed_on=completed_on)
                except ValidationError as error:
                    self.add_error("completed_on", error)
        return data


class DirectiveNoteForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DirectiveNote
        fields = ["noted_on", "text"]
        widgets = {"noted_on": DatePicker, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive
        self.instance.directive = directive
        self.fields["noted_on"].initial = timezone.localdate
        self.fields["noted_on"].widget.attrs.update(
            {"min": directive.meeting.date.isoformat(), "max": timezone.localdate().isoformat()}
        )

    def clean_noted_on(self):
        value = self.cleaned_data["noted_on"]
        services.check_note_date(directive=self.directive, noted_on=value)
        return value

    def note_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
