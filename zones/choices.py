from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovingAuthority(models.TextChoices):
    STATE_COUNCIL = "state_council", _("State Council")
    PROVINCE = "province", _("Provincial government")


class ZoneType(models.TextChoices):
    ETDZ = "etdz", _("Economic and technological development zone")
    HIGH_TECH = "high_tech", _("High-tech industrial development zone")
    BONDED = "bonded", _("Special customs supervision area")
    BORDER = "border", _("Border or cross-border economic cooperation zone")
    ECONOMIC = "economic", _("Economic development zone")
    INDUSTRIAL = "industrial", _("Industrial park")
    OTHER = "other", _("Other development zone")


class Qualifier(models.TextChoices):
    """How a published figure bounds its value: 超700亿元 is not 700亿元."""

    EXACT = "exact", _("exactly")
    OVER = "over", _("over")
    MORE_THAN = "more_than", _("more than")
    NEARLY = "nearly", _("nearly")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")


class MetricKind(models.TextChoices):
    COUNT = "count", _("Count")
    AMOUNT = "amount", _("Amount")
    PERCENT = "percent", _("Percentage")


class MetricUnit(models.TextChoices):
    WAN_YUAN = "wan_yuan", _("10,000 yuan")
    PROJECTS = "projects", _("projects")
    BATCHES = "batches", _("batches")
    EVENTS = "events", _("events")
    PERCENT = "percent", _("%")


class MetricCode(models.TextChoices):
    """The codes of the metric catalogue (loaded by migration 0002). Code that
    computes a metric refers to it by one of these."""

    SIGNED_PROJECTS = "signed_projects", _("Signed projects")
    FUNDS_IN_PLACE = "funds_in_place", _("Funds in place")
    PLANNED_TOTAL_INVESTMENT = "planned_total_investment", _("Planned total investment of signed projects")
    ANNUAL_PLANNED_INVESTMENT = "annual_planned_investment", _("Annual planned investment")
    INVESTMENT_COMPLETED = "investment_completed", _("Investment completed")
    PROJECTS_OVER_100M = "projects_over_100m", _("Projects of 100 million yuan and more")
    PROJECTS_OVER_1B = "projects_over_1b", _("Projects of 1 billion yuan and more")
    FORTUNE500_PROJECTS = "fortune500_projects", _("Fortune-500 projects")
    FOUR_NEW_PROJECTS = "four_new_projects", _("Four-new economy projects")
    PROMOTION_ACTIVITIES = "promotion_activities", _("Promotion activities")
    INVESTOR_VISITS = "investor_visits", _("Investor visits received")
    COMMENCEMENT_RATE = "commencement_rate", _("Commencement rate of signed projects")
    KEY_PROJECTS = "key_projects", _("Key projects")
    KEY_PROJECTS_INVESTMENT = "key_projects_investment", _("Total investment of key projects")
    MAJOR_PROJECTS = "major_projects", _("Major projects")
    MAJOR_PROJECTS_INVESTMENT = "major_projects_investment", _("Total investment of major projects")
    PROMOTION_EVENTS = "promotion_events", _("Promotion events held")
    INTRODUCED_PROJECTS = "introduced_projects", _("Projects introduced")
    CITY_SHARE_F500_FOUR_NEW = "city_share_f500_four_new", _("Share of the city's Fortune-500 and four-new projects")
