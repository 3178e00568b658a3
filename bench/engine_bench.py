"""Engine benchmark: applicants scored per second through calculator.score_many on one core,
and the engine's import time in fresh interpreters.

    python bench/engine_bench.py            # from the repository root, any Python >= 3.11
    python bench/engine_bench.py --strict   # exit status 1 if a target is missed

Not a test: timings depend on the machine. Targets: at least 12,000 applicants a second with
month counts and 5,000 with dated records (issue 18), import in under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_PER_SECOND = 12_000
TARGET_RECORDS_PER_SECOND = 5_000
TARGET_IMPORT_MS = 50.0

WINDOW = {"college": 36, "bachelor": 48, "master": 36, "doctor": 36}
SINGLE_WINDOW = {"college": 36, "bachelor": 36, "master": 48, "doctor": 36}


def make_batch(size: int, seed: int = 20250101) -> list[dict]:
    """A varied, valid batch, the same every run: every year, level, housing mix, innovation type."""
    rng = random.Random(seed)
    batch = []
    for _ in range(size):
        year = rng.randint(2020, 2035)
        span = 6 + 12 * (year - 1999)
        birth_year = rng.randint(1962, year - 25)
        birth = f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        working_months = (year - 1 - 18 - birth_year) * 12  # insured from the age of 18 at the earliest
        months = rng.randint(60, min(span, working_months))
        owned = rng.randint(0, span) if rng.random() < 0.6 else 0
        rented = rng.randint(0, span - owned)
        level = rng.choice(["none", "college", "bachelor", "bachelor", "master", "doctor"])
        certificates = rng.choice(["both", "both", "both", "diploma_only", "degree_only"])
        window = 0 if level == "none" else (WINDOW if certificates == "both" else SINGLE_WINDOW)[level]
        window = min(window, months)
        d_owned = rng.randint(0, min(owned, window)) if rng.random() < 0.3 else 0
        d_rented = rng.randint(0, min(rented, window - d_owned)) if rng.random() < 0.3 else 0
        d_si = rng.randint(0, window - d_owned - d_rented) if rng.random() < 0.2 else 0
        jr_span = 12 * (year - 2018)
        live_work = rng.randint(0, min(jr_span, owned, months)) if rng.random() < 0.5 else 0
        live_only = rng.randint(0, min(jr_span - live_work, owned - live_work)) if rng.random() < 0.5 else 0
        kind = rng.choice(["none"] * 17 + ["award", "competition", "equity"])
        innovation = {"type": kind}
        if kind == "award":
            innovation["points"] = rng.choice([12, 11, 10, 9, 8, 6, 5, 4, 2])
        elif kind == "competition":
            innovation["points"] = rng.choice([12, 10, 9, 8, 6, 4, 3, 2, 1])
        elif kind == "equity":
            innovation["financing_10k_yuan"] = round(rng.uniform(0, 6000), 2)
        continuous = rng.randint(60, months + 10)
        batch.append(
            {
                "application_year": year,
                "birth_date": birth,
                "sex": rng.choice(["male", "female"]),
                "retirement_group": rng.choice(["worker", "cadre"]),
                "residence_permit": rng.random() < 0.97,
                "criminal_record": rng.random() < 0.01,
                "social_insurance": {
                    "months": months,
                    "continuous_months": continuous,
                    "backpay_months": rng.choice([0] * 12 + [1, 2, 3, 5, 6, 7]),
                },
                "housing": {"owned_months": owned, "rented_months": rented},
                "education": {
                    "level": level,
                    "certificates": certificates,
                    "deduction_owned_months": d_owned,
                    "deduction_rented_months": d_rented,
                    "deduction_si_only_months": d_si,
                },
                "job_residence": {
                    "live_and_work_months": live_work,
                    "live_only_months": live_only,
                    "living_there_at_cutoff": rng.random() < 0.9,
                },
                "innovation": innovation,
                "tax_qualifying_years": rng.choice([0, 0, 0, 1, 2, 3]),
                "honours": rng.random() < 0.005,
                "detentions": 1 if rng.random() < 0.01 else 0,
            }
        )
    return batch


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def make_records_batch(size: int, seed: int = 20250102) -> list[dict]:
    """A varied, valid batch in records mode (CONTRACT.md 2b): one to three insurance records (some
    back-paid, some overlapping), an owned home and a later rental, a graduation month."""
    rng = random.Random(seed)
    batch = []
    for _ in range(size):
        year = rng.randint(2020, 2035)
        cutoff = (year - 1) * 12 + 11
        birth_year = rng.randint(1965, year - 25)
        start = rng.randint(max(1996 * 12, (birth_year + 18) * 12), cutoff - 12)
        insurance = []
        while start <= cutoff and len(insurance) < 3:
            end = rng.randint(start, min(cutoff + 24, start + 150))
            insurance.append(
                {
                    "from": _month(start),
                    "to": _month(end),
                    "kind": rng.choice(["normal"] * 6 + ["backpay"]),
                    "work_district": rng.choice(["central", "outer"]),
                }
            )
            start = end + rng.choice([1, 1, 1, 3, -6])
        housing = []
        owned_from = rng.randint(1998 * 12, cutoff)
        owned_to = rng.randint(owned_from, cutoff + 12)
        if rng.random() < 0.6:
            housing.append(
                {
                    "from": _month(owned_from),
                    "to": _month(owned_to),
                    "kind": "owned",
                    "district": rng.choice(["central", "outer"]),
                }
            )
        rent_from = max(owned_to + 1 if housing else 0, 2020 * 12 + 7)
        if rent_from <= cutoff and rng.random() < 0.7:
            housing.append(
                {
                    "from": _month(rent_from),
                    "to": _month(rng.randint(rent_from, cutoff + 12)),
                    "kind": rng.choice(["rented", "rented", "dormitory"]),
                }
            )
        level = rng.choice(["none", "college", "bachelor", "bachelor", "master", "doctor"])
        education = {"level": level, "certificates": rng.choice(["both", "both", "diploma_only", "degree_only"])}
        if level != "none":
            education["graduation"] = _month(rng.randint((birth_year + 19) * 12, cutoff))
        batch.append(
            {
                "application_year": year,
                "birth_date": f"{birth_year}-{rng.randint(1, 12):02d}-15",
                "sex": rng.choice(["male", "female"]),
                "records": {"social_insurance": insurance, "housing": housing},
                "education": education,
            }
        )
    return batch


def pin_to_core(cpu: int | None) -> str:
    """The engine is single-threaded: it runs on one core. --pin-cpu N also keeps it on core N."""
    if cpu is None:
        return "one thread (not pinned; --pin-cpu N pins it)"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})
        return f"one thread pinned to CPU {cpu}"
    return "one thread (CPU pinning not available here)"


def machine_load() -> str:
    if hasattr(os, "getloadavg"):
        return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    return f"{os.cpu_count()} CPUs"


def bench_throughput(batch: list[dict], runs: int) -> tuple[list[float], list[float]]:
    """Applicants per second of wall-clock time and of this process's CPU time, for each run."""
    import calculator

    size = len(batch)
    calculator.score_many(batch[:200])  # warm-up (caches, first-call costs)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = calculator.score_many(batch)
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        assert len(results) == size
        wall.append(size / elapsed)
        cpu.append(size / max(elapsed_cpu, 1e-9))
    return wall, cpu


