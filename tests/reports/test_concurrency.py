"""Two runs of the same weekly dispatch at once (issue #20, item 14): the
second waits for the first, finds its sheet and ends done as "already
produced"; there is one sheet, and each of the zone's staff gets one
e-mail.

On PostgreSQL the runs are two threads, each with its own connection, so
the test commits its data (a transactional test). A barrier makes both
runs look for the sheet before either writes it: the moment at which a
lock on the sheet's own row (which did not exist yet) protected nothing and
the second insert broke on the unique constraint. Locked properly (on the
zone's row), the second run cannot reach the barrier until the first has
committed; the first waits out the barrier's timeout and goes on alone.
This test is required under CI.

SQLite has no row locks: a transaction takes the database's write lock
when it begins (IMMEDIATE), so two writes never overlap, and the test
database (shared-cache memory) refuses a second connection's write at once
instead of waiting. There the closest two runs can come is one run
writing between the other's reading and writing; the second test plays
that with two transactions on any database.
"""
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from insights.models import DispatchSheet, OutboxMessage, OutboxState, TaskKind, TaskRun, TaskStatus
from insights.reports import services, tasks
from tests.needs import unavailable

pytestmark = pytest.mark.usefixtures("eager")

BARRIER_TIMEOUT = 5  # seconds the first run waits for a second that, locked out, never comes


def run_twice_at_once(zone):
    runs = [
        TaskRun.objects.create(kind=TaskKind.DISPATCH, parameters={"week_start": "2024-11-04"}, zone=zone)
        for _ in range(2)
    ]
    barrier = threading.Barrier(len(runs))
    full_clean = DispatchSheet.full_clean

    def meet_then_validate(sheet, *args, **kwargs):
        # A run about to insert the sheet: it looked and found none.
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
        except threading.BrokenBarrierError:
            pass  # the other run is waiting for the lock this one holds
        return full_clean(sheet, *args, **kwargs)

    errors = []

    def produce(run):
        try:
            tasks.produce_dispatch.apply(args=[run.pk])
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=produce, args=[run]) for run in runs]
    with mock.patch.object(DispatchSheet, "full_clean", meet_then_validate):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    for run in runs:
        run.refresh_from_db()
    return runs


def check_one_sheet_one_message_each(world, runs):
    sheet = DispatchSheet.objects.get()
    assert [(run.status, run.error) for run in runs] == [(TaskStatus.DONE, ""), (TaskStatus.DONE, "")]
    assert [run.result["sheets"] for run in runs] == [[sheet.pk], [sheet.pk]]
    # One of the two wrote the sheet; the other found it already produced.
    assert sorted(run.result.get("already_produced", []) for run in runs) == [[], [sheet.pk]]
    assert (sheet.zone, sheet.revision) == (world["a"], 1)
    assert [m.to for m in mail.outbox] == [["staff@a.example"]]
    assert list(OutboxMessage.objects.values_list("recipient", "state", "attempts")) == [
        ("staff@a.example", OutboxState.SENT, 1)
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_one_dispatch_at_once_on_postgresql(world, people):
    if connection.vendor != "postgresql":
        unavailable("the row-lock test needs PostgreSQL (DATABASE_URL): SQLite has no row locks")
    check_one_sheet_one_message_each(world, run_twice_at_once(world["a"]))


@pytest.mark.django_db
def test_a_run_that_finds_the_sheet_written_meanwhile_ends_as_already_produced(
    world, people, django_capture_on_commit_callbacks
):
    """The first run has computed its sheet; before it writes, the second
    runs from start to end. The first then finds the second's sheet."""
    first, second = (
        TaskRun.objects.create(kind=TaskKind.DISPATCH, parameters={"week_start": "2024-11-04"}, zone=world["a"])
        for _ in range(2)
    )
    save = services._dispatch_save
    interrupted = []

    def second_run_first(**kwargs):
        if not interrupted:  # the first run, about to write
            interrupted.append(True)
            tasks.produce_dispatch.apply(args=[second.pk])
        return save(**kwargs)

    with mock.patch.object(services, "_dispatch_save", second_run_first):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.produce_dispatch.apply(args=[first.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    check_one_sheet_one_message_each(world, [second, first])
    assert first.result["already_produced"] == second.result["sheets"]
