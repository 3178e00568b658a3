"""What every indicator unit's formula shares: the answer's shape and the rate helpers.

A formula takes a validated Applicant and returns (points, trace), or (points, trace, Limited)
where a limit of the rules lowered the points (a cap in points, or 住所 months capped by the
就业 months): the result's item then says so in `capped` (engine.py). The trace is the line's
explanation as data (calculator/trace.py), worded by one renderer into the item's `detail`. Every number comes from
rules.toml as it applies to the applicant's round (`a.rules`, params.py), so a dated value
reaches the formulas without a change in them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..rules import exact

if TYPE_CHECKING:
    from ..validation import Applicant

ZERO = Decimal(0)


class Limited(NamedTuple):
    """What a limit of the rules took off a line's points."""

    uncapped: Decimal  # the points the inputs would give without the limit
    cap: int | None  # the rule's cap in points where the points stand at it; None: another limit
    # (住所 months capped by the 就业 months; the 2016 rules' own cap of a part of the line)


# A formula's answer: (points, trace), and the Limited where a limit lowered the points.
Scored = tuple[Decimal, tuple] | tuple[Decimal, tuple, Limited]


def scored(points: Decimal, trace: tuple, uncapped: Decimal, cap: int | None = None) -> Scored:
    """(points, trace), with what the limit took off when `uncapped` (the points without it) is more."""
    if uncapped <= points:
        return points, trace
    return points, trace, Limited(uncapped, cap if cap is not None and points == cap else None)


rate_of = lru_cache(maxsize=None)(exact)  # "1/12" -> Fraction, parsed once per distinct text


def rule(a: Applicant, key: str) -> dict:
    """The indicator's rules table as it applies to the applicant's round."""
    return a.rules["indicators"][key]
