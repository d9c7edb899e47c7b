"""The project changelist's search finds exactly what Django's own search
over ``search_fields`` finds, in a faster shape (the matching investors and
zones looked up first, and a plain LIKE for short terms without letter
case)."""
import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import querysets
from projects.models import InvestmentProject
from tests.factories import EnterpriseFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db

TERMS = [
    "新材料", "智能", "潍坊", "经开区", "ACME", "acme", "Acme 新材料", '"年产5万吨"', "5G", "5g", "不存在", "项目 潍坊",
    "恒华", "Materials", "100%", "%", "_", "a_b", '"新材料 产业园"', "测试高新技术",
]


@pytest.fixture
def projects():
    weifang = ZoneFactory(name="潍坊经济技术开发区", short_name="潍坊经开区")
    other = ZoneFactory(name="测试高新技术产业开发区", short_name="测试高新区")
    third = ZoneFactory(name="绿色低碳示范园区", short_name="低碳园区")
    acme = EnterpriseFactory(name="ACME Materials Ltd", short_name="Acme新材料")
    smart = EnterpriseFactory(name="恒华智能装备有限公司", short_name="恒华智能")
    underscore = EnterpriseFactory(name="A_B Chemicals", short_name="A_B")
    lookalike = EnterpriseFactory(name="AxB Chemicals")  # _ must not match any character
    return [
        ProjectFactory(zone=weifang, name="年产5万吨高性能复合材料项目", investor=acme),
        ProjectFactory(zone=other, name="5G通信设备项目", investor=smart),
        ProjectFactory(zone=other, name="数据中心项目", investor=None),
        ProjectFactory(zone=weifang, name="新材料产业园项目", investor=smart),
        ProjectFactory(zone=third, name="100%绿电示范项目", investor=underscore),
        ProjectFactory(zone=third, name="1000吨绿电项目", investor=lookalike),
    ]


def search(term, *, default=False):
    model_admin = admin.site._registry[InvestmentProject]
    request = RequestFactory().get("/", {"q": term})
    search = admin.ModelAdmin.get_search_results if default else type(model_admin).get_search_results
    queryset, duplicates = search(model_admin, request, InvestmentProject.objects.all(), term)
    return sorted(queryset.values_list("name", flat=True)), duplicates


@pytest.mark.parametrize("term", TERMS)
def test_it_finds_what_the_default_search_finds(projects, term):
    assert search(term) == search(term, default=True)


def test_it_reaches_the_investor_and_the_zone(projects):
    """By investor name or short name, by zone name or short name, and case-insensitively for Latin letters."""
    assert search("acme materials") == (["年产5万吨高性能复合材料项目"], False)
    assert search("恒华智能")[0] == ["5G通信设备项目", "新材料产业园项目"]
    assert search("潍坊经开区")[0] == ["年产5万吨高性能复合材料项目", "新材料产业园项目"]
    assert search("测试高新技术")[0] == ["5G通信设备项目", "数据中心项目"]


@pytest.mark.parametrize("term", TERMS)
def test_it_finds_the_same_when_related_rows_are_too_many_to_list(projects, term, monkeypatch):
    """Past the id-list limit the investors and zones are matched in subqueries: same rows."""
    monkeypatch.setattr(querysets, "ID_LIST_LIMIT", 0)
    assert search(term) == search(term, default=True)


def test_percent_and_underscore_are_literal(projects):
    assert search("100%")[0] == ["100%绿电示范项目"]
    assert search("a_b")[0] == ["100%绿电示范项目"]


def count_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)


def test_the_searched_changelist_query_count_is_pinned_and_flat(admin_client):
    """The changelist's seven queries and, for a first search word with a
    trigram, one for the matching investors and one for the matching zones;
    later words add none."""
    url = reverse("admin:projects_investmentproject_changelist")
    zone = ZoneFactory(name="新材料产业开发区")
    for n in range(3):
        ProjectFactory(zone=zone, name=f"新材料项目{n}")
    admin_client.get(url)  # warm the session and content-type caches
    few = count_queries(admin_client, url, {"q": "新材料"})
    for n in range(30):
        ProjectFactory(name=f"新材料甲{n}", investor=EnterpriseFactory(name=f"新材料企业{n}"))
    many = count_queries(admin_client, url, {"q": "新材料"})
    assert (few, many) == (9, 9)
    assert count_queries(admin_client, url, {"q": "新材料 项目"}) == 9
    assert count_queries(admin_client, url, {"q": "新材料 产业园"}) == 9
    assert count_queries(admin_client, url, {"q": "新材料 产业园 复合材料 高性能"}) == 9
