"""Create the local demo accounts listed in the README.

Development only: the passwords are public, so the command refuses to run
with DEBUG off.
"""
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devzone import roles
from zones.models import Membership, Zone

YIYUAN = "S377028"
DONGYING = "G371152"

# username, password, role, zone codes, superuser
DEMO_USERS = [
    ("admin", "devzone-admin", roles.ADMINISTRATOR, [YIYUAN, DONGYING], True),
    ("manager", "devzone-manager", roles.MANAGER, [YIYUAN, DONGYING], False),
    ("staff_yiyuan", "devzone-yiyuan", roles.STAFF, [YIYUAN], False),
    ("staff_dongying", "devzone-dongying", roles.STAFF, [DONGYING], False),
]


class Command(BaseCommand):
    help = "Create the local demo accounts (admin, manager, staff_yiyuan, staff_dongying). Refuses with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_demo_users makes accounts with published passwords and runs only with DJANGO_DEBUG=1."
            )
        zones = {zone.code: zone for zone in Zone.objects.filter(code__in=[YIYUAN, DONGYING])}
        missing = {YIYUAN, DONGYING} - set(zones)
        if missing:
            raise CommandError(f"Zones {', '.join(sorted(missing))} are missing: run `manage.py seed_articles` first.")
        with transaction.atomic():
            for username, password, role, codes, is_superuser in DEMO_USERS:
                self.create_user(username, password, role, [zones[c] for c in codes], is_superuser)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Log in at http://127.0.0.1:{port}/ (the admin at /admin/).")

    def create_user(self, username, password, role, zones, is_superuser):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": is_superuser, "is_superuser": is_superuser}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            shown = password
        else:
            # Never reset a password someone may have changed since.
            shown = "(existing account, password unchanged)"
        user.groups.add(Group.objects.get(name=role))
        for zone in zones:
            Membership.objects.get_or_create(user=user, zone=zone)
        self.stdout.write(f"{username:<16} {shown:<20} {role}")
