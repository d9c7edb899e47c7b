from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MOBILIZATION = "mobilization", _("Mobilization meeting")
    WORK_CONFERENCE = "work_conference", _("Annual work conference")
    PROMOTION_CONFERENCE = "promotion_conference", _("Promotion conference")
    SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
    DISPATCH = "dispatch", _("Dispatch meeting")
    OTHER = "other", _("Other meeting")


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chaired")
    SPEAKER = "speaker", _("Spoke")
    READER = "reader", _("Read out a document")
    ATTENDEE = "attendee", _("Attended")


class DirectiveCategory(models.TextChoices):
    PROJECT_CONSTRUCTION = "project_construction", _("Project construction")
    INVESTMENT_ATTRACTION = "investment_attraction", _("Investment attraction")
    BUSINESS_ENVIRONMENT = "business_environment", _("Business environment")
    PARTY_CONDUCT = "party_conduct", _("Party work and conduct")


class DirectiveStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActivityKind(models.TextChoices):
    OUTBOUND_VISIT = "outbound_visit", _("Outbound visit")
    INVESTOR_RECEPTION = "investor_reception", _("Investor reception")
    PROMOTION_CONFERENCE = "promotion_conference", _("Promotion conference")
    SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
