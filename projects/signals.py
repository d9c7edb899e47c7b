"""Signals that keep the derived monthly totals current.

A signal rather than a service call because reports are also written by the
admin and by imports; every path must move the totals.
"""
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import ProgressReport
from .totals import month_total_refresh


@receiver(pre_save, sender=ProgressReport)
def remember_old_month(sender, instance, **kwargs):
    # An edit may move a report to another month or project: refresh the old
    # row too.
    if instance.pk:
        old = ProgressReport.objects.filter(pk=instance.pk).values("project__zone_id", "period_end").first()
        instance._old_zone_month = (old["project__zone_id"], old["period_end"]) if old else None


@receiver(post_save, sender=ProgressReport)
@receiver(post_delete, sender=ProgressReport)
def refresh_month_total(sender, instance, **kwargs):
    keys = {(instance.project.zone_id, instance.period_end.replace(day=1))}
    old = getattr(instance, "_old_zone_month", None)
    if old:
        keys.add((old[0], old[1].replace(day=1)))

    # In the same transaction as the report, so the two commit together.
    for zone_id, month in keys:
        month_total_refresh(zone_id=zone_id, month=month)
