from django import forms
from django.utils.translation import gettext_lazy as _

from zones.models import Zone


class SupervisionFilterForm(forms.Form):
    """The supervision page's one filter, in the URL: a zone of the user's."""

    zone = forms.ModelChoiceField(label=_("zone"), queryset=Zone.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.visible_to(user)
        self.fields["zone"].widget.attrs["class"] = "form-select form-select-sm"
