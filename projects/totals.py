"""Keeping ZoneMonthTotal equal to the sum of the progress reports.

Each change recomputes the whole (zone, month) row from the reports rather
than adding a difference, so the table cannot drift from its source. The
services call ``month_totals_refresh`` after each write of a report or move
of a project; bulk loads call ``month_totals_rebuild``.
"""
import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import ProgressReport, ZoneMonthTotal


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_total_refresh(*, zone_id, month):
    """Recompute one zone's month from its reports."""
    month = month_start(month)
    sums = ProgressReport.objects.filter(
        project__zone_id=zone_id, period_end__gte=month, period_end__lt=next_month(month)
    ).aggregate(investment=Sum("investment_completed"), funds=Sum("funds_in_place"), count=Count("pk"))
    if not sums["count"]:
        ZoneMonthTotal.objects.filter(zone_id=zone_id, month=month).delete()
        return
    ZoneMonthTotal.objects.update_or_create(
        zone_id=zone_id,
        month=month,
        defaults={
            "investment_completed": sums["investment"],
            "funds_in_place": sums["funds"],
            "report_count": sums["count"],
        },
    )


def month_totals_refresh(*, keys):
    """Recompute the month of each (zone id, day) pair, each month once.

    In a fixed order, so that two transactions refreshing the same rows lock
    them in the same order rather than each waiting for the other."""
    for zone_id, month in sorted({(zone_id, month_start(day)) for zone_id, day in keys}):
        month_total_refresh(zone_id=zone_id, month=month)


@transaction.atomic
def month_totals_rebuild():
    """Rebuild the whole table in one grouped query (after bulk loads)."""
    ZoneMonthTotal.objects.all().delete()
    rows = (
        ProgressReport.objects.annotate(month=TruncMonth("period_end"))
        .values("project__zone_id", "month")
        .annotate(investment=Sum("investment_completed"), funds=Sum("funds_in_place"), count=Count("pk"))
        .order_by()
    )
    now = timezone.now()
    ZoneMonthTotal.objects.bulk_create(
        [
            ZoneMonthTotal(
                zone_id=row["project__zone_id"],
                month=row["month"],
                investment_completed=row["investment"],
                funds_in_place=row["funds"],
                report_count=row["count"],
                updated_at=now,
            )
            for row in rows.iterator(chunk_size=5000)
        ],
        batch_size=5000,
    )
    return ZoneMonthTotal.objects.count()
