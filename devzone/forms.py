"""Form plumbing shared by every app: Bootstrap classes, units in input
groups, and a bound on text so that a 10 MB paste is refused, not stored."""
from django import forms
from django.core.validators import MaxLengthValidator
from django.contrib.auth.forms import PasswordChangeForm
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

# No free-text field of devzone needs more than this; longer input is a
# paste gone wrong and is refused with a message instead of being stored.
MAX_TEXT_LENGTH = 5000


class BootstrapFormMixin:
    """Give widgets Bootstrap's classes and mark the fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = MAX_TEXT_LENGTH
                field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
                widget.attrs.setdefault("maxlength", str(MAX_TEXT_LENGTH))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def with_unit(field, unit):
    """Show a unit (万元, 亩) in the field's input group."""
    field.unit = unit
    return field


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


# The same catalogue entry as the money formatter's unit.
AMOUNT_UNIT = pgettext_lazy("unit after an amount", "10k yuan")


def apply_validation_error(form, error):
    """Show a service's ValidationError beside the fields it names, or at the
    top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class QuickSelect(forms.Select):
    """A <select> written in Python rather than through a template per
    <option>: the same HTML, but the project list's zone filter (300 zones
    at city level) took about 30 ms of every page through Django's option
    template. Option groups are not written (no filter uses them)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


def style_filter_form(filterset):
    """Bootstrap's small controls on a filter form, the same on every list;
    single-choice lists rendered by QuickSelect."""
    for field in filterset.form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            quick = QuickSelect(attrs=widget.attrs)
            quick.choices = widget.choices
            quick.is_required = widget.is_required
            field.widget = widget = quick
        css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
