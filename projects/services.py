"""Every write to projects goes through here: atomic, with the acting user,
validated before it is saved.

Stage moves follow one rule (甄别): a move into signed, started or in
production that staff record stays pending until a manager of the zone
confirms it; the other moves count at once. The project's ``stage`` is what
was last recorded, ``confirmed_stage`` what counts.

The monthly totals (``ZoneMonthTotal``) are kept here too: every write that
adds, changes or removes money in a zone's month (a report written, moved or
deleted; a project moved to another zone or deleted) recomputes the months
concerned in its own transaction. The staff pages, the admin and the imports
all write through these functions, so no signal is needed.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from devzone import access

from .choices import STAGE_ORDER, STAGES_NEEDING_CONFIRMATION, Stage, StageChangeStatus
from .models import Enterprise, InvestmentProject, ProgressReport, ProjectStageChange
from .totals import month_totals_refresh

# Which date field of the project a confirmed stage sets.
STAGE_DATE_FIELD = {
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.PRODUCTION: "production_on",
}


class EditConflict(Exception):
    """The project or report changed since the form was opened; nothing was
    saved."""

    def __init__(self, *, instance, changes):
        super().__init__("edit conflict")
        self.instance = instance
        self.changes = changes


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object
    user: object
    when: datetime.datetime


def _changes_since(*, instance, version):
    """What others changed after ``version``, read from the history, for the
    message that explains a refused save."""
    if version is None:  # a form posted without its version: nothing to compare
        return []
    records = list(instance.history.filter(version__gt=version).order_by("history_date"))
    before = instance.history.filter(version=version).order_by("-history_date").first()
    changes = []
    for record in records:
        if before is not None:
            delta = record.diff_against(before)
            for change in delta.changes:
                if change.field in {"version", "updated_at"}:
                    continue
                field = type(instance)._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        field=change.field,
                        label=str(field.verbose_name),
                        old=change.old,
                        new=change.new,
                        user=record.history_user,
                        when=record.history_date,
                    )
                )
        before = record
    return changes


def _validate(instance):
    instance.full_clean()


def _as(user, *instances):
    """Name the acting user in the history of the next save: services also
    run outside a request (imports, tasks), where the middleware cannot."""
    for instance in instances:
        instance._history_user = user


def _record_stage(*, project, stage, changed_on, user, reason="", source_quote=""):
    """Add a stage change and apply it to the project (pending or counted)."""
    if project.stage == Stage.WITHDRAWN and not reason.strip():
        raise ValidationError({"reason": _("Reopening a withdrawn project needs a reason.")})
    if project.stage_changes.pending().exists():
        raise ValidationError(
            {"stage": _("A stage change of this project is waiting for confirmation; it must be confirmed or rejected first.")}
        )
    backwards = stage in STAGE_ORDER and project.stage in STAGE_ORDER and STAGE_ORDER[stage] < STAGE_ORDER[project.stage]
    if backwards and not reason.strip():
        raise ValidationError({"reason": _("Moving a project back to an earlier stage needs a reason.")})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("The date of a stage change cannot be in the future.")})
    last = project.stage_changes.exclude(status=StageChangeStatus.REJECTED).order_by("-changed_on").first()
    if last is not None and changed_on < last.changed_on:
        raise ValidationError(
            {"changed_on": _("The date cannot be before the previous stage change (%(date)s).") % {"date": last.changed_on}}
        )
    needs_confirmation = stage in STAGES_NEEDING_CONFIRMATION and not access.is_administrator(user)
    change = ProjectStageChange(
        project=project,
        stage=stage,
        changed_on=changed_on,
        reason=reason,
        recorded_by=user,
        status=StageChangeStatus.PENDING if needs_confirmation else StageChangeStatus.CONFIRMED,
        source_quote=source_quote,
    )
    if not needs_confirmation:
        change.confirmed_by = user if stage in STAGES_NEEDING_CONFIRMATION else None
        change.confirmed_at = timezone.now()
    _validate(change)
    _as(user, change)
    change.save()
    project.stage = stage
    if stage == Stage.WITHDRAWN:
        project.withdrawn_reason = reason
    if not needs_confirmation:
        _apply_confirmed(project=project, change=change)
    return change


def _apply_confirmed(*, project, change):
    project.confirmed_stage = change.stage
    date_field = STAGE_DATE_FIELD.get(change.stage)
    if date_field:
        setattr(project, date_field, change.changed_on)


def _save_project(project, user):
    """Validate and save a project that the caller holds locked
    (select_for_update), so incrementing the version here is safe."""
    _validate(project)
    project.version += 1
    _as(user, project)
    project.save()


def _refuse_stale(current, expected_version):
    """Raise ``EditConflict`` unless ``current`` (held locked) is still at the
    version the form was opened on."""
    if current.version != expected_version:
        raise EditConflict(instance=current, changes=_changes_since(instance=current, version=expected_version))


def _report_months(project):
    """The months the project's reports count in (by their period's end)."""
    return list(ProgressReport.objects.filter(project=project).dates("period_end", "month"))


def _month_key(report):
    """The (zone, day) whose month total the report counts in."""
    return (report.project.zone_id, report.period_end)


def _investor(name):
    """The enterprise of that name, created if it is new; None for no name."""
    name = (name or "").strip()
    return Enterprise.objects.get_or_create(name=name)[0] if name else None


@transaction.atomic
def project_create(*, user, data, stage, stage_date, investor_name=None, assisting_staff=()):
    """Create a project in one of the user's zones, with its first stage.

    The investor is typed by name (the staff form, imports), or, when
    ``investor_name`` is None, chosen in ``data`` (the admin)."""
    project = InvestmentProject(**data)
    if investor_name is not None:
        project.investor = _investor(investor_name)
    if not access.can_edit_zone(user, project.zone_id):
        raise ValidationError({"zone": _("You cannot record projects in this zone.")})
    project.stage = Stage.LEAD
    project.confirmed_stage = Stage.LEAD
    _validate(project)
    _as(user, project)
    project.save()
    if assisting_staff:
        project.assisting_staff.set(assisting_staff)
    _record_stage(project=project, stage=stage, changed_on=stage_date, user=user)
    project.save()
    return project


@transaction.atomic
def project_update(*, user, project, data, expected_version, investor_name=None, assisting_staff=None):
    """Save an edit, unless someone else saved the project after the form was
    opened: then raise ``EditConflict`` with what they changed.

    The investor is typed by name, or, when ``investor_name`` is None, left
    to ``data`` (the admin). A project moved to another zone takes its
    reports' money with it: the old zone's months and the new zone's are
    recomputed."""
    current = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    _refuse_stale(current, expected_version)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot edit projects of this zone."))
    moved_from = current.zone_id
    for name, value in data.items():
        setattr(current, name, value)
    if investor_name is not None:
        current.investor = _investor(investor_name)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError({"zone": _("You cannot move a project into a zone you do not work in.")})
    _save_project(current, user)
    if assisting_staff is not None:
        current.assisting_staff.set(assisting_staff)
    if current.zone_id != moved_from:
        months = _report_months(current)
        month_totals_refresh(keys=[(zone_id, month) for zone_id in (moved_from, current.zone_id) for month in months])
    return current


@transaction.atomic
def project_delete(*, user, project):
    """Delete a project with its stage changes and reports; the months its
    reports counted in are recomputed without them."""
    current = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot edit projects of this zone."))
    months = _report_months(current)
    _as(user, current)
    current.delete()
    month_totals_refresh(keys=[(current.zone_id, month) for month in months])


@transaction.atomic
def project_stage_change(*, user, project, stage, changed_on, reason=""):
    """Record a move to another stage (withdrawal included)."""
    current = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot change projects of this zone."))
    if stage == current.stage:
        raise ValidationError({"stage": _("The project is already at this stage.")})
    if stage == Stage.WITHDRAWN and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the project was withdrawn.")})
    change = _record_stage(project=current, stage=stage, changed_on=changed_on, user=user, reason=reason)
    _save_project(current, user)
    return change


def project_withdraw(*, user, project, reason, withdrawn_on=None):
    return project_stage_change(
        user=user, project=project, stage=Stage.WITHDRAWN, changed_on=withdrawn_on or timezone.localdate(), reason=reason
    )


@transaction.atomic
def stage_change_confirm(*, user, change):
    """A manager confirms a pending move (甄别): it now counts."""
    change = ProjectStageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    if not access.can_confirm_zone(user, change.project.zone_id):
        raise ValidationError(_("You cannot confirm stage changes of this zone."))
    if change.status != StageChangeStatus.PENDING:
        raise ValidationError(_("This stage change is no longer pending."))
    change.status = StageChangeStatus.CONFIRMED
    change.confirmed_by = user
    change.confirmed_at = timezone.now()
    _as(user, change)
    change.save()
    project = InvestmentProject.objects.select_for_update().get(pk=change.project_id)
    _apply_confirmed(project=project, change=change)
    _save_project(project, user)
    return change


@transaction.atomic
def stage_change_reject(*, user, change, reason):
    """A manager rejects a pending move; the project returns to the stage
    that counts."""
    change = ProjectStageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    if not access.can_confirm_zone(user, change.project.zone_id):
        raise ValidationError(_("You cannot confirm stage changes of this zone."))
    if change.status != StageChangeStatus.PENDING:
        raise ValidationError(_("This stage change is no longer pending."))
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Give the reason for rejecting the stage change.")})
    change.status = StageChangeStatus.REJECTED
    change.confirmed_by = user
    change.confirmed_at = timezone.now()
    change.rejection_reason = reason
    _as(user, change)
    change.save()
    project = InvestmentProject.objects.select_for_update().get(pk=change.project_id)
    project.stage = project.confirmed_stage
    _save_project(project, user)
    update_change_reason(project, f"stage change rejected: {reason}"[:100])
    return change


def _save_report(report, user):
    """Validate and save a report; the caller refreshes its month."""
    if report.period_end and report.period_end > timezone.localdate() + datetime.timedelta(days=31):
        raise ValidationError({"period_end": _("A report cannot cover a period more than a month ahead.")})
    _validate(report)
    _as(user, report)
    report.save()


@transaction.atomic
def progress_report_add(*, user, project, data, reason="", moves_stage=True):
    """Add a weekly or monthly report, by the user unless ``data`` names
    another reporter. A report that puts the project at another stage records
    that move too, dated at the period's end.

    The admin passes ``moves_stage=False``: it records a report as typed (a
    late or corrected one whose stage was the stage at the time), and there a
    move goes through the project page."""
    current = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if not access.can_edit_zone(user, current.zone_id):
        raise ValidationError(_("You cannot report on projects of this zone."))
    report = ProgressReport(project=current, **{"reported_by": user, **data})
    _save_report(report, user)
    if moves_stage:
        if report.stage != current.stage:
            _record_stage(
                project=current,
                stage=report.stage,
                changed_on=min(report.period_end, timezone.localdate()),
                user=user,
                reason=reason,
            )
        _save_project(current, user)
    month_totals_refresh(keys=[_month_key(report)])
    return report


def _locked_report(report, user):
    """The report, locked, if the user may write on its project's zone."""
    current = ProgressReport.objects.select_for_update(of=("self",)).select_related("project").get(pk=report.pk)
    if not access.can_edit_zone(user, current.project.zone_id):
        raise ValidationError(_("You cannot report on projects of this zone."))
    return current


@transaction.atomic
def progress_report_update(*, user, report, data, expected_version):
    """Correct a report, unless someone else saved it after the form was
    opened: then raise ``EditConflict``. A report moved to another month or
    project leaves its old month's total and joins the new one. The
    project's stage stays as it is (a move goes through the project page)."""
    current = _locked_report(report, user)
    _refuse_stale(current, expected_version)
    moved_from = _month_key(current)
    for name, value in data.items():
        setattr(current, name, value)
    if not access.can_edit_zone(user, current.project.zone_id):
        raise ValidationError({"project": _("You cannot report on projects of this zone.")})
    current.version += 1
    _save_report(current, user)
    month_totals_refresh(keys=[moved_from, _month_key(current)])
    return current


@transaction.atomic
def progress_report_delete(*, user, report):
    """Delete a report; its month's total is recomputed without it."""
    current = _locked_report(report, user)
    key = _month_key(current)
    _as(user, current)
    current.delete()
    month_totals_refresh(keys=[key])
