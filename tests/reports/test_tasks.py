"""The tasks, run eagerly: a run goes queued → running → done, or failed
with its reason; a redelivered run that is done does nothing; transient
errors are retried; the schedule's tasks start runs of their own."""
import datetime
from unittest import mock

import pytest
from django.db import OperationalError

from insights.models import Bulletin, DispatchSheet, TaskKind, TaskRun, TaskStatus
from insights.reports import services, tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def request_bulletin(user, capture, **parameters):
    parameters = {"year": 2024, "month": 10, **parameters}
    with capture(execute=True):
        run = services.run_request(user=user, kind=TaskKind.BULLETIN, parameters=parameters)
    run.refresh_from_db()
    return run


def test_a_run_is_sent_only_after_its_transaction_commits(world, people, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.produce_bulletin, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = services.run_request(user=people["manager"], kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
        assert delay.call_count == 0 and run.status == TaskStatus.QUEUED
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(run.pk)


def test_without_a_broker_a_run_is_done_when_the_request_returns(world, people, django_capture_on_commit_callbacks):
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    bulletin = Bulletin.objects.get()
    assert (run.status, run.attempts, run.error) == (TaskStatus.DONE, 1, "")
    assert run.result == {"bulletin": bulletin.pk, "year": 2024, "month": 10}
    assert run.started_at <= run.finished_at
    assert run.celery_task_id
    assert bulletin.generated_by == people["manager"]


def test_a_failing_run_is_failed_with_its_reason(world, people, django_capture_on_commit_callbacks, monkeypatch):
    def broken(**kwargs):
        raise ValueError("目标数据不完整")

    monkeypatch.setattr(services.selectors, "bulletin_figures", broken)
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    assert run.status == TaskStatus.FAILED
    assert run.error == "ValueError: 目标数据不完整"
    assert run.finished_at is not None
    assert not Bulletin.objects.exists()


def test_a_future_month_fails_with_a_readable_reason(world, people, django_capture_on_commit_callbacks):
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks, year=2100, month=1)
    assert run.status == TaskStatus.FAILED
    assert run.error == "ValidationError: A bulletin cannot be produced for a month that has not begun."


@pytest.fixture
def retrying(eager):
    """Eager tasks retry in-process only when their errors do not propagate
    (with propagation, as under ``make run``, the run fails at once)."""
    from devzone.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.mark.usefixtures("retrying")
def test_a_transient_error_is_retried_then_succeeds(world, people, django_capture_on_commit_callbacks, monkeypatch):
    real = services.bulletin_save
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "bulletin_save", flaky)
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    assert (run.status, run.attempts, len(calls)) == (TaskStatus.DONE, 2, 2)
    assert Bulletin.objects.count() == 1


@pytest.mark.usefixtures("retrying")
def test_a_transient_error_that_lasts_fails_the_run(world, people, django_capture_on_commit_callbacks, monkeypatch):
    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "bulletin_save", down)
    monkeypatch.setattr(tasks.produce_bulletin, "max_retries", 2)
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    assert run.status == TaskStatus.FAILED
    assert run.error == "OperationalError: could not connect to server"
    assert run.attempts == 3  # the first try and two retries


def test_without_a_broker_a_transient_error_fails_the_run_with_its_cause(
    world, people, django_capture_on_commit_callbacks, monkeypatch
):
    def down(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "bulletin_save", down)
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    assert (run.status, run.error) == (TaskStatus.FAILED, "OperationalError: database is locked")


