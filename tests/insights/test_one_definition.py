"""Each figure has one definition (insights.figures), and every page that
shows it agrees: the dashboard card, the dashboard's funnel, the all-zones
ranking, the monthly bulletin and the list the card drills down to.

The fixture is one where the old definitions differed. The commencement
rate (落地开工率) used to be computed twice: started over signed among all
active projects on the funnel (3 of 5 here: 60%), and started over the
projects signed in the period on the cards (1 of 3). The activities card
drilled down to every activity of the period, receptions included (4 here)
while it counted outbound visits, conferences and signing ceremonies (2).
"""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from insights.reports.selectors import bulletin_figures
from projects.choices import Stage
from tests.factories import ProjectFactory, PromotionActivityFactory, TargetFactory, ZoneFactory, metric
from tests.personas import manager_of

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2024, 6, 30)


@pytest.fixture
def zone():
    zone = ZoneFactory(name="甲开发区")
    signed_2024 = dict(zone=zone, stage=Stage.SIGNED, confirmed_stage=Stage.SIGNED)
    started = dict(zone=zone, stage=Stage.STARTED, confirmed_stage=Stage.STARTED)
    ProjectFactory(name="A 今年签约已开工", signed_on=D(2024, 1, 10), started_on=D(2024, 3, 1), **started)
    ProjectFactory(name="B 今年签约", signed_on=D(2024, 2, 1), **signed_2024)
    ProjectFactory(name="C 今年签约", signed_on=D(2024, 3, 1), **signed_2024)
    ProjectFactory(name="D 去年签约已开工", signed_on=D(2023, 5, 1), started_on=D(2023, 8, 1), **started)
    ProjectFactory(name="E 去年签约已开工", signed_on=D(2023, 6, 1), started_on=D(2023, 9, 1), **started)
    for kind, day in [
        ("outbound_visit", D(2024, 2, 5)),
        ("promotion_conference", D(2024, 4, 8)),
        ("investor_reception", D(2024, 3, 3)),
        ("investor_reception", D(2024, 5, 6)),
    ]:
        PromotionActivityFactory(zone=zone, kind=kind, date=day, year=2024)
    TargetFactory(zone=zone, year=2024, metric=metric("commencement_rate"), value=Decimal("80"))
    TargetFactory(zone=zone, year=2024, metric=metric("promotion_activities"), value=Decimal("8"))
    return zone


@pytest.fixture
def manager_client(client, zone):
    client.force_login(manager_of(zone))
    return client


def dashboard(client, zone):
    response = client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": 2024, "as_of": AS_OF})
    assert response.status_code == 200
    return response.context


def card(context, code):
    return next((card, url) for card, url in context["cards"] if card.target.metric.code == code)


def ranking_row(client, zone, code):
    response = client.get(
        reverse("dashboards:ranking"), {"metric": metric(code).pk, "year": 2024, "as_of": AS_OF}
    )
    return next(row for row in response.context["rows"] if row.zone == zone)


def listed(client, url):
    return list(client.get(url).context["object_list"])


def test_the_commencement_rate_agrees_on_card_funnel_ranking_and_drill_down(manager_client, zone):
    # By hand: signed from 1 January to 30 June 2024 are A, B and C; of
    # them A has started: 1 / 3. D and E were signed the year before.
    expected = Decimal(100) / 3
    context = dashboard(manager_client, zone)
    rate, url = card(context, "commencement_rate")

    assert rate.actual == expected
    assert rate.completion == Decimal("41.7")  # 33.33 of a target of 80
    assert context["dashboard"].figures["commencement_rate"] == expected
    assert ranking_row(manager_client, zone, "commencement_rate").actual == expected
    rows = listed(manager_client, url)
    assert sorted(p.name[0] for p in rows) == ["A", "B", "C"]
    started = [p for p in rows if p.confirmed_stage == Stage.STARTED]
    assert Decimal(len(started)) * 100 / len(rows) == expected


def test_the_funnel_prints_the_same_commencement_rate(manager_client, zone):
    response = manager_client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": 2024, "as_of": AS_OF})
    html = response.content.decode()
    funnel = html[html.index("Commencement rate (started of signed)"):]
    assert funnel.split("</tr>")[0].endswith("<strong>33.3%</strong></td>")


def test_the_promotion_activities_agree_on_card_ranking_bulletin_and_drill_down(manager_client, zone):
    # By hand: the outbound visit and the conference count; the two
    # receptions are investor visits, another metric.
    activities, url = card(dashboard(manager_client, zone), "promotion_activities")

    assert activities.actual == 2
    assert ranking_row(manager_client, zone, "promotion_activities").actual == 2
    bulletin = bulletin_figures(year=2024, month=6, as_of=AS_OF)
    section = next(s for s in bulletin["metrics"] if s["code"] == "promotion_activities")
    assert [Decimal(row["actual"]) for row in section["rows"] if row["zone_id"] == zone.pk] == [2]
    assert sorted(a.kind for a in listed(manager_client, url)) == ["outbound_visit", "promotion_conference"]


def test_a_whole_years_activities_drill_down_to_those_recorded_with_only_their_year(manager_client, zone):
    """Over a whole year an activity with no date counts in its year, so the
    drill-down list filters by the year rather than by dates."""
    PromotionActivityFactory(zone=zone, kind="outbound_visit", date=None, year=2024, title="年内外出招商")
    response = manager_client.get(reverse("dashboards:zone"), {"zone": zone.pk, "year": 2024, "as_of": D(2025, 1, 15)})
    activities, url = card(response.context, "promotion_activities")

    assert activities.actual == 3
    assert len(listed(manager_client, url)) == 3
