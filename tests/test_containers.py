"""The container files (Docker itself cannot run here): compose.yaml parses and runs the app,
the worker, the periodic jobs and PostgreSQL from one image; the Dockerfile installs from the
lock, runs as a user and keeps local secrets out of the image; pre-commit's hooks."""

import re
import tomllib
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_names_the_app_the_worker_and_postgresql():
    services = compose()["services"]
    assert {"app", "worker", "db", "migrate", "scheduler"} <= set(services)
    assert re.fullmatch(r"postgres:1[5-9].*", services["db"]["image"])
    for name in ("app", "worker", "scheduler", "migrate"):
        assert services[name]["build"] == ".", name
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://"), name
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["scheduler"]["command"][:3] == ["python", "manage.py", "run_scheduled"]
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    assert "/readyz" in " ".join(services["app"]["healthcheck"]["test"])
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    commands = get_commands()
    for name in ("worker", "scheduler", "migrate"):
        assert services[name]["command"][2] in commands


def test_compose_commits_no_secret():
    services = compose()["services"]
    assert services["app"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_the_dockerfile_installs_the_lock_and_runs_gunicorn_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-9]", dockerfile, re.M)
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert '"gunicorn", "config.wsgi"' in dockerfile
    assert "/healthz" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".secret_key", ".venv", ".pgdata", ".git"} <= set(ignored)


def test_pre_commit_runs_ruff_the_format_check_and_a_secrets_scan():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "detect-secrets"} <= set(hooks)
    assert "--check" in hooks["ruff-format"][1]["args"]
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    ruff_pin = next(p for p in dev["optional-dependencies"]["dev"] if p.startswith("ruff=="))
    assert hooks["ruff"][0]["rev"] == "v" + ruff_pin.removeprefix("ruff==")
