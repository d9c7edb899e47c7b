from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The read side: every page and job that reads across zones, projects
    and meetings (workbench, dashboards, ranking, supervision, dispatch,
    bulletins, assessment). No app imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = _("Dispatch, bulletins and assessment")
