"""ops/backup.sh and ops/restore.sh: a dump of the database restores into an
empty database with every row of every table, its sequences, constraints and
indexes; restore.sh refuses a database that has tables and leaves it as it
was; backup.sh reports a database it cannot reach and writes nothing.

The scripts run as subprocesses, as cron and an operator run them, against
the PostgreSQL test database: the test commits its data (a transactional
test) so that pg_dump, another session, sees it. Without PostgreSQL or the
client tools the tests skip, saying why; under CI (CI=true) that absence
fails instead.
"""
import datetime
import os
import shutil
import subprocess
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from psycopg import sql

from insights.models import (
    AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, OutboxMessage, OutboxState, TaskKind, TaskRun, TaskStatus,
)
from meetings.models import PromotionActivity
from tests.factories import (
    DirectiveNoteFactory,
    IndustryFactory,
    MeetingDocumentFactory,
    MeetingParticipantFactory,
    MembershipFactory,
    OfficialFactory,
    ProgressReportFactory,
    ProjectStageChangeFactory,
    ReportedFigureFactory,
    TargetFactory,
    UserFactory,
    metric,
)
from tests.needs import unavailable

OPS = Path(__file__).resolve().parent.parent.parent / "ops"
WAIT = 120  # seconds, for any one script
CHECKED_APPS = ("auth", "zones", "projects", "meetings", "insights")
# Text that a careless dump or comparison would mangle: the separator of
# the digest, quotes, a backslash, a tab, a newline, CJK and an emoji.
AWKWARD = '开发区 "引号" \'单\' a|b \\ tab\there\nnew line 🏭'

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def client_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
    if missing:
        unavailable(f"{', '.join(missing)} not found: install postgresql-client to test ops/backup.sh and ops/restore.sh")


@pytest.fixture
def postgresql(client_tools):
    """Skip (or fail under CI) before building any data."""
    if connection.vendor != "postgresql":
        unavailable("the backup test needs PostgreSQL (DATABASE_URL): pg_dump cannot read SQLite")


def server_parameters(dbname):
    s = connection.settings_dict
    return {
        "host": s.get("HOST") or "127.0.0.1",
        "port": s.get("PORT") or "5432",
        "user": s["USER"] or None,
        "password": s.get("PASSWORD") or None,
        "dbname": dbname,
    }


def url_of(dbname):
    p = server_parameters(dbname)
    credentials = quote(p["user"] or "", safe="")
    if p["password"]:
        credentials += ":" + quote(p["password"], safe="")
    return f"postgres://{credentials}@{p['host']}:{p['port']}/{quote(dbname, safe='')}"


def connect(dbname):
    """A psycopg connection of its own, for the source and the restored
    database alike: the same session settings, so a timestamp prints the
    same way in both digests whatever the databases' defaults."""
    return psycopg.connect(**server_parameters(dbname), autocommit=True, options="-c TimeZone=UTC -c DateStyle=ISO")


def run(script, *args, url):
    return subprocess.run(
        [OPS / script, *map(str, args)], env={**os.environ, "DATABASE_URL": url},
        capture_output=True, text=True, timeout=WAIT,
    )


@pytest.fixture
def source(postgresql):
    """The test database's name: pg_dump reads what the test committed."""
    return connection.settings_dict["NAME"]


