"""``manage.py bench`` (``make bench``): time the pages that must stay fast, on
the generated data set (300 zones, 100,000 projects, 1,000,000 reports) in
PostgreSQL.

The data set is built once (``generate_demo_data --seed 1``) and reused
while the database holds at least that many generated zones and projects.
Pages are requested through Django's test client with DEBUG off, logged in
as ``bench_manager`` (a manager, member of every generated zone) or, for the
admin, ``bench_admin``. For each page: warm-up requests, then timed ones
(median and p95), the SQL queries per request, and the ratio of the page's
median to the time PostgreSQL alone takes for the page's main statements
(their SQL as the page sent it, re-run with ``cursor.execute``). A ratio
near 1 means the database is the cost; a large one, Python and templates.

``setup_test_environment()`` lets the test client run outside tests, but it
also swaps in an instrumented template renderer that copies the context for
every template rendered (each ``<option>`` of a select widget is one), which
doubled the project list's time in a measurement. The original renderer is
put back for the timed requests, so the times are what a server would show;
``--instrumented`` keeps the test renderer to compare.

A page slower than the time budget allows gets fewer timed requests (at
least three), and so does a statement in the database; the JSON says how
many each had.

The last line of output is one line of JSON with the same figures.
Output is English only: a developer's tool, kept out of the catalogue.
"""
import json
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.template import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import NoReverseMatch, reverse

from tooling import demo_data
from zones.models import Zone
from projects.choices import Stage
from projects.models import InvestmentProject

DATA_SET = {"zones": 300, "projects": 100_000, "reports": 1_000_000, "seed": 1}
SEARCH_TERM = "新材料"  # three characters: a trigram index can serve it
SHORT_SEARCH_TERM = "智能"  # two characters: no trigram to look up


def on_tables(*tables):
    quoted = [f'"{table}"' for table in tables]
    return lambda sql: any(f"FROM {q}" in sql or f"JOIN {q}" in sql for q in quoted)


def aggregates(sql):
    if '"django_session"' in sql or '"auth_' in sql:
        return False
    return any(word in sql for word in ("SUM(", "COUNT(", "AVG(", "MAX(", "MIN("))


@dataclass
class Page:
    name: str
    url: object  # callable(context) -> url; NoReverseMatch when the page does not exist
    user: str  # "manager" or "admin"
    main: object  # callable(sql) -> whether the statement is one of the page's main ones
    main_label: str


def project_list(query=None):
    def url(ctx):
        base = reverse("projects:project_list")
        return f"{base}?{urlencode(query(ctx) if callable(query) else query)}" if query else base

    return url


def zone_dashboard(ctx):
    zone, year = ctx["zone"].pk, ctx["year"]
    for attempt in ({"kwargs": {"zone_id": zone, "year": year}}, {"kwargs": {"pk": zone, "year": year}},
                    {"args": [zone, year]}):
        try:
            return reverse("dashboards:zone", **attempt)
        except NoReverseMatch:
            continue
    return f"{reverse('dashboards:zone')}?{urlencode({'zone': zone, 'year': year})}"


PROJECT_TABLE = on_tables("projects_investmentproject")
PAGES = [
    Page("project_list", project_list(), "manager", PROJECT_TABLE, "page SELECT ... LIMIT 50 + COUNT"),
    Page("project_list_zone_stage", project_list(lambda ctx: {"zone": ctx["zone"].pk, "stage": Stage.SIGNED}),
         "manager", PROJECT_TABLE, "page SELECT ... LIMIT 50 + COUNT"),
    Page("project_list_search", project_list({"q": SEARCH_TERM}), "manager", PROJECT_TABLE,
         "page SELECT ... LIMIT 50 + COUNT"),
    Page("project_list_search_2chars", project_list({"q": SHORT_SEARCH_TERM}), "manager", PROJECT_TABLE,
         "page SELECT ... LIMIT 50 + COUNT"),
    Page("project_detail", lambda ctx: reverse("projects:project_detail", args=[ctx["project"].pk]), "manager",
         on_tables("projects_progressreport"), "reports with running totals + totals"),
    Page("zone_dashboard", zone_dashboard, "manager", aggregates, "every aggregate statement"),
    Page("ranking", lambda ctx: f"{reverse('dashboards:ranking')}?{urlencode({'year': ctx['year']})}", "manager",
         aggregates, "every aggregate statement"),
    Page("admin_project_list", lambda ctx: reverse("admin:projects_investmentproject_changelist"), "admin",
         PROJECT_TABLE, "changelist statements on the project table"),
    Page("admin_project_search",
         lambda ctx: f"{reverse('admin:projects_investmentproject_changelist')}?{urlencode({'q': SEARCH_TERM})}",
         "admin", PROJECT_TABLE, "changelist statements on the project table"),
]


