from devzone.querysets import ZoneScopedQuerySet

from .choices import DirectiveStatus


class MeetingQuerySet(ZoneScopedQuerySet):
    pass


class DirectiveQuerySet(ZoneScopedQuerySet):
    zone_path = "meeting__zone"

    def open(self):
        return self.exclude(status=DirectiveStatus.DONE)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class ActivityQuerySet(ZoneScopedQuerySet):
    pass
