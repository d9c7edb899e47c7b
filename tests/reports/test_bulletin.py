"""The monthly bulletin (月通报) against numbers worked out by hand from the
world of conftest.py: October 2024, 序时进度 305 / 366 = 83.3%."""
import datetime
from decimal import Decimal

import pytest

from insights.models import Bulletin
from insights.reports import drafting, selectors, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

OCT_31 = datetime.date(2024, 10, 31)


def numbers(entry, *keys):
    """Stored decimals are strings (no float on the way); compare values."""
    return tuple(None if entry[key] is None else Decimal(entry[key]) for key in keys)


def section(data, code):
    return next(s for s in data["metrics"] if s["code"] == code)


def row(data, code, zone):
    return next(r for r in section(data, code)["rows"] if r["zone_id"] == zone.pk)


def test_it_ranks_the_zones_with_completion_gap_growth_and_rank(world):
    """Signed projects, 1 January to 31 October 2024:
    甲区 3 of 4 = 75.0%, 75.0 - 83.3 = -8.3 points (yellow), last year 2, +50.0%, first;
    乙区 1 of 2 = 50.0%, -33.3 points (red), last year 1, 0.0%, second."""
    data = selectors.bulletin_figures(year=2024, month=10, as_of=OCT_31)
    assert data["elapsed"] == "83.3"
    assert data["scope"] == "全市"
    assert {zone["name"] for zone in data["zones"]} == {"甲经济开发区", "乙经济开发区"}  # 丙 takes no part
    a = row(data, "signed_projects", world["a"])
    assert numbers(a, "actual", "target", "completion", "gap", "last_year", "growth") == (3, 4, Decimal("75.0"), Decimal("-8.3"), 2, Decimal("50.0"))
    assert (a["light"], a["rank"]) == ("yellow", 1)
    b = row(data, "signed_projects", world["b"])
    assert numbers(b, "actual", "target", "completion", "gap", "last_year", "growth") == (1, 2, Decimal("50.0"), Decimal("-33.3"), 1, 0)
    assert (b["light"], b["rank"]) == ("red", 2)
    # The rows come in rank order.
    assert [r["zone_id"] for r in section(data, "signed_projects")["rows"]] == [world["a"].pk, world["b"].pk]


def test_the_totals_compare_the_zones_that_have_a_target(world):
    """Signed: 4 of 4 + 2 = 66.7%, 66.7 - 83.3 = -16.6 points, last year 3,
    growth 1 / 3 = +33.3%. Funds in place: only 甲区 has a target, 800 of
    1,000 = 80.0%."""
    data = selectors.bulletin_figures(year=2024, month=10, as_of=OCT_31)
    total = section(data, "signed_projects")["total"]
    assert numbers(total, "actual", "target", "completion", "gap", "last_year", "growth") == (
        4, 6, Decimal("66.7"), Decimal("-16.6"), 3, Decimal("33.3")
    )
    funds = section(data, "funds_in_place")["total"]
    assert numbers(funds, "actual", "target", "completion") == (800, 1000, Decimal("80.0"))
    assert funds["growth"] is None  # nothing last year


def test_the_drafted_paragraphs_read_like_a_bulletin(world):
    """Chinese whatever the interface language; amounts from 1 亿元 up in
    亿元, smaller ones in 万元; a metric with neither target nor figure is
    left out (no project of 1 亿元 or more, no activity)."""
    data = services.bulletin_compute(year=2024, month=10, as_of=OCT_31)
    paragraphs = data["paragraphs"]
    assert paragraphs["overall"] == (
        "1-10月，全市2个开发区签约项目4个，完成年度目标的66.7%，低于序时进度16.6个百分点，同比增长33.3%；"
        "签约项目计划总投资2.00亿元，同比增长33.3%；"
        "到位资金800.00万元，完成年度目标的80.0%，低于序时进度3.3个百分点；"
        "完成投资1,200.00万元。"
    )
    by_zone = {p["zone_id"]: p["text"] for p in paragraphs["zones"]}
    assert by_zone[world["a"].pk] == (
        "1-10月，甲区签约项目3个，完成年度目标的75.0%，低于序时进度8.3个百分点，同比增长50.0%，居全市第1位；"
        "签约项目计划总投资1.50亿元，同比增长50.0%，居全市第1位；"
        "到位资金800.00万元，完成年度目标的80.0%，低于序时进度3.3个百分点，居全市第1位；"
        "完成投资1,200.00万元，居全市第1位。"
    )
    assert by_zone[world["b"].pk] == (
        "1-10月，乙区签约项目1个，完成年度目标的50.0%，低于序时进度33.3个百分点，与上年同期持平，居全市第2位；"
        "签约项目计划总投资5,000.00万元，与上年同期持平，居全市第2位。"
    )


