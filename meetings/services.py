"""Every write to promotion activities goes through here: atomic, with the
acting user, validated before it is saved.

The history of an activity names the acting user even outside a request
(an import, a shell), so the services hand it to simple_history themselves
instead of relying on the request middleware.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from devzone import access

from .models import PromotionActivity

# Articles about zones founded in the 1990s are the oldest records anyone
# enters; an earlier date is a typing slip (1924 for 2024).
EARLIEST_DATE = datetime.date(1990, 1, 1)
# Planned visits are recorded ahead, but not beyond the coming year.
MAX_DAYS_AHEAD = 365
# Chinese lists names with 、; English with a comma.
LIST_SEPARATOR = pgettext_lazy("between names in a list", ", ")


def check_activity_date(value, *, today=None):
    """Refuse a date before 1990 or more than a year ahead. The form calls this
    too, so the message shows beside the field with the others."""
    if value is None:
        return
    today = today or timezone.localdate()
    if value < EARLIEST_DATE:
        raise ValidationError(_("The date cannot be before %(date)s.") % {"date": EARLIEST_DATE.isoformat()})
    latest = today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if value > latest:
        raise ValidationError(
            _("A planned activity can be at most a year ahead (until %(date)s).") % {"date": latest.isoformat()}
        )


def check_projects_in_zone(*, zone_id, projects):
    """Every linked project must belong to the activity's zone."""
    outside = [project for project in projects if project.zone_id != zone_id]
    if outside:
        names = str(LIST_SEPARATOR).join(project.name for project in outside)
        raise ValidationError(_("These projects belong to another zone: %(names)s.") % {"names": names})


def _validate(*, activity, projects):
    """Collect every problem, so the form shows them all at once."""
    if activity.date:
        # The model's save() sets the year too, but full_clean() runs first
        # and the year is required.
        activity.year = activity.date.year
    errors = {}
    try:
        check_activity_date(activity.date)
    except ValidationError as error:
        errors["date"] = error.messages
    try:
        check_projects_in_zone(zone_id=activity.zone_id, projects=projects)
    except ValidationError as error:
        errors["projects"] = error.messages
    try:
        activity.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(*, activity, user, projects):
    activity._history_user = user
    if activity.pk is None:
        activity.save()  # the "created" history entry
        activity.projects.set(projects)  # and, if any, one for the projects
        return
    # One edit, one history entry: link the projects quietly, then save,
    # which records the fields and the links together.
    activity.skip_history_when_saving = True
    try:
        activity.projects.set(projects)
    finally:
        del activity.skip_history_when_saving
    activity.save()


@transaction.atomic
def activity_create(*, user, data, projects=()):
    """Record an activity in one of the user's zones, with the projects it led to."""
    projects = list(projects)
    activity = PromotionActivity(recorded_by=user, **data)
    if not access.can_edit_zone(user, activity.zone_id):
        raise ValidationError({"zone": _("You cannot record activities in this zone.")})
    _validate(activity=activity, projects=projects)
    _save(activity=activity, user=user, projects=projects)
    return activity


@transaction.atomic
def activity_update(*, user, activity, data, projects):
    """Save an edit. ``recorded_by`` stays the first recorder; the history
    says who changed what."""
    projects = list(projects)
    current = PromotionActivity.objects.select_for_update().get(pk=activity.pk)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot edit activities of this zone."))
    for name, value in data.items():
        setattr(current, name, value)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError({"zone": _("You cannot move an activity into a zone you do not work in.")})
    _validate(activity=current, projects=projects)
    _save(activity=current, user=user, projects=projects)
    return current
