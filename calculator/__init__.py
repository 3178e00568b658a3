"""北京市积分落户 scoring engine (2020 rules): standard library only, for CPython and Pyodide.

    >>> import calculator
    >>> calculator.score({...})          # one applicant -> result dict (raises InvalidInput)
    >>> calculator.score_many([...])     # a batch -> list of results
    >>> calculator.validate({...})       # -> list of Chinese error lines ([] when valid)
    >>> calculator.score_json(text)      # JSON text in, JSON text out; never raises (the browser's entry)
"""

from __future__ import annotations

from .api import InvalidInput, score, score_json, score_many, validate

__all__ = ["InvalidInput", "score", "score_many", "validate", "score_json"]
__version__ = "1.0.0"
