from django.db import models

from .choices import Stage, StageChangeStatus


class EnterpriseQuerySet(models.QuerySet):
    def leading(self):
        return self.filter(is_leading=True)


class ProjectQuerySet(models.QuerySet):
    def in_zone(self, zone):
        return self.filter(zone=zone)

    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)

    def signed(self):
        """Projects whose signing a manager has confirmed (or that went further)."""
        return self.filter(confirmed_stage__in=[Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION])

    def started(self):
        return self.filter(confirmed_stage__in=[Stage.STARTED, Stage.PRODUCTION])


class StageChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=StageChangeStatus.PENDING)

    def confirmed(self):
        return self.filter(status=StageChangeStatus.CONFIRMED)


class ProgressReportQuerySet(models.QuerySet):
    def in_zone(self, zone):
        return self.filter(project__zone=zone)
