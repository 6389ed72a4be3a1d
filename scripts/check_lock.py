"""Checks that the lock files hold every dependency pinned in pyproject.toml at its pinned
version: requirements.lock the application's, requirements-dev.lock those and the developers'.
Run by scripts/install.sh and the tests; `make lock` brings the lock files up to date.

`check_lock.py --requirement NAME LOCK` prints one package's entry of a lock (its pin and
hashes), which scripts/install.sh installs first: uv, which then installs the rest."""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[normal(match[1])] = match[2]
    return found


def problems(root: Path = ROOT) -> list[str]:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    wanted = {
        "requirements.lock": project["dependencies"],
        "requirements-dev.lock": project["dependencies"] + project["optional-dependencies"]["dev"],
    }
    found = []
    for name, requirements in wanted.items():
        path = root / name
        if not path.exists():
            found.append(f"{name} is missing")
            continue
        locked = pins(path.read_text().splitlines())
        for requirement, version in pins(requirements).items():
            if locked.get(requirement) != version:
                found.append(
                    f"{name}: pyproject.toml pins {requirement}=={version}, "
                    f"the lock has {locked.get(requirement, 'nothing')}"
                )
        for requirement in requirements:
            if not PIN.match(requirement):
                found.append(f"pyproject.toml: pin {requirement!r} exactly (==)")
    return found


def requirement(lock_text: str, name: str) -> str:
    """The lock's entry for package `name`: its pin line and the indented lines under it."""
    entry: list[str] = []
    for line in lock_text.splitlines():
        if entry and not line.startswith(" "):
            break
        pin = PIN.match(line)
        if entry or (pin and normal(pin[1]) == normal(name)):
            entry.append(line)
    if not entry:
        raise SystemExit(f"The lock has no {name}: run `make lock`.")
    return "\n".join(entry) + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--requirement"]:
        _, _, name, lock = sys.argv
        print(requirement((ROOT / lock).read_text(), name), end="")
        sys.exit(0)
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("The lock files are out of date: run `make lock`.", file=sys.stderr)
    sys.exit(1 if found else 0)
