"""The load test (ops/loadtest.py, manage.py loadtest_accounts): its pure
parts, its refusals and one short run against the live test server. The
60-second run itself is `make loadtest`, never part of the suite."""
import datetime
import importlib.util
import io
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from devzone import roles
from tooling import demo_data
from zones.models import Membership
from projects.choices import Stage, StageChangeStatus
from projects.models import ProgressReport
from tests.factories import ProgressReportFactory, ProjectFactory, ZoneFactory

LOADTEST_PATH = Path(__file__).resolve().parents[2] / "ops" / "loadtest.py"


def load_module():
    spec = importlib.util.spec_from_file_location("loadtest", LOADTEST_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loadtest = load_module()


# -- percentiles ----------------------------------------------------------------


def test_it_interpolates_percentiles_between_the_nearest_ranks():
    """Five values: rank (n-1)·p/100, so p95 sits 0.8 of the way from 40 to 50."""
    values = [50, 15, 40, 20, 35]  # any order
    assert loadtest.percentile(values, 0) == 15
    assert loadtest.percentile(values, 50) == 35
    assert loadtest.percentile(values, 95) == pytest.approx(48.0)
    assert loadtest.percentile(values, 99) == pytest.approx(49.6)
    assert loadtest.percentile(values, 100) == 50


def test_it_computes_the_percentiles_of_one_to_ten_by_hand():
    values = list(range(1, 11))
    assert loadtest.percentile(values, 50) == pytest.approx(5.5)
    assert loadtest.percentile(values, 95) == pytest.approx(9.55)
    assert loadtest.percentile(values, 99) == pytest.approx(9.91)
    quantiles = statistics.quantiles(values, n=100, method="inclusive")
    assert [loadtest.percentile(values, p) for p in (50, 95, 99)] == pytest.approx(
        [quantiles[49], quantiles[94], quantiles[98]]
    )


def test_it_gives_the_single_value_and_none_for_no_values():
    assert loadtest.percentile([7.5], 99) == 7.5
    assert loadtest.percentile([], 50) is None


def test_it_summarizes_seconds_in_milliseconds():
    summary = loadtest.summarize([0.010, 0.020, 0.030, 0.040])
    assert summary == {"count": 4, "p50_ms": 25.0, "p95_ms": 38.5, "p99_ms": 39.7, "max_ms": 40.0}


# -- refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, address",
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://localhost:8001/", ("localhost", 8001)),
        ("http://[::1]:8000", ("::1", 8000)),
        ("http://127.0.0.1", ("127.0.0.1", 80)),
    ],
)
def test_it_accepts_the_loopback(url, address):
    assert loadtest.loopback_address(url) == address


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8000",
        "http://192.168.1.20",
        "http://devzone.example.gov.cn",
        "http://localhost.example.com:8000",
        "http://0.0.0.0:8000",
        "http://127.0.0.2:8000",
        "https://127.0.0.1:8000",
        "ftp://127.0.0.1",
        "http://127.0.0.1:8000/projects/",
    ],
)
def test_it_refuses_anything_but_the_loopback_root_over_http(url):
    with pytest.raises(loadtest.Refused):
        loadtest.loopback_address(url)


def test_the_command_line_refuses_another_host_before_sending_anything(tmp_path, capsys):
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps({"password": "x", "accounts": []}))
    status = loadtest.main(["--url", "http://203.0.113.7:8000", "--accounts", str(accounts), "--duration", "1"])
    assert status == 2
    assert "never at another host" in capsys.readouterr().err


def test_it_refuses_more_users_than_accounts():
    plan = {"password": "x", "accounts": [{"username": "loadtest_01"}]}
    with pytest.raises(loadtest.Refused, match="loadtest_accounts --users 2"):
        loadtest.run_load(url="http://127.0.0.1:9", plan=plan, users=2, duration=1, weights={"list": 1})


def test_it_reads_the_page_weights():
    assert loadtest.parse_weights("list=40,detail=30,dashboard=20,report=10") == {
        "list": 40, "detail": 30, "dashboard": 20, "report": 10,
    }
    assert loadtest.parse_weights("report=1") == {"list": 0, "detail": 0, "dashboard": 0, "report": 1}
    for bad in ("admin=5", "list=many", "list=-1", "list=0"):
        with pytest.raises(loadtest.Refused):
            loadtest.parse_weights(bad)


