"""The targets a meeting set, with how far each is met: the read side's
fragment that the meeting page loads."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, ProjectFactory, TargetFactory, metric

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("dashboards:meeting_targets", args=[meeting.pk])


@pytest.fixture
def meeting(zone):
    meeting = MeetingFactory(zone=zone)
    year = datetime.date.today().year
    meeting.targets.set(
        [
            TargetFactory(zone=zone, metric=metric("signed_projects"), year=year, value=Decimal("4")),
            TargetFactory(
                zone=zone, metric=metric("major_projects_investment"), year=year, value=Decimal("1600000"), qualifier="over"
            ),
        ]
    )
    return meeting


def test_it_shows_each_target_with_its_planned_value_actual_and_completion(staff_client, zone, meeting):
    """One project signed this year against a target of 4: 1 project, 25.0%."""
    ProjectFactory(zone=zone, signed_on=datetime.date.today().replace(month=1, day=1))

    response = staff_client.get(url(meeting), headers={"HX-Request": "true"})

    assert [row.target.metric.code for row in response.context["progress"]] == [
        "signed_projects",
        "major_projects_investment",
    ]
    signed = response.context["progress"][0]
    assert (signed.actual, signed.completion) == (Decimal(1), Decimal("25.0"))
    html = response.content.decode()
    assert "<html" not in html  # the fragment alone, for htmx to swap in
    assert "over 1,600,000.00 10k yuan" in html and "25.0%" in html
    assert ">completion</th>" in html and ">time elapsed</th>" in html


def test_it_is_a_page_of_its_own_when_opened_without_htmx(staff_client, meeting):
    html = staff_client.get(url(meeting)).content.decode()
    assert "<html" in html and reverse("meetings:meeting_detail", args=[meeting.pk]) in html


def test_it_is_not_found_for_staff_of_another_zone(client, other_staff, meeting):
    client.force_login(other_staff)
    assert client.get(url(meeting)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_login(client, meeting):
    response = client.get(url(meeting))
    assert response.status_code == 302 and reverse("login") in response["Location"]
