from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health
from .forms import StyledPasswordChangeForm, apply_validation_error


class ServiceFormMixin:
    """A form view whose valid form goes to one service (the house's
    writes): the service's ValidationError is shown on the form, which comes
    back with nothing saved; otherwise a message and a redirect.

    A view declares ``perform(form)``, which calls the service and returns
    what it saved, and the ``success_message``; the redirect goes to what was
    saved unless ``success_redirect`` says otherwise.
    """

    success_message = ""

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, saved):
        return self.success_message

    def notify(self, saved):
        messages.success(self.request, self.get_success_message(saved))

    def success_redirect(self, saved):
        """Anything ``redirect()`` takes: a record, a URL."""
        return saved

    def form_valid(self, form):
        try:
            saved = self.perform(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        self.notify(saved)
        return redirect(self.success_redirect(saved))


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
