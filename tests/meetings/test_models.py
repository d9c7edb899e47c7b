"""Directive and activity invariants."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import DirectiveFactory, MeetingFactory, OfficialFactory, PromotionActivityFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_a_directive_lead_must_belong_to_the_meetings_zone():
    directive = DirectiveFactory.build(meeting=MeetingFactory(), lead_official=OfficialFactory())
    with pytest.raises(ValidationError) as excinfo:
        directive.full_clean()
    assert "lead_official" in excinfo.value.message_dict


def test_only_a_done_directive_has_a_completion_date():
    directive = DirectiveFactory.build(meeting=MeetingFactory(), status="open", completed_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        directive.full_clean()
    assert "Only a finished directive has a completion date." in str(excinfo.value)


def test_an_activity_year_follows_its_date():
    activity = PromotionActivityFactory(zone=ZoneFactory(), date=datetime.date(2023, 12, 30), year=2023)
    activity.date = datetime.date(2024, 1, 2)
    activity.save()
    activity.refresh_from_db()
    assert activity.year == 2024


def test_an_activity_year_that_contradicts_its_date_is_refused():
    activity = PromotionActivityFactory.build(zone=ZoneFactory(), date=datetime.date(2024, 1, 2), year=2023)
    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()
    assert "year" in excinfo.value.message_dict
