from django.apps import AppConfig


class ToolingConfig(AppConfig):
    """Demo data, the benchmark and the load-test accounts: commands for
    developers and operators, never imported by the app itself."""

    name = "tooling"
    verbose_name = "tooling"
