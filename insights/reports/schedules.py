"""Every schedule of devzone, in one place.

The entries become rows of django-celery-beat's tables (migration
devzone 0004 and insights 0003 call ``install``), so that administrators can change a time or
switch an entry off in the back office (后台管理 › Periodic tasks); beat runs
with the DatabaseScheduler and reads them from there.

They are deliberately not in ``CELERY_BEAT_SCHEDULE``: the DatabaseScheduler
writes that setting over the rows each time beat starts, which would undo
what an administrator changed.
"""
from dataclasses import dataclass

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    description: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"


SCHEDULES = [
    Schedule(
        name="周调度 weekly dispatch",
        task="devzone.reports.tasks.weekly_dispatch",
        description="每周一 08:00 为各开发区生成周调度表并发送给招商专员。Mondays 08:00: every zone's dispatch sheet, e-mailed to its staff.",
        minute="0",
        hour="8",
        day_of_week="1",
    ),
    Schedule(
        name="月通报 monthly bulletin",
        task="devzone.reports.tasks.monthly_bulletin",
        description="每月1日 06:00 生成上月的月通报。The 1st of each month, 06:00: the bulletin of the month before.",
        minute="0",
        hour="6",
        day_of_month="1",
    ),
    Schedule(
        name="中断任务恢复 resume interrupted runs",
        task="insights.reports.tasks.resume_interrupted_runs",
        description="每分钟检查：工作进程已中止的生成任务重新排队（结果仍只有一份）。Every minute: a run whose worker stopped is queued again (still one result).",
        minute="*",
    ),
]


def install(apps=None):
    """Create the periodic tasks that do not exist yet. An entry an
    administrator has changed (or disabled) is left as it is; ``apps`` is a
    migration's app registry, or None for the real models."""
    if apps is None:
        from django_celery_beat.models import CrontabSchedule, PeriodicTask
    else:
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    created = []
    for entry in SCHEDULES:
        if PeriodicTask.objects.filter(name=entry.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=entry.minute,
            hour=entry.hour,
            day_of_week=entry.day_of_week,
            day_of_month=entry.day_of_month,
            month_of_year=entry.month_of_year,
            timezone=TIMEZONE,
        )
        created.append(
            PeriodicTask.objects.create(
                name=entry.name, task=entry.task, crontab=crontab, description=entry.description, enabled=True
            )
        )
    return created


def uninstall(apps=None):
    if apps is None:
        from django_celery_beat.models import PeriodicTask
    else:
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[entry.name for entry in SCHEDULES]).delete()