@pytest.mark.parametrize(
    "gap, words",
    [(Decimal("6.7"), "高于序时进度6.7个百分点"), (Decimal("-0.05"), "低于序时进度0.1个百分点"), (Decimal("0"), "与序时进度持平")],
)
def test_the_schedule_words(gap, words):
    assert drafting.schedule_words(gap) == words


def test_growth_can_fall_and_january_is_one_month():
    assert drafting.growth_words(Decimal("-5")) == "同比下降5.0%"
    assert drafting.period_words(1) == "1月"
    assert drafting.rank_words(3, scope="", zone_count=12) == "在12个开发区中居第3位"


def test_producing_a_month_twice_replaces_its_bulletin(world):
    """Same row, new content: there is never a second bulletin of a month."""
    first = services.bulletin_produce(year=2024, month=10)
    assert first.as_of == OCT_31
    world["projects"]["a4"].signed_on = datetime.date(2024, 10, 15)  # a fourth signing in October
    world["projects"]["a4"].save()
    second = services.bulletin_produce(year=2024, month=10)
    assert Bulletin.objects.count() == 1
    assert second.pk == first.pk
    assert Decimal(row(second.data, "signed_projects", world["a"])["actual"]) == 4
    assert second.text.startswith("1-10月，全市2个开发区签约项目5个")


def test_a_failure_while_computing_leaves_the_previous_bulletin(world, monkeypatch):
    """Everything is computed before the write: an error halfway (or a killed
    worker) leaves last production's bulletin untouched."""
    first = services.bulletin_produce(year=2024, month=10)

    def broken(*args, **kwargs):
        raise RuntimeError("数据库读取中断")

    monkeypatch.setattr(services.drafting, "draft", broken)
    world["projects"]["a4"].signed_on = datetime.date(2024, 10, 15)
    world["projects"]["a4"].save()
    with pytest.raises(RuntimeError):
        services.bulletin_produce(year=2024, month=10)
    kept = Bulletin.objects.get()
    assert (kept.pk, kept.generated_at, kept.data, kept.text) == (first.pk, first.generated_at, first.data, first.text)


def test_a_failure_while_writing_rolls_the_write_back(world, monkeypatch):
    """The write is one transaction: an error inside it keeps the old row."""
    first = services.bulletin_produce(year=2024, month=10)

    def broken(*args, **kwargs):
        raise RuntimeError("写入中断")

    monkeypatch.setattr(services.drafting, "as_text", broken)
    with pytest.raises(RuntimeError):
        services.bulletin_produce(year=2024, month=10)
    assert Bulletin.objects.get().generated_at == first.generated_at


def test_a_month_that_has_not_begun_is_refused(world):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    today = timezone.localdate()
    year, month = (today.year + 1, 1)
    with pytest.raises(ValidationError):
        services.bulletin_produce(year=year, month=month)


def test_the_month_in_progress_counts_to_today(world):
    from django.utils import timezone

    today = timezone.localdate()
    assert services.bulletin_as_of(year=today.year, month=today.month) == today
    assert services.bulletin_as_of(year=2024, month=2) == datetime.date(2024, 2, 29)