# -- the server's memory ------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_it_sums_the_memory_of_the_master_and_its_children(tmp_path):
    """The pid file names the master; its children are found through
    /proc/<pid>/task/*/children, as gunicorn's workers are."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE
    )
    try:
        assert child.stdout.readline() == b"ready\n"
        pidfile = tmp_path / "gunicorn.pid"
        pidfile.write_text(f"{os.getpid()}\n")
        memory = loadtest.gunicorn_memory(pidfile)
        assert memory["master"] == os.getpid()
        assert child.pid in memory["workers"]
        # Both are Python interpreters: each holds megabytes.
        assert memory["rss_kib"] > loadtest.rss_kib(child.pid) > 1024
    finally:
        child.kill()
        child.wait()
    assert loadtest.gunicorn_memory(tmp_path / "missing.pid") is None


# -- manage.py loadtest_accounts -----------------------------------------------------


@pytest.fixture
def generated_zones(db):
    """Two zones marked as generated, with signed projects to report on."""
    source = demo_data.demo_source()
    zones = [ZoneFactory(source=source, code=f"G90000{i}") for i in range(2)]
    for zone in zones:
        for _ in range(3):
            ProjectFactory(zone=zone, source=source)
        ProjectFactory(zone=zone, source=source, stage=Stage.NEGOTIATING, confirmed_stage=Stage.NEGOTIATING)
    return zones


def make_accounts(tmp_path, users=3, **options):
    output = tmp_path / "accounts.json"
    options = {"zones": 2, "projects": 8, "no_build": True, **options}
    call_command("loadtest_accounts", users=users, output=output, stdout=io.StringIO(), **options)
    return json.loads(output.read_text()), output


def test_the_accounts_command_refuses_with_debug_off(settings, generated_zones, tmp_path):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        make_accounts(tmp_path)
    assert not get_user_model().objects.filter(username__startswith="loadtest_").exists()
    assert not (tmp_path / "accounts.json").exists()


def test_the_accounts_command_runs_with_debug_off_only_when_told(settings, generated_zones, tmp_path):
    settings.DEBUG = False
    plan, _ = make_accounts(tmp_path, allow_debug_off=True)
    assert len(plan["accounts"]) == 3


def test_the_accounts_command_refuses_a_database_with_recorded_projects(settings, generated_zones, tmp_path):
    """A project someone recorded (not generated) means real data."""
    settings.DEBUG = True
    ProjectFactory()
    with pytest.raises(CommandError, match="database of its own"):
        make_accounts(tmp_path)
    assert not get_user_model().objects.filter(username__startswith="loadtest_").exists()


def test_the_accounts_command_makes_staff_of_one_generated_zone_each(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    plan, output = make_accounts(tmp_path)
    users = get_user_model().objects.filter(username__startswith="loadtest_").order_by("username")
    assert [u.username for u in users] == ["loadtest_01", "loadtest_02", "loadtest_03"]
    for user in users:
        assert [g.name for g in user.groups.all()] == [roles.STAFF]
        assert not user.is_staff and not user.is_superuser
        assert user.check_password(plan["password"])
    zones = [Membership.objects.get(user=user).zone for user in users]
    assert zones == [generated_zones[0], generated_zones[1], generated_zones[0]]
    assert [a["zone"] for a in plan["accounts"]] == [z.pk for z in zones]
    assert output.stat().st_mode & 0o777 == 0o600


def test_the_accounts_share_no_project_to_report_on(settings, generated_zones, tmp_path):
    """loadtest_01 and loadtest_03 share the first zone's three signed
    projects (two and one); the negotiating one is nobody's."""
    settings.DEBUG = True
    plan, _ = make_accounts(tmp_path)
    reported = [[r["project"] for r in a["reports"]] for a in plan["accounts"]]
    first_zone = sorted(generated_zones[0].projects.filter(stage=Stage.SIGNED).values_list("pk", flat=True))
    assert reported[0] + reported[2] == [first_zone[0], first_zone[2], first_zone[1]]
    assert len(reported[1]) == 3
    assert all(r["stage"] == Stage.SIGNED for a in plan["accounts"] for r in a["reports"])
    assert len(plan["accounts"][0]["projects"]) == 4  # every project of the zone may be opened


def test_a_report_period_is_counted_back_from_the_projects_first_report(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    project = generated_zones[0].projects.filter(stage=Stage.SIGNED).order_by("pk").first()
    ProgressReportFactory(
        project=project, period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2024, 4, 30)
    )
    plan, _ = make_accounts(tmp_path)
    entry = next(r for r in plan["accounts"][0]["reports"] if r["project"] == project.pk)
    assert entry["before"] == "2024-04-01"


