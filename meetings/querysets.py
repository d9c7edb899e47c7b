from django.db.models import BooleanField, Case, Count, Exists, Max, OuterRef, Q, Value, When

from zones.querysets import ZoneScopedQuerySet

from .choices import DirectiveStatus


def _overdue(today, prefix=""):
    """Past its due date and not done (a directive without a due date is
    never overdue)."""
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}status": DirectiveStatus.DONE})


class MeetingQuerySet(ZoneScopedQuerySet):
    def with_directive_counts(self, today):
        """How many directives each meeting set, how many are still open
        and how many are overdue, from one join."""
        return self.annotate(
            directive_count=Count("directives"),
            open_count=Count("directives", filter=~Q(directives__status=DirectiveStatus.DONE)),
            overdue_count=Count("directives", filter=_overdue(today, "directives__")),
        )


class DirectiveQuerySet(ZoneScopedQuerySet):
    zone_path = "meeting__zone"

    def open(self):
        return self.exclude(status=DirectiveStatus.DONE)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def with_overdue(self, today):
        """Annotate ``is_overdue`` for the pages' badge."""
        return self.annotate(
            is_overdue=Case(When(_overdue(today), then=Value(True)), default=Value(False), output_field=BooleanField())
        )

    def involving(self, user):
        """The directives a user leads or assists with, through the official
        linked to their account (揭榜挂帅 or 帮包)."""
        if not user.is_authenticated:
            return self.none()
        assisted = self.model.assisting_staff.through.objects.filter(directive=OuterRef("pk"), official__user=user)
        return self.filter(Q(lead_official__user=user) | Exists(assisted))

    def completed_since(self, day):
        return self.filter(status=DirectiveStatus.DONE, completed_on__gte=day)

    def for_list(self):
        """What the directive lists show, in a fixed number of queries."""
        return self.select_related("meeting__zone", "lead_official").annotate(
            note_count=Count("notes"), last_noted_on=Max("notes__noted_on")
        )


class ActivityQuerySet(ZoneScopedQuerySet):
    pass
