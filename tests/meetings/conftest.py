"""The personas the meeting, directive, activity and supervision tests share."""
import pytest

from tests.factories import ZoneFactory
from tests.personas import manager_of, staff_of


@pytest.fixture
def zone():
    return ZoneFactory(name="沂源经济开发区", short_name="沂源")


@pytest.fixture
def other_zone():
    return ZoneFactory(name="东营经济技术开发区", short_name="东营")


@pytest.fixture
def staff(zone):
    return staff_of(zone)


@pytest.fixture
def other_staff(other_zone):
    return staff_of(other_zone, username="other_staff")


@pytest.fixture
def manager(zone):
    return manager_of(zone)


@pytest.fixture
def staff_client(client, staff):
    """The test client, signed in as staff of the zone."""
    client.force_login(staff)
    return client
