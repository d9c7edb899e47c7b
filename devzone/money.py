"""Money's unit, defined once. Every amount is stored in 万元 (10,000 yuan);
headlines and charts show 亿元 (100 million yuan). Formatting with the unit
is devzone.templatetags.money's job; this module only says how the two units
relate, for code that compares or converts amounts."""
from decimal import Decimal

WAN_PER_YI = Decimal(10000)  # 1 亿元 = 10,000 万元


def wan_to_yi(value):
    """An amount in 万元 as a Decimal number of 亿元."""
    return Decimal(value) / WAN_PER_YI
