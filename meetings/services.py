"""Every write to promotion activities, meetings and their directives goes
through here: atomic, with the acting user, validated before it is saved.

The history of an activity names the acting user even outside a request
(an import, a shell), so the services hand it to simple_history themselves
instead of relying on the request middleware.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from devzone import access
from devzone.forms import MAX_TEXT_LENGTH
from zones.models import Target

from .choices import DirectiveStatus
from .models import Directive, DirectiveNote, Meeting, MeetingDocument, MeetingParticipant, PromotionActivity

# Articles about zones founded in the 1990s are the oldest records anyone
# enters; an earlier date is a typing slip (1924 for 2024).
EARLIEST_DATE = datetime.date(1990, 1, 1)
# Planned visits are recorded ahead, but not beyond the coming year.
MAX_DAYS_AHEAD = 365
# Chinese lists names with 、; English with a comma.
LIST_SEPARATOR = pgettext_lazy("between names in a list", ", ")


def _check_date(value, *, today, ahead_message):
    """Refuse a date before 1990 or more than a year ahead; ``ahead_message``
    (translated, with a ``%(date)s`` placeholder) names what was planned."""
    if value is None:
        return
    today = today or timezone.localdate()
    if value < EARLIEST_DATE:
        raise ValidationError(_("The date cannot be before %(date)s.") % {"date": EARLIEST_DATE.isoformat()})
    latest = today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if value > latest:
        raise ValidationError(ahead_message % {"date": latest.isoformat()})


def check_activity_date(value, *, today=None):
    """Refuse a date before 1990 or more than a year ahead. The form calls this
    too, so the message shows beside the field with the others."""
    _check_date(
        value, today=today, ahead_message=_("A planned activity can be at most a year ahead (until %(date)s).")
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


# Meetings ----------------------------------------------------------------------


def check_meeting_date(value, *, today=None):
    """Refuse a date before 1990 or more than a year ahead (a meeting may be
    recorded before it is held)."""
    _check_date(value, today=today, ahead_message=_("A planned meeting can be at most a year ahead (until %(date)s)."))


def _check_meeting_date_fits(meeting):
    """A meeting cannot move after what followed from it: the due dates and
    progress notes of its directives."""
    if meeting.pk is None:
        return
    due = Directive.objects.filter(meeting=meeting, due_on__isnull=False).aggregate(first=Min("due_on"))["first"]
    noted = DirectiveNote.objects.filter(directive__meeting=meeting).aggregate(first=Min("noted_on"))["first"]
    firsts = [day for day in (due, noted) if day is not None]
    if firsts and meeting.date > min(firsts):
        raise ValidationError(
            {
                "date": _("The meeting cannot be later than a due date or progress note of its directives (%(date)s).")
                % {"date": min(firsts).isoformat()}
            }
        )


def _row_error(errors, label, error):
    for message in error.messages:
        errors.append(f"{label}: {message}")


def _sync_rows(*, user, existing, rows, build, label, errors):
    """Make a meeting's rows (participants or documents) what the form
    says: remove those left out, add the new ones, save the changed ones.
    Each row's own history names the user."""
    existing = {obj.pk: obj for obj in existing}
    wanted = {row["id"] for row in rows if row.get("id")}
    if wanted - existing.keys():
        errors.append(_("%(rows)s: a row does not belong to this meeting.") % {"rows": label})
        return
    for pk, obj in existing.items():
        if pk not in wanted:
            obj._history_user = user
            obj.delete()
    for position, row in enumerate(rows, start=1):
        try:
            obj, values = build(existing.get(row.get("id")), row, position)
        except ValidationError as error:
            _row_error(errors, label, error)
            continue
        if obj.pk is not None and all(getattr(obj, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            _row_error(errors, label, error)
            continue
        obj._history_user = user
        obj.save()


def _official_in_zone(official, meeting):
    if official is not None and official.zone_id != meeting.zone_id:
        raise ValidationError(_("%(name)s is not an official of the meeting's zone.") % {"name": official.name})


def _save_participants(*, user, meeting, rows, errors):
    label = str(MeetingParticipant._meta.verbose_name_plural)

    def build(obj, row, position):
        official = row["official"]
        _official_in_zone(official, meeting)
        values = {
            "official": official,
            "role": row["role"],
            # As reported: without titles given, those the official holds now.
            "titles_at_meeting": (row.get("titles_at_meeting") or "").strip() or official.titles,
        }
        return obj or MeetingParticipant(meeting=meeting), values

    existing = meeting.participants.select_related("official")
    _sync_rows(user=user, existing=existing, rows=rows, build=build, label=label, errors=errors)


def _save_documents(*, user, meeting, rows, errors):
    label = str(MeetingDocument._meta.verbose_name_plural)

    def build(obj, row, position):
        _official_in_zone(row.get("read_by"), meeting)
        values = {"title": row["title"], "read_by": row.get("read_by"), "order": position}
        return obj or MeetingDocument(meeting=meeting), values

    existing = meeting.documents.select_related("read_by")
    _sync_rows(user=user, existing=existing, rows=rows, build=build, label=label, errors=errors)


TARGET_FIELDS = ("metric", "year", "quarter", "month", "value", "qualifier")


def _save_targets(*, user, meeting, rows, errors):
    """The targets set at the meeting are rows of the zone's targets: the
    form creates and edits them, and links them to the meeting. A target
    taken off the meeting is deleted unless another meeting set it too."""
    label = str(Target._meta.verbose_name_plural)
    existing = {target.pk: target for target in meeting.targets.all()}
    wanted = {row["id"] for row in rows if row.get("id")}
    if wanted - existing.keys():
        errors.append(_("%(rows)s: a row does not belong to this meeting.") % {"rows": label})
        return None
    kept = []
    for row in rows:
        target = existing.get(row.get("id")) or Target(zone_id=meeting.zone_id)
        values = {name: row.get(name) for name in TARGET_FIELDS}
        if target.pk is None or any(getattr(target, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(target, name, value)
            try:
                target.full_clean()
            except ValidationError as error:
                _row_error(errors, label, error)
                continue
            target._history_user = user
            target.save()
        kept.append(target)
    removed = [target for pk, target in existing.items() if pk not in wanted]
    return kept, removed


def _delete_orphan_targets(*, user, removed):
    for target in removed:
        if not target.meetings.exists():
            target._history_user = user
            target.delete()


def _save_rows(*, user, meeting, participants, documents, targets):
    """Save the three tables; every problem is collected and raised at once
    (the transaction then undoes what was saved)."""
    errors = []
    for save, rows in ((_save_participants, participants), (_save_documents, documents)):
        if rows is not None:
            save(user=user, meeting=meeting, rows=list(rows), errors=errors)
    linked = None
    if targets is not None:
        linked = _save_targets(user=user, meeting=meeting, rows=list(targets), errors=errors)
    if errors:
        raise ValidationError(errors)
    return linked


def _validate_meeting(meeting):
    errors = {}
    try:
        check_meeting_date(meeting.date)
    except ValidationError as error:
        errors["date"] = error.messages
    try:
        meeting.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if not errors:
        try:
            _check_meeting_date_fits(meeting)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(*, user, data, participants=(), documents=(), targets=()):
    """Record a meeting of one of the user's zones with who took part, the
    documents read out and the targets it set. Rows are dicts of field
    values (see ``meetings.forms``)."""
    meeting = Meeting(**data)
    if not access.can_edit_zone(user, meeting.zone_id):
        raise ValidationError({"zone": _("You cannot record meetings in this zone.")})
    _validate_meeting(meeting)
    meeting._history_user = user
    meeting.save()  # the "created" history entry
    linked = _save_rows(user=user, meeting=meeting, participants=participants, documents=documents, targets=targets)
    if linked:
        meeting.targets.set(linked[0])  # and, if any, one for the targets
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting, data, participants=None, documents=None, targets=None):
    """Save an edit. The rows given replace the meeting's rows (None leaves a
    table as it is). The zone stays: everything of a meeting is of its zone."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot edit meetings of this zone."))
    if "zone" in data and data["zone"].pk != current.zone_id:
        raise ValidationError({"zone": _("A meeting stays in the zone it was recorded in.")})
    for name, value in data.items():
        setattr(current, name, value)
    _validate_meeting(current)
    linked = _save_rows(user=user, meeting=current, participants=participants, documents=documents, targets=targets)
    current._history_user = user
    if linked is not None:
        # One edit, one history entry: link the targets quietly, then save,
        # which records the fields and the links together.
        current.skip_history_when_saving = True
        try:
            current.targets.set(linked[0])
        finally:
            del current.skip_history_when_saving
        _delete_orphan_targets(user=user, removed=linked[1])
    current.save()
    return current


# Directives --------------------------------------------------------------------


def next_directive_order(*, meeting):
    last = meeting.directives.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def check_due_on(*, meeting, due_on):
    """A requirement cannot be due before the meeting that set it."""
    if due_on is not None and due_on < meeting.date:
        raise ValidationError(
            _("The due date cannot be before the meeting (%(date)s).") % {"date": meeting.date.isoformat()}
        )


def check_completed_on(*, directive, completed_on, today=None):
    today = today or timezone.localdate()
    if completed_on > today:
        raise ValidationError(_("The completion date cannot be in the future."))
    if completed_on < directive.meeting.date:
        raise ValidationError(
            _("The completion date cannot be before the meeting (%(date)s).")
            % {"date": directive.meeting.date.isoformat()}
        )


def check_note_date(*, directive, noted_on, today=None):
    today = today or timezone.localdate()
    if noted_on > today:
        raise ValidationError(_("The date of a note cannot be in the future."))
    if noted_on < directive.meeting.date:
        raise ValidationError(
            _("The date of a note cannot be before the meeting (%(date)s).")
            % {"date": directive.meeting.date.isoformat()}
        )


def _check_note_text(text):
    if not text.strip():
        raise ValidationError({"text": _("Say what progress was made.")})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": _("A note has at most %(count)d characters.") % {"count": MAX_TEXT_LENGTH}})


def _validate_directive(*, directive, assisting_staff, projects):
    """Collect every problem, so the form shows them all at once."""
    errors = {}
    meeting = directive.meeting
    try:
        check_due_on(meeting=meeting, due_on=directive.due_on)
    except ValidationError as error:
        errors["due_on"] = error.messages
    if any(official.zone_id != meeting.zone_id for official in assisting_staff):
        errors["assisting_staff"] = [_("Assisting staff must belong to the meeting's zone.")]
    outside = [project for project in projects if project.zone_id != meeting.zone_id]
    if outside:
        names = str(LIST_SEPARATOR).join(project.name for project in outside)
        errors["projects"] = [_("These projects belong to another zone: %(names)s.") % {"names": names}]
    try:
        directive.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_directive(*, directive, user, assisting_staff, projects):
    directive._history_user = user
    if directive.pk is None:
        directive.save()
        directive.assisting_staff.set(assisting_staff)
        directive.projects.set(projects)
        return
    directive.skip_history_when_saving = True
    try:
        directive.assisting_staff.set(assisting_staff)
        directive.projects.set(projects)
    finally:
        del directive.skip_history_when_saving
    directive.save()


@transaction.atomic
def directive_create(*, user, meeting, data, assisting_staff=(), projects=()):
    """Add a requirement to a meeting; it starts open."""
    if not access.can_edit_zone(user, meeting.zone_id):
        raise ValidationError(_("You cannot add directives to meetings of this zone."))
    assisting_staff, projects = list(assisting_staff), list(projects)
    data = dict(data)
    if data.get("order") is None:
        data["order"] = next_directive_order(meeting=meeting)
    directive = Directive(meeting=meeting, status=DirectiveStatus.OPEN, completed_on=None, **data)
    _validate_directive(directive=directive, assisting_staff=assisting_staff, projects=projects)
    _save_directive(directive=directive, user=user, assisting_staff=assisting_staff, projects=projects)
    return directive


@transaction.atomic
def directive_update(*, user, directive, data, assisting_staff, projects):
    """Save an edit of what the directive asks, who leads and helps, and when
    it is due; the status moves through ``directive_set_status``."""
    current = Directive.objects.select_for_update().select_related("meeting").get(pk=directive.pk)
    if not access.can_edit_zone(user, current.meeting.zone_id):
        raise ValidationError(_("You cannot edit directives of this zone."))
    assisting_staff, projects = list(assisting_staff), list(projects)
    for name, value in data.items():
        if name in {"status", "completed_on", "meeting"}:
            continue
        setattr(current, name, value)
    _validate_directive(directive=current, assisting_staff=assisting_staff, projects=projects)
    _save_directive(directive=current, user=user, assisting_staff=assisting_staff, projects=projects)
    return current


@transaction.atomic
def directive_set_status(*, user, directive, status, completed_on=None, note="", today=None):
    """Move a directive on (督办): in progress, done on a date (not in the
    future, not before the meeting), or reopened, which clears the date. A
    note given with it is kept as a progress note of that day."""
    today = today or timezone.localdate()
    current = Directive.objects.select_for_update().select_related("meeting").get(pk=directive.pk)
    if not access.can_edit_zone(user, current.meeting.zone_id):
        raise ValidationError(_("You cannot follow up directives of this zone."))
    if status not in DirectiveStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == DirectiveStatus.DONE:
        if completed_on is None:
            raise ValidationError({"completed_on": _("Give the date the directive was done.")})
        try:
            check_completed_on(directive=current, completed_on=completed_on, today=today)
        except ValidationError as error:
            raise ValidationError({"completed_on": error.messages}) from error
        if current.status == DirectiveStatus.DONE and current.completed_on == completed_on:
            raise ValidationError({"status": _("The directive is already marked done on this date.")})
    else:
        if status == current.status:
            raise ValidationError(
                {"status": _("The directive is already “%(status)s”.") % {"status": DirectiveStatus(status).label}}
            )
        completed_on = None
    current.status = status
    current.completed_on = completed_on
    current.full_clean()
    current._history_user = user
    current.save()
    if note and note.strip():
        _add_note(user=user, directive=current, noted_on=completed_on or today, text=note, today=today)
    return current


def _add_note(*, user, directive, noted_on, text, today):
    _check_note_text(text)
    try:
        check_note_date(directive=directive, noted_on=noted_on, today=today)
    except ValidationError as error:
        raise ValidationError({"noted_on": error.messages}) from error
    note = DirectiveNote(directive=directive, noted_on=noted_on, text=text.strip(), author=user)
    note.full_clean()
    note._history_user = user
    note.save()
    return note


@transaction.atomic
def directive_note_add(*, user, directive, noted_on, text, today=None):
    """Add a dated progress note (进展) to a directive."""
    current = Directive.objects.select_related("meeting").get(pk=directive.pk)
    if not access.can_edit_zone(user, current.meeting.zone_id):
        raise ValidationError(_("You cannot follow up directives of this zone."))
    return _add_note(user=user, directive=current, noted_on=noted_on, text=text, today=today or timezone.localdate())
