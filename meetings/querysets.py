from django.db import models

from .choices import DirectiveStatus


class MeetingQuerySet(models.QuerySet):
    def in_zone(self, zone):
        return self.filter(zone=zone)


class DirectiveQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=DirectiveStatus.DONE)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class ActivityQuerySet(models.QuerySet):
    def in_zone(self, zone):
        return self.filter(zone=zone)