@pytest.fixture
def empty_database(postgresql):
    """A new database with nothing in it, dropped at the end whatever
    happens (WITH (FORCE) ends a session a failed test left open)."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:10]}"
    with connect("postgres") as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    yield name
    with connect("postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def every_table_filled(postgresql):
    """At least one row in every table of the three apps and of auth: the
    source articles, factories for what they lack, and the generated
    reports, with awkward text in some. A model added later and left out
    here fails the test by name, so that its table is checked too."""
    # The metric catalogue comes from a migration; a transactional test
    # before this one may have flushed it, and metric() loads it again.
    catalogued = metric("signed_projects")
    call_command("seed_articles", stdout=StringIO())

    user = UserFactory(username="backup-staff", email="staff@example.com", first_name=AWKWARD)
    group = Group.objects.create(name="备份测试组")
    group.permissions.set(Permission.objects.filter(codename__in=["view_zone", "change_investmentproject"]))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))

    membership = MembershipFactory(user=user)
    zone = membership.zone
    zone.leading_industries.add(IndustryFactory(name="备份产业"))
    target = TargetFactory(zone=zone, year=2025)
    figure = ReportedFigureFactory(zone=zone, year=2022)
    report = ProgressReportFactory(project__zone=zone, problems=AWKWARD, investment_completed=Decimal("1234.56"))
    project = report.project
    ProjectStageChangeFactory(project=project, reason=AWKWARD)
    official = OfficialFactory(zone=zone, name=AWKWARD)
    project.assisting_staff.add(official)
    note = DirectiveNoteFactory(directive__meeting__zone=zone, text=AWKWARD)
    directive = note.directive
    directive.assisting_staff.add(official)
    directive.projects.add(project)
    meeting = directive.meeting
    meeting.targets.add(target)
    meeting.reported_figures.add(figure)
    MeetingParticipantFactory(meeting=meeting, official=official)
    MeetingDocumentFactory(meeting=meeting)
    PromotionActivity.objects.first().projects.add(project)

    catalogued.save()  # the migration that loaded it wrote no history
    now = timezone.now()
    TaskRun.objects.create(
        kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10}, status=TaskStatus.FAILED,
        error=AWKWARD, requested_by=user, started_at=now, finished_at=now, attempts=2,
    )
    DispatchSheet.objects.create(
        zone=zone, week_start=datetime.date(2024, 10, 7), generated_at=now,
        content={"counts": {"stalled": 1}, "note": AWKWARD}, emailed_to=["staff@example.com"],
    )
    OutboxMessage.objects.create(
        key="dispatch:1:1:1", zone=zone, recipient="staff@example.com", subject=AWKWARD, body=AWKWARD,
        state=OutboxState.SENT, sent_at=now, claimed_at=now, attempts=1,
    )
    Bulletin.objects.create(
        year=2024, month=10, as_of=datetime.date(2024, 10, 31), generated_at=now, generated_by=user,
        data={"metrics": [{"code": "signed_projects", "value": "12.50"}]}, text=AWKWARD,
    )
    scheme = AssessmentScheme.objects.create(year=2024, weights={catalogued.code: 60}, notes=AWKWARD)
    AssessmentResult.objects.create(
        scheme=scheme, zone=zone, as_of=datetime.date(2024, 12, 31), score=Decimal("87.25"), rank=1,
        breakdown={"signed_projects": "52.25"}, generated_at=now,
    )

    empty = [table for table, rows in row_counts(model_tables()).items() if rows == 0]
    if empty:
        pytest.fail(
            "these tables have no row, so a backup that lost them would pass; "
            f"give them one in every_table_filled: {', '.join(empty)}"
        )


def model_tables():
    """Tables of the checked apps' models, many-to-many and history included."""
    return sorted({
        model._meta.db_table
        for label in CHECKED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    })


def row_counts(tables):
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def tables_of(dbname):
    with connect(dbname) as conn:
        rows = conn.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'").fetchall()
    return sorted(name for (name,) in rows)


def snapshot(dbname, tables):
    """Per table, the row count and an md5 of its rows in a fixed order
    (byte order, so that the collation cannot reorder them); then the
    sequences' positions, the constraints and the indexes. Equal snapshots
    mean equal contents, and a restored database that goes on numbering
    rows where the dumped one stopped."""
    digest = sql.SQL(
        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text COLLATE \"C\"), '')) FROM {} t"
    )
    with connect(dbname) as conn:
        rows = {table: conn.execute(digest.format(sql.Identifier(table))).fetchone() for table in tables}
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_catalog.pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        constraints = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_catalog.pg_get_constraintdef(oid) "
            "FROM pg_catalog.pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
        ).fetchall()
        indexes = conn.execute(
            "SELECT tablename, indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2"
        ).fetchall()
    return {"rows": rows, "sequences": sequences, "constraints": constraints, "indexes": indexes}


