import datetime

from django.db import models
from django.db.models import Exists, OuterRef

from devzone.querysets import ZoneScopedQuerySet

from .choices import SIGNED_OR_LATER, STARTED_OR_LATER, Stage, StageChangeStatus


class EnterpriseQuerySet(models.QuerySet):
    def leading(self):
        return self.filter(is_leading=True)


class ProjectQuerySet(ZoneScopedQuerySet):
    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)

    def signed(self):
        """Projects whose signing a manager has confirmed (or that went further)."""
        return self.filter(confirmed_stage__in=SIGNED_OR_LATER)

    def started(self):
        return self.filter(confirmed_stage__in=[Stage.STARTED, Stage.PRODUCTION])

    def overdue_start(self, as_of):
        """Past their planned start and not started (active projects only)."""
        return self.filter(planned_start_on__lt=as_of).exclude(
            confirmed_stage__in=STARTED_OR_LATER + [Stage.WITHDRAWN]
        )

    def silent(self, as_of, weeks):
        """Signed or later and active, with no report ending in the
        ``weeks`` weeks up to ``as_of`` (a later report did not exist yet)."""
        from .models import ProgressReport  # the models module imports this one

        since = as_of - datetime.timedelta(weeks=weeks)
        recent = ProgressReport.objects.filter(project=OuterRef("pk"), period_end__gte=since, period_end__lte=as_of)
        return self.signed().filter(~Exists(recent))

    def for_list(self):
        """What the project list and its exports show, in a fixed number of queries."""
        return self.select_related("zone", "investor", "industry", "lead_official")


class StageChangeQuerySet(ZoneScopedQuerySet):
    zone_path = "project__zone"

    def pending(self):
        return self.filter(status=StageChangeStatus.PENDING)

    def confirmed(self):
        return self.filter(status=StageChangeStatus.CONFIRMED)


class ProgressReportQuerySet(ZoneScopedQuerySet):
    zone_path = "project__zone"
