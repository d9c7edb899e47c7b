"""A real Celery worker, started as a subprocess against the broker in
CELERY_BROKER_URL (Redis; .ci/run starts it), produces a bulletin; a worker
killed in the middle of the task leads to a redelivery, and there is still
exactly one bulletin.

The worker must read the same database as the test, so the test commits its
data (a transactional test) in the PostgreSQL test database and hands its
name to the worker through DATABASE_URL. Without a broker or PostgreSQL the
tests skip, saying why; under CI (CI=true) that absence fails instead.
Every wait is bounded, and the workers are killed whatever happens.
"""
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from devzone.celery import app as celery_app
from insights.models import Bulletin, TaskKind, TaskRun, TaskStatus
from insights.reports import tasks
from tests.needs import unavailable

ROOT = Path(__file__).resolve().parent.parent.parent
WAIT = 60  # seconds, for anything
VISIBILITY_TIMEOUT = 5  # seconds before Redis hands a dead worker's task to another

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def requirements(broker_url, database_url):
    """Skip (or fail under CI) before building any data."""


@pytest.fixture
def catalogue(db):
    """The metric catalogue of migration 0002. ``serialized_rollback``
    restores it after an earlier transactional test flushed the tables,
    but not everywhere (SQLite's in-memory test database after ordinary
    tests), so load it again when it is missing; loading is idempotent."""

    from zones.models import Metric

    if not Metric.objects.filter(code="signed_projects").exists():
        from tests.factories import load_metric_catalogue

        load_metric_catalogue()


@pytest.fixture
def broker_url():
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        unavailable("CELERY_BROKER_URL is not set: there is no broker to start a worker against")
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        unavailable(f"the broker in CELERY_BROKER_URL cannot be reached ({exc})")
    return url


@pytest.fixture
def database_url():
    if connection.vendor != "postgresql":
        unavailable("the worker test needs PostgreSQL (DATABASE_URL): another process cannot see SQLite's test database")
    s = connection.settings_dict
    credentials = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    return f"postgres://{credentials}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def queue(broker_url):
    """A queue of this test's own, so that no other worker on the same
    Redis takes its task; tasks are really sent, not run eagerly."""
    name = f"devzone-test-{uuid.uuid4().hex[:12]}"
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield name
    celery_app.conf.task_always_eager = before
    try:  # tidy the broker: the queue and its bindings
        with celery_app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_delete(name)
            channel.client.delete(f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    except Exception:  # best effort: a leftover key harms nothing
        pass


@pytest.fixture
def workers(broker_url, database_url, queue, tmp_path):
    """Start workers on demand; every one is killed at the end."""
    started = []

    def start(name):
        log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "devzone.settings_test",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DEVZONE_TEST_HOOKS": "1",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "devzone", "worker", "--pool=solo", "--concurrency=1",
            "-Q", queue, "-n", f"{name}-{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO",
        ]
        with open(log, "wb") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        process.log = log
        started.append(process)
        wait_for(lambda: b" ready." in log.read_bytes() or process.poll() is not None, f"{name} to start", process)
        if process.poll() is not None:
            pytest.fail(f"the worker {name} exited with {process.returncode}:\n{tail(process)}")
        return process

    yield start
    for process in started:
        kill(process)


def tail(process, lines=40):
    return "\n".join(process.log.read_text(errors="replace").splitlines()[-lines:])


def kill(process):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        pass


