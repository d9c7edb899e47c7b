"""Writes of the reports: asking for a run, producing each document, and
keeping the run's status.

Each production computes everything first (reads only) and then writes in
one short transaction, so a worker killed or failing halfway leaves the
previous document as it was, and producing the same period twice replaces
the document instead of adding a second one.
"""
import contextlib
import datetime
import logging
import threading

from celery.exceptions import Retry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from devzone import access
from insights.models import AssessmentResult, AssessmentScheme, Bulletin, DispatchSheet, TaskKind, TaskRun, TaskStatus
from insights.outbox import services as outbox
from zones.models import Zone

from . import drafting, selectors

logger = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 2000
# A run whose worker keeps dying (a task killed at its hard time limit is
# redelivered, and would be forever) is given up after this many attempts;
# retries of transient errors stay well below it.
MAX_ATTEMPTS = 10
# How often a worker running a run says it is alive (TaskRun.heartbeat_at).
HEARTBEAT_SECONDS = 30


def describe(exc):
    """The reason a run failed, as a manager reads it on the run's page."""
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc).strip()
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:MAX_ERROR_LENGTH]


# Runs ------------------------------------------------------------------------------


def _task_for(kind):
    from . import tasks  # the tasks call these services

    return {
        TaskKind.DISPATCH: tasks.produce_dispatch,
        TaskKind.BULLETIN: tasks.produce_bulletin,
        TaskKind.ASSESSMENT: tasks.produce_assessment,
    }[kind]


@transaction.atomic
def run_request(*, user, kind, parameters, zone=None):
    """Record a run and hand it to the workers once the transaction has
    committed (a worker must find the row). ``user`` is None for the
    schedule; a person must be a manager or an administrator, and may only
    ask for a zone they see. Without a broker the task runs at once, in
    this process, and the run is done (or failed) when this returns."""
    if user is not None:
        if not (access.is_manager(user) or access.is_administrator(user)):
            raise PermissionDenied
        if zone is not None:
            ids = access.visible_zone_ids(user)
            if ids is not None and zone.pk not in ids:
                raise PermissionDenied
        elif kind == TaskKind.DISPATCH and not access.sees_all_zones(user):
            raise PermissionDenied
    run = TaskRun(kind=kind, parameters=parameters, zone=zone, requested_by=user)
    run.full_clean()
    run.save()
    task = _task_for(kind)
    transaction.on_commit(lambda: _enqueue(task, run.pk))
    return run


def _enqueue(task, run_id):
    try:
        task.delay(run_id)
    except Exception as exc:  # the broker is down, or (eager) the task broke
        logger.exception("Could not run report task %s for run %s", task.name, run_id)
        # Eagerly, a retry surfaces as celery's Retry: name what caused it.
        cause = exc.exc if isinstance(exc, Retry) else None
        run_fail(run_id=run_id, error=describe(cause or exc), only_pending=True)


def run_start(*, run_id, task_id, worker=""):
    """Mark the run as running in ``worker`` and count the attempt; None
    when the run is gone or already done (a redelivered message has nothing
    left to do), is being run by a live worker under another task (the
    message of a run resumed after its worker died, delivered after all), or
    has been tried too often."""
    with transaction.atomic():
        run = TaskRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == TaskStatus.DONE:
            return None
        if (
            run.status == TaskStatus.RUNNING
            and run.heartbeat_at is not None
            and not run.is_interrupted
            and task_id
            and run.celery_task_id not in ("", task_id)
        ):
            return None
        if run.attempts >= MAX_ATTEMPTS:
            run_fail(run_id=run_id, error=f"Given up after {run.attempts} attempts: its workers kept dying.")
            return None
        now = timezone.now()
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskStatus.RUNNING,
            started_at=now,
            finished_at=None,
            error="",
            celery_task_id=task_id or "",
            attempts=F("attempts") + 1,
            worker=worker[:255],
            heartbeat_at=now,
        )
    run.refresh_from_db()
    return run


@contextlib.contextmanager
def run_heartbeat(*, run_id, worker, every=None):
    """While the block runs, renew the run's ``heartbeat_at`` every
    ``every`` seconds from a thread of the worker's process: a worker killed
    whole (its machine, its container) stops renewing it, and two minutes
    later the run shows as interrupted and is resumed."""
    every = every or HEARTBEAT_SECONDS
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(every):
                try:
                    TaskRun.objects.filter(pk=run_id, status=TaskStatus.RUNNING, worker=worker[:255]).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # the database gone for a moment: the next beat may pass
                    logger.exception("Could not renew the heartbeat of run %s", run_id)
        finally:
            connections.close_all()  # this thread's own

    thread = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def run_requeue(*, run_id, error):
    """A transient error is retried after a pause: the run waits (queued,
    saying why) instead of looking like it runs without a heartbeat."""
    TaskRun.objects.filter(pk=run_id, status=TaskStatus.RUNNING).update(
        status=TaskStatus.QUEUED, error=error[:MAX_ERROR_LENGTH]
    )


