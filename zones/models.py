"""Zones, the people who run them, the indicators they are judged by, and the
targets and official figures for those indicators."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import ApprovingAuthority, MetricKind, MetricUnit, Qualifier, ZoneType
from .querysets import ReportedFigureQuerySet, TargetQuerySet, ZoneQuerySet

# 万元 amounts up to 10^12 万元 (10^16 yuan) with two decimals: no plausible
# investment figure comes near, and a typo of several extra digits is caught
# by the validators on the forms rather than by an overflow.
AMOUNT_DIGITS = 16
AMOUNT_PLACES = 2


class SourceArticle(models.Model):
    """A published report the seed data was read from (来源文章).

    Only the bibliographic facts are kept, never the article text: one of the
    two seed articles forbids republication.
    """

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=_("Stable identifier, e.g. the file name."))
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    site = models.CharField(_("published on"), max_length=200, blank=True)
    section = models.CharField(_("section"), max_length=100, blank=True)
    reporter = models.CharField(_("reporter"), max_length=100, blank=True)
    correspondent = models.CharField(_("correspondent"), max_length=100, blank=True)
    editor = models.CharField(_("editor"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    event_date = models.DateField(_("date of the event reported"), null=True, blank=True)
    rights_note = models.CharField(_("rights note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")
        ordering = ["-event_date", "title"]

    def __str__(self):
        return self.title


class Sourced(models.Model):
    """A record read from an article: which one, and the sentence it rests on."""

    source = models.ForeignKey(
        SourceArticle, verbose_name=_("source article"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_quote = models.CharField(
        _("source quotation"), max_length=500, blank=True, help_text=_("The short sentence of the source this rests on.")
    )

    class Meta:
        abstract = True


class Industry(models.Model):
    """An industry or a link of an industry chain (产业 / 产业链)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent industry"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["name"]

    def __str__(self):
        return self.name


zone_code_validator = RegexValidator(
    r"^[GS]\d{6}$",
    _("A catalogue code is G (national) or S (provincial) followed by six digits, e.g. G371152."),
)


