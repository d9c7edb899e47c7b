from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The pipeline 线索 → 洽谈 → 签约 → 开工 → 投产, plus 终止 (withdrawn)."""

    LEAD = "lead", _("Lead")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Started construction")
    PRODUCTION = "production", _("In production")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Position of each stage in the pipeline; withdrawn stands outside it.
STAGE_ORDER = {
    Stage.LEAD: 0,
    Stage.NEGOTIATING: 1,
    Stage.SIGNED: 2,
    Stage.STARTED: 3,
    Stage.PRODUCTION: 4,
}

SIGNED_OR_LATER = [Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION]
STARTED_OR_LATER = [Stage.STARTED, Stage.PRODUCTION]

# A move into these stages counts in the statistics only once a manager of
# the zone has confirmed it (甄别).
STAGES_NEEDING_CONFIRMATION = {Stage.SIGNED, Stage.STARTED, Stage.PRODUCTION}


class StageChangeStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
