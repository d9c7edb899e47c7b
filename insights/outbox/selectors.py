"""Reads of the outbox for its page."""
from django.db.models import Count, Q

from insights.models import OutboxMessage, OutboxState

# The filters of the page: the stored states, and "unknown" and "stalled",
# which are states that have lasted longer than OUTBOX_CLAIM_TIMEOUT.
UNKNOWN = "unknown"
STALLED = "stalled"


def outbox_messages(*, user, state=""):
    """The messages the user sees, newest first, narrowed to one state."""
    messages = OutboxMessage.objects.visible_to(user).select_related("zone", "resent_by")
    if state == UNKNOWN:
        return messages.delivery_unknown()
    if state == STALLED:
        return messages.stalled()
    if state:
        return messages.filter(state=state)
    return messages


def outbox_attention(*, user):
    """How many of the user's messages need a manager: failed, of unknown
    delivery, waiting too long. One query."""
    cutoff = OutboxMessage.claim_cutoff()
    return OutboxMessage.objects.visible_to(user).aggregate(
        failed=Count("pk", filter=Q(state=OutboxState.FAILED)),
        unknown=Count("pk", filter=Q(state=OutboxState.SENDING, claimed_at__lt=cutoff)),
        stalled=Count("pk", filter=Q(state=OutboxState.PENDING, next_attempt_at__lt=cutoff)),
    )
