from django.contrib.auth.views import PasswordChangeView
from django.views.generic import TemplateView

from projects import selectors as project_selectors

from . import access
from .forms import StyledPasswordChangeForm


class HomeView(TemplateView):
    """The workbench: each role lands on what it works on. It reads across
    apps, so it lives here at the top and no app imports it."""

    template_name = "devzone/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            summary=project_selectors.workbench(user=user),
            is_manager=access.is_manager(user),
            is_administrator=access.is_administrator(user),
            can_record=access.can_record(user),
            **kwargs,
        )


class StyledPasswordChangeView(PasswordChangeView):
    form_class = StyledPasswordChangeForm
