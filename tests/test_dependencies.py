"""Every dependency is locked with hashes, the lock agrees with pyproject.toml, and the set-up
installs from the lock."""

import os
import re
import runpy
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
check_lock = runpy.run_path(str(ROOT / "scripts/check_lock.py"))


def packages(lock: Path) -> dict[str, list[str]]:
    """Each package in a lock file with its hashes."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lock.read_text().splitlines():
        pin = re.match(r"^([a-z0-9][a-z0-9._-]*)==\S+", line)
        if pin:
            current = pin[1]
            found[current] = []
        elif current and line.strip().startswith("--hash=sha256:"):
            found[current].append(line.strip().removesuffix("\\").strip())
    return found


def test_the_locks_agree_with_pyproject():
    assert check_lock["problems"]() == []


def test_every_locked_package_direct_or_indirect_has_hashes():
    for name in ("requirements.lock", "requirements-dev.lock"):
        locked = packages(ROOT / name)
        assert {"django", "asgiref", "sqlparse", "numpy"} <= set(locked), name
        assert all(locked.values()), [p for p, hashes in locked.items() if not hashes]


def test_the_dev_lock_holds_the_application_lock_at_the_same_versions():
    pins = check_lock["pins"]
    app = pins((ROOT / "requirements.lock").read_text().splitlines())
    dev = pins((ROOT / "requirements-dev.lock").read_text().splitlines())
    assert {name: dev.get(name) for name in app} == app


def test_the_set_up_installs_uv_alone_with_its_hashes_from_the_lock():
    lock = ROOT / "requirements-dev.lock"
    found = subprocess.run(
        ["python3", "scripts/check_lock.py", "--requirement", "uv", lock.name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = check_lock["pins"](dev["optional-dependencies"]["dev"])["uv"]
    assert check_lock["pins"](found.splitlines()) == {"uv": pinned}
    hashes = [line.strip().removesuffix("\\").strip() for line in found.splitlines()[1:]]
    assert [h for h in hashes if h.startswith("--hash")] == packages(lock)["uv"] != []


def test_a_stale_lock_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml").read_text().replace('"Django==5.2.19"', '"Django==5.2.99"')
    )
    for name in ("requirements.lock", "requirements-dev.lock"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    problems = check_lock["problems"](tmp_path)
    assert any("django==5.2.99" in p for p in problems), problems


def test_install_and_docker_use_the_lock_with_hashes():
    install = (ROOT / "scripts/install.sh").read_text()
    assert "--require-hashes" in install and "requirements-dev.lock" in install
    # uv comes from the lock, checked by pip, then installs the lock with the same check.
    assert "check_lock.py --requirement uv" in install
    assert 'uv pip install --quiet --python .venv/bin/python --require-hashes -r "$LOCK"' in install
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "uv pip compile pyproject.toml" in makefile and "--generate-hashes" in makefile


def test_make_test_runs_the_type_check_and_the_tests_in_parallel():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "typecheck" in recipe
    assert "-m pytest -n $(TEST_WORKERS)" in recipe
    assert "\ntypecheck: install\n\t.venv/bin/mypy\n" in makefile
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert "mypy_django_plugin.main" in mypy["plugins"]
    for module in mypy["files"]:
        assert (ROOT / module).exists(), module


def test_make_run_loads_the_demo_with_the_settings_it_serves_with():
    """On a fresh clone no static files are collected: the demo's equity evidence check renders
    pages, which with DEBUG off need the collected files' manifest."""
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    plan = subprocess.run(
        ["make", "-n", "demo"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in plan.splitlines() if "manage.py load_demo" in line)
    assert line.startswith("DEBUG=${DEBUG:-true} ")
