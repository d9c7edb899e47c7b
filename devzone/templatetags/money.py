"""How devzone prints money and figures: the one place that does it.

Amounts are stored in 万元 (10,000 yuan). Tables show 万元 with thousands
separators and two decimals (``12,345.67 万元``); headlines and charts show
亿元 (``218.00 亿元``). The unit is always printed, and always through a
translatable string, so the English interface reads ``12,345.67 10k yuan``.

The functions serve Python code (admin columns, exports); the filters of the
same names serve templates::

    {% load money %}
    {{ project.planned_investment|wan }}   {{ total|yi }}   {{ target|figure }}
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language, gettext, pgettext

from devzone.money import wan_to_yi
from zones.choices import MetricUnit, Qualifier

register = template.Library()

EMPTY = "—"
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def _decimal(value):
    """The value as a Decimal; floats go through their shortest repr so that
    0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"Not a number: {value!r}") from exc


def _grouped(value, places):
    """Thousands separators and a fixed number of decimals, rounded half up
    (四舍五入, as Chinese statistics round), never Python's half-even."""
    return f"{_decimal(value).quantize(places, rounding=ROUND_HALF_UP):,}"


def format_amount(value):
    """The number part of an amount in 万元: ``12,345.68``; None is ``—``."""
    if value is None:
        return EMPTY
    return _grouped(value, CENT)


def format_wan(value):
    """An amount in 万元 with its unit: ``12,345.67 万元``; None is ``—``."""
    if value is None:
        return EMPTY
    return gettext("%(amount)s 10k yuan") % {"amount": format_amount(value)}


def format_yi(value):
    """An amount given in 万元, shown in 亿元 with its unit: 2,180,000 万元 is
    ``218.00 亿元``; None is ``—``."""
    if value is None:
        return EMPTY
    return gettext("%(amount)s 100M yuan") % {"amount": _grouped(wan_to_yi(_decimal(value)), CENT)}


def format_percent(value, *, signed=False):
    """A percentage with one decimal, ``68.4%``; growth is ``signed``:
    ``+20.0%``, ``-3.5%``. None is ``—``."""
    if value is None:
        return EMPTY
    number = _decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)
    text = f"{number:,}%"
    if signed and number > 0:
        text = f"+{text}"
    return text


def _count(value):
    """Counts are stored with two decimals like every figure; a whole count
    prints as one (``1,100``), anything else keeps its decimals."""
    number = _decimal(value)
    if number == number.to_integral_value():
        return f"{number.to_integral_value():,}"
    return _grouped(number, CENT)


def per_language(build):
    """Memoise ``build()`` for each interface language. The words must follow
    the language active when a figure is printed, not the one active at
    import; but looking them up for every figure cost the all-zones ranking
    (1,200 figures, ten catalogue lookups each) about 20 ms a page."""
    built = {}

    def words():
        language = get_language()
        if language not in built:
            built[language] = build()
        return built[language]

    return words


@per_language
def _unit_words():
    return {
        MetricUnit.WAN_YUAN: pgettext("unit after an amount", "10k yuan"),
        MetricUnit.PROJECTS: pgettext("unit after a count", "projects"),
        MetricUnit.BATCHES: pgettext("unit after a count", "batches"),
        MetricUnit.EVENTS: pgettext("unit after a count", "events"),
    }


@per_language
def _qualified_templates():
    # The qualifier and the unit are placed by the translation: Chinese puts
    # 超/近/约 before the number but 余 between number and unit ("1,100 余批次")
    # and 以上 after the unit ("30% 以上").
    return {
        Qualifier.EXACT: pgettext("figure", "%(amount)s %(unit)s"),
        Qualifier.OVER: pgettext("figure", "over %(amount)s %(unit)s"),
        Qualifier.MORE_THAN: pgettext("figure", "more than %(amount)s %(unit)s"),
        Qualifier.NEARLY: pgettext("figure", "nearly %(amount)s %(unit)s"),
        Qualifier.ABOUT: pgettext("figure", "about %(amount)s %(unit)s"),
        Qualifier.AT_LEAST: pgettext("figure", "at least %(amount)s %(unit)s"),
    }


def format_figure(value, unit, qualifier=Qualifier.EXACT):
    """A target or published figure in its metric's unit, keeping the
    qualifier the source gave: over 700,000.00 万元 reads ``超 700,000.00 万元``,
    more than 1,100 batches ``1,100 余批次``, nearly 70% ``近 70.0%``.

    Amounts stay in 万元 (the unit they are stored in); counts print without
    decimals when whole; percentages with one decimal.
    """
    if value is None:
        return EMPTY
    if unit == MetricUnit.PERCENT:
        # "68.4%" takes no space before its sign: the sign travels with the
        # number and the unit slot stays empty.
        amount, unit_word = format_percent(value), ""
    elif unit == MetricUnit.WAN_YUAN:
        amount, unit_word = format_amount(value), _unit_words()[MetricUnit.WAN_YUAN]
    else:
        amount, unit_word = _count(value), _unit_words().get(unit, "")
    templates = _qualified_templates()
    text = templates.get(qualifier, templates[Qualifier.EXACT]) % {"amount": amount, "unit": unit_word}
    # An empty unit leaves a doubled or trailing space behind.
    return " ".join(text.split())


def _filter(function):
    """A template filter from a formatting function: like Django's own
    number filters, a value that is not a number renders as an empty string
    instead of breaking the page."""

    def apply(value):
        try:
            return function(value)
        except ValueError:
            return ""

    apply.__doc__ = function.__doc__
    return apply


# {{ amount|wan }} → 12,345.67 万元; {{ amount|yi }} → 218.00 亿元 (the amount
# is in 万元); {{ rate|percent }} → 68.4%; {{ yoy|growth }} → +20.0%.
register.filter("wan", _filter(format_wan))
register.filter("yi", _filter(format_yi))
register.filter("percent", _filter(format_percent))
register.filter("growth", _filter(lambda value: format_percent(value, signed=True)))


@register.filter(name="figure")
def figure(period_figure):
    """``{{ target|figure }}``: a Target or ReportedFigure with its metric's
    unit and its qualifier."""
    if period_figure is None:
        return EMPTY
    return format_figure(period_figure.value, period_figure.metric.unit, period_figure.qualifier)


@register.filter(name="figure_value")
def figure_value(value, unit):
    """``{{ actual|figure_value:metric.unit }}``: a computed value in a
    metric's unit (no qualifier: what devzone computes is exact)."""
    try:
        return format_figure(value, unit)
    except ValueError:
        return ""
