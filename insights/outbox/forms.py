"""The state filter of the outbox page, and the resend button's form."""
from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.forms import BootstrapFormMixin
from insights.models import OutboxState

from .selectors import STALLED, UNKNOWN


class OutboxFilterForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[
            ("", _("Every state")),
            *OutboxState.choices,
            (UNKNOWN, _("Delivery unknown")),
            (STALLED, _("Waiting too long")),
        ],
    )


class OutboxResendForm(forms.Form):
    message = forms.IntegerField(min_value=1)