class Zone(Sourced):
    """A development zone (开发区), with its entry in the national catalogue
    《中国开发区审核公告目录》."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    code = models.CharField(
        _("catalogue code"), max_length=7, unique=True, null=True, blank=True, validators=[zone_code_validator]
    )
    approving_authority = models.CharField(
        _("approving authority"), max_length=20, choices=ApprovingAuthority.choices, blank=True
    )
    zone_type = models.CharField(_("zone type"), max_length=20, choices=ZoneType.choices, blank=True)
    approved_on = models.DateField(
        _("approval month"), null=True, blank=True, help_text=_("The catalogue gives a month; the day is always the 1st.")
    )
    approved_area_ha = models.DecimalField(
        _("approved area (hectares)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    catalogue_industries = models.CharField(_("main industries in the catalogue"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    county = models.CharField(_("county or district"), max_length=50, blank=True)
    leading_industries = models.ManyToManyField(
        Industry, verbose_name=_("leading industries"), blank=True, related_name="leading_in_zones"
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=["leading_industries"])

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("development zone")
        verbose_name_plural = _("development zones")
        ordering = ["name"]
        permissions = [("view_all_zones", _("Can see every zone (city-level manager)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_area_ha__isnull=True) | Q(approved_area_ha__gte=0),
                name="zone_area_not_negative",
                violation_error_message=_("The approved area cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def level(self):
        """国家级 or 省级 follows from who approved the zone."""
        if self.approving_authority == ApprovingAuthority.STATE_COUNCIL:
            return _("national")
        if self.approving_authority == ApprovingAuthority.PROVINCE:
            return _("provincial")
        return ""


class Official(Sourced):
    """A person who holds titles in a zone (管委会/党工委 官员 or 招商专员).

    Officials lead projects and directives (揭榜挂帅) and help them along
    (帮包); one who also uses devzone is linked to their account.
    """

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="officials")
    name = models.CharField(_("name"), max_length=50)
    titles = models.CharField(_("titles"), max_length=300, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="official_unique_name_in_zone",
                violation_error_message=_("This zone already has an official of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Mechanism(Sourced):
    """A named working method or policy of a zone (机制), such as 揭榜挂帅 or
    周调度、月通报、年考核."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="mechanisms")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="mechanism_unique_name_in_zone",
                violation_error_message=_("This zone already has a mechanism of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Metric(models.Model):
    """An indicator zones set targets for and report on (考核指标)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MetricKind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=MetricUnit.choices)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Metrics are rows, not msgids: the English name is kept beside the
        Chinese one and chosen by the active language."""
        if self.name_en and not get_language().startswith("zh"):
            return self.name_en
        return self.name


class PeriodFigure(Sourced):
    """A value of a metric for a zone and a period: a year, or one quarter or
    one month of it. Targets and reported figures share this shape."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)
    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1978), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("In the metric's unit; amounts in 10,000 yuan."),
    )
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def period_constraints(cls, prefix, duplicate_message):
        """The period rules and the one-figure-per-period rule, named after the
        concrete model. Three partial unique constraints because NULL quarter
        or month would otherwise never collide."""
        return [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(month__isnull=True),
                name=f"{prefix}_quarter_or_month",
                violation_error_message=_("Give a quarter or a month, not both."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name=f"{prefix}_quarter_range",
                violation_error_message=_("A quarter is 1 to 4."),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name=f"{prefix}_month_range",
                violation_error_message=_("A month is 1 to 12."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name=f"{prefix}_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["zone", "metric", "year"],
                condition=Q(quarter__isnull=True, month__isnull=True),
                name=f"{prefix}_unique_year",
                violation_error_message=duplicate_message,
            ),
            models.UniqueConstraint(
                fields=["zone", "metric", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name=f"{prefix}_unique_quarter",
                violation_error_message=duplicate_message,
            ),
            models.UniqueConstraint(
                fields=["zone", "metric", "year", "month"],
                condition=Q(month__isnull=False),
                name=f"{prefix}_unique_month",
                violation_error_message=duplicate_message,
            ),
        ]

    @property
    def period_label(self):
        if self.quarter:
            return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}
        if self.month:
            return _("%(year)s-%(month)02d") % {"year": self.year, "month": self.month}
        return str(self.year)


class Target(PeriodFigure):
    """A planned value a zone set itself for a period (目标任务), usually at a
    meeting (the meeting links to it: see ``meetings.Meeting.targets``)."""

    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["zone", "-year", "metric__sort_order"]
        default_related_name = "targets"
        constraints = PeriodFigure.period_constraints(
            "target", _("This zone already has a target for this metric and period.")
        )

    def __str__(self):
        return f"{self.zone} {self.period_label} {self.metric}"


class ReportedFigure(PeriodFigure):
    """An official statistic as published (公布数据), kept apart from what
    devzone computes from project records so that the two can be compared."""

    yoy_growth_percent = models.DecimalField(
        _("year-over-year growth (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True, validators=[MinValueValidator(1)])
    rank_scope = models.CharField(_("ranked among"), max_length=50, blank=True, help_text=_("e.g. the city's zones"))
    history = HistoricalRecords()

    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["zone", "-year", "metric__sort_order"]
        default_related_name = "reported_figures"
        constraints = PeriodFigure.period_constraints(
            "reported", _("This zone already has a reported figure for this metric and period.")
        ) + [
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1),
                name="reported_rank_positive",
                violation_error_message=_("A rank starts at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.zone} {self.period_label} {self.metric}"


class Membership(models.Model):
    """A user's place in a zone: what they may see and record there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="memberships")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("zone membership")
        verbose_name_plural = _("zone memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "zone"],
                name="membership_unique",
                violation_error_message=_("This user is already a member of this zone."),
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.zone}"
