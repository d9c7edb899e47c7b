"""What the layout needs on every page: the navigation for the user's role,
their zones and their role's name."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access

# (url name, label, who sees it); the order is the sidebar's.
NAV = [
    ("workbench:home", _("Workbench"), None),
    ("projects:project_list", _("Projects"), None),
    ("projects:progress_report_list", _("Progress reports"), None),
    ("projects:stage_change_review", _("Confirmations"), "confirm"),
    ("meetings:activity_list", _("Promotion activities"), None),
    ("meetings:meeting_list", _("Meetings and follow-up"), None),
    ("dashboards:zone", _("Dashboards"), None),
    ("reports:bulletin_list", _("Bulletins"), None),
    ("admin:index", _("Back office"), "admin"),
]


def _visible(user, audience):
    if audience is None:
        return True
    if audience == "admin":
        return access.is_administrator(user)
    if audience == "confirm":
        return access.is_manager(user) or access.is_administrator(user)
    return False


def layout(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    items = []
    for name, label, audience in NAV:
        if not _visible(user, audience):
            continue
        url = reverse(name)
        home = name == "workbench:home"
        items.append({"url": url, "label": label, "active": path == url if home else path.startswith(url)})
    return {
        "nav_items": items,
        "nav_zones": access.user_zones(user),
        "nav_role": access.role_label(user),
    }
