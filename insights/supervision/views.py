from django.conf import settings
from django.utils import timezone
from django.views.generic import TemplateView

from . import selectors
from .forms import SupervisionFilterForm


class SupervisionView(TemplateView):
    """督办: overdue directives and stalled projects by lead official. Every
    role reads it for the zones it sees; nothing is written here."""

    template_name = "supervision/supervision.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = SupervisionFilterForm(self.request.GET or None, user=user)
        zone = form.cleaned_data.get("zone") if form.is_bound and form.is_valid() else None
        today = timezone.localdate()
        weeks = settings.DASHBOARD_SILENT_WEEKS
        return super().get_context_data(
            form=form,
            today=today,
            stale_weeks=weeks,
            report=selectors.supervision(user=user, today=today, stale_weeks=weeks, zone=zone),
            **kwargs,
        )
