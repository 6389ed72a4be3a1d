"""What a fresh clone pays to install its dependencies: `scripts/install.sh` (pip installs uv
from the lock, uv installs the lock), against the reference, a plain
`pip install --require-hashes -r requirements-dev.lock` into a new virtual environment, measured
in the same run, each in its own scratch folder, in turn, RUNS times.

    .venv/bin/python bench/install.py

Both take the packages from the machine's caches where they are there (pip's and uv's), as a
developer's second clone does; needs the package index for what is not."""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary_line  # noqa: E402

COPIED = ("pyproject.toml", "requirements.lock", "requirements-dev.lock", "scripts")
OURS = [["bash", "scripts/install.sh"]]
PLAIN_PIP = [
    ["python3", "-m", "venv", ".venv"],
    [".venv/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    + ["--require-hashes", "-r", "requirements-dev.lock"],
]
RUNS = 2


def _timed(commands: list[list[str]]) -> float:
    """Seconds of wall clock for `commands`, run in a scratch copy of what the install reads."""
    with tempfile.TemporaryDirectory() as scratch:
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(scratch) / name)
            else:
                shutil.copy(source, scratch)
        start = time.perf_counter()
        for command in commands:
            subprocess.run(command, cwd=scratch, check=True, capture_output=True)
        return time.perf_counter() - start


def main():
    ours, plain = [], []
    for _ in range(RUNS):
        ours.append(_timed(OURS))
        plain.append(_timed(PLAIN_PIP))
    print("scripts/install.sh:   " + ", ".join(f"{s:.1f} s" for s in ours))
    print("plain pip (reference): " + ", ".join(f"{s:.1f} s" for s in plain))
    summary_line(
        install_s=min(ours), reference_s=min(plain), install_to_reference=min(ours) / min(plain)
    )


if __name__ == "__main__":
    main()
