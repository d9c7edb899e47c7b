"""The read side's own records: the runs of the background reports and the
documents they produce (周调度、月通报、年考核), kept in the database so that
several web hosts share them and nothing is written to a local disk."""
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zones.models import Metric, Zone
from zones.querysets import ZoneScopedQuerySet

class TaskKind(models.TextChoices):
    DISPATCH = "dispatch", _("Weekly dispatch")
    BULLETIN = "bulletin", _("Monthly bulletin")
    ASSESSMENT = "assessment", _("Annual assessment")


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("task status", "Done")
    FAILED = "failed", _("Failed")


# Not a stored status: a run stays "running" until it runs again (see
# TaskRun.is_interrupted).
INTERRUPTED = _("Interrupted")


class TaskRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Runs of every zone, or of one of the user's zones."""
        if not user.is_authenticated:
            return self.none()
        from devzone.access import visible_zone_ids  # access imports this module

        ids = visible_zone_ids(user)
        if ids is None:
            return self
        return self.filter(Q(zone__isnull=True) | Q(zone__in=ids))

    def pending(self):
        return self.filter(status__in=[TaskStatus.QUEUED, TaskStatus.RUNNING])

    def interrupted(self, *, now=None):
        """Running, but their worker has not been seen for
        TaskRun.INTERRUPTED_AFTER: it died (a run of before the heartbeats
        counts from its start)."""
        cutoff = (now or timezone.now()) - TaskRun.INTERRUPTED_AFTER
        return self.filter(status=TaskStatus.RUNNING).filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        )


