import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = os.path.dirname(os.path.dirname(__file__))


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_bool_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_int_fails_loudly_on_text_and_below_minimum(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be a whole number"):
        env_int("NUMBER", 1)
    monkeypatch.setenv("NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("NUMBER", 5, minimum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " example.org, www.example.org ,")
    assert env_list("HOSTS", []) == ["example.org", "www.example.org"]


def _manage(*args, **env):
    skip = {"DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in skip}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


PRODUCTION = {
    "DEBUG": "false",
    "TESTING": "false",
    "SECRET_KEY": "k3y-" + "x9Qz!7pL#2mW" * 4 + "aB",
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/portal",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = dict(PRODUCTION, SECRET_KEY="")
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_database_url_fails_loudly():
    result = _manage("check", **dict(PRODUCTION, DATABASE_URL="mysql://x@y/z"))
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_a_bad_boolean_setting_fails_loudly():
    result = _manage("check", **dict(PRODUCTION, DEBUG="sometimes"))
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_only_the_test_process_uses_the_fast_password_hasher_and_looks_static_files_up():
    code = (
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0],"
        " getattr(settings, 'WHITENOISE_AUTOREFRESH', False))"
    )
    result = _manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "django.contrib.auth.hashers.PBKDF2PasswordHasher False"
    )
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.WHITENOISE_AUTOREFRESH


def test_a_process_that_loads_the_portal_does_not_import_scipy_or_pandas():
    """SciPy is for a matching run only (mentoring/matching.py imports it there), pandas for a
    survey import only (careers/services.py imports the import's modules inside it): loaded
    with the models and URLs, they cost every process that starts (a server worker, a command,
    the task worker) about 1.5 s and 0.2 s of CPU (docs/benchmarks.md)."""
    code = (
        "import sys; from django.urls import resolve; resolve('/');"
        " print('loaded:', sorted(name for name in sys.modules"
        " if name.split('.')[0] in ('scipy', 'pandas')))"
    )
    result = _manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "loaded: []"
