"""The annual assessment (年考核): a score per zone with its breakdown,
worked out by hand. Scheme: 60 points for signed projects, 40 for funds in
place, completion counted up to 100%, minus 1 per signed project past its
planned start and 0.5 per directive past due; figures to 2024-10-31."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from insights.models import AssessmentResult
from insights.reports import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

OCT_31 = datetime.date(2024, 10, 31)


def test_each_zone_is_scored_with_its_breakdown(world, scheme):
    """甲区: 60 × 75.0% = 45.00, 40 × 80.0% = 32.00, earned 77.00; 甲一 is
    signed and past its planned start (-1.00), one directive past due
    (-0.50): 75.50, first. 乙区: 60 × 50.0% = 30.00, no funds target (0),
    nothing deducted: 30.00, second."""
    results = services.assessment_produce(scheme=scheme, as_of=OCT_31)
    by_zone = {r.zone: r for r in results}
    a, b = by_zone[world["a"]], by_zone[world["b"]]
    assert (a.score, a.rank, b.score, b.rank) == (Decimal("75.50"), 1, Decimal("30.00"), 2)
    lines = {line["code"]: line for line in a.breakdown["metrics"]}
    assert (Decimal(lines["signed_projects"]["completion"]), lines["signed_projects"]["points"]) == (Decimal("75.0"), "45.00")
    assert lines["funds_in_place"]["points"] == "32.00"
    assert [(d["code"], d["count"], d["points"]) for d in a.breakdown["deductions"]] == [
        ("overdue_start", 1, "1.00"),
        ("overdue_directives", 1, "0.50"),
    ]
    assert (a.breakdown["earned"], a.breakdown["deducted"], a.breakdown["score"]) == ("77.00", "1.50", "75.50")
    funds_b = next(line for line in b.breakdown["metrics"] if line["code"] == "funds_in_place")
    assert (funds_b["points"], funds_b["note"]) == ("0.00", "no_target")


def test_completion_above_the_cap_counts_as_the_cap(world, scheme):
    """乙区's target of 2 lowered to 1: 100% of 1. With the cap at 100 it
    earns the full 60, not more."""
    from zones.models import Target

    Target.objects.filter(zone=world["b"], metric__code="signed_projects").update(value=Decimal("0.5"))
    results = services.assessment_produce(scheme=scheme, as_of=OCT_31)
    b = next(r for r in results if r.zone == world["b"])
    line = next(line for line in b.breakdown["metrics"] if line["code"] == "signed_projects")
    assert (Decimal(line["completion"]), Decimal(line["counted"]), line["points"]) == (200, 100, "60.00")


def test_scoring_again_replaces_the_results(world, scheme):
    services.assessment_produce(scheme=scheme, as_of=OCT_31)
    scheme.overdue_start_deduction = Decimal("5")
    scheme.save()
    services.assessment_produce(scheme=scheme, as_of=OCT_31)
    assert AssessmentResult.objects.count() == 2
    assert AssessmentResult.objects.get(zone=world["a"]).score == Decimal("71.50")


def test_a_metric_not_computed_from_the_records_earns_nothing_and_says_so(world, scheme):
    scheme.weights = {"signed_projects": 60, "introduced_projects": 40}
    scheme.save()
    results = services.assessment_produce(scheme=scheme, as_of=OCT_31)
    a = next(r for r in results if r.zone == world["a"])
    line = next(line for line in a.breakdown["metrics"] if line["code"] == "introduced_projects")
    assert (line["points"], line["note"]) == ("0.00", "not_computed")


@pytest.mark.parametrize(
    "weights, message",
    [({}, "at least one"), ({"no_such_metric": 1}, "Unknown metric codes: no_such_metric"), ({"signed_projects": -1}, "zero or more")],
)
def test_the_scheme_refuses_bad_weights(world, scheme, weights, message):
    scheme.weights = weights
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert message in str(error.value)