@committed
def test_it_restores_every_row_of_every_table_into_an_empty_database(
    every_table_filled, source, empty_database, tmp_path
):
    """backup.sh writes the dump and names it with its size; restore.sh
    restores it into the empty database; there every table has the same
    rows (count and md5), every sequence the same position, and the same
    constraints and indexes."""
    dump = tmp_path / "nightly" / "devzone.dump"
    backup = run("backup.sh", dump, url=url_of(source))
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith(f"{dump}: {dump.stat().st_size} bytes (")
    assert dump.stat().st_mode & 0o077 == 0, "the dump holds password hashes: only its owner may read it"
    assert not list(dump.parent.glob("*.partial"))

    restore = run("restore.sh", dump, url=url_of(empty_database))
    assert restore.returncode == 0, restore.stderr

    tables = connection.introspection.table_names()
    assert set(model_tables()) <= set(tables)
    assert tables_of(empty_database) == tables_of(source)
    expected = snapshot(source, tables)
    restored = snapshot(empty_database, tables)
    differing = sorted(table for table in tables if restored["rows"][table] != expected["rows"][table])
    assert not differing, f"tables whose rows differ after the restore: {', '.join(differing)}"
    assert restored == expected
    assert f"({len(tables_of(source))} tables)" in restore.stdout
    rows = sum(count for count, _ in expected["rows"].values())
    print(f"compared {len(tables)} tables, {rows} rows, {len(expected['sequences'])} sequences, "
          f"{len(expected['constraints'])} constraints, {len(expected['indexes'])} indexes")


@committed
def test_it_refuses_to_restore_over_a_database_with_data_and_leaves_it_unchanged(every_table_filled, source, tmp_path):
    """Restoring into the live database itself, the mistake that matters:
    exit status 2, a message saying why and what to do instead, and every
    table as it was."""
    dump = tmp_path / "devzone.dump"
    assert run("backup.sh", dump, url=url_of(source)).returncode == 0
    tables = connection.introspection.table_names()
    before = snapshot(source, tables)

    restore = run("restore.sh", dump, url=url_of(source))

    assert restore.returncode == 2, restore.stderr
    assert "refusing to restore" in restore.stderr and "not empty" in restore.stderr
    assert "new empty database" in restore.stderr
    assert restore.stdout == ""
    assert snapshot(source, tables) == before


@committed
def test_it_refuses_a_database_with_an_empty_table(source, empty_database, tmp_path):
    """Empty means no tables, not no rows: a leftover table of an earlier
    attempt is refused too and stays alone in its database."""
    dump = tmp_path / "devzone.dump"
    assert run("backup.sh", dump, url=url_of(source)).returncode == 0
    with connect(empty_database) as conn:
        conn.execute("CREATE TABLE leftover (id integer)")

    restore = run("restore.sh", dump, url=url_of(empty_database))

    assert restore.returncode == 2, restore.stderr
    assert "(1 tables, views or sequences in schema public)" in restore.stderr
    assert tables_of(empty_database) == ["leftover"]


def test_backup_of_an_unreachable_database_fails_and_writes_nothing(client_tools, tmp_path):
    """Nothing listens on port 1: pg_dump's own message, the script's, a
    non-zero exit status, and no file, not even a partial one."""
    dump = tmp_path / "devzone.dump"

    backup = run("backup.sh", dump, url="postgres://postgres@127.0.0.1:1/devzone")

    assert backup.returncode == 1
    assert "pg_dump" in backup.stderr and "Connection refused" in backup.stderr
    assert "backup.sh: pg_dump of postgres://postgres@127.0.0.1:1/devzone failed" in backup.stderr
    assert "no backup written" in backup.stderr
    assert list(tmp_path.iterdir()) == []


def test_backup_refuses_to_replace_an_existing_file(client_tools, tmp_path):
    """An earlier backup is never overwritten, even before connecting."""
    dump = tmp_path / "devzone.dump"
    dump.write_bytes(b"an earlier backup")

    backup = run("backup.sh", dump, url="postgres://postgres@127.0.0.1:1/devzone")

    assert backup.returncode == 2
    assert "exists already" in backup.stderr
    assert dump.read_bytes() == b"an earlier backup"


def test_the_scripts_keep_the_password_off_the_command_line():
    """The password of DATABASE_URL reaches libpq through PGPASSWORD,
    percent-decoded as dj-database-url decodes it; the URL the tools get
    (and the messages print) has none."""
    shell = (
        'PROG=test; source ops/_database_url.sh; load_database_url; '
        'printf "%s\\n%s\\n" "$PG_URL" "$PGPASSWORD"'
    )
    env = {**os.environ, "DATABASE_URL": "postgres://devzone:p%40ss%2Fw%3Ard@db.internal:5433/devzone?sslmode=require"}
    result = subprocess.run(
        ["bash", "-c", shell], cwd=OPS.parent, env=env, capture_output=True, text=True, timeout=WAIT
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["postgres://devzone@db.internal:5433/devzone?sslmode=require", "p@ss/w:rd"]