def bench_import(count: int) -> tuple[list[float], list[float]]:
    """Milliseconds to `import calculator` in fresh interpreters (-S: no site-packages), wall and CPU.

    Measured with the bytecode cached (as after a first import; the browser's snapshot holds it), so a
    first run writes __pycache__ even where PYTHONDONTWRITEBYTECODE is set; otherwise every
    run would time the compiler instead of the import.
    """
    code = (
        "import time; t=time.perf_counter(); c=time.process_time(); import calculator; "
        "print(time.perf_counter()-t, time.process_time()-c)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-S", "-c", "import calculator"], cwd=ROOT, env=env, check=True)
    wall, cpu = [], []
    for _ in range(count):
        done = subprocess.run(
            [sys.executable, "-S", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        seconds, cpu_seconds = map(float, done.stdout.split())
        wall.append(seconds * 1000)
        cpu.append(cpu_seconds * 1000)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="applicants in the batch (default 20,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs, the best is reported (default 5)")
    parser.add_argument("--imports", type=int, default=15, help="fresh interpreters for the import time (default 15)")
    parser.add_argument("--pin-cpu", type=int, default=None, metavar="N", help="pin the process to CPU N (Linux)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)

    print(f"Python {sys.version.split()[0]} ({sys.implementation.name}), {pin_to_core(args.pin_cpu)}, {machine_load()}")
    rates, cpu_rates = bench_throughput(make_batch(args.size), args.runs)
    best = max(rates)
    print(
        f"engine: {best:,.0f} applicants/s (best of {args.runs}, batch of {args.size:,}; "
        f"all runs: {', '.join(f'{r:,.0f}' for r in rates)})"
    )
    print(
        f"engine: {max(cpu_rates):,.0f} applicants per CPU-second (best of {args.runs}; "
        f"differs from the line above when other processes compete for the CPU)"
    )
    record_rates, _ = bench_throughput(make_records_batch(args.size), args.runs)
    print(
        f"engine, records mode: {max(record_rates):,.0f} applicants/s (best of {args.runs}, batch of {args.size:,} "
        f"with dated records; all runs: {', '.join(f'{r:,.0f}' for r in record_rates)})"
    )
    timings, cpu_timings = bench_import(args.imports)
    median, fastest = statistics.median(timings), min(timings)
    print(f"engine import: median {median:.1f} ms, min {fastest:.1f} ms ({args.imports} fresh interpreters)")
    print(f"engine import: median {statistics.median(cpu_timings):.1f} ms of CPU time")

    throughput_ok = best >= TARGET_PER_SECOND
    records_ok = max(record_rates) >= TARGET_RECORDS_PER_SECOND
    import_ok = median < TARGET_IMPORT_MS
    print(f"target throughput >= {TARGET_PER_SECOND:,}/s: {'PASS' if throughput_ok else 'FAIL'}")
    print(f"target records mode >= {TARGET_RECORDS_PER_SECOND:,}/s: {'PASS' if records_ok else 'FAIL'}")
    print(f"target import < {TARGET_IMPORT_MS:.0f} ms (median): {'PASS' if import_ok else 'FAIL'}")
    return 0 if (throughput_ok and records_ok and import_ok) or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