def wait_for(condition, what, process=None, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    log = f"\nworker log:\n{tail(process)}" if process is not None else ""
    pytest.fail(f"waited {timeout} s for {what}{log}")


def status(run):
    run.refresh_from_db()
    return run.status


def test_a_real_worker_produces_the_bulletin(catalogue, world, workers, queue):
    worker = workers("worker")
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
    tasks.produce_bulletin.apply_async(args=[run.pk], queue=queue)
    wait_for(lambda: status(run) in (TaskStatus.DONE, TaskStatus.FAILED), "the run to finish", worker)
    assert run.status == TaskStatus.DONE, f"{run.error}\n{tail(worker)}"
    assert run.attempts == 1 and run.celery_task_id
    bulletin = Bulletin.objects.get()
    assert (bulletin.year, bulletin.month, bulletin.as_of) == (2024, 10, datetime.date(2024, 10, 31))
    assert bulletin.text.startswith("1-10月，全市2个开发区签约项目4个")


def test_a_killed_worker_leaves_the_old_bulletin_and_the_task_is_redelivered(catalogue, world, workers, queue):
    """The first worker dies (SIGKILL) after computing, before writing: the
    bulletin produced earlier is untouched and the run stays "running".
    Redis hands the unacknowledged task to the next worker once the
    visibility timeout has passed; it runs again (its second attempt, which
    does not pause) and replaces the bulletin: still exactly one."""
    Bulletin.objects.create(year=2024, month=10, as_of=datetime.date(2024, 10, 31),
                            generated_at="2024-11-01T00:00Z", data={"metrics": []}, text="上一版通报")
    first = workers("first")
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10, "pause_seconds": 120})
    tasks.produce_bulletin.apply_async(args=[run.pk], queue=queue)
    wait_for(lambda: status(run) == TaskStatus.RUNNING, "the first worker to start the run", first)
    time.sleep(1)  # computing takes well under a second: the worker is now pausing before the write
    kill(first)
    assert first.returncode == -signal.SIGKILL
    assert Bulletin.objects.get().text == "上一版通报"
    assert (status(run), run.attempts) == (TaskStatus.RUNNING, 1)

    time.sleep(VISIBILITY_TIMEOUT + 1)  # the task is overdue now: the next worker restores it when it starts
    second = workers("second")
    wait_for(lambda: status(run) in (TaskStatus.DONE, TaskStatus.FAILED), "the redelivered run to finish", second)
    assert run.status == TaskStatus.DONE, f"{run.error}\n{tail(second)}"
    assert run.attempts == 2
    bulletin = Bulletin.objects.get()
    assert bulletin.text.startswith("1-10月，全市2个开发区签约项目4个")


def test_a_run_whose_whole_worker_died_is_resumed_with_one_result(catalogue, world, workers, queue, monkeypatch):
    """The worker dies whole (SIGKILL) in the middle of the run and nothing
    renews the run's heartbeat; two minutes later (played by moving the
    heartbeat back) the run shows as interrupted and the sweep queues it
    again, without waiting for the broker's visibility timeout. The next
    worker gets both that and the dead worker's own message (overdue by
    then, so restored): one runs the run, the other finds it taken or done
    and does nothing. One attempt after the first, one bulletin."""
    first = workers("first")
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10, "pause_seconds": 120})
    tasks.produce_bulletin.apply_async(args=[run.pk], queue=queue)
    wait_for(lambda: status(run) == TaskStatus.RUNNING, "the first worker to start the run", first)
    kill(first)
    assert "first-" in run.worker and not run.is_interrupted
    TaskRun.objects.filter(pk=run.pk).update(heartbeat_at=run.heartbeat_at - datetime.timedelta(minutes=3))
    run.refresh_from_db()
    assert (run.is_interrupted, str(run.get_status_display())) == (True, "Interrupted")

    from insights.reports import services

    monkeypatch.setattr(services, "_enqueue", lambda task, run_id: task.apply_async(args=[run_id], queue=queue))
    assert services.runs_resume_interrupted() == [run.pk]
    time.sleep(VISIBILITY_TIMEOUT + 1)  # the dead worker's message is overdue: the next worker restores it too
    second = workers("second")
    wait_for(lambda: status(run) in (TaskStatus.DONE, TaskStatus.FAILED), "the resumed run to finish", second)
    assert run.status == TaskStatus.DONE, f"{run.error}\n{tail(second)}"
    wait_for(lambda: tail(second, 200).count("produce_bulletin[") >= 4, "both messages to be handled", second)
    assert "nothing to do" in tail(second, 200)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 2)
    assert "second-" in run.worker
    assert Bulletin.objects.get().text.startswith("1-10月，全市2个开发区签约项目4个")
