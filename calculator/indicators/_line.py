"""What every indicator unit's formula shares: the answer's shape and the rate helpers.

A formula takes a validated Applicant and returns (points, detail), or (points, detail, Limited)
where a limit of the rules lowered the points (a cap in points, or 住所 months capped by the
就业 months): the result's item then says so in `capped` (engine.py). Every number comes from
rules.toml as it applies to the applicant's round (`a.rules`, params.py), so a dated value
reaches the formulas without a change in them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..rules import exact, show_number

if TYPE_CHECKING:
    from ..validation import Applicant

ZERO = Decimal(0)


class Limited(NamedTuple):
    """What a limit of the rules took off a line's points."""

    uncapped: Decimal  # the points the inputs would give without the limit
    cap: int | None  # the rule's cap in points where the points stand at it; None: another limit
    # (住所 months capped by the 就业 months; the 2016 rules' own cap of a part of the line)


# A formula's answer: (points, detail), and the Limited where a limit lowered the points.
Scored = tuple[Decimal, str] | tuple[Decimal, str, Limited]


def scored(points: Decimal, detail: str, uncapped: Decimal, cap: int | None = None) -> Scored:
    """(points, detail), with what the limit took off when `uncapped` (the points without it) is more."""
    if uncapped <= points:
        return points, detail
    return points, detail, Limited(uncapped, cap if cap is not None and points == cap else None)


rate_of = lru_cache(maxsize=None)(exact)  # "1/12" -> Fraction, parsed once per distinct text


def rule(a: Applicant, key: str) -> dict:
    """The indicator's rules table as it applies to the applicant's round."""
    return a.rules["indicators"][key]


_RATE_TEXT: dict[Fraction, str] = {}


def rate_text(value: Fraction) -> str:
    """A rate as shown in details ("0.25", "1/12"), formatted once per distinct rate."""
    text = _RATE_TEXT.get(value)
    if text is None:
        text = _RATE_TEXT[value] = show_number(value)
    return text
