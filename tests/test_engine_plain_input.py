"""Validation's fast path (calculator/plain_input.py) reads exactly what the full reading reads.

The compiled reading must give the very dict validation._object gives for a plain input, and give
up (None) whenever the full reading finds a problem, so every problem is still worded there.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from engine_bench import make_batch, make_records_batch  # noqa: E402
from engine_helpers import load_golden  # noqa: E402
from test_engine_properties import SETTINGS, _delete, _set, applicants, strict_json_values  # noqa: E402

from calculator import validation  # noqa: E402
from calculator.schema import FIELDS  # noqa: E402


def both_readings(data: object) -> tuple[dict | None, dict | None, bool]:
    """(the fast reading or None, the full reading, whether the full reading found any problem)."""
    rule_set = validation._rule_set_of(data)
    records_mode = isinstance(data, dict) and "records" in data
    fast = validation._plain_reader("", rule_set, records_mode)(data) if rule_set is not None else None
    ctx = validation._Input("", records_mode, rule_set)
    full = validation._object(ctx, data, "", "")
    return fast, full, bool(ctx.errors or ctx.conflicts)


def agree(data: object) -> dict | None:
    fast, full, problems = both_readings(data)
    if fast is not None:
        assert not problems, data
        assert fast == full, data
    return fast


VALID = [case["input"] for _name, case in load_golden() if "input" in case] + make_batch(400) + make_records_batch(200)


def test_every_plain_input_takes_the_fast_path_and_reads_the_same():
    """Golden inputs of both rule sets and modes, and the benchmark's batches: all plain, all read alike."""
    taken = [data for data in VALID if not both_readings(data)[2]]
    assert len(taken) > 600  # the batches are valid
    records = [data for data in taken if "records" in data]
    trial = [data for data in taken if data.get("application_year") in (2018, 2019)]
    assert records and trial
    for data in taken:
        assert agree(data) is not None, data


@pytest.mark.parametrize("field", [field for field in FIELDS if "[]" not in field.path], ids=lambda f: f.path)
def test_a_wrong_value_in_any_field_leaves_the_fast_path(field):
    """Each field given a value of no type it takes: the fast path gives up, the full reading words it."""
    for data in (VALID[0], make_records_batch(1)[0]):
        damaged = copy.deepcopy(data)
        _set(damaged, field.path, {"不是": "这个类型"} if field.type != "object" else "文字")
        fast, _full, problems = both_readings(damaged)
        assert fast is None and problems, field.path


@SETTINGS
@given(
    applicants(),
    st.lists(
        st.tuples(
            st.sampled_from(sorted(field.path for field in FIELDS if "[]" not in field.path)),
            st.one_of(strict_json_values, st.integers(-5, 700), st.just(KeyError)),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_damaged_inputs_are_read_alike_or_left_to_the_full_reading(applicant, changes):
    for path, value in changes:
        if value is KeyError:
            _delete(applicant, path)
        else:
            _set(applicant, path, value)
    agree(applicant)


@SETTINGS
@given(
    st.integers(0, 199),
    st.sampled_from(["from", "to", "kind", "district", "work_district", "x"]),
    st.one_of(strict_json_values, st.just("2015-13"), st.just("2015-07"), st.just("rented")),
)
def test_damaged_records_are_read_alike_or_left_to_the_full_reading(index, key, value):
    data = copy.deepcopy(make_records_batch(200)[index])
    for name in ("social_insurance", "housing"):
        if data["records"].get(name):
            data["records"][name][0][key] = value
    agree(data)
