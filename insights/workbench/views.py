from django.views.generic import TemplateView

from devzone import access
from projects import selectors as project_selectors


class HomeView(TemplateView):
    """The workbench (工作台): each role lands on what it works on. It reads
    across the apps, so it is the read side's."""

    template_name = "workbench/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            summary=project_selectors.workbench(user=user),
            is_manager=access.is_manager(user),
            is_administrator=access.is_administrator(user),
            can_record=access.can_record(user),
            **kwargs,
        )
