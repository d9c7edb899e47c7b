"""A run whose whole worker died (issue #20, item 15): the worker renews
the run's heartbeat while it runs it; two minutes without one and the run
shows as interrupted and is queued again, still with one result. The
broker's own redelivery of the dead worker's message, an hour later, finds
the run done (or running under its new task) and does nothing."""
import datetime
import time

import pytest
from django.utils import timezone

from insights.models import Bulletin, TaskKind, TaskRun, TaskStatus
from insights.reports import services, tasks

pytestmark = pytest.mark.usefixtures("eager")


def dead_run(*, seen_seconds_ago, kind=TaskKind.BULLETIN, **fields):
    """A bulletin run a worker took and was last seen running that long ago."""
    seen = timezone.now() - datetime.timedelta(seconds=seen_seconds_ago)
    fields = {"status": TaskStatus.RUNNING, "attempts": 1, "started_at": seen, "heartbeat_at": seen,
              "worker": "celery@gone (pid 4242)", "celery_task_id": "dead-task", **fields}
    return TaskRun.objects.create(kind=kind, parameters={"year": 2024, "month": 10}, **fields)


@pytest.mark.django_db
def test_a_run_not_seen_for_two_minutes_is_interrupted():
    alive = dead_run(seen_seconds_ago=100)
    gone = dead_run(seen_seconds_ago=125)
    old_style = dead_run(seen_seconds_ago=125, heartbeat_at=None)  # started before the heartbeats
    done = dead_run(seen_seconds_ago=600, status=TaskStatus.DONE)
    assert [(r.is_interrupted, r.get_status_display()) for r in (alive, gone, old_style, done)] == [
        (False, "Running"), (True, "Interrupted"), (True, "Interrupted"), (False, "Done")
    ]
    assert set(TaskRun.objects.interrupted()) == {gone, old_style}


@pytest.mark.django_db
def test_an_interrupted_run_is_run_again_with_one_result(world, django_capture_on_commit_callbacks):
    """The dead worker had written the bulletin already; the run again
    replaces it. The dead worker's message, delivered at last, does nothing."""
    services.bulletin_produce(year=2024, month=10)
    run = dead_run(seen_seconds_ago=150)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.resume_interrupted_runs.apply().get() == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.attempts, run.is_interrupted) == (TaskStatus.DONE, 2, False)
    assert run.celery_task_id != "dead-task" and "(pid " in run.worker
    assert Bulletin.objects.count() == 1

    tasks.produce_bulletin.apply(args=[run.pk], task_id="dead-task")
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 2)


@pytest.mark.django_db
def test_a_run_whose_worker_is_alive_is_left_alone(world, django_capture_on_commit_callbacks):
    run = dead_run(seen_seconds_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.runs_resume_interrupted() == []
    run.refresh_from_db()
    assert (run.status, run.attempts, run.celery_task_id) == (TaskStatus.RUNNING, 1, "dead-task")


@pytest.mark.django_db
def test_the_old_message_of_a_resumed_run_that_is_running_does_nothing(world):
    """The resumed run runs under a new task and its worker is alive: the
    dead worker's message, delivered now, must not start it a second time."""
    run = dead_run(seen_seconds_ago=10, celery_task_id="resumed-task", worker="celery@alive (pid 7)")
    tasks.produce_bulletin.apply(args=[run.pk], task_id="dead-task")
    run.refresh_from_db()
    assert (run.status, run.attempts, run.celery_task_id) == (TaskStatus.RUNNING, 1, "resumed-task")
    assert not Bulletin.objects.exists()


@pytest.mark.django_db
def test_the_same_message_redelivered_runs_the_run_again(world):
    """Its worker died moments ago (not yet taken for dead) and the broker
    gave its own message to another worker: that is the run's task, and it
    runs (the killed-worker test does this with a real worker)."""
    run = dead_run(seen_seconds_ago=10)
    tasks.produce_bulletin.apply(args=[run.pk], task_id="dead-task")
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 2)
    assert Bulletin.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # it closes its connection after
def test_a_starting_worker_resumes_the_interrupted_runs(world):
    run = dead_run(seen_seconds_ago=3600)
    tasks.resume_at_start()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_renews_the_heartbeat_while_it_runs_the_run(world, settings, monkeypatch):
    """Every HEARTBEAT_SECONDS (a twentieth of a second here) while the run
    computes, from a thread of its own; not after."""
    settings.DEVZONE_TEST_HOOKS = True
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.05)
    beats = []
    real_perform = services.run_perform

    def perform(**kwargs):
        result = real_perform(**kwargs)
        beats.append(TaskRun.objects.values_list("started_at", "heartbeat_at").get())
        return result

    monkeypatch.setattr(services, "run_perform", perform)
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10, "pause_seconds": 0.5})
    tasks.produce_bulletin.apply(args=[run.pk])
    run.refresh_from_db()
    (started_at, heartbeat_during), = beats
    assert run.status == TaskStatus.DONE
    assert heartbeat_during > started_at + datetime.timedelta(seconds=0.3)
    time.sleep(0.2)
    assert TaskRun.objects.get().heartbeat_at == run.heartbeat_at  # the beats stopped with the run
