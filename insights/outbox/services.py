"""Writes of the outbox: putting a message in, sending it, sending it again.

How a message reaches its recipient once and only once:

1. ``message_add`` stores the message under its key (one per event and
   recipient) in the caller's transaction, so it commits with what it is
   about (a dispatch sheet and its messages, or neither). A key already in
   the outbox adds nothing. Once the transaction commits, a task is queued
   to send the message.
2. The task (``message_deliver``) claims the message: in a transaction of
   its own, committed before anything is sent, a message still waiting is
   marked "sending" and the attempt counted. A message sending, sent or
   failed is left alone, so a redelivered task, or a second one for the
   same message, sends nothing.
3. It hands the message to the mail server, then marks it "sent".

A worker that dies between 2 and 3 leaves the message "sending". It may or
may not have reached the server, and nothing can tell which, so nothing
sends it again by itself: after OUTBOX_CLAIM_TIMEOUT the outbox page shows
it as "delivery unknown" and a manager may send it again
(``message_resend``). At most once, then: a dispatch that went missing is
seen on the page, one received twice is only noise in every inbox.

An error that may pass (the network, a server that hangs up or answers
4xx) puts the message back to waiting and tries again after 30 s, then 1,
2, 4 and 8 minutes; after MAX_ATTEMPTS tries, or at once for an error that
trying again cannot mend (a 5xx answer, a refused address, a bug), the
message fails with the reason.
"""
import datetime
import logging
import smtplib

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone import access
from insights.models import OutboxChannel, OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 30  # doubled after each failed try
MAX_RETRY_SECONDS = 30 * 60
MAX_ERROR_LENGTH = 2000


def describe(exc):
    """The reason a try failed, as a manager reads it on the outbox page."""
    text = str(exc).strip()
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:MAX_ERROR_LENGTH]


def is_transient(exc):
    """Whether trying again later may succeed: the network, a timeout, a
    server that hung up or answered 4xx (a robot's HTTP errors are OSErrors
    too); not a 5xx answer, a refused address or anything else."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, OSError)


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failed try."""
    return min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempts - 1))


# Channels ---------------------------------------------------------------------------


def _send_email(message):
    EmailMessage(subject=message.subject, body=message.body, to=[message.recipient]).send()


# A channel to come (a group robot's webhook, a notification) adds its sender
# here; an error it raises is judged by ``is_transient``.
SENDERS = {OutboxChannel.EMAIL: _send_email}


# Putting in -------------------------------------------------------------------------


@transaction.atomic
def message_add(*, key, recipient, subject, body, zone=None, channel=OutboxChannel.EMAIL):
    """Put a message in the outbox unless one with ``key`` is there already;
    it is sent once the caller's transaction commits. Returns the message
    and whether it was added."""
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    message = OutboxMessage(
        key=key, channel=channel, zone=zone, recipient=recipient, subject=subject[:255], body=body
    )
    # The key's uniqueness is the database's to decide: two jobs adding the
    # same message at once add it once.
    message.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return OutboxMessage.objects.get(key=key), False
    transaction.on_commit(lambda: deliver_later(message_id=message.pk))
    return message, True


def deliver_later(*, message_id, countdown=None):
    """Queue the task that sends the message. Should the broker be down,
    the message waits, and shows on the outbox page as waiting too long."""
    from . import tasks  # the tasks call these services

    try:
        tasks.deliver_message.apply_async(args=[message_id], countdown=countdown)
    except Exception:  # the broker is down, or (eagerly) the task broke
        logger.exception("Could not queue outbox message %s", message_id)


# Sending ----------------------------------------------------------------------------


def message_claim(*, message_id, worker=""):
    """Mark a waiting message as being sent and count the attempt, in a
    transaction committed before anything is sent; None when the message is
    gone or not waiting (sending, sent or failed)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != OutboxState.PENDING:
            return None
        message.state = OutboxState.SENDING
        message.claimed_at = timezone.now()
        message.claimed_by = worker[:255]
        message.attempts += 1
        message.save(update_fields=["state", "claimed_at", "claimed_by", "attempts"])
    return message


def message_deliver(*, message_id, worker=""):
    """Claim the message, send it, mark it sent. Returns the seconds to wait
    before the next try when this one failed with an error that may pass,
    else None (sent, failed for good, or nothing to do)."""
    message = message_claim(message_id=message_id, worker=worker)
    if message is None:
        logger.info("Outbox message %s is gone or not waiting; nothing to send", message_id)
        return None
    try:
        SENDERS[message.channel](message)
    except SoftTimeLimitExceeded:
        # Stopped in the middle of the send: whether it went out is unknown,
        # and the claim stays to say so.
        raise
    except Exception as exc:
        return _failed_try(message=message, exc=exc)
    OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING).update(
        state=OutboxState.SENT, sent_at=timezone.now(), error=""
    )
    return None


def _failed_try(*, message, exc):
    reason = describe(exc)
    claimed = OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING)
    if is_transient(exc) and message.attempts < MAX_ATTEMPTS:
        delay = retry_delay(message.attempts)
        claimed.update(
            state=OutboxState.PENDING, error=reason, next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay)
        )
        logger.warning("Outbox message %s, try %s failed (%s); trying again in %s s",
                       message.pk, message.attempts, reason, delay)
        return delay
    claimed.update(state=OutboxState.FAILED, error=reason)
    logger.error("Outbox message %s failed after %s tries: %s", message.pk, message.attempts, reason)
    return None


# Sending again ----------------------------------------------------------------------


@transaction.atomic
def message_resend(*, user, message_id):
    """A manager or an administrator sends again a message that failed,
    whose delivery is unknown or that has waited too long: it waits again,
    with a fresh count of tries, and says who sent it again and when."""
    if not (access.is_manager(user) or access.is_administrator(user)):
        raise PermissionDenied
    message = OutboxMessage.objects.visible_to(user).select_for_update().filter(pk=message_id).first()
    if message is None:
        raise OutboxMessage.DoesNotExist
    if not message.can_resend:
        raise ValidationError(
            _("Only a message that failed, whose delivery is unknown or that has waited too long can be sent again.")
        )
    now = timezone.now()
    message.state = OutboxState.PENDING
    message.attempts = 0
    message.error = ""
    message.claimed_by = ""
    message.next_attempt_at = now
    message.resent_by = user
    message.resent_at = now
    message.save(update_fields=["state", "attempts", "error", "claimed_by", "next_attempt_at", "resent_by", "resent_at"])
    transaction.on_commit(lambda: deliver_later(message_id=message.pk))
    return message
