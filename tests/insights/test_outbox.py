"""The outbox (发件箱): a message is added once per key, claimed before it
is sent and marked sent after, never sent again once claimed; errors that
may pass are retried with backoff and end as failed with the reason; a
claim never marked sent shows as "delivery unknown" on the managers' page,
which sends it again on request."""
import datetime
import smtplib

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from insights.models import DispatchSheet, OutboxMessage, OutboxState, TaskKind, TaskRun, TaskStatus
from insights.outbox import selectors, services, tasks
from tests.factories import ZoneFactory
from tests.personas import administrator, manager_of, staff_of
from tests.reports.conftest import eager  # noqa: F401 - tasks run in-process

pytestmark = pytest.mark.django_db

LIMIT = 600  # seconds: OUTBOX_CLAIM_TIMEOUT's default


@pytest.fixture(autouse=True)
def outbox_settings(settings, eager):
    """Tasks run in-process, as without a broker; the claim limit is fixed."""
    settings.OUTBOX_CLAIM_TIMEOUT = LIMIT


@pytest.fixture
def add(django_capture_on_commit_callbacks):
    """Add a message as a job does; the outbox sends it once the job's
    transaction has committed."""

    def add(key="dispatch:1:1:7", recipient="staff@example.com", zone=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message, _created = services.message_add(
                key=key, recipient=recipient, subject="周调度", body="本周调度情况", zone=zone, **kwargs
            )
        message.refresh_from_db()
        return message

    return add


def message_in(state, *, zone=None, seconds_ago=0, key="dispatch:1:1:7", **fields):
    """A message as the outbox left it ``seconds_ago`` seconds ago."""
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    fields.setdefault("claimed_at", at if state != OutboxState.PENDING else None)
    fields.setdefault("sent_at", at if state == OutboxState.SENT else None)
    fields.setdefault("attempts", 0 if state == OutboxState.PENDING else 1)
    return OutboxMessage.objects.create(
        key=key, recipient="staff@example.com", subject="周调度", body="本周调度情况", zone=zone, state=state,
        next_attempt_at=at, **fields,
    )


class FailingBackend(EmailBackend):
    """The mail server answers with the errors in ``errors``, one per try,
    then takes the messages."""

    errors = []

    def send_messages(self, messages):
        if FailingBackend.errors:
            raise FailingBackend.errors.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = "tests.insights.test_outbox.FailingBackend"
    FailingBackend.errors = []
    yield FailingBackend.errors
    FailingBackend.errors = []


@pytest.fixture
def countdowns(monkeypatch):
    """The delays the retries were queued with (run at once, eagerly)."""
    queued = []
    real = tasks.deliver_message.apply_async

    def apply_async(args=None, kwargs=None, countdown=None, **options):
        queued.append(countdown)
        return real(args=args, kwargs=kwargs, countdown=countdown, **options)

    monkeypatch.setattr(tasks.deliver_message, "apply_async", apply_async)
    return queued


# Adding and sending ---------------------------------------------------------------------


def test_a_message_is_sent_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message, created = services.message_add(key="dispatch:1:1:7", recipient="staff@example.com",
                                                subject="周调度", body="本周调度情况")
    assert created and mail.outbox == []
    assert OutboxMessage.objects.get().state == OutboxState.PENDING
    for callback in callbacks:
        callback()
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["staff@example.com"], "周调度", "本周调度情况")]
    message.refresh_from_db()
    assert (message.state, message.attempts, message.error) == (OutboxState.SENT, 1, "")
    assert message.claimed_at <= message.sent_at
    assert message.claimed_by  # the task's id


def test_a_key_already_in_the_outbox_adds_and_sends_nothing(add):
    first = add()
    second, created = services.message_add(key=first.key, recipient="other@example.com", subject="x", body="y")
    assert (created, second.pk) == (False, first.pk)
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_the_claim_is_written_before_the_message_is_sent(add, monkeypatch):
    seen = []

    def send(message):
        seen.append(OutboxMessage.objects.values_list("state", "attempts").get(pk=message.pk))

    monkeypatch.setitem(services.SENDERS, "email", send)
    message = add()
    assert seen == [(OutboxState.SENDING, 1)]
    assert message.state == OutboxState.SENT


@pytest.mark.parametrize("state", [OutboxState.SENDING, OutboxState.SENT, OutboxState.FAILED])
def test_a_redelivered_task_sends_nothing_unless_the_message_waits(state):
    """A message claimed (its worker may have sent it), sent or failed is
    never sent by a task again."""
    message = message_in(state)
    tasks.deliver_message.apply(args=[message.pk])
    assert mail.outbox == []
    message.refresh_from_db()
    assert (message.state, message.attempts) == (state, 1)


