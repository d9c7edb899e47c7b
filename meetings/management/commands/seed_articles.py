"""``manage.py seed_articles``: load the facts of the two source articles.

A thin shell over ``meetings.seed.loader.seed_articles``; safe to re-run.
"""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from meetings.seed.loader import seed_articles


class Command(BaseCommand):
    help = "Load the zones, meetings, directives, figures and projects of the two source articles (safe to re-run)."

    def handle(self, *args, **options):
        counts = seed_articles(stdout=self.stdout)
        for label, row in counts.items():
            self.stdout.write(
                _("%(model)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {"model": label, **row}
            )
        total = {key: sum(row[key] for row in counts.values()) for key in ("created", "updated", "unchanged")}
        self.stdout.write(
            self.style.SUCCESS(
                _("Source articles seeded: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % total
            )
        )
