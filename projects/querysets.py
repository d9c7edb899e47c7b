from django.db import models

from devzone.querysets import ZoneScopedQuerySet

from .choices import SIGNED_OR_LATER, Stage, StageChangeStatus


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
