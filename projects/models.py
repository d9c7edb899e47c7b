"""Investors, the projects a zone pursues, how each moves through the
pipeline, and what staff report of its progress.

Naming: the model is ``InvestmentProject`` (the issue's and the glossary's
word); everything around it uses the short ``Project`` prefix
(``ProjectQuerySet``, ``ProjectAdmin``, ``projects:project_list``).
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zones.models import AMOUNT_DIGITS, AMOUNT_PLACES, Industry, Official, Sourced, Zone

from .choices import Stage, StageChangeStatus
from .querysets import EnterpriseQuerySet, ProgressReportQuerySet, ProjectQuerySet, StageChangeQuerySet

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def amount_field(verbose_name, **kwargs):
    """A sum of money in 万元: one base unit everywhere, never a float."""
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_PLACES,
        validators=NOT_NEGATIVE,
        help_text=kwargs.pop("help_text", _("In 10,000 yuan.")),
        **kwargs,
    )


class Enterprise(Sourced):
    """A company: an investor a zone courts, or a local company it builds on
    (龙头企业 for 以商招商)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("located in zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        help_text=_("For a company already established in a zone."),
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, null=True, blank=True, related_name="enterprises"
    )
    is_leading = models.BooleanField(_("leading enterprise"), default=False)
    is_fortune_global_500 = models.BooleanField(_("Fortune Global 500"), default=False)
    is_china_500 = models.BooleanField(_("China Top 500"), default=False)
    is_state_owned = models.BooleanField(_("state-owned"), default=False)
    is_foreign = models.BooleanField(_("foreign-funded"), default=False)
    home_region = models.CharField(_("home region"), max_length=100, blank=True)
    home_country = models.CharField(_("home country"), max_length=100, blank=True, default="中国")
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class InvestmentProject(Sourced):
    """An investment project (招商项目) from first lead to production.

    ``stage`` is the stage staff last recorded; ``confirmed_stage`` the last
    one a manager confirmed (甄别). Only the confirmed one counts in the
    statistics; every move is kept as a ``ProjectStageChange``.
    """

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("project name"), max_length=200)
    investor = models.ForeignKey(
        Enterprise, verbose_name=_("investor"), on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD)
    confirmed_stage = models.CharField(
        _("confirmed stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD, editable=False
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    is_major = models.BooleanField(_("major project"), default=False)
    is_key = models.BooleanField(_("key project"), default=False)
    is_fortune500 = models.BooleanField(_("Fortune-500 project"), default=False)
    is_four_new = models.BooleanField(_("four-new economy project"), default=False)
    is_foreign_funded = models.BooleanField(_("foreign-funded"), default=False)
    planned_investment = amount_field(
        _("planned total investment"),
        null=True,
        blank=True,
        help_text=_("In 10,000 yuan; leave empty when not yet known."),
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    planned_start_on = models.DateField(_("planned start date"), null=True, blank=True)
    started_on = models.DateField(_("actual start date"), null=True, blank=True)
    production_on = models.DateField(_("production date"), null=True, blank=True)
    land_mu = models.DecimalField(
        _("land (mu)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    jobs = models.PositiveIntegerField(_("jobs created"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)])
    annual_output = amount_field(_("annual output value at full production"), null=True, blank=True)
    annual_tax = amount_field(_("annual tax at full production"), null=True, blank=True)
    lead_official = models.ForeignKey(
        Official,
        verbose_name=_("lead official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text=_("揭榜挂帅: the official who took on the project."),
    )
    assisting_staff = models.ManyToManyField(
        Official,
        verbose_name=_("assisting staff"),
        blank=True,
        related_name="assisted_projects",
        help_text=_("帮包: staff who help the project through approvals."),
    )
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["assisting_staff"])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-signed_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_investment__isnull=True) | Q(planned_investment__gte=0),
                name="project_planned_investment_not_negative",
                violation_error_message=_("The planned total investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(annual_output__isnull=True) | Q(annual_output__gte=0),
                name="project_annual_output_not_negative",
                violation_error_message=_("The annual output value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(annual_tax__isnull=True) | Q(annual_tax__gte=0),
                name="project_annual_tax_not_negative",
                violation_error_message=_("The annual tax cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(land_mu__isnull=True) | Q(land_mu__gte=0),
                name="project_land_not_negative",
                violation_error_message=_("The land area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(started_on__isnull=True) | Q(started_on__gte=F("signed_on")),
                name="project_started_after_signed",
                violation_error_message=_("Construction cannot start before the signing date."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(production_on__isnull=True)
                | Q(production_on__gte=F("started_on")),
                name="project_production_after_start",
                violation_error_message=_("Production cannot begin before construction started."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="project_withdrawn_has_reason",
                violation_error_message=_("Give the reason the project was withdrawn."),
            ),
            # The same project name from the same investor is the same project;
            # without an investor the name alone must be unique in the zone.
            models.UniqueConstraint(
                fields=["zone", "name", "investor"],
                name="project_unique_name_investor",
                violation_error_message=_("This zone already has a project of this name from this investor."),
            ),
            models.UniqueConstraint(
                fields=["zone", "name"],
                condition=Q(investor__isnull=True),
                name="project_unique_name_without_investor",
                violation_error_message=_("This zone already has a project of this name without an investor."),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "confirmed_stage"], name="project_zone_stage_idx"),
            models.Index(fields=["zone", "signed_on"], name="project_zone_signed_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        super().clean()
        # Catch what a constraint would reject, beside the field it concerns.
        errors = {}
        if self.signed_on and self.started_on and self.started_on < self.signed_on:
            errors["started_on"] = _("Construction cannot start before the signing date.")
        if self.started_on and self.production_on and self.production_on < self.started_on:
            errors["production_on"] = _("Production cannot begin before construction started.")
        if self.signed_on and self.planned_start_on and self.planned_start_on < self.signed_on:
            errors["planned_start_on"] = _("The planned start cannot be before the signing date.")
        if self.stage == Stage.WITHDRAWN and not self.withdrawn_reason.strip():
            errors["withdrawn_reason"] = _("Give the reason the project was withdrawn.")
        if self.lead_official_id and self.zone_id and self.lead_official.zone_id != self.zone_id:
            errors["lead_official"] = _("The lead official must belong to the project's zone.")
        if errors:
            raise ValidationError(errors)


class ProjectStageChange(Sourced):
    """One move of a project to a stage, on a date, by a person; pending until
    a manager of the zone confirms it when it is a signing, a start or
    production (甄别)."""

    project = models.ForeignKey(
        InvestmentProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    changed_on = models.DateField(_("date of the change"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StageChangeStatus.choices, default=StageChangeStatus.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project", "changed_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=StageChangeStatus.REJECTED) | ~Q(rejection_reason=""),
                name="stage_change_rejection_has_reason",
                violation_error_message=_("Give the reason for rejecting the stage change."),
            ),
        ]
        indexes = [models.Index(fields=["status", "stage", "changed_on"], name="stage_change_status_idx")]

    def __str__(self):
        return f"{self.project} → {self.get_stage_display()} ({self.changed_on})"


class ProgressReport(models.Model):
    """A weekly or monthly update on a project (进度填报): what was invested
    and what money arrived in the period, and what needs coordinating."""

    project = models.ForeignKey(
        InvestmentProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    investment_completed = amount_field(_("investment completed in the period"), default=Decimal("0"))
    funds_in_place = amount_field(_("funds in place in the period"), default=Decimal("0"))
    stage = models.CharField(_("stage at the time"), max_length=12, choices=Stage.choices)
    problems = models.TextField(_("problems needing coordination"), blank=True, max_length=5000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised by every edit, so that of two people correcting the same report
    # the second is told rather than overwriting the first (as for projects).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="progress_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(investment_completed__gte=0),
                name="progress_investment_not_negative",
                violation_error_message=_("The investment completed cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(funds_in_place__gte=0),
                name="progress_funds_not_negative",
                violation_error_message=_("The funds in place cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end"],
                name="progress_unique_period",
                violation_error_message=_("This project already has a report for this period."),
            ),
        ]
        indexes = [models.Index(fields=["period_end"], name="progress_period_end_idx")]

    def __str__(self):
        return f"{self.project} {self.period_start}–{self.period_end}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class ZoneMonthTotal(models.Model):
    """Investment completed and funds in place per zone and month, summed from
    the progress reports (by the month a report's period ends).

    A derived table: the all-zones ranking would otherwise sum a million
    reports on every view. The services keep it current: every write of a
    report, and every move or deletion of a project, goes through
    ``projects.services`` (the admin's included), which refreshes the months
    concerned in the same transaction. ``manage.py refresh_month_totals``
    rebuilds it after bulk loads, which bypass the services.
    """

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="month_totals")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    investment_completed = amount_field(_("investment completed"), default=Decimal("0"))
    funds_in_place = amount_field(_("funds in place"), default=Decimal("0"))
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly total")
        verbose_name_plural = _("monthly totals")
        ordering = ["zone", "month"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "month"], name="zone_month_total_unique"),
        ]

    def __str__(self):
        return f"{self.zone} {self.month:%Y-%m}"
