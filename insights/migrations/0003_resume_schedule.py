"""The every-minute entry that queues again a run whose worker stopped
(insights/reports/schedules.py). ``install`` creates only missing rows, so
the two earlier entries, and any change an administrator made to them, stay."""
from django.db import migrations


def install_schedules(apps, schema_editor):
    from insights.reports import schedules

    schedules.install(apps)


def uninstall_resume(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="insights.reports.tasks.resume_interrupted_runs").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0002_outbox_and_run_heartbeats"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install_schedules, uninstall_resume)]
