from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordChangeView
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health
from .forms import StyledPasswordChangeForm


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
