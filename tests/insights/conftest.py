"""The read side's pages use the personas of the meeting tests."""
from tests.meetings.conftest import manager, other_staff, other_zone, staff, staff_client, zone  # noqa: F401
