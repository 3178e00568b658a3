"""北京市积分落户 scoring engine (2020 rules): standard library only, for CPython and Pyodide.

    >>> import calculator
    >>> calculator.score({...})          # one applicant -> result dict (raises InvalidInput)
    >>> calculator.score_many([...])     # a batch -> list of results
    >>> calculator.validate({...})       # -> list of Chinese error lines "path: message" ([] when valid)
    >>> calculator.input_errors({...})   # -> the same problems as {"path", "label", "message"} dicts
    >>> calculator.score_json(text)      # JSON text in, JSON text out; never raises (the browser's entry)
    >>> calculator.score({...}, projection=True)   # with the later years against the cut-off (projection.py)
    >>> calculator.score_table_json(text, "csv")   # a whole CSV/JSON file, one result per row (batch.py)
    >>> calculator.why_same_json(text)   # why saved scenarios score the same total (scenarios.py)
    >>> calculator.standing(94.45)       # where a total stood among those admitted each year (standing.py)

An applicant gives month counts (CONTRACT.md section 2) or dated records (section 2b,
records.py). The fields of both are one table, calculator/schema.py (`schema.describe()`).
"""

from __future__ import annotations

from .api import InvalidInput, input_errors, score, score_json, score_many, validate
from .standing import standing


def score_table_json(text: str, kind: str = "csv") -> str:
    """The batch page's entry (batch.py), imported on first use: the calculator page never needs it.
    (Here, not in api.py, which batch.py imports: no import cycle.)"""
    from .batch import score_table_json as score_table

    return score_table(text, kind)


def why_same_json(text: str) -> str:
    """The what-if table's sentences (scenarios.py), imported on first use, as the batch entry is."""
    from .scenarios import why_same_json as why_same

    return why_same(text)


__all__ = [
    "InvalidInput",
    "score",
    "score_many",
    "validate",
    "input_errors",
    "score_json",
    "score_table_json",
    "standing",
    "why_same_json",
]
__version__ = "1.0.0"
