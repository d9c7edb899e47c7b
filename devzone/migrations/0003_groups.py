"""Create the three role groups with their model permissions.

Group names are literals here (they match devzone/roles.py) so the migration
does not change when the app's code does.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("devzone", "projects", "meetings")

STAFF_PERMS = {
    "projects": {
        "investmentproject": ("add", "change", "view"),
        "progressreport": ("add", "change", "view"),
        "projectstagechange": ("add", "view"),
        "enterprise": ("add", "change", "view"),
    },
    "meetings": {
        "promotionactivity": ("add", "change", "view"),
        "meeting": ("view",),
        "meetingparticipant": ("view",),
        "meetingdocument": ("view",),
        "directive": ("change", "view"),
        "directivenote": ("add", "view"),
    },
    "devzone": {
        "zone": ("view",),
        "industry": ("view",),
        "official": ("view",),
        "metric": ("view",),
        "target": ("view",),
        "reportedfigure": ("view",),
        "mechanism": ("view",),
        "sourcearticle": ("view",),
    },
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # them now so the groups can hold them on a fresh database.
    # Migration state app configs lack models_module, which create_permissions
    # uses only as an "has models" flag.
    for label in APPS + ("auth", "contenttypes"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(spec):
        found = []
        for app_label, models in spec.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                found += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        return found

    staff, _ = Group.objects.get_or_create(name="staff")
    staff.permissions.set(perms(STAFF_PERMS))

    manager, _ = Group.objects.get_or_create(name="manager")
    manager.permissions.set(
        # Seeing every zone is for city-level managers, granted one by one.
        list(
            Permission.objects.filter(content_type__app_label__in=APPS, codename__startswith="view_").exclude(
                codename="view_all_zones"
            )
        )
        + list(Permission.objects.filter(content_type__app_label="projects", codename="change_projectstagechange"))
    )

    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.set(
        list(Permission.objects.filter(content_type__app_label__in=APPS))
        + list(Permission.objects.filter(content_type__app_label="auth"))
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["staff", "manager", "administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("devzone", "0002_metric_catalogue"),
        ("projects", "0001_initial"),
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
