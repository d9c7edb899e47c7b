"""Money and figures print one way everywhere: 万元 with separators and two
decimals, 亿元 for headlines, always with the unit (devzone/templatetags/money.py)."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, pgettext

from zones.choices import MetricUnit, Qualifier
from devzone.templatetags.money import (
    format_amount,
    format_figure,
    format_percent,
    format_wan,
    format_yi,
)
from tests.factories import TargetFactory, metric


def wan(amount):
    """The unit string as the active catalogue has it."""
    return gettext("%(amount)s 10k yuan") % {"amount": amount}


def yi(amount):
    return gettext("%(amount)s 100M yuan") % {"amount": amount}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12345.678"), "12,345.68"),
        (Decimal("12345.67"), "12,345.67"),
        (Decimal("0"), "0.00"),
        (0, "0.00"),
        (1234567, "1,234,567.00"),
        (Decimal("999.995"), "1,000.00"),
        # Half up, as statistics round (四舍五入), not Python's half-even.
        (Decimal("0.005"), "0.01"),
        (Decimal("0.125"), "0.13"),
        (Decimal("-1234.5"), "-1,234.50"),
        (0.1, "0.10"),
        ("50000", "50,000.00"),
    ],
)
def test_format_amount_groups_thousands_and_keeps_two_decimals(value, expected):
    """The number part of an amount: thousands separators, two decimals."""
    assert format_amount(value) == expected


def test_format_wan_prints_the_unit():
    """12345.678 万元 prints as 12,345.68 followed by the 万元 unit."""
    assert format_wan(Decimal("12345.678")) == wan("12,345.68")
    assert format_wan(Decimal("12345.678")) == "12,345.68 10k yuan"  # English, the suite's language


def test_format_wan_of_zero_is_a_figure_not_a_dash():
    """Nothing invested is 0.00 万元, which is not the same as unknown."""
    assert format_wan(0) == wan("0.00")


@pytest.mark.parametrize("function", [format_amount, format_wan, format_yi, format_percent])
def test_unknown_is_a_dash(function):
    """None (not yet known) prints as an em dash, without a unit."""
    assert function(None) == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2180000, "218.00"),  # 2,180,000 万元 = 218 亿元
        (Decimal("7000000"), "700.00"),
        (Decimal("12345.678"), "1.23"),
        (Decimal("125000000"), "12,500.00"),
        (Decimal("5000"), "0.50"),
        (0, "0.00"),
    ],
)
def test_format_yi_converts_wan_to_yi(value, expected):
    """亿元 = 万元 / 10,000, two decimals, with the 亿元 unit."""
    assert format_yi(value) == yi(expected)


def test_format_yi_english():
    assert format_yi(2180000) == "218.00 100M yuan"


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (Decimal("68.44"), False, "68.4%"),
        (Decimal("68.45"), False, "68.5%"),
        (70, False, "70.0%"),
        (Decimal("20"), True, "+20.0%"),
        (Decimal("-3.46"), True, "-3.5%"),
        (0, True, "0.0%"),
    ],
)
def test_format_percent_has_one_decimal_and_growth_its_sign(value, signed, expected):
    assert format_percent(value, signed=signed) == expected


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (Decimal("7000000"), MetricUnit.WAN_YUAN, Qualifier.OVER, "over 7,000,000.00 10k yuan"),
        (Decimal("12345.678"), MetricUnit.WAN_YUAN, Qualifier.EXACT, "12,345.68 10k yuan"),
        (Decimal("1100"), MetricUnit.BATCHES, Qualifier.MORE_THAN, "more than 1,100 batches"),
        (Decimal("12.00"), MetricUnit.PROJECTS, Qualifier.EXACT, "12 projects"),
        (Decimal("12.50"), MetricUnit.PROJECTS, Qualifier.ABOUT, "about 12.50 projects"),
        (Decimal("5"), MetricUnit.EVENTS, Qualifier.AT_LEAST, "at least 5 events"),
        (Decimal("70"), MetricUnit.PERCENT, Qualifier.NEARLY, "nearly 70.0%"),
        (Decimal("30"), MetricUnit.PERCENT, Qualifier.AT_LEAST, "at least 30.0%"),
    ],
)
def test_format_figure_keeps_unit_and_qualifier(value, unit, qualifier, expected):
    """A figure keeps the qualifier its source gave and the metric's unit;
    counts print whole, percentages with one decimal and no space."""
    assert format_figure(value, unit, qualifier) == expected


def test_format_figure_without_qualifier_is_exact():
    assert format_figure(Decimal("3"), MetricUnit.PROJECTS) == "3 projects"
    assert format_figure(None, MetricUnit.PROJECTS, Qualifier.OVER) == "—"


def test_format_figure_uses_the_catalogue_for_the_qualifier_and_unit():
    """Qualifier and unit come from translatable strings, so the Chinese
    interface can write 超 … 万元 and 1,100 余批次."""
    with translation.override("zh-hans"):
        unit = pgettext("unit after a count", "batches")
        template = pgettext("figure", "more than %(amount)s %(unit)s")
        assert format_figure(Decimal("1100"), MetricUnit.BATCHES, Qualifier.MORE_THAN) == " ".join(
            (template % {"amount": "1,100", "unit": unit}).split()
        )


def test_units_follow_the_active_language():
    """The unit string is looked up when the figure is printed, not once at
    import: each language gets its own catalogue's unit."""
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert format_wan(1) == wan("1.00")
            assert format_yi(10000) == yi("1.00")


def test_template_filters_use_the_same_functions():
    """{{ x|wan }}, {{ x|yi }}, {{ x|percent }}, {{ x|growth }} print as the
    functions do; a value that is not a number prints nothing."""
    template = Template(
        "{% load money %}{{ a|wan }}|{{ a|yi }}|{{ none|wan }}|{{ rate|percent }}|{{ rate|growth }}|{{ junk|wan }}"
    )
    rendered = template.render(
        Context({"a": Decimal("2180000"), "none": None, "rate": Decimal("20"), "junk": "abc"})
    )
    assert rendered == "2,180,000.00 10k yuan|218.00 100M yuan|—|20.0%|+20.0%|"


@pytest.mark.django_db
def test_figure_filter_prints_a_target_in_its_metric_unit():
    """{{ target|figure }} uses the target's metric unit and qualifier."""
    target = TargetFactory(metric=metric("promotion_activities"), value=Decimal("1100"), qualifier=Qualifier.MORE_THAN)
    rendered = Template("{% load money %}{{ target|figure }}").render(Context({"target": target}))
    assert rendered == "more than 1,100 batches"


def test_figures_follow_the_language_back_and_forth():
    """The units and qualifier templates are remembered per language: a
    figure printed in Chinese after one in English (and back) still takes its
    own language's words."""
    printed = {}
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with translation.override(language):
            text = format_figure(Decimal("1100"), MetricUnit.BATCHES, Qualifier.MORE_THAN)
            expected = " ".join(
                (pgettext("figure", "more than %(amount)s %(unit)s")
                 % {"amount": "1,100", "unit": pgettext("unit after a count", "batches")}).split()
            )
            assert text == expected
            printed.setdefault(language, set()).add(text)
    assert len(printed["en"]) == len(printed["zh-hans"]) == 1
    assert printed["en"] != printed["zh-hans"]
