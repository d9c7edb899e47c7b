from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesAppConfig
from django.utils.translation import gettext_lazy as _


class DevzoneConfig(AppConfig):
    # This module also holds (and imports) a staticfiles config: say which
    # one "devzone" in INSTALLED_APPS means.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "devzone"
    # The project itself: settings, urls, access rules and shared helpers.
    # It keeps its migrations (an existing database has applied them) but,
    # since the domain moved to zones/ and insights/, no models.
    verbose_name = "devzone"

    def ready(self):
        # Connects the login receiver that marks a new session fresh, and
        # registers the deployment checks.
        from . import checks, middleware  # noqa: F401


class StaticFilesConfig(StaticFilesAppConfig):
    """collectstatic without the builds of the front-end packages that no
    page loads (ECharts ships ten bundles, htmx five): a third of the time
    and of the disk, and nothing served that nobody asked for."""

    ignore_patterns = [
        *StaticFilesAppConfig.ignore_patterns,
        "echarts.common*",
        "echarts.esm*",
        "echarts.simple*",
        "echarts.js*",
        "extension",
        "package.json",
        "htmx.amd.js",
        "htmx.cjs.js",
        "htmx.esm*",
        "htmx.js",
        # htmx's extensions directory; none is used.
        "ext",
    ]
