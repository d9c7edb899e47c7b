"""``manage.py loadtest_accounts``: the data set and the staff accounts that
``ops/loadtest.py`` (``make loadtest``) logs in with.

It builds the generated data set once (``generate_demo_data``; 30 zones,
5,000 projects, 50,000 reports unless told otherwise) and reuses it while
the database holds at least that many generated zones and projects. Then it
makes the accounts ``loadtest_01`` … ``loadtest_NN``: staff (招商专员), each a
member of exactly one generated zone, round robin. Every run gives them all
one fresh random password (hashed once: fifty password hashes would take
longer than the rest of the command) and writes it, with what each virtual
user requests, to ``--output`` (readable by its owner only). Running it again
changes nothing else: no account, group or membership is added twice.

A load test writes: every virtual user posts progress reports. So the
command runs only with DEBUG on, unless ``--allow-debug-off`` says the
database is a throwaway anyway, and refuses a database holding projects that
people recorded (anything not generated): a load test is aimed at a database
of its own, never at real data. The reports go to generated projects only.

What the output gives each account:

- ``zone``: the zone of the dashboard it asks for;
- ``projects``: projects of its zone whose page it opens;
- ``reports``: the projects it reports on, a share of its zone's signed (or
  further) projects whose stage a manager confirmed and that have nothing
  waiting for confirmation, so that a report at the project's own stage is
  accepted as it is. No two accounts share a project, so two virtual users
  never post the same period of one project. ``before`` is the day before
  which the project has no report at all: the load test posts one-day
  periods counting back from it, which never collide with an existing
  report (a report's period is unique per project), in this run or a later
  one, since the next run starts before the days this one used.

Output is English only: a developer's tool, kept out of the catalogue.
"""
import datetime
import io
import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from devzone import roles
from tooling import demo_data
from zones.models import Membership, Zone
from projects.choices import SIGNED_OR_LATER
from projects.models import InvestmentProject, ProgressReport, ProjectStageChange

USERNAME = "loadtest_{:02d}"
# Project pages each account opens: enough to spread over the table, few
# enough to keep the output small.
PAGES_PER_ACCOUNT = 200


