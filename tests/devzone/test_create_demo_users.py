"""The local demo accounts: made only in development, never reset."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_zones():
    return ZoneFactory(code="S377028", name="山东沂源经济开发区"), ZoneFactory(code="G371152", name="东营经济技术开发区")


def test_it_refuses_to_run_with_debug_off(settings, seeded_zones):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("create_demo_users")
    assert not get_user_model().objects.exists()


def test_it_creates_the_four_accounts_with_their_roles_and_zones(settings, seeded_zones, capsys):
    settings.DEBUG = True
    yiyuan, dongying = seeded_zones
    call_command("create_demo_users")
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"admin", "manager", "staff_yiyuan", "staff_dongying"}
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["admin"].check_password("devzone-admin")
    assert [g.name for g in users["staff_yiyuan"].groups.all()] == ["staff"]
    assert [m.zone for m in users["staff_yiyuan"].memberships.all()] == [yiyuan]
    assert [m.zone for m in users["staff_dongying"].memberships.all()] == [dongying]
    assert {m.zone for m in users["manager"].memberships.all()} == {yiyuan, dongying}
    assert not users["manager"].is_staff
    assert "devzone-admin" in capsys.readouterr().out


def test_a_second_run_keeps_a_changed_password(settings, seeded_zones):
    settings.DEBUG = True
    call_command("create_demo_users")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("my-own-password-9")
    admin.save()
    call_command("create_demo_users")
    admin.refresh_from_db()
    assert admin.check_password("my-own-password-9")
    assert get_user_model().objects.count() == 4


def test_it_asks_for_the_seed_when_the_zones_are_missing(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_articles"):
        call_command("create_demo_users")
