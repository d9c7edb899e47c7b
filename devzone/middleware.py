"""Sessions that end after inactivity, not at a fixed hour.

Django counts ``SESSION_COOKIE_AGE`` from the last time the session was
saved. Saving it on every request (``SESSION_SAVE_EVERY_REQUEST``) would
slide the expiry but write a row for every page and every htmx fragment;
this writes at most once a minute per user, so the idle limit is kept to
within a minute at a tiny fraction of the writes.
"""
import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

TOUCH_KEY = "_devzone_touched"
TOUCH_EVERY_SECONDS = 60


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a logged-in session is worth keeping alive; an anonymous
        # visitor gets no session row from this.
        # htmx polling (a task run's status, every few seconds) is not the
        # user at work: a tab left open must not keep the session alive.
        polling = request.method == "GET" and request.headers.get("HX-Request") == "true"
        if session is not None and not polling and not session.is_empty() and getattr(request, "user", None) is not None:
            if request.user.is_authenticated:
                now = int(time.time())
                if now - session.get(TOUCH_KEY, 0) >= TOUCH_EVERY_SECONDS:
                    session[TOUCH_KEY] = now
        return response


@receiver(user_logged_in, dispatch_uid="devzone_session_touched_at_login")
def touched_at_login(sender, request, user, **kwargs):
    """Logging in saves the session anyway: mark it fresh then, so the first
    page after the login does not write it a second time."""
    if request is not None and hasattr(request, "session"):
        request.session[TOUCH_KEY] = int(time.time())
