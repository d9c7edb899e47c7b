"""Every schedule is defined in insights/reports/schedules.py and lands in
django-celery-beat's tables, where administrators edit it."""
import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from devzone.celery import app
from insights.reports import schedules

pytestmark = pytest.mark.django_db


def test_the_migration_installed_the_weekly_dispatch_and_the_monthly_bulletin():
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab")}
    dispatch = tasks["周调度 weekly dispatch"]
    assert dispatch.task == "devzone.reports.tasks.weekly_dispatch" and dispatch.enabled
    crontab = dispatch.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone)) == ("0", "8", "1", "Asia/Shanghai")
    bulletin = tasks["月通报 monthly bulletin"].crontab
    assert (bulletin.minute, bulletin.hour, bulletin.day_of_month) == ("0", "6", "1")


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in schedules.SCHEDULES:
        assert entry.task in app.tasks


def test_installing_again_keeps_what_an_administrator_changed():
    task = PeriodicTask.objects.get(name="周调度 weekly dispatch")
    task.crontab.hour = "9"
    task.crontab.save()
    task.enabled = False
    task.save()
    assert schedules.install() == []
    task.refresh_from_db()
    assert (task.crontab.hour, task.enabled) == ("9", False)


def test_a_removed_entry_is_installed_again():
    PeriodicTask.objects.filter(name="月通报 monthly bulletin").delete()
    assert [t.name for t in schedules.install()] == ["月通报 monthly bulletin"]


def test_beat_reads_the_database_and_no_schedule_hides_in_the_settings():
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert not getattr(settings, "CELERY_BEAT_SCHEDULE", None)
