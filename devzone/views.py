from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordChangeView
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from projects import selectors as project_selectors

from . import access, health
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


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """For nginx, load balancers and monitoring: the state of each
    dependency; 503 only when this host cannot serve pages at all (see
    devzone.health)."""
    status, checks = health.report()
    return JsonResponse({"status": status, **checks}, status=503 if status == health.ERROR else 200)


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """What django-axes answers once a user name has failed too often from
    one address (settings.AXES_LOCKOUT_CALLABLE): say so, and for how long,
    rather than let the login form keep refusing a password that may now be
    right."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
