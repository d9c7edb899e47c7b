"""The three roles of devzone, as Django groups (created by migration 0003).

- staff (招商专员): record and edit their zones' projects, progress and
  activities;
- manager (领导): read their zones and confirm stage changes (甄别), edit
  nothing; with ``devzone.view_all_zones`` a city-level manager sees every zone;
- administrator: everything, including the Django admin.
"""
from django.utils.translation import gettext_lazy as _

STAFF = "staff"
MANAGER = "manager"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    STAFF: _("Investment promotion staff"),
    MANAGER: _("Manager"),
    ADMINISTRATOR: _("Administrator"),
}
