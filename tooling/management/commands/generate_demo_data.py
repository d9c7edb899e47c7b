"""``manage.py generate_demo_data``: synthetic zones, projects and reports for
demonstrations and benchmarks.

A thin shell over ``tooling.demo_data`` (which says what is made and how it
is marked). Output is English only: a developer's tool, kept out of the
translation catalogue.
"""
import datetime
import io
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tooling import demo_data
from zones.models import Official, Target, Zone
from meetings.models import PromotionActivity
from projects.models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange

# Tables worth fresh planner statistics after a bulk load (PostgreSQL only).
ANALYZE_MODELS = [Zone, Official, Enterprise, InvestmentProject, ProjectStageChange, ProgressReport,
                  PromotionActivity, Target]


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-11-27, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Generate synthetic zones, enterprises, projects, stage changes, progress reports, activities and "
        "targets (deterministic for a seed). Refuses when the database holds projects, unless --replace, "
        "which first deletes the data generated earlier and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=20)
        parser.add_argument("--projects", type=int, default=2_000)
        parser.add_argument("--reports", type=int, default=20_000, help="Monthly progress reports in all.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=parse_date, default=demo_data.DEFAULT_TODAY,
            help="The date the data is generated as of (default 2026-11-27; never the clock, so runs repeat).",
        )
        parser.add_argument(
            "--replace", action="store_true",
            help="Delete the previously generated data first (records anyone entered are kept).",
        )

    def handle(self, *args, zones, projects, reports, seed, today, replace, verbosity, **options):
        log = self.stdout.write if verbosity >= 2 else (lambda message: None)
        if not settings.DEBUG:
            self.stderr.write(self.style.WARNING(
                "Warning: DEBUG is off. This creates the accounts bench_admin (superuser) and bench_manager with "
                "printed passwords: use it on a local demo or benchmark database only."
            ))
        existing = InvestmentProject.objects.count()
        if existing and not replace:
            raise CommandError(
                f"The database already holds {existing} projects. Run with --replace to delete the data generated "
                "earlier (and only that) before generating again."
            )
        started = time.perf_counter()
        if replace:
            try:
                deleted = demo_data.demo_data_delete()
            except demo_data.DemoDataError as error:
                raise CommandError(str(error)) from error
            if deleted:
                listed = ", ".join(f"{n} {label}" for label, n in deleted.items())
                self.stdout.write(f"Deleted the generated data: {listed}")
        try:
            summary = demo_data.demo_data_generate(
                zones=zones, projects=projects, reports=reports, seed=seed, today=today, log=log
            )
        except demo_data.DemoDataError as error:
            raise CommandError(str(error)) from error
        for note in summary.notes:
            self.stderr.write(self.style.WARNING(note))
        for username, password in demo_data.bench_users_ensure():
            shown = password or "(existing account, password unchanged)"
            self.stdout.write(f"{username:<14} {shown}")
        # Bulk inserts skip the signals that keep derived tables current.
        if "refresh_month_totals" in get_commands():
            call_command("refresh_month_totals", stdout=self.stdout if verbosity >= 2 else io.StringIO())
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, as autovacuum would give
            # a table that grew this much. VACUUM cannot run in a
            # transaction (a test's, say): then statistics only.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in ANALYZE_MODELS:
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        counts = ", ".join(f"{n} {label}" for label, n in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Generated (seed {seed}, as of {today}) in {time.perf_counter() - started:.0f} s: {counts}."
        ))