class PageStatus(Exception):
    """The page answered something other than 200."""


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


class Command(BaseCommand):
    help = "Time the project, dashboard and admin pages on the generated data set in PostgreSQL (builds it once)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests per page first.")
        parser.add_argument("--pages", default="", help="Comma-separated page names (default: all).")
        parser.add_argument("--no-build", action="store_true", help="Refuse rather than build a missing data set.")
        parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE of each main statement.")
        parser.add_argument(
            "--budget", type=float, default=30.0,
            help="Seconds of timed requests per page (and of re-runs per statement) before runs are cut (to 3).",
        )
        parser.add_argument(
            "--instrumented", action="store_true",
            help="Keep the test environment's instrumented template renderer (slower; for comparison).",
        )

    def handle(self, *args, runs, warmup, pages, no_build, explain, budget, instrumented, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench measures PostgreSQL: set DATABASE_URL to a PostgreSQL database of its own, e.g. "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_bench (this one is "
                f"{connection.vendor})."
            )
        if isinstance(staticfiles_storage, ManifestFilesMixin) and not staticfiles_storage.exists(
            staticfiles_storage.manifest_name
        ):
            # With DEBUG off every page asks the manifest for its CSS and
            # scripts: without one, each would answer 500 and be timed.
            raise CommandError(
                f"No static files manifest in {settings.STATIC_ROOT}: run `manage.py collectstatic --no-input` "
                "first, with the same environment (production serves collected files)."
            )
        wanted = [name.strip() for name in pages.split(",") if name.strip()]
        unknown = set(wanted) - {page.name for page in PAGES}
        if unknown:
            known = ", ".join(page.name for page in PAGES)
            raise CommandError(f"Unknown pages: {', '.join(sorted(unknown))}. Known: {known}.")
        self.ensure_data(no_build)
        demo_data.bench_users_ensure()
        ctx = self.context()
        self.budget = budget
        render = Template._render
        setup_test_environment(debug=False)
        if not instrumented:
            Template._render = render  # teardown_test_environment() restores the same
        self.stdout.write(self.HEADER)
        try:
            results = {}
            for page in PAGES:
                if wanted and page.name not in wanted:
                    continue
                results[page.name] = self.measure(page, ctx, runs=runs, warmup=warmup, explain=explain)
                self.stdout.write(self.row(page.name, results[page.name]), ending="\n")
                self.stdout.flush()
        finally:
            teardown_test_environment()
        self.report(results, ctx, runs=runs, warmup=warmup, instrumented=instrumented)

    # -- data ----------------------------------------------------------------

    def ensure_data(self, no_build):
        counts = demo_data.generated_counts()
        if counts["zones"] >= DATA_SET["zones"] and counts["projects"] >= DATA_SET["projects"]:
            self.stdout.write(
                f"Reusing the generated data set: {counts['zones']} zones, {counts['projects']} projects, "
                f"{counts['progress_reports']} progress reports."
            )
            return
        if no_build:
            raise CommandError(f"The generated data set is missing ({counts}); run without --no-build to build it.")
        self.stdout.write("Building the data set (a few minutes, once) ...")
        # --replace deletes only earlier generated data (a smaller run, say).
        call_command("generate_demo_data", replace=True, stdout=self.stdout, stderr=self.stderr, **DATA_SET)

    def context(self):
        source = demo_data.demo_source()
        zone = (
            Zone.objects.filter(source=source).annotate(n=Count("projects")).order_by("-n", "pk").first()
        )
        project = (
            InvestmentProject.objects.filter(zone=zone, stage=Stage.PRODUCTION)
            .annotate(n=Count("progress_reports"))
            .order_by("-n", "pk")
            .first()
        )
        User = get_user_model()
        return {
            "zone": zone,
            "project": project,
            "year": demo_data.DEFAULT_TODAY.year,
            "users": {
                "manager": User.objects.get(username=demo_data.BENCH_MANAGER),
                "admin": User.objects.get(username=demo_data.BENCH_ADMIN),
            },
        }

    # -- measuring -----------------------------------------------------------

    def measure(self, page, ctx, *, runs, warmup, explain):
        try:
            url = page.url(ctx)
        except NoReverseMatch:
            return {"status": "missing", "url": None}
        # Over HTTPS, as production serves it: with DEBUG off the settings
        # redirect plain HTTP (SECURE_SSL_REDIRECT), which would time a 301.
        client = Client()
        client.force_login(ctx["users"][page.user])
        result = {"status": None, "url": url}
        captured, timings = [], []

        def get(capture=False):
            began = time.perf_counter()
            if capture:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, secure=True)
                captured.append(list(queries.captured_queries))
            else:
                response = client.get(url, secure=True)
            if response.status_code != 200:
                raise PageStatus(response.status_code)
            return time.perf_counter() - began

        try:
            # A page slower than a third of the budget is timed on two
            # requests, the second of which also counts the queries.
            slow = get() > self.budget / 3
            if slow:
                timings.append(get(capture=True) * 1000)
            else:
                for _ in range(max(warmup, 2) - 2):
                    get()
                get(capture=True)
                get(capture=True)
            spent = sum(timings) / 1000
            while len(timings) < runs and (len(timings) < (2 if slow else 3) or spent < self.budget):
                elapsed = get()
                spent += elapsed
                timings.append(elapsed * 1000)
        except PageStatus as status:
            result["status"] = status.args[0]
            return result
        except Exception as error:  # a broken page is a result, not the end of the run
            result["status"] = f"error: {type(error).__name__}: {str(error)[:200]}"
            return result
        counts = [len(queries) for queries in captured]
        main = [query["sql"] for query in captured[-1] if page.main(query["sql"])]
        main_ms = [self.time_sql(sql, runs) for sql in main]
        if explain:
            for sql in main:
                self.explain(sql)
        median = statistics.median(timings)
        db = sum(main_ms)
        result.update(
            status=200,
            runs=len(timings),
            median_ms=round(median, 1),
            p95_ms=round(percentile(timings, 0.95), 1),
            queries=counts[-1],
            queries_constant=len(set(counts)) == 1 if len(counts) > 1 else None,
            main_sql_ms=round(db, 1),
            main_statements=len(main),
            main_sql_each_ms=[round(ms, 1) for ms in main_ms],
            main=page.main_label,
            ratio=round(median / db, 1) if db else None,
        )
        return result

    def time_sql(self, sql, runs):
        """Median time of one statement run alone, rows fetched."""
        timings = []
        with connection.cursor() as cursor:
            for i in range(runs + 2):
                start = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                elapsed = (time.perf_counter() - start) * 1000
                if i >= 2 or elapsed > self.budget * 1000 / 3:
                    timings.append(elapsed)
                if timings and (sum(timings) > self.budget * 1000 or timings[0] > self.budget * 1000 / 3):
                    break
        return statistics.median(timings)

    def explain(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.stdout.write(f"\n{sql[:300]}{' ...' if len(sql) > 300 else ''}\n{plan}\n")

    # -- reporting -----------------------------------------------------------

    HEADER = f"{'page':<28} {'status':>7} {'median':>8} {'p95':>8} {'queries':>8} {'main SQL':>9} {'ratio':>6}"

    def row(self, name, r):
        if r.get("status") != 200:
            return f"{name:<28} {str(r['status'])[:60]}"
        queries = f"{r['queries']}{'*' if r['queries_constant'] is False else ''}"
        ratio = f"{r['ratio']:.1f}" if r["ratio"] else "-"
        return (
            f"{name:<28} {r['status']:>7} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} {queries:>8} "
            f"{r['main_sql_ms']:>9.1f} {ratio:>6}"
        )

    def report(self, results, ctx, *, runs, warmup, instrumented):
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
        self.stdout.write("")
        self.stdout.write(
            f"PostgreSQL {server} (jit {jit}); DEBUG {settings.DEBUG}; templates "
            f"{'instrumented' if instrumented else 'as in production'}; {runs} timed requests after {warmup} warm-up "
            f"(fewer past the {self.budget:.0f} s budget); times in ms; main SQL = sum of the medians of the page's "
            "main statements re-run alone; ratio = page median / main SQL; * = query count varied between requests."
        )
        self.stdout.write(self.HEADER)
        for name, r in results.items():
            self.stdout.write(self.row(name, r))
        summary = {
            "data": demo_data.generated_counts(),
            "zone": ctx["zone"].pk,
            "project": ctx["project"].pk,
            "runs": runs,
            "warmup": warmup,
            "postgresql": server,
            "jit": jit,
            "instrumented_templates": instrumented,
            "pages": {
                name: {key: r.get(key) for key in ("status", "runs", "median_ms", "p95_ms", "queries",
                                                   "queries_constant", "main_sql_ms", "main_statements", "ratio")}
                for name, r in results.items()
            },
        }
        self.stdout.write(json.dumps(summary, ensure_ascii=False, separators=(",", ":")))