def test_a_task_for_a_message_that_is_gone_does_nothing():
    tasks.deliver_message.apply(args=[987654])
    assert mail.outbox == []


# Errors ---------------------------------------------------------------------------------


def test_an_smtp_error_is_retried_with_backoff_then_sent(add, server, countdowns):
    server.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    message = add()
    assert countdowns == [None, 30]  # sent at once, then tried again after 30 s
    assert [m.to for m in mail.outbox] == [["staff@example.com"]]
    assert (message.state, message.attempts, message.error) == (OutboxState.SENT, 2, "")


def test_an_error_that_lasts_fails_after_six_tries_with_its_reason(add, server, countdowns):
    server.extend(ConnectionRefusedError(111, "Connection refused") for _ in range(10))
    message = add()
    assert countdowns == [None, 30, 60, 120, 240, 480]
    assert mail.outbox == []
    assert (message.state, message.attempts) == (OutboxState.FAILED, 6)
    assert message.error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert len(server) == 4  # no seventh try


def test_a_retried_message_waits_with_its_reason_and_next_try(server):
    """Between two tries the message waits, saying why and when it is tried
    next. (Its transaction never commits here: no task is queued.)"""
    server.append(smtplib.SMTPResponseException(451, b"Try again later"))
    before = timezone.now()
    message, _created = services.message_add(key="k", recipient="staff@example.com", subject="s", body="b")
    assert services.message_deliver(message_id=message.pk) == 30
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert message.error == "SMTPResponseException: (451, b'Try again later')"
    assert before + datetime.timedelta(seconds=30) <= message.next_attempt_at


def test_a_refused_address_fails_at_once(add, server, countdowns):
    server.append(smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"5.1.1 User unknown")}))
    message = add(recipient="nobody@example.com")
    assert countdowns == [None]
    assert (message.state, message.attempts) == (OutboxState.FAILED, 1)
    assert message.error.startswith("SMTPRecipientsRefused: ")


@pytest.mark.parametrize(
    "exc, transient",
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPResponseException(421, b"busy"), True),
        (smtplib.SMTPDataError(452, b"mailbox full"), True),
        (smtplib.SMTPResponseException(554, b"rejected"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (smtplib.SMTPRecipientsRefused({"a@x": (550, b"no")}), False),
        (smtplib.SMTPRecipientsRefused({"a@x": (450, b"greylisted")}), True),
        (ValueError("Invalid address"), False),
    ],
)
def test_which_errors_are_tried_again(exc, transient):
    assert services.is_transient(exc) is transient


def test_a_send_stopped_at_its_time_limit_stays_claimed(monkeypatch):
    """Whether it went out is unknown: the claim stays, nothing retries."""

    def slow(message):
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(services.SENDERS, "email", slow)
    message, _created = services.message_add(key="k", recipient="staff@example.com", subject="s", body="b")
    with pytest.raises(SoftTimeLimitExceeded):
        services.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENDING, 1)


# Delivery unknown and sending again -----------------------------------------------------


def test_a_claim_older_than_the_limit_is_delivery_unknown():
    recent = message_in(OutboxState.SENDING, seconds_ago=LIMIT - 5, key="recent")
    old = message_in(OutboxState.SENDING, seconds_ago=LIMIT + 5, key="old")
    sent = message_in(OutboxState.SENT, seconds_ago=LIMIT + 5, key="sent")
    assert [(m.delivery_unknown, m.can_resend) for m in (recent, old, sent)] == [(False, False), (True, True), (False, False)]
    assert list(OutboxMessage.objects.delivery_unknown()) == [old]


def test_a_message_waiting_past_the_limit_is_stalled():
    waiting = message_in(OutboxState.PENDING, seconds_ago=5, key="waiting")
    stalled = message_in(OutboxState.PENDING, seconds_ago=LIMIT + 5, key="stalled")
    assert [(m.stalled, m.can_resend) for m in (waiting, stalled)] == [(False, False), (True, True)]
    assert list(OutboxMessage.objects.stalled()) == [stalled]


def test_a_manager_sends_a_message_of_unknown_delivery_again(zone, manager, django_capture_on_commit_callbacks):
    message = message_in(OutboxState.SENDING, zone=zone, seconds_ago=LIMIT + 5, error="")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_resend(user=manager, message_id=message.pk)
    message.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["staff@example.com"]]
    assert (message.state, message.attempts, message.resent_by) == (OutboxState.SENT, 1, manager)
    assert message.resent_at is not None


