"""The project list's free search finds exactly the rows it found before it
was reshaped for the indexes: projects whose name, or whose investor's name,
contains the term, case-insensitively, with % and _ taken literally."""
import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import querysets
from projects.models import Enterprise, InvestmentProject
from projects.querysets import text_lookup
from tests.factories import EnterpriseFactory, ProjectFactory, ZoneFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db

TERMS = [
    "新材料",  # in project names and investor names
    "恒华智能",  # an investor's name only
    "产业园",  # a project's name only
    "智能",  # two characters: no trigram
    "材",  # one
    "ACME", "acme", "Acme Materials",  # letter case
    "5G", "5g", "100%", "%", "_", "A_B", "a_b", "\\", "'", "年产5万吨",
    "不存在的项目",
]


@pytest.fixture
def zone():
    return ZoneFactory(name="潍坊经济技术开发区", short_name="潍坊经开区")


@pytest.fixture
def projects(zone):
    acme = EnterpriseFactory(name="ACME Materials Ltd")
    smart = EnterpriseFactory(name="恒华智能装备有限公司")
    materials = EnterpriseFactory(name="山东新材料科技有限公司")
    underscore = EnterpriseFactory(name="A_B Chemicals")
    lookalike = EnterpriseFactory(name="AxB Chemicals")  # _ must not match any character
    rows = [
        ProjectFactory(zone=zone, name="年产5万吨高性能复合材料项目", investor=acme),
        ProjectFactory(zone=zone, name="5G通信设备项目", investor=smart),
        ProjectFactory(zone=zone, name="数据中心项目", investor=None),
        ProjectFactory(zone=zone, name="新材料产业园项目", investor=smart),
        ProjectFactory(zone=zone, name="高端聚烯烃项目", investor=materials),
        ProjectFactory(zone=zone, name="新材料中试基地项目", investor=materials),
        ProjectFactory(zone=zone, name="100%绿电示范项目", investor=underscore),
        ProjectFactory(zone=zone, name="1000吨绿电项目", investor=lookalike),
        ProjectFactory(zone=zone, name="智能仓储项目", investor=None),
    ]
    ProjectFactory(name="新材料另区项目")  # another zone: the staff member does not see it
    return rows


def found_before(queryset, term):
    """The search as it was written before: the reference for every shape."""
    investors = Enterprise.objects.filter(name__icontains=term).values("pk")
    return sorted(queryset.filter(Q(name__icontains=term) | Q(investor__in=investors)).values_list("name", flat=True))


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


@pytest.mark.parametrize("term", TERMS)
def test_it_finds_what_the_search_found_before(projects, term):
    assert names(InvestmentProject.objects.search(term)) == found_before(InvestmentProject.objects.all(), term)


@pytest.mark.parametrize("term", TERMS)
def test_it_finds_the_same_when_investors_are_too_many_to_list(projects, term, monkeypatch):
    """Past the id-list limit the investors are matched in a subquery: same rows."""
    monkeypatch.setattr(querysets, "ID_LIST_LIMIT", 0)
    assert names(InvestmentProject.objects.search(term)) == found_before(InvestmentProject.objects.all(), term)


def test_matching_investors_are_listed_up_to_the_limit_then_subqueried(projects, monkeypatch):
    assert "IN (SELECT" not in str(InvestmentProject.objects.search("新材料").query)
    monkeypatch.setattr(querysets, "ID_LIST_LIMIT", 0)
    assert "IN (SELECT" in str(InvestmentProject.objects.search("新材料").query)


def test_a_term_without_a_trigram_matches_investors_in_a_subquery(projects):
    """No index serves it, so listing the investors first would not pay."""
    assert "IN (SELECT" in str(InvestmentProject.objects.search("智能").query)


def test_it_matches_by_name_by_investor_and_by_both(projects):
    assert names(InvestmentProject.objects.search("产业园")) == ["新材料产业园项目"]
    assert names(InvestmentProject.objects.search("恒华智能")) == ["5G通信设备项目", "新材料产业园项目"]
    assert names(InvestmentProject.objects.search("新材料")) == [
        "新材料中试基地项目", "新材料产业园项目", "新材料另区项目", "高端聚烯烃项目",
    ]
    assert names(InvestmentProject.objects.search("智能")) == ["5G通信设备项目", "新材料产业园项目", "智能仓储项目"]


def test_percent_and_underscore_are_literal(projects):
    assert names(InvestmentProject.objects.search("100%")) == ["100%绿电示范项目"]
    assert names(InvestmentProject.objects.search("a_b")) == ["100%绿电示范项目"]
    assert names(InvestmentProject.objects.search("%")) == ["100%绿电示范项目"]


@pytest.mark.parametrize("term", TERMS)
def test_the_list_page_shows_the_same_rows_and_count(client, zone, projects, term):
    client.force_login(staff_of(zone))
    response = client.get(reverse("projects:project_list"), {"q": term})
    expected = found_before(InvestmentProject.objects.filter(zone=zone), term)
    assert sorted(p.name for p in response.context["object_list"]) == expected
    assert response.context["paginator"].count == len(expected)


@pytest.mark.parametrize(
    "term, lookup",
    [
        ("智能", "contains"),  # no letter case, no trigram: a plain LIKE scan
        ("12", "contains"),
        ("%_", "contains"),
        ("新材料", "icontains"),  # a trigram: the index on UPPER(name)
        ("新 材料", "contains"),
        ("ab", "icontains"),  # letter case: only icontains finds "AB"
        ("5G", "icontains"),
        ("a_b", "icontains"),
    ],
)
def test_the_lookup_is_the_one_an_index_or_a_plain_scan_serves(term, lookup):
    assert text_lookup(term) == lookup


def count_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)


@pytest.mark.parametrize("term, queries", [("新材料", 10), ("智能", 9)])
def test_the_searched_list_query_count_is_pinned_and_flat(client, zone, term, queries):
    """The list's nine queries, and one to find the matching investors when
    the term has a trigram."""
    client.force_login(staff_of(zone))
    url = reverse("projects:project_list")
    for n in range(3):
        ProjectFactory(zone=zone, name=f"{term}项目{n}")
    few = count_queries(client, url, {"q": term})
    for n in range(30):
        ProjectFactory(zone=zone, name=f"{term}甲{n}", investor=EnterpriseFactory(name=f"{term}企业{n}"))
    many = count_queries(client, url, {"q": term})
    assert (few, many) == (queries, queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only")
def test_the_trigram_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('project_name_trgm', 'enterprise_name_trgm', 'enterprise_short_name_trgm')"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == [
            "enterprise_name_trgm", "enterprise_short_name_trgm", "project_name_trgm",
        ]
