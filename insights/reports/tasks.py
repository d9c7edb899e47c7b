"""Celery tasks of the reports: thin shells over the services.

Each task takes a TaskRun id, re-fetches the run (returning early if it is
gone or already done), marks it running, calls one service and records the
outcome on the run. The tasks are safe to run twice: the services replace
what they produced before.

Reliability: the message is acknowledged only when the task has finished
(``acks_late``), and given back to the broker when the worker process dies
(``reject_on_worker_lost``), so a killed worker's task runs again elsewhere.
Transient failures (the database or the broker gone for a moment) are
retried with exponential backoff; anything else fails the run at once with
its reason. The time limits come from the CELERY_TASK_SOFT_TIME_LIMIT /
CELERY_TASK_TIME_LIMIT settings.
"""
import logging
import os
import socket
import time

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import connections
from django.db import OperationalError as DatabaseOperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from insights.models import TaskKind
from insights.outbox import tasks as outbox_tasks  # noqa: F401 - registered with the worker through this module

from . import selectors, services

logger = logging.getLogger(__name__)

# OSError covers the network. (The dispatch e-mails are the outbox's to send
# and retry: no mail server error reaches a report's run.)
TRANSIENT_ERRORS = (DatabaseOperationalError, DatabaseInterfaceError, BrokerOperationalError, OSError)


class ReportTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5  # seconds, doubled on each retry
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """A transient error that outlived its retries: the run failed."""
        run_id = args[0] if args else kwargs.get("run_id")
        if run_id is None:
            return
        try:
            services.run_fail(run_id=run_id, error=services.describe(exc))
        except Exception:  # the database is what failed
            logger.exception("Could not record the failure of run %s", run_id)


def _test_pause(run):
    """For the worker test only: with DEVZONE_TEST_HOOKS on, a run whose
    parameters hold ``pause_seconds`` sleeps between computing and writing
    on its first attempt, so that the test can kill the worker there."""
    seconds = run.parameters.get("pause_seconds")
    if not seconds or not settings.DEVZONE_TEST_HOOKS or run.attempts > 1:
        return None
    return lambda: time.sleep(float(seconds))


def worker_name(task):
    """Which worker process runs the task, as the run's page shows it."""
    return f"{task.request.hostname or socket.gethostname()} (pid {os.getpid()})"


def execute(task, run_id):
    worker = worker_name(task)
    run = services.run_start(run_id=run_id, task_id=task.request.id, worker=worker)
    if run is None:
        logger.info("Run %s is gone, done already or running elsewhere; nothing to do", run_id)
        return None
    try:
        with services.run_heartbeat(run_id=run_id, worker=worker):
            result = services.run_perform(run=run, before_write=_test_pause(run))
    except TRANSIENT_ERRORS as exc:
        # Retried with backoff (on_failure records the last failure); the
        # run waits meanwhile, saying why.
        services.run_requeue(run_id=run_id, error=services.describe(exc))
        raise
    except Exception as exc:
        # A bug or bad parameters: retrying would fail the same way. Record
        # the reason on the run (a manager reads it) and keep the traceback
        # in the log; raising would also break the request in eager mode.
        logger.exception("Run %s (%s) failed", run_id, run.kind)
        services.run_fail(run_id=run_id, error=services.describe(exc))
        return None
    services.run_finish(run_id=run_id, result=result)
    return result


# The task names are wire names, not import paths: they are stored in the
# periodic-task rows of existing installations and in messages waiting in
# the broker, so they stay as they were before the read side moved from
# devzone.reports to insights.reports.
@shared_task(base=ReportTask, bind=True, name="devzone.reports.tasks.produce_dispatch")
def produce_dispatch(self, run_id):
    """周调度: the dispatch sheets a run asks for."""
    return execute(self, run_id)


@shared_task(base=ReportTask, bind=True, name="devzone.reports.tasks.produce_bulletin")
def produce_bulletin(self, run_id):
    """月通报: the bulletin of the run's month."""
    return execute(self, run_id)


@shared_task(base=ReportTask, bind=True, name="devzone.reports.tasks.produce_assessment")
def produce_assessment(self, run_id):
    """年考核: the results of the run's assessment scheme."""
    return execute(self, run_id)


# What beat starts (the schedules are in schedules.py) ------------------------------


@shared_task(base=ReportTask, bind=True, name="devzone.reports.tasks.weekly_dispatch")
def weekly_dispatch(self):
    """Monday morning: every zone's sheet for this week, as a run of its own."""
    week_start = selectors.monday_of(timezone.localdate())
    run = services.run_request(user=None, kind=TaskKind.DISPATCH, parameters={"week_start": week_start.isoformat()})
    return run.pk


@shared_task(base=ReportTask, bind=True, name="devzone.reports.tasks.monthly_bulletin")
def monthly_bulletin(self):
    """The 1st of the month: the bulletin of the month before."""
    year, month = selectors.previous_month(timezone.localdate())
    run = services.run_request(user=None, kind=TaskKind.BULLETIN, parameters={"year": year, "month": month})
    return run.pk


# Runs whose worker died ------------------------------------------------------------


# A new task, so named where it lives (the names above predate the move).
@shared_task(base=ReportTask, bind=True, name="insights.reports.tasks.resume_interrupted_runs")
def resume_interrupted_runs(self):
    """Every minute: queue again the runs whose worker has been gone two
    minutes (their message would wait in the broker for up to an hour)."""
    return services.runs_resume_interrupted()


@worker_ready.connect
def resume_at_start(sender=None, **kwargs):
    """A worker starting (after all of them died, say) resumes what was
    interrupted before anything else."""
    try:
        services.runs_resume_interrupted()
    except Exception:  # the database not there yet: the schedule will do it
        logger.exception("Could not resume the interrupted runs")
    finally:
        # This is the worker's main process, which forks the pool's
        # processes: it must not hand them an open connection.
        connections.close_all()