def test_a_failed_message_is_sent_again_with_a_fresh_count_of_tries(zone, manager, django_capture_on_commit_callbacks):
    message = message_in(OutboxState.FAILED, zone=zone, attempts=6, error="ConnectionRefusedError: refused")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_resend(user=manager, message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts, message.error) == (OutboxState.SENT, 1, "")


def test_a_message_sent_or_still_being_sent_is_not_sent_again(zone, manager):
    for state, key in ((OutboxState.SENT, "sent"), (OutboxState.SENDING, "sending")):
        message = message_in(state, zone=zone, key=key)
        with pytest.raises(ValidationError):
            services.message_resend(user=manager, message_id=message.pk)
        message.refresh_from_db()
        assert message.state == state
    assert mail.outbox == []


def test_only_managers_and_administrators_of_the_zone_send_again(zone, other_zone, staff):
    message = message_in(OutboxState.FAILED, zone=zone)
    with pytest.raises(PermissionDenied):
        services.message_resend(user=staff, message_id=message.pk)
    with pytest.raises(OutboxMessage.DoesNotExist):
        services.message_resend(user=manager_of(other_zone, username="other_manager"), message_id=message.pk)
    services.message_resend(user=administrator(), message_id=message.pk)


# The dispatch through the outbox (issue #20, item 13) -----------------------------------


class WorkerDied(BaseException):
    """The worker process killed: nothing after it runs, nothing catches it."""


class DyingBackend(EmailBackend):
    """The mail server takes the message, then the worker dies before it
    can record that it did (once)."""

    deaths = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if DyingBackend.deaths:
            DyingBackend.deaths -= 1
            raise WorkerDied()
        return sent


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dispatch_whose_worker_died_after_sending_is_not_sent_again(settings, client):
    """The worker dies after the mail server took the message, before the
    outbox marked it sent; the dispatch task and the outbox's task are
    redelivered. The staff member has one e-mail; the message shows as
    "delivery unknown" once the limit has passed, and a manager can send
    it again from the outbox page."""
    settings.EMAIL_BACKEND = "tests.insights.test_outbox.DyingBackend"
    DyingBackend.deaths = 1
    zone = ZoneFactory(name="甲经济开发区")
    staff = staff_of(zone)
    staff.email = "staff@a.example"
    staff.save()
    run = TaskRun.objects.create(kind=TaskKind.DISPATCH, parameters={"week_start": "2024-11-04"}, zone=zone)
    from insights.reports import tasks as report_tasks

    with pytest.raises(WorkerDied):
        report_tasks.produce_dispatch.apply(args=[run.pk])
    assert [m.to for m in mail.outbox] == [["staff@a.example"]]
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == (OutboxState.SENDING, 1)

    run.refresh_from_db()
    report_tasks.produce_dispatch.apply(args=[run.pk], task_id=run.celery_task_id)  # redelivered
    tasks.deliver_message.apply(args=[message.pk], task_id=message.claimed_by)  # redelivered
    run.refresh_from_db()
    sheet = DispatchSheet.objects.get()
    assert (run.status, run.attempts, run.result["already_produced"]) == (TaskStatus.DONE, 2, [sheet.pk])
    assert [m.to for m in mail.outbox] == [["staff@a.example"]]
    message.refresh_from_db()
    assert (message.key, message.state, message.delivery_unknown) == (
        f"dispatch:{sheet.pk}:1:{staff.pk}", OutboxState.SENDING, False
    )

    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - datetime.timedelta(seconds=LIMIT + 1))
    client.force_login(manager_of(zone))
    page = client.get(reverse("outbox:message_list"), {"state": "unknown"})
    assert [m.pk for m in page.context["outbox_messages"]] == [message.pk]
    assert "Delivery unknown" in page.content.decode() and 'name="message"' in page.content.decode()
    client.post(reverse("outbox:message_list"), {"message": message.pk})
    assert [m.to for m in mail.outbox] == [["staff@a.example"], ["staff@a.example"]]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 1)


# The page -------------------------------------------------------------------------------


def url():
    return reverse("outbox:message_list")


