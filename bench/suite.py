"""How long the whole test suite takes, against how fast this machine's cores are right now.

The host gives this 2-core machine more or less of its CPU from hour to hour: the same suite,
the same code, has taken 4 and 10 minutes on different afternoons (docs/benchmarks.md). So the
suite's wall clock alone says little. This script measures one core's speed (a fixed piece of
pure Python, the reference) before and after, runs `make test` (its checks and the suite) in
between, and prints the time as a ratio to the reference, with how busy the two cores were and
how much of their time PostgreSQL's backends took.

    .venv/bin/python bench/suite.py [--workers 3] [-- extra pytest arguments]

Needs the private cluster running (`make setup`); reads /proc, so Linux only.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary_line  # noqa: E402

# The target for the whole of `make test`.
TARGET_S = 300


def reference_s() -> float:
    """One core's time for a fixed piece of pure Python: the best of three, so that a moment's
    interruption does not count."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(5_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - start)
    return best


def cpu_seconds() -> tuple[float, float]:
    """All cores' busy and idle seconds since boot (/proc/stat, in clock ticks of 1/100 s)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / 100, (idle + iowait) / 100


def postgres_seconds() -> float:
    """CPU time of the private cluster's finished backends (the postmaster's reaped children)."""
    pid = (ROOT / ".pgdata" / "data" / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / 100  # cutime + cstime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()

    before = reference_s()
    busy_1, idle_1 = cpu_seconds()
    postgres_1 = postgres_seconds()
    start = time.perf_counter()
    command = ["make", "--no-print-directory", "test", f"TEST_WORKERS={args.workers}"]
    command.append("PYTEST_ARGS=" + " ".join(["-q", *args.pytest_args]))
    result = subprocess.run(command, cwd=ROOT, check=False)
    suite = time.perf_counter() - start
    busy_2, idle_2 = cpu_seconds()
    postgres_2 = postgres_seconds()
    after = reference_s()

    reference = (before + after) / 2
    busy, idle = busy_2 - busy_1, idle_2 - idle_1
    print(f"reference (one core, fixed pure Python): {before:.2f} s before, {after:.2f} s after")
    print(f"suite: {suite:.0f} s, exit status {result.returncode}")
    postgres = postgres_2 - postgres_1
    print(f"cores busy {busy:.0f} s, idle {idle:.0f} s; PostgreSQL's backends {postgres:.0f} s")
    summary_line(
        suite_s=suite,
        reference_s=reference,
        suite_to_reference=suite / reference,
        # The suite is within the target on any hour whose reference is below this.
        target_reference_s=reference * TARGET_S / suite,
        cores_busy_fraction=busy / (busy + idle) if busy + idle else 0.0,
        postgres_fraction=postgres / busy if busy else 0.0,
        passed=result.returncode == 0,
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
