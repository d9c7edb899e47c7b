"""The project changelist's search finds exactly what Django's own search
over ``search_fields`` finds, in a faster shape (subqueries, and a plain
LIKE for terms without letter case)."""
import pytest
from django.contrib import admin
from django.test import RequestFactory

from projects.models import InvestmentProject
from tests.factories import EnterpriseFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db

TERMS = [
    "新材料", "智能", "潍坊", "经开区", "ACME", "acme", "Acme 新材料", '"年产5万吨"', "5G", "5g", "不存在", "项目 潍坊",
]


@pytest.fixture
def projects():
    weifang = ZoneFactory(name="潍坊经济技术开发区", short_name="潍坊经开区")
    other = ZoneFactory(name="测试高新技术产业开发区", short_name="测试高新区")
    acme = EnterpriseFactory(name="ACME Materials Ltd", short_name="Acme新材料")
    smart = EnterpriseFactory(name="恒华智能装备有限公司", short_name="恒华智能")
    return [
        ProjectFactory(zone=weifang, name="年产5万吨高性能复合材料项目", investor=acme),
        ProjectFactory(zone=other, name="5G通信设备项目", investor=smart),
        ProjectFactory(zone=other, name="数据中心项目", investor=None),
        ProjectFactory(zone=weifang, name="新材料产业园项目", investor=smart),
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