def runs_resume_interrupted(*, now=None):
    """Queue again every run whose worker has been gone longer than
    TaskRun.INTERRUPTED_AFTER, rather than wait for the broker to redeliver
    its message (CELERY_VISIBILITY_TIMEOUT, an hour). Should that message
    come after all, the run is done, or running under its new task, and the
    message does nothing: one result either way. Returns the runs' ids."""
    with transaction.atomic():
        # SKIP LOCKED: a run being started or resumed by someone else right now is theirs.
        runs = list(TaskRun.objects.interrupted(now=now).select_for_update(skip_locked=True).order_by("pk"))
        for run in runs:
            logger.warning("Run %s (%s) was interrupted: %s last seen %s; queued again",
                           run.pk, run.kind, run.worker or "its worker", run.heartbeat_at or run.started_at)
            TaskRun.objects.filter(pk=run.pk).update(status=TaskStatus.QUEUED)
            task = _task_for(run.kind)
            transaction.on_commit(lambda task=task, run_id=run.pk: _enqueue(task, run_id))
    return [run.pk for run in runs]


def run_finish(*, run_id, result):
    TaskRun.objects.filter(pk=run_id).update(status=TaskStatus.DONE, result=result, finished_at=timezone.now(), error="")


def run_fail(*, run_id, error, only_pending=False):
    runs = TaskRun.objects.filter(pk=run_id)
    if only_pending:
        runs = runs.filter(status__in=[TaskStatus.QUEUED, TaskStatus.RUNNING])
    runs.update(status=TaskStatus.FAILED, error=error[:MAX_ERROR_LENGTH], finished_at=timezone.now())


def run_perform(*, run, before_write=None):
    """Produce what the run asks for; returns the run's result (ids of what
    was written, for its page)."""
    params = run.parameters
    if run.kind == TaskKind.BULLETIN:
        bulletin = bulletin_produce(
            year=int(params["year"]), month=int(params["month"]), user=run.requested_by, before_write=before_write
        )
        return {"bulletin": bulletin.pk, "year": bulletin.year, "month": bulletin.month}
    if run.kind == TaskKind.DISPATCH:
        week_start = datetime.date.fromisoformat(params["week_start"])
        zones = [run.zone] if run.zone_id else None
        sheets = dispatch_produce(week_start=week_start, zones=zones, before_write=before_write)
        result = {"sheets": [sheet.pk for sheet in sheets], "week_start": week_start.isoformat()}
        already = [sheet.pk for sheet in sheets if sheet.already_produced]
        if already:
            result["already_produced"] = already
        return result
    if run.kind == TaskKind.ASSESSMENT:
        scheme = AssessmentScheme.objects.get(pk=params["scheme"])
        as_of = datetime.date.fromisoformat(params["as_of"]) if params.get("as_of") else None
        results = assessment_produce(scheme=scheme, as_of=as_of, before_write=before_write)
        return {"scheme": scheme.pk, "results": len(results)}
    raise ValueError(f"Unknown kind of run: {run.kind}")


# 月通报 ------------------------------------------------------------------------------


def bulletin_as_of(*, year, month, today=None):
    """A month's bulletin counts to the month's last day, or to today for
    the month in progress."""
    today = today or timezone.localdate()
    return min(selectors.month_end(year, month), today)


def bulletin_compute(*, year, month, as_of):
    data = selectors.bulletin_figures(year=year, month=month, as_of=as_of)
    data["paragraphs"] = drafting.draft(data)
    return data


def bulletin_produce(*, year, month, as_of=None, user=None, before_write=None):
    """Compute the month's bulletin, then store it in one transaction:
    a second production of the month replaces the first (same row, new
    content)."""
    if datetime.date(year, month, 1) > timezone.localdate():
        raise ValidationError(gettext("A bulletin cannot be produced for a month that has not begun."))
    as_of = as_of or bulletin_as_of(year=year, month=month)
    data = bulletin_compute(year=year, month=month, as_of=as_of)
    if before_write:
        before_write()
    return bulletin_save(year=year, month=month, as_of=as_of, data=data, user=user)


@transaction.atomic
def bulletin_save(*, year, month, as_of, data, user=None):
    bulletin, _ = Bulletin.objects.select_for_update().update_or_create(
        year=year,
        month=month,
        defaults={
            "as_of": as_of,
            "data": data,
            "text": drafting.as_text(data["paragraphs"]),
            "generated_at": timezone.now(),
            "generated_by": user,
        },
    )
    return bulletin


# 周调度 ------------------------------------------------------------------------------


