"""The drafted paragraphs of a monthly bulletin (月通报), in the style the
zones write them:

    1-10月，测试1签约项目12个，完成年度目标的60.0%，低于序时进度23.3个百分点，
    同比增长20.0%，居全市第1位；……

A bulletin is an official Chinese document: it is drafted in Chinese
whatever the language of the interface, so the sentences are Chinese
literals here rather than msgids, and the amounts and units come from the
money formatter with Chinese switched on (then the space the tables put
between number and unit is dropped, as Chinese prose writes "12个").
"""
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from devzone.money import WAN_PER_YI
from devzone.templatetags.money import (
    format_figure,
    format_percent,
    format_wan,
    format_yi,
)
from zones.choices import MetricUnit

TENTH = Decimal("0.1")


def period_words(month):
    """1月 for January, 1-10月 for January to October."""
    return "1月" if month == 1 else f"1-{month}月"


def amount_words(value, unit):
    """A figure with its unit, for prose: counts as 12个 or 5批次, amounts
    from one 亿元 up in 亿元 (3.50亿元), smaller ones in 万元 (800.00万元)."""
    value = Decimal(value)
    with translation.override("zh-hans"):
        if unit == MetricUnit.WAN_YUAN:
            text = format_yi(value) if abs(value) >= WAN_PER_YI else format_wan(value)
        else:
            text = format_figure(value, unit)
    return text.replace(" ", "")


def _points(value):
    return f"{abs(Decimal(value)).quantize(TENTH, rounding=ROUND_HALF_UP)}"


def schedule_words(gap):
    """高于/低于序时进度X个百分点, or 与序时进度持平."""
    gap = Decimal(gap).quantize(TENTH, rounding=ROUND_HALF_UP)
    if gap > 0:
        return f"高于序时进度{_points(gap)}个百分点"
    if gap < 0:
        return f"低于序时进度{_points(gap)}个百分点"
    return "与序时进度持平"


def growth_words(growth):
    growth = Decimal(growth).quantize(TENTH, rounding=ROUND_HALF_UP)
    if growth > 0:
        return f"同比增长{format_percent(growth)}"
    if growth < 0:
        return f"同比下降{format_percent(-growth)}"
    return "与上年同期持平"


def rank_words(rank, *, scope, zone_count):
    if scope:
        return f"居{scope}第{rank}位"
    return f"在{zone_count}个开发区中居第{rank}位"


def metric_clause(section, row, *, scope=None, zone_count=None):
    """One metric of one zone (or of the total, with no rank): the figure,
    then completion and 序时进度 when there is a target, growth when there is
    last year's figure, rank when ranked."""
    parts = [f"{section['name']}{amount_words(row['actual'], section['unit'])}"]
    if row.get("completion") is not None:
        parts.append(f"完成年度目标的{format_percent(row['completion'])}")
        parts.append(schedule_words(row["gap"]))
    if row.get("growth") is not None:
        parts.append(growth_words(row["growth"]))
    if row.get("rank") is not None and zone_count:
        parts.append(rank_words(row["rank"], scope=scope, zone_count=zone_count))
    return "，".join(parts)


def _worth_saying(row):
    """A metric the zone has a target for, or a figure above nothing."""
    return row.get("target") is not None or (row.get("actual") is not None and Decimal(row["actual"]) != 0)


def zone_paragraph(data, zone):
    """The paragraph of one zone of the bulletin ``data``."""
    clauses = []
    for section in data["metrics"]:
        row = next((r for r in section["rows"] if r["zone_id"] == zone["id"]), None)
        if row is None or row.get("actual") is None or not _worth_saying(row):
            continue
        clauses.append(metric_clause(section, row, scope=data["scope"], zone_count=len(data["zones"])))
    name = zone["short_name"] or zone["name"]
    if not clauses:
        return f"{period_words(data['month'])}，{name}暂无可通报的数据。"
    return f"{period_words(data['month'])}，{name}" + "；".join(clauses) + "。"


def overall_paragraph(data):
    """The opening paragraph: the totals across the zones of the bulletin."""
    count = len(data["zones"])
    clauses = [
        metric_clause(section, section["total"])
        for section in data["metrics"]
        if section.get("total") is not None and _worth_saying(section["total"])
    ]
    subject = f"{data['scope']}{count}个开发区" if data["scope"] else f"{count}个开发区合计"
    if not clauses:
        return f"{period_words(data['month'])}，{subject}暂无可通报的数据。"
    return f"{period_words(data['month'])}，{subject}" + "；".join(clauses) + "。"


def draft(data):
    """The bulletin's paragraphs: the overall one, then one per zone in the
    order of the zones (by name)."""
    return {
        "overall": overall_paragraph(data),
        "zones": [{"zone_id": zone["id"], "text": zone_paragraph(data, zone)} for zone in data["zones"]],
    }


def as_text(paragraphs):
    return "\n\n".join([paragraphs["overall"], *(p["text"] for p in paragraphs["zones"])])