@pytest.fixture
def rows(zone, other_zone):
    return {
        "sent": message_in(OutboxState.SENT, zone=zone, key="a-sent"),
        "unknown": message_in(OutboxState.SENDING, zone=zone, seconds_ago=LIMIT + 5, key="a-unknown"),
        "failed": message_in(OutboxState.FAILED, zone=zone, key="a-failed", error="SMTPDataError: (554, b'no')"),
        "other": message_in(OutboxState.FAILED, zone=other_zone, key="b-failed"),
    }


def test_it_lists_the_messages_of_the_managers_zones(client, manager, rows):
    client.force_login(manager)
    response = client.get(url())
    assert response.status_code == 200
    assert {m.key for m in response.context["outbox_messages"]} == {"a-sent", "a-unknown", "a-failed"}
    assert response.context["attention"] == {"failed": 1, "unknown": 1, "stalled": 0}
    html = response.content.decode()
    assert "Delivery unknown" in html and "SMTPDataError: (554, b&#x27;no&#x27;)" in html
    assert html.count('name="message"') == 2  # the unknown and the failed one


def test_an_administrator_sees_every_zone(client, rows):
    client.force_login(administrator())
    assert client.get(url()).context["paginator"].count == 4


@pytest.mark.parametrize("state, keys", [("unknown", ["a-unknown"]), ("failed", ["a-failed"]), ("sent", ["a-sent"]),
                                         ("stalled", []), ("nonsense", ["a-failed", "a-unknown", "a-sent"])])
def test_it_filters_by_state(client, manager, rows, state, keys):
    client.force_login(manager)
    response = client.get(url(), {"state": state})
    assert sorted(m.key for m in response.context["outbox_messages"]) == sorted(keys)


def test_staff_get_a_403(client, staff, rows):
    client.force_login(staff)
    assert client.get(url()).status_code == 403
    assert client.post(url(), {"message": rows["failed"].pk}).status_code == 403


def test_the_resend_button_sends_the_message_again(client, manager, rows, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url()}?state=failed", {"message": rows["failed"].pk})
    assert (response.status_code, response["Location"]) == (302, f"{url()}?state=failed")
    assert [m.to for m in mail.outbox] == [["staff@example.com"]]
    rows["failed"].refresh_from_db()
    assert (rows["failed"].state, rows["failed"].resent_by) == (OutboxState.SENT, manager)


def test_a_message_of_another_zone_is_a_404(client, manager, rows):
    client.force_login(manager)
    assert client.post(url(), {"message": rows["other"].pk}).status_code == 404
    assert client.post(url(), {"message": "x"}).status_code == 404
    assert mail.outbox == []


def test_a_sent_message_is_not_sent_again_and_the_page_says_why(client, manager, rows):
    client.force_login(manager)
    response = client.post(url(), {"message": rows["sent"].pk}, follow=True)
    assert mail.outbox == []
    assert "can be sent again" in response.content.decode()


def test_the_page_costs_the_same_for_3_and_30_messages(client, manager, zone, django_assert_num_queries):
    client.force_login(manager)
    for n in range(3):
        message_in(OutboxState.SENT, zone=zone, key=f"few-{n}")
    # The session, the user, their roles, permission and zones, the counts,
    # the page's count and rows.
    with django_assert_num_queries(8) as few:
        client.get(url())
    for n in range(27):
        message_in(OutboxState.FAILED, zone=zone, key=f"many-{n}", resent_by=manager,
                   resent_at=timezone.now())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url())


def test_the_attention_counts_are_one_query(manager, rows, django_assert_num_queries):
    with django_assert_num_queries(4):  # the manager's roles, permission and zones, then the counts
        assert selectors.outbox_attention(user=manager) == {"failed": 1, "unknown": 1, "stalled": 0}


# The back office ------------------------------------------------------------------------


def admin_url(action, *args):
    return reverse(f"admin:insights_outboxmessage_{action}", args=args)


def test_the_back_office_shows_the_outbox_read_only_and_sends_again(
    admin_client, rows, django_capture_on_commit_callbacks
):
    assert admin_client.get(admin_url("changelist")).status_code == 200
    assert admin_client.get(admin_url("change", rows["failed"].pk)).status_code == 200
    assert admin_client.get(admin_url("add")).status_code == 403
    selected = [rows["failed"].pk, rows["sent"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_url("changelist"), {"action": "send_again", "_selected_action": selected})
    assert [m.to for m in mail.outbox] == [["staff@example.com"]]
    assert OutboxMessage.objects.get(pk=rows["failed"].pk).state == OutboxState.SENT
    assert OutboxMessage.objects.get(pk=rows["sent"].pk).resent_at is None
