"""The five personas every page is tried with, as fixtures' building blocks."""
from django.contrib.auth.models import Group

from devzone import roles
from tests.factories import MembershipFactory, UserFactory


def make_user(username, *, role=None, zones=(), superuser=False):
    user = UserFactory(username=username, is_superuser=superuser, is_staff=superuser)
    if role:
        # get_or_create: a transactional (browser) test may run after a flush
        # that removed the groups the migration made.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for zone in zones:
        MembershipFactory(user=user, zone=zone)
    return user


def staff_of(zone, username="staff"):
    return make_user(username, role=roles.STAFF, zones=[zone])


def manager_of(*zones, username="manager"):
    return make_user(username, role=roles.MANAGER, zones=zones)


def administrator(username="administrator"):
    return make_user(username, role=roles.ADMINISTRATOR)
