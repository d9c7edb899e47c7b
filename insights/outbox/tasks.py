"""The outbox's task: a thin shell over ``services.message_deliver``.

Acknowledged only when it has finished (``acks_late``) and given back to
the broker when its worker dies (``reject_on_worker_lost``): a task whose
worker died before the claim sends the message on its redelivery, one
whose worker died after it finds the message claimed and sends nothing.
The next try after an error that may pass is queued before this one is
acknowledged, so it cannot be lost with the worker. The time limits are
short (a send takes seconds; EMAIL_TIMEOUT is 30 s) and well under
OUTBOX_CLAIM_TIMEOUT.
"""
from celery import shared_task
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError

from . import services


# The name is a wire name: messages waiting in the broker carry it.
@shared_task(
    bind=True,
    name="insights.outbox.tasks.deliver_message",
    acks_late=True,
    reject_on_worker_lost=True,
    # The database gone for a moment (the mail server's errors are the
    # service's to count and retry).
    autoretry_for=(DatabaseOperationalError, DatabaseInterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_message(self, message_id):
    """Send one message of the outbox, and queue its next try if it failed
    with an error that may pass."""
    delay = services.message_deliver(message_id=message_id, worker=self.request.id or "")
    if delay is not None:
        services.deliver_later(message_id=message_id, countdown=delay)