def dispatch_produce(*, week_start, zones=None, before_write=None, send_email=True):
    """Every zone's dispatch sheet for the week starting on the Monday of
    ``week_start`` (every dispatch zone, or ``zones``), stored in one
    transaction with its e-mails to the zone's staff, which the outbox sends
    once that has committed. A sheet found as this run would write it was
    already produced (by an earlier or a concurrent run): it is left as it
    is, marked ``already_produced``, and nobody receives it twice."""
    week_start = selectors.monday_of(week_start)
    zones = list(zones) if zones is not None else list(selectors.dispatch_zones())
    contents = {zone.pk: selectors.dispatch_content(zone=zone, week_start=week_start) for zone in zones}
    if before_write:
        before_write()
    return _dispatch_save(week_start=week_start, zones=zones, contents=contents, send_email=send_email)


@transaction.atomic
def _dispatch_save(*, week_start, zones, contents, send_email):
    # The zones' rows are the lock. A sheet not produced yet has no row to
    # lock, so two runs of one week both found none and both inserted, the
    # second breaking on the unique constraint. Now the second waits here
    # until the first has committed, then finds its sheet. NO KEY UPDATE
    # leaves the zones' projects and reports free to be written meanwhile;
    # the order by pk keeps runs of overlapping zones from deadlocking.
    list(
        Zone.objects.select_for_update(no_key=True)
        .filter(pk__in=[zone.pk for zone in zones])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    existing = {sheet.zone_id: sheet for sheet in DispatchSheet.objects.filter(zone__in=zones, week_start=week_start)}
    now = timezone.now()
    sheets = []
    for zone in zones:
        content = contents[zone.pk]
        sheet = existing.get(zone.pk)
        if sheet is not None and sheet.content == content:
            sheet.already_produced = True
        else:
            if sheet is None:
                sheet = DispatchSheet(zone=zone, week_start=week_start, content=content)
            else:  # changed: a new revision, e-mailed again
                sheet.content, sheet.revision = content, sheet.revision + 1
                sheet.emailed_at, sheet.emailed_to = None, []
            sheet.generated_at = now
            sheet.full_clean()
            sheet.save()
            sheet.already_produced = False
        sheet.zone = zone
        if send_email:
            dispatch_email(sheet=sheet)
        sheets.append(sheet)
    return sheets


@transaction.atomic
def dispatch_email(*, sheet):
    """Put the sheet's revision in the outbox for each of the zone's staff
    (one message each, keyed by sheet, revision and person, so no one gets
    it twice, and staff who joined since get it when the week is produced
    again). Rendered in the interface's default language (Chinese).
    Returns the addresses of the messages added."""
    recipients = selectors.zone_staff_recipients(zone=sheet.zone)
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        context = {"sheet": sheet, "zone": sheet.zone, "content": sheet.content}
        subject = gettext("Weekly dispatch of %(zone)s, week of %(date)s") % {
            "zone": sheet.zone.name,
            "date": sheet.week_start.isoformat(),
        }
        body = render_to_string("reports/dispatchsheet_email.txt", context)
    added = []
    for user_id, address in recipients:
        _message, created = outbox.message_add(
            key=f"dispatch:{sheet.pk}:{sheet.revision}:{user_id}",
            zone=sheet.zone,
            recipient=address,
            subject=subject,
            body=body,
        )
        if created:
            added.append(address)
    if added:
        sheet.emailed_at = timezone.now()
        sheet.emailed_to = sorted({*sheet.emailed_to, *added})
        DispatchSheet.objects.filter(pk=sheet.pk).update(emailed_at=sheet.emailed_at, emailed_to=sheet.emailed_to)
    return added


# 年考核 ------------------------------------------------------------------------------


def assessment_as_of(*, scheme, today=None):
    """The year's last day once it is over, else today (a provisional score)."""
    today = today or timezone.localdate()
    return min(datetime.date(scheme.year, 12, 31), today)


def assessment_produce(*, scheme, as_of=None, before_write=None):
    """Score every participating zone under ``scheme`` and replace the
    scheme's results in one transaction."""
    scheme.full_clean()
    as_of = as_of or assessment_as_of(scheme=scheme)
    scores = selectors.assessment_scores(scheme=scheme, as_of=as_of)
    if before_write:
        before_write()
    return _assessment_save(scheme=scheme, as_of=as_of, scores=scores)


@transaction.atomic
def _assessment_save(*, scheme, as_of, scores):
    # The scheme's row is the lock: two runs of one assessment write one
    # after the other, never interleaved.
    AssessmentScheme.objects.select_for_update().filter(pk=scheme.pk).first()
    AssessmentResult.objects.filter(scheme=scheme).delete()
    now = timezone.now()
    return AssessmentResult.objects.bulk_create(
        [
            AssessmentResult(
                scheme=scheme,
                zone=score["zone"],
                as_of=as_of,
                score=score["score"],
                rank=score["rank"],
                breakdown=score["breakdown"],
                generated_at=now,
            )
            for score in scores
        ]
    )
