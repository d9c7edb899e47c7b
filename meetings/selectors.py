"""Reads of the meetings app's own records for the figures engine
(insights.figures): how a zone's promotion activities count towards the
activity metrics."""
import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .choices import ActivityKind
from .models import PromotionActivity

# Which activity kinds make up which metric (招商活动 and 接待客商 are counted
# apart, as the zones' own statistics do).
ACTIVITY_METRICS = {
    "promotion_activities": [ActivityKind.OUTBOUND_VISIT, ActivityKind.PROMOTION_CONFERENCE, ActivityKind.SIGNING_CEREMONY],
    "investor_visits": [ActivityKind.INVESTOR_RECEPTION],
    "promotion_events": [ActivityKind.PROMOTION_CONFERENCE, ActivityKind.SIGNING_CEREMONY],
}


def activity_annotations(*, start, end):
    """Correlated counts of a zone's activities in [start, end], one per
    activity metric, to annotate a Zone queryset. An activity without a date
    (some historical records) counts in its year when the period is that
    whole year."""
    in_period = Q(date__gte=start, date__lte=end)
    if start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
        in_period |= Q(date__isnull=True, year=start.year)
    activities = PromotionActivity.objects.filter(in_period, zone=OuterRef("pk")).order_by().values("zone")

    def count(kinds):
        counted = activities.annotate(n=Count("pk", filter=Q(kind__in=kinds))).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return {code: count(kinds) for code, kinds in ACTIVITY_METRICS.items()}
