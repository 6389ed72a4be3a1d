"""What a new process pays before it can answer: settings, the apps and their models, and the
URLs (every view module), as a server worker, a management command, the task worker and every
test server load them. The test suite starts some thirty such processes besides its workers.

Prints the CPU time (user and system) of a process that loads the portal and resolves "/", the
best of five, against one core's reference (bench/suite.py) measured in the same run, and the
slowest third-party imports on the way (python -X importtime).

    .venv/bin/python bench/startup.py

Needs no database: nothing here queries one."""

import os
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary_line  # noqa: E402
from bench.suite import reference_s  # noqa: E402

LOAD = "import django; django.setup(); from django.urls import resolve; resolve('/')"
RUNS = 5


def _run(*flags: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, *flags, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True
    )


def startup_cpu_s() -> float:
    """The best of RUNS: one process's user and system CPU."""
    best = float("inf")
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        _run().check_returncode()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, spent)
    return best


def slowest_packages(most: int = 8) -> list[tuple[str, float]]:
    """Third-party packages by the time spent importing them, in seconds: for each package, the
    cumulative time of its modules that were imported from outside it (so nothing counts twice)."""
    result = _run("-X", "importtime")
    result.check_returncode()
    lines = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        if cumulative.strip().isdigit():  # not the header line
            depth = (len(name) - len(name.lstrip()) - 1) // 2
            lines.append((depth, name.strip().split(".")[0], int(cumulative) / 1e6))
    # Python prints a module after the modules it imported; read backwards, each line's importer
    # is the last line seen one level up.
    importer_at: dict[int, str] = {}
    times: dict[str, float] = {}
    for depth, package, seconds in reversed(lines):
        importer_at[depth] = package
        if importer_at.get(depth - 1) != package:
            times[package] = times.get(package, 0) + seconds
    own = {"config", "accounts", "pathways", "careers", "mentoring", "referrals", "support"}
    own |= {"outbox", "django", "bench"}
    skip = own | set(sys.stdlib_module_names)
    ranked = sorted(((p, t) for p, t in times.items() if p not in skip), key=lambda pt: -pt[1])
    return ranked[:most]


def main():
    reference_before = reference_s()
    cpu = startup_cpu_s()
    reference = (reference_before + reference_s()) / 2
    print(f"reference (one core, fixed pure Python): {reference:.3f} s")
    print(f"a process that loads the portal: {cpu:.2f} s of CPU (best of {RUNS})")
    print("slowest third-party imports on the way (one run, cumulative):")
    for package, seconds in slowest_packages():
        print(f"  {package:<24} {seconds:.2f} s")
    summary_line(startup_cpu_s=cpu, reference_s=reference, startup_to_reference=cpu / reference)


if __name__ == "__main__":
    main()