class Command(BaseCommand):
    help = (
        "Build the generated data set if missing and make the load-test staff accounts (loadtest_01 ...), "
        "writing their password and targets to --output. DEBUG only, unless --allow-debug-off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="How many accounts (default 50).")
        parser.add_argument("--output", type=Path, required=True, help="The JSON file ops/loadtest.py reads.")
        parser.add_argument("--zones", type=int, default=30, help="Generated zones wanted (default 30).")
        parser.add_argument("--projects", type=int, default=5_000, help="Generated projects wanted (default 5000).")
        parser.add_argument("--reports", type=int, default=50_000, help="Generated reports (default 50000).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-build", action="store_true", help="Fail rather than build a missing data set."
        )
        parser.add_argument(
            "--allow-debug-off", action="store_true",
            help="Run with DEBUG off too (the database must still hold generated data only).",
        )

    def handle(self, *args, users, output, zones, projects, reports, seed, no_build, allow_debug_off, **options):
        if not settings.DEBUG and not allow_debug_off:
            raise CommandError(
                "loadtest_accounts makes accounts that a load test logs in with and posts reports as; it runs "
                "only with DJANGO_DEBUG=1 (or --allow-debug-off), against a database of its own."
            )
        if users < 1:
            raise CommandError("Give at least one user.")
        recorded = InvestmentProject.objects.exclude(source__key=demo_data.DEMO_SOURCE_KEY).count()
        if recorded:
            raise CommandError(
                f"The database holds {recorded} projects that were not generated: a load test posts reports and "
                "must run against a database of its own (createdb devzone_load), never against real data."
            )
        self.ensure_data(
            zones=zones, projects=projects, reports=reports, seed=seed, no_build=no_build,
            verbose=options["verbosity"] >= 2,
        )
        password = secrets.token_urlsafe(18)
        with transaction.atomic():
            accounts = self.ensure_accounts(users, make_password(password))
        plan = {
            "password": password,
            "data": demo_data.generated_counts(),
            "accounts": accounts,
        }
        # Owner-only from the start: the file holds a password.
        output.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an older file keeps its mode through O_CREAT
        with os.fdopen(fd, "w") as file:
            json.dump(plan, file, indent=1)
        reportable = sum(len(account["reports"]) for account in accounts)
        self.stdout.write(
            f"{len(accounts)} load-test accounts ({USERNAME.format(1)} ...) in {len({a['zone'] for a in accounts})} "
            f"zones, {reportable} projects to report on; written to {output}."
        )

    def ensure_data(self, *, zones, projects, reports, seed, no_build, verbose):
        counts = demo_data.generated_counts()
        if counts["zones"] >= zones and counts["projects"] >= projects:
            self.stdout.write(
                f"Reusing the generated data set: {counts['zones']} zones, {counts['projects']} projects, "
                f"{counts['progress_reports']} progress reports."
            )
            return
        if no_build:
            raise CommandError(f"The generated data set is missing or smaller ({counts}); run without --no-build.")
        self.stdout.write(f"Building the data set ({zones} zones, {projects} projects, {reports} reports) ...")
        # --replace deletes only earlier generated data (a smaller set, say);
        # the load-test accounts' memberships of those zones go with it and
        # are made again below.
        call_command(
            "generate_demo_data", zones=zones, projects=projects, reports=reports, seed=seed, replace=True,
            stdout=self.stdout if verbose else io.StringIO(), stderr=self.stderr,
        )

    def ensure_accounts(self, count, password_hash):
        User = get_user_model()
        zone_list = list(Zone.objects.filter(source__key=demo_data.DEMO_SOURCE_KEY).order_by("pk"))
        if not zone_list:
            raise CommandError("There is no generated zone to put the accounts in.")
        staff = Group.objects.get_or_create(name=roles.STAFF)[0]
        names = [USERNAME.format(i) for i in range(1, count + 1)]
        taken = User.objects.filter(Q(is_superuser=True) | Q(is_staff=True), username__in=names)
        if taken.exists():
            raise CommandError(
                f"{', '.join(sorted(u.username for u in taken))}: an administrator account has a load-test name; "
                "not touching it."
            )
        existing = {user.username: user for user in User.objects.filter(username__in=names)}
        User.objects.bulk_create(
            [User(username=name, password=password_hash) for name in names if name not in existing]
        )
        users = list(User.objects.filter(username__in=names).order_by("username"))
        # Every run gets a fresh password (the output is the only place it is written).
        User.objects.filter(pk__in=[u.pk for u in users]).update(password=password_hash)
        staff.user_set.add(*users)

        zone_of = {user.pk: zone_list[i % len(zone_list)] for i, user in enumerate(users)}
        # Exactly one membership each, also after the data set was rebuilt
        # with other zones or the number of users changed.
        for user in users:
            Membership.objects.filter(user=user).exclude(zone=zone_of[user.pk]).delete()
        Membership.objects.bulk_create(
            [Membership(user=user, zone=zone_of[user.pk]) for user in users], ignore_conflicts=True
        )

        accounts = []
        for zone in sorted({z.pk: z for z in zone_of.values()}.values(), key=lambda z: z.pk):
            sharing = [user for user in users if zone_of[user.pk] == zone]
            pages = list(
                InvestmentProject.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True)[
                    :PAGES_PER_ACCOUNT
                ]
            )
            reportable = list(
                InvestmentProject.objects.filter(zone=zone, confirmed_stage__in=SIGNED_OR_LATER)
                .exclude(pk__in=ProjectStageChange.objects.pending().values("project"))
                .order_by("pk")
                .values_list("pk", "stage", "confirmed_stage")
            )
            reportable = [(pk, stage) for pk, stage, confirmed in reportable if stage == confirmed]
            earliest = dict(
                ProgressReport.objects.filter(project__in=[pk for pk, _ in reportable])
                .values("project")
                .annotate(first=Min("period_start"))
                .values_list("project", "first")
            )
            tomorrow = timezone.localdate() + datetime.timedelta(days=1)
            for k, user in enumerate(sharing):
                mine = reportable[k :: len(sharing)]
                if not mine:
                    raise CommandError(
                        f"Zone {zone.code} has too few signed projects for {len(sharing)} accounts to report on; "
                        "generate more projects or use fewer users."
                    )
                accounts.append(
                    {
                        "username": user.username,
                        "zone": zone.pk,
                        "projects": pages,
                        "reports": [
                            {"project": pk, "stage": stage, "before": earliest.get(pk, tomorrow).isoformat()}
                            for pk, stage in mine
                        ],
                    }
                )
        return sorted(accounts, key=lambda account: account["username"])

