"""Meetings, what they set (targets and directives), and the promotion
activities a zone runs."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zones.models import Official, ReportedFigure, Sourced, Target, Zone
from projects.models import InvestmentProject

from .choices import ActivityKind, DirectiveCategory, DirectiveStatus, MeetingKind, ParticipantRole
from .querysets import ActivityQuerySet, DirectiveQuerySet, MeetingQuerySet


class Meeting(Sourced):
    """A zone's meeting (会议): a mobilization meeting (动员大会), the annual
    work conference (工作会议), a promotion conference or signing ceremony.

    Targets and reported figures link here rather than the other way round so
    that the zone app never imports the meetings app.
    """

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    attendance = models.TextField(
        _("attendance"), blank=True, help_text=_("Who attended, as the record puts it (e.g. all staff of the zone).")
    )
    implements = models.TextField(
        _("meetings it carries out"), blank=True, help_text=_("Higher-level meetings whose spirit it conveys.")
    )
    summary = models.TextField(_("summary"), blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("targets set"), blank=True, related_name="meetings")
    reported_figures = models.ManyToManyField(
        ReportedFigure, verbose_name=_("figures announced"), blank=True, related_name="meetings"
    )
    history = HistoricalRecords(m2m_fields=["targets", "reported_figures"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "date", "title"],
                name="meeting_unique_title_on_date",
                violation_error_message=_("This zone already has a meeting of this title on this date."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class MeetingParticipant(models.Model):
    """A person's part in a meeting: chaired, spoke, read out a document."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(Official, verbose_name=_("official"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    titles_at_meeting = models.CharField(
        _("titles at the time"), max_length=300, blank=True, help_text=_("Titles can change; this is as reported.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "official", "role"],
                name="participant_unique_role",
                violation_error_message=_("This person already has this role in this meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.official} ({self.get_role_display()})"


class MeetingDocument(models.Model):
    """A document read out at a meeting (宣读文件), and who read it."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    read_by = models.ForeignKey(
        Official, verbose_name=_("read out by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "title"],
                name="document_unique_in_meeting",
                violation_error_message=_("This document is already recorded for this meeting."),
            ),
        ]

    def __str__(self):
        return self.title


class Directive(Sourced):
    """A requirement a meeting set (会议要求), followed up until done (督办)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="directives")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("requirement"), max_length=2000)
    category = models.CharField(_("category"), max_length=30, choices=DirectiveCategory.choices)
    lead_official = models.ForeignKey(
        Official,
        verbose_name=_("lead official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_directives",
        help_text=_("揭榜挂帅: the official who took on the task."),
    )
    assisting_staff = models.ManyToManyField(
        Official, verbose_name=_("assisting staff"), blank=True, related_name="assisted_directives"
    )
    projects = models.ManyToManyField(
        InvestmentProject, verbose_name=_("projects concerned"), blank=True, related_name="directives"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=DirectiveStatus.choices, default=DirectiveStatus.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=["assisting_staff", "projects"])

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["meeting", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DirectiveStatus.DONE) | Q(completed_on__isnull=True),
                name="directive_completed_only_when_done",
                violation_error_message=_("Only a finished directive has a completion date."),
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 40 else f"{self.text[:40]}…"

    def clean(self):
        super().clean()
        if self.lead_official_id and self.meeting_id and self.lead_official.zone_id != self.meeting.zone_id:
            raise ValidationError({"lead_official": _("The lead official must belong to the meeting's zone.")})


class DirectiveNote(models.Model):
    """A dated note on how a directive is getting on (进展)."""

    directive = models.ForeignKey(Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive note")
        verbose_name_plural = _("directive notes")
        ordering = ["directive", "-noted_on"]

    def __str__(self):
        return f"{self.noted_on} {self.text[:30]}"


class PromotionActivity(Sourced):
    """A promotion activity (招商活动): an outbound visit, a reception of
    visiting investors (客商接待), a promotion conference or a signing
    ceremony; counted in batches (批次)."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="activities")
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty only for historical records whose date was not published.")
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Kept apart so that undated records still count."))
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    counterpart = models.CharField(_("investors met"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    projects = models.ManyToManyField(
        InvestmentProject, verbose_name=_("projects it led to"), blank=True, related_name="activities"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=["projects"])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion activity")
        verbose_name_plural = _("promotion activities")
        ordering = ["-year", "-date", "title"]
        indexes = [models.Index(fields=["zone", "year", "kind"], name="activity_zone_year_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"year": _("The year must match the date.")})

    def save(self, *args, **kwargs):
        # The year follows the date whenever there is one.
        if self.date:
            self.year = self.date.year
        super().save(*args, **kwargs)