def test_a_broker_that_cannot_be_reached_fails_the_run(world, people, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError as BrokerError

    with mock.patch.object(tasks.produce_bulletin, "delay", side_effect=BrokerError("Connection refused")):
        run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    assert (run.status, run.error) == (TaskStatus.FAILED, "OperationalError: Connection refused")


def test_a_redelivered_run_that_is_done_does_nothing(world, people, django_capture_on_commit_callbacks):
    run = request_bulletin(people["manager"], django_capture_on_commit_callbacks)
    generated_at = Bulletin.objects.get().generated_at
    tasks.produce_bulletin.delay(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 1)
    assert Bulletin.objects.get().generated_at == generated_at


def test_a_redelivered_run_that_was_running_runs_again_and_replaces(world, people):
    """A worker died in the middle: the run says running; the redelivered
    message produces the bulletin again, still one."""
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10},
                                 status=TaskStatus.RUNNING, attempts=1)
    services.bulletin_produce(year=2024, month=10)  # say the dead worker had written it already
    tasks.produce_bulletin.delay(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (TaskStatus.DONE, 2)
    assert Bulletin.objects.count() == 1


def test_a_run_whose_workers_keep_dying_is_given_up(world):
    run = TaskRun.objects.create(kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10},
                                 status=TaskStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    tasks.produce_bulletin.delay(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (TaskStatus.FAILED, "Given up after 10 attempts: its workers kept dying.")
    assert not Bulletin.objects.exists()


def test_a_run_that_is_gone_is_skipped(db):
    assert tasks.produce_bulletin.delay(987654).get() is None


def test_the_pause_hook_needs_the_test_setting(world, people, django_capture_on_commit_callbacks, settings):
    """``pause_seconds`` is a test hook: without DEVZONE_TEST_HOOKS it is
    ignored, and it never pauses a second attempt."""
    settings.DEVZONE_TEST_HOOKS = False
    run = TaskRun(kind=TaskKind.BULLETIN, parameters={"pause_seconds": 30}, attempts=1)
    assert tasks._test_pause(run) is None
    settings.DEVZONE_TEST_HOOKS = True
    assert tasks._test_pause(run) is not None
    run.attempts = 2
    assert tasks._test_pause(run) is None


def test_the_tasks_are_reliable_by_configuration():
    for task in (tasks.produce_bulletin, tasks.produce_dispatch, tasks.produce_assessment):
        assert task.acks_late and task.reject_on_worker_lost
        assert OperationalError in task.autoretry_for and task.retry_backoff and task.max_retries
    from devzone.celery import app

    assert app.conf.task_soft_time_limit and app.conf.task_time_limit > app.conf.task_soft_time_limit
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit


def test_the_dispatch_run_of_one_zone_writes_its_sheet(world, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(user=people["manager"], kind=TaskKind.DISPATCH,
                                   parameters={"week_start": "2024-11-04"}, zone=world["a"])
    run.refresh_from_db()
    sheet = DispatchSheet.objects.get()
    assert (run.status, run.result) == (TaskStatus.DONE, {"sheets": [sheet.pk], "week_start": "2024-11-04"})
    assert sheet.zone == world["a"]


def test_the_assessment_run_scores_the_zones(world, people, scheme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(user=people["administrator"], kind=TaskKind.ASSESSMENT,
                                   parameters={"scheme": scheme.pk, "as_of": "2024-10-31"})
    run.refresh_from_db()
    assert (run.status, run.result) == (TaskStatus.DONE, {"scheme": scheme.pk, "results": 2})


def test_staff_cannot_start_a_run_nor_a_manager_for_a_zone_they_do_not_see(world, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.run_request(user=people["staff"], kind=TaskKind.BULLETIN, parameters={"year": 2024, "month": 10})
    with pytest.raises(PermissionDenied):
        services.run_request(user=people["manager"], kind=TaskKind.DISPATCH,
                             parameters={"week_start": "2024-11-04"}, zone=world["b"])
    with pytest.raises(PermissionDenied):  # every zone: only for who sees every zone
        services.run_request(user=people["manager"], kind=TaskKind.DISPATCH, parameters={"week_start": "2024-11-04"})


def test_the_schedule_starts_this_weeks_dispatch_and_last_months_bulletin(world, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2024, 11, 4)):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.weekly_dispatch.delay()
            tasks.monthly_bulletin.delay()
    dispatch = TaskRun.objects.get(kind=TaskKind.DISPATCH)
    bulletin = TaskRun.objects.get(kind=TaskKind.BULLETIN)
    assert (dispatch.parameters, dispatch.requested_by, dispatch.status) == ({"week_start": "2024-11-04"}, None, TaskStatus.DONE)
    assert (bulletin.parameters, bulletin.status) == ({"year": 2024, "month": 10}, TaskStatus.DONE)
    assert DispatchSheet.objects.filter(week_start=datetime.date(2024, 11, 4)).count() == 2
    assert Bulletin.objects.get().month == 10
