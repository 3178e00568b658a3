"""Two revisions of the engine timed in one process, interleaved: the ratio of their speeds.

    .venv/bin/python bench/engine_compare.py main traces-as-data     # any two git revisions
    .venv/bin/python bench/engine_compare.py HEAD --working-tree     # HEAD against the checkout
    .venv/bin/python bench/engine_compare.py main HEAD --records     # a batch in records mode
    .venv/bin/python bench/engine_compare.py main HEAD --fresh       # new applicants every round

On a noisy machine (2 cores, other processes) separate runs of bench/engine_bench.py drift by 40%
between runs; here both engines score the same batch in turn, many times, in one interpreter, so
the drift falls on both alike. It prints each result line's formula, score_applicant and score_many
in microseconds per applicant (the best of the rounds, CPU time) and the second against the first.

Each revision's `calculator/` is copied out of git (git archive) under a package name of its own
(calc_a, calc_b: the engine imports itself relatively only), beside a link to policy/ (the
engine reads policy/history.csv from ../policy).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from engine_bench import make_batch, make_records_batch  # noqa: E402


def _export(revision: str | None, into: Path, name: str) -> None:
    """The revision's calculator/ (None: the working tree's) as the package `name` in `into`."""
    target = into / name
    if revision is None:
        shutil.copytree(ROOT / "calculator", target, ignore=shutil.ignore_patterns("__pycache__"))
        return
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "calculator"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into / "_extract", filter="data")
    (into / "_extract" / "calculator").rename(target)


def _seconds(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", help="a git revision (the reference)")
    parser.add_argument("second", nargs="?", help="a git revision (omit with --working-tree)")
    parser.add_argument("--working-tree", action="store_true", help="the second engine is the checkout as it is")
    parser.add_argument("--size", type=int, default=3000, help="applicants in the batch (default 3,000)")
    parser.add_argument("--records", action="store_true", help="a batch in records mode (dated records)")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="a new batch each round: caches keyed by an applicant's values gain only where values repeat",
    )
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds, the best is kept (default 7)")
    args = parser.parse_args()
    if (args.second is None) != args.working_tree:
        parser.error("give a second revision or --working-tree, not both")

    with tempfile.TemporaryDirectory(prefix="engine-compare-") as tmp:
        where = Path(tmp)
        _export(args.first, where, "calc_a")
        _export(None if args.working_tree else args.second, where, "calc_b")
        (where / "policy").symlink_to(ROOT / "policy")
        sys.path.insert(0, str(where))
        engines = {name: importlib.import_module(name) for name in ("calc_a", "calc_b")}
        make = make_records_batch if args.records else make_batch
        lines = list(importlib.import_module("calc_a.indicators").SCORERS)
        scorers = {name: importlib.import_module(f"{name}.indicators").SCORERS for name in engines}

        def timings(name: str, batch: list[dict]) -> dict[str, float]:
            m = engines[name]
            found = {"score_many": _seconds(lambda: m.score_many(batch))}  # first: on a fresh batch, cold
            applicants = [m.validation.check(entry) for entry in batch]
            for key in lines:
                formula = scorers[name].get(key)
                if formula is not None:
                    found[key] = _seconds(lambda formula=formula: [formula(a) for a in applicants])
            found["score_applicant"] = _seconds(lambda: [m.engine.score_applicant(a) for a in applicants])
            return found

        fixed = make(args.size)
        best: dict[str, dict[str, float]] = {"calc_a": {}, "calc_b": {}}
        enabled = gc.isenabled()
        gc.disable()  # as score_many runs (api._batch_allocation): the collector's pauses are noise here
        try:
            for round_ in range(args.rounds):
                # --fresh: every round new applicants, for both engines alike (a real file is people, not repeats)
                batch = make(args.size, seed=1000 + round_) if args.fresh else fixed
                for name in ("calc_a", "calc_b"):
                    for key, seconds in timings(name, batch).items():
                        best[name][key] = min(seconds, best[name].get(key, seconds))
        finally:
            if enabled:
                gc.enable()

    second = "working tree" if args.working_tree else args.second
    mode = ("records mode" if args.records else "month counts") + (", a new batch each round" if args.fresh else "")
    print(
        f"engine compare: {args.first} against {second}, {args.size:,} applicants ({mode}), best of {args.rounds} rounds"
    )
    print(f"  {'':22s} {args.first[:12]:>12s} {second[:12]:>12s}   (µs per applicant, CPU time)")
    for key in best["calc_a"]:
        a = best["calc_a"][key] / args.size * 1e6
        b = best["calc_b"].get(key)
        if b is None:
            print(f"  {key:22s} {a:12.2f} {'—':>12s}")
            continue
        b = b / args.size * 1e6
        print(f"  {key:22s} {a:12.2f} {b:12.2f}   ×{b / a:.2f}")
    a, b = best["calc_a"]["score_many"], best["calc_b"]["score_many"]
    print(f"  score_many speed: {args.size / b:,.0f} against {args.size / a:,.0f} applicants/s, ratio {a / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
