"""Exact rounding: the rules round half up to 2 decimals, and binary floats never decide it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

_HUNDRED = 100


def round2(value: Fraction) -> Decimal:
    """Round half away from zero (四舍五入) to 2 decimals, exactly."""
    return round2_ratio(value.numerator, value.denominator)


def round2_ratio(numerator: int, denominator: int) -> Decimal:
    """round2(Fraction(numerator, denominator)), denominator > 0, without making the Fraction."""
    # floor(|x|*100 + 1/2) in integers: exact, and much faster than Fraction arithmetic
    cents = (abs(numerator) * 2 * _HUNDRED + denominator) // (2 * denominator)
    return Decimal(-cents if numerator < 0 else cents).scaleb(-2)


def times(rate: Fraction, count: int) -> Decimal:
    """count × rate, rounded to 2 decimals (months × points per month)."""
    return round2_ratio(rate.numerator * count, rate.denominator)


@lru_cache(maxsize=8192)  # a result shows a dozen points, a batch the same few thousand: 0.1 µs, not 0.65
def as_json_number(value: Decimal) -> int | float:
    """A 2-decimal value as the JSON number the contract shows: 20 and 37.5, never 20.0 or -0.0.

    Integral values become int so that Python's JSON and JavaScript's String(number)
    spell them alike; the rest go through their exact decimal text to float. (Equal values give
    equal numbers, so the cache's one entry for Decimal("37.50") and Decimal("37.5") is right.)
    """
    whole = int(value)  # truncated: equal to the value exactly when it is integral
    return whole if whole == value else float(value)


@lru_cache(maxsize=4096)  # equal numbers show alike (Decimal("1.50") == Fraction(3, 2)): one entry each
def show(value: Decimal | Fraction | int) -> str:
    """A number for people: 37.5, 7.91, 20 (no trailing zeros)."""
    if isinstance(value, Fraction):
        value = round2(value)
    text = format(Decimal(value).normalize(), "f")
    return text
