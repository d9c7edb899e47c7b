from django.core.management.base import BaseCommand

from projects.totals import month_totals_rebuild


class Command(BaseCommand):
    help = "Rebuild the per-zone monthly totals of progress reports (after a bulk load)."

    def handle(self, *args, **options):
        count = month_totals_rebuild()
        self.stdout.write(f"{count} zone-month totals rebuilt.")