def test_projects_waiting_for_confirmation_are_not_reported_on(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    waiting = generated_zones[1].projects.filter(stage=Stage.SIGNED).order_by("pk").first()
    waiting.stage_changes.create(
        stage=Stage.STARTED, changed_on=datetime.date(2026, 1, 5), status=StageChangeStatus.PENDING
    )
    plan, _ = make_accounts(tmp_path)
    assert waiting.pk not in [r["project"] for r in plan["accounts"][1]["reports"]]


def test_a_second_run_adds_nothing_and_changes_the_password(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    first, _ = make_accounts(tmp_path)
    second, _ = make_accounts(tmp_path)
    User = get_user_model()
    assert User.objects.filter(username__startswith="loadtest_").count() == 3
    assert Membership.objects.filter(user__username__startswith="loadtest_").count() == 3
    assert first["accounts"] == second["accounts"]
    assert first["password"] != second["password"]
    assert User.objects.get(username="loadtest_01").check_password(second["password"])


def test_fewer_users_on_a_second_run_keep_one_membership_each(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    make_accounts(tmp_path, users=3)
    make_accounts(tmp_path, users=1)
    assert list(Membership.objects.filter(user__username="loadtest_01").values_list("zone", flat=True)) == [
        generated_zones[0].pk
    ]


def test_the_accounts_command_leaves_an_administrator_of_that_name_alone(settings, generated_zones, tmp_path):
    settings.DEBUG = True
    get_user_model().objects.create_superuser("loadtest_02", "", "pass-for-tests-1")
    with pytest.raises(CommandError, match="loadtest_02"):
        make_accounts(tmp_path)
    assert get_user_model().objects.get(username="loadtest_02").check_password("pass-for-tests-1")


# -- a short run against the live test server -----------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_short_run_logs_in_requests_every_page_and_saves_the_reports(settings, live_server, tmp_path):
    """One user (SQLite in memory serves one request at a time), twenty
    requests: every page answers, every report post is saved, no error."""
    settings.DEBUG = True
    source = demo_data.demo_source()
    zone = ZoneFactory(source=source, code="G900009")
    for _ in range(2):
        ProjectFactory(zone=zone, source=source)
    plan, _ = make_accounts(tmp_path, users=1, zones=1, projects=2)
    result = loadtest.run_load(
        url=live_server.url, plan=plan, users=1, duration=60, max_requests=20,
        weights=loadtest.parse_weights("list=1,detail=1,dashboard=1,report=1"), seed=3,
    )
    assert result["errors"] == 0, result["error_samples"]
    assert result["logins"]["ok"] == 1
    assert result["requests"] == 20
    assert set(result["latency"]) == {"all", "list", "detail", "dashboard", "report"}
    posted = result["latency"]["report"]["count"]
    assert result["reports_posted"] == posted
    reports = ProgressReport.objects.filter(reported_by__username="loadtest_01")
    assert reports.count() == posted
    # One-day periods counting back from tomorrow, the projects taking turns.
    assert all(r.period_start == r.period_end <= timezone.localdate() for r in reports)
    assert result["memory"] is None  # no pid file given


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_report_post_is_an_error_with_the_forms_message(settings, live_server, tmp_path):
    """The form shown again (200) is no success: the period taken by an
    earlier report makes the first post fail, and the error says why."""
    settings.DEBUG = True
    source = demo_data.demo_source()
    project = ProjectFactory(zone=ZoneFactory(source=source, code="G900010"), source=source)
    plan, _ = make_accounts(tmp_path, users=1, zones=1, projects=1)
    taken = datetime.date(2025, 3, 9)
    ProgressReportFactory(project=project, period_start=taken, period_end=taken)
    plan["accounts"][0]["reports"][0]["before"] = (taken + datetime.timedelta(days=1)).isoformat()
    result = loadtest.run_load(
        url=live_server.url, plan=plan, users=1, duration=60, max_requests=1,
        weights=loadtest.parse_weights("report=1"),
    )
    assert result["errors"] == 1
    error = result["error_samples"][0]
    assert (error["page"], error["status"]) == ("report", 200)
    # The client sends no Accept-Language: the interface's first language.
    with translation.override("zh-hans"):
        assert translation.gettext("This project already has a report for this period.") in error["detail"]
    assert result["reports_posted"] == 0
    assert ProgressReport.objects.count() == 1