class TaskRun(models.Model):
    """One production of a report (周调度, 月通报 or 年考核), asked for by a
    manager or by the schedule: what was asked, by whom, and how it went
    (queued, running, done, or failed with the reason)."""

    kind = models.CharField(_("kind"), max_length=12, choices=TaskKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, null=True, blank=True, related_name="task_runs",
        help_text=_("Empty when the run covers every zone."),
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    error = models.TextField(_("reason for the failure"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("Empty when the schedule started the run."),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    celery_task_id = models.CharField(_("Celery task id"), max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("More than one when a worker died or a transient error was retried.")
    )
    worker = models.CharField(
        _("worker"), max_length=255, blank=True, help_text=_("The Celery worker running the run, or the last one that did.")
    )
    heartbeat_at = models.DateTimeField(
        _("worker last seen at"), null=True, blank=True,
        help_text=_("Renewed while the worker runs the run; a run not renewed for two minutes was interrupted."),
    )

    objects = TaskRunQuerySet.as_manager()

    # The worker renews heartbeat_at every 30 seconds (reports/services.py):
    # four missed beats and it is taken for dead.
    INTERRUPTED_AFTER = datetime.timedelta(minutes=2)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="taskrun_status_created")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("reports:run_detail", args=[self.pk])

    def get_status_display(self):
        """"Interrupted" for a run whose worker is gone, until it runs again."""
        if self.is_interrupted:
            return INTERRUPTED
        return TaskStatus(self.status).label if self.status in TaskStatus.values else self.status

    @property
    def is_pending(self):
        return self.status in (TaskStatus.QUEUED, TaskStatus.RUNNING)

    @property
    def is_interrupted(self):
        if self.status != TaskStatus.RUNNING:
            return False
        last_seen = self.heartbeat_at or self.started_at
        return last_seen is not None and last_seen < timezone.now() - self.INTERRUPTED_AFTER


class DispatchSheetQuerySet(ZoneScopedQuerySet):
    pass


class DispatchSheet(models.Model):
    """A zone's weekly dispatch sheet (周调度表): the signed projects without
    a progress report in the past week, the projects past their planned
    start, the directives past due and the problems staff raised, as they
    stood on the Monday of the week. A snapshot: producing the week again
    replaces it."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="dispatch_sheets")
    week_start = models.DateField(_("week of"), help_text=_("The Monday the sheet was dispatched for."))
    generated_at = models.DateTimeField(_("generated at"))
    content = models.JSONField(_("content"), default=dict)
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("Raised each time producing the week again changes the sheet.")
    )
    emailed_at = models.DateTimeField(
        _("e-mailed at"), null=True, blank=True,
        help_text=_("When the sheet was put in the outbox for the zone's staff; the outbox shows each delivery."),
    )
    emailed_to = models.JSONField(_("e-mailed to"), default=list, blank=True)

    objects = DispatchSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch sheet")
        verbose_name_plural = _("dispatch sheets")
        ordering = ["-week_start", "zone__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "week_start"],
                name="dispatch_sheet_unique_week",
                violation_error_message=_("This zone already has a dispatch sheet for this week."),
            ),
        ]

    def __str__(self):
        return f"{self.zone} {self.week_start:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("reports:dispatch_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.week_start and self.week_start.isoweekday() != 1:
            raise ValidationError({"week_start": _("A dispatch week starts on a Monday.")})

    @property
    def counts(self):
        return self.content.get("counts", {})


class Bulletin(models.Model):
    """The monthly bulletin (月通报): every zone's figures from 1 January to
    the end of the month against its targets, with completion, 序时进度,
    growth over the same period of last year and rank, and the drafted
    paragraphs. One per month: producing the month again replaces it."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    as_of = models.DateField(_("figures as of"))
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    data = models.JSONField(_("figures"), default=dict)
    text = models.TextField(_("drafted text"), blank=True, help_text=_("Drafted in Chinese, the bulletin's language."))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month"],
                name="bulletin_unique_month",
                violation_error_message=_("There is already a bulletin for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="bulletin_month_range",
                violation_error_message=_("A month is 1 to 12."),
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"

    def get_absolute_url(self):
        return reverse("reports:bulletin_detail", args=[self.year, self.month])


class AssessmentScheme(models.Model):
    """How zones are scored in a year's assessment (年考核): points per
    metric, earned in proportion to the completion of the zone's target
    (capped), less deductions per signed project past its planned start and
    per directive past due. Administrators set it in the back office."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    weights = models.JSONField(
        _("points per metric"),
        default=dict,
        help_text=_('Metric code and the points it is worth at full completion, e.g. {"signed_projects": 60, "funds_in_place": 40}.'),
    )
    completion_cap = models.DecimalField(
        _("completion counted up to (%)"), max_digits=6, decimal_places=1, default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Completion above this counts as this; 100 means no extra points for overshooting."),
    )
    overdue_start_deduction = models.DecimalField(
        _("deduction per signed project past its planned start"), max_digits=6, decimal_places=2,
        default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))],
    )
    overdue_directive_deduction = models.DecimalField(
        _("deduction per directive past due"), max_digits=6, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completion_cap__gte=0) & Q(overdue_start_deduction__gte=0) & Q(overdue_directive_deduction__gte=0),
                name="assessment_scheme_not_negative",
                violation_error_message=_("Caps and deductions cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name or str(_("Assessment %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("reports:assessment_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if not isinstance(self.weights, dict) or not self.weights:
            raise ValidationError({"weights": _("Give at least one metric code with its points.")})
        unknown = sorted(set(self.weights) - set(Metric.objects.filter(code__in=list(self.weights)).values_list("code", flat=True)))
        if unknown:
            raise ValidationError({"weights": _("Unknown metric codes: %(codes)s.") % {"codes": ", ".join(unknown)}})
        for code, points in self.weights.items():
            try:
                value = Decimal(str(points))
            except ArithmeticError:
                value = None
            if value is None or not value.is_finite() or value < 0:
                raise ValidationError({"weights": _("The points of %(code)s must be a number, zero or more.") % {"code": code}})


class AssessmentResult(models.Model):
    """A zone's score in a year's assessment, with how it was made up
    (points per metric, deductions) so that the zone can check it."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("assessment scheme"), on_delete=models.CASCADE, related_name="results"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="assessment_results")
    as_of = models.DateField(_("figures as of"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict)
    generated_at = models.DateTimeField(_("generated at"))

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["scheme", "rank", "zone__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "zone"],
                name="assessment_result_unique",
                violation_error_message=_("This zone already has a result in this assessment."),
            ),
        ]

    def __str__(self):
        return f"{self.scheme} {self.zone}"


# 发件箱 ------------------------------------------------------------------------------


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessageQuerySet(ZoneScopedQuerySet):
    """``visible_to(user)``: the messages of the user's zones; a message of
    no zone only for those who see every zone (it may be addressed to
    anyone)."""

    def delivery_unknown(self, *, now=None):
        """Claimed for sending longer ago than OUTBOX_CLAIM_TIMEOUT and never
        marked sent: the worker died while sending, before or after the mail
        server took the message. Nobody can tell which, so nothing sends it
        again by itself."""
        return self.filter(state=OutboxState.SENDING, claimed_at__lt=OutboxMessage.claim_cutoff(now))

    def stalled(self, *, now=None):
        """Waiting longer than OUTBOX_CLAIM_TIMEOUT past their time: the task
        that was to send them never came (the broker lost it)."""
        return self.filter(state=OutboxState.PENDING, next_attempt_at__lt=OutboxMessage.claim_cutoff(now))


class OutboxMessage(models.Model):
    """One message to one recipient (发件箱里的一条消息): the weekly dispatch
    to a zone's staff member now, group-robot posts and notifications next.
    Its key names the event and the recipient, so a message is put in the
    outbox once however often the job that sends it runs. It is claimed
    (marked sending, committed) before it goes to the mail server and
    marked sent after; a claim that is never followed by "sent" is shown as
    "delivery unknown", for a manager to send again or not."""

    key = models.CharField(
        _("key"), max_length=200, unique=True,
        help_text=_("The event and the recipient, e.g. dispatch:12:1:34 (sheet, revision, user)."),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL)
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_messages",
        help_text=_("The zone the message is about; it decides who sees it in the outbox."),
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next try at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(
        _("claimed by"), max_length=255, blank=True, help_text=_("The Celery task that took it for sending.")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent again by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    resent_at = models.DateTimeField(_("sent again at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
                violation_error_message=_("A sent message has the time it was sent."),
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_at__isnull=False),
                name="outbox_sending_is_claimed",
                violation_error_message=_("A message being sent has the time it was claimed."),
            ),
        ]

    def __str__(self):
        return self.key

    @staticmethod
    def claim_cutoff(now=None):
        return (now or timezone.now()) - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)

    @property
    def delivery_unknown(self):
        return self.state == OutboxState.SENDING and self.claimed_at < self.claim_cutoff()

    @property
    def stalled(self):
        return self.state == OutboxState.PENDING and self.next_attempt_at < self.claim_cutoff()

    @property
    def can_resend(self):
        return self.state == OutboxState.FAILED or self.delivery_unknown or self.stalled
