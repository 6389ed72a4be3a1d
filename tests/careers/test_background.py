"""Uploads run in the background through django-tasks' database backend; a killed worker leaves
nothing stored and the job shown as failed; running it again succeeds."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from careers.demo import write_survey_csv
from careers.models import Response, SurveyImport, Wave
from tests.careers.factories import RoleFactory
from tests.careers.surveys import respondent, write_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_runs_in_the_background_and_the_page_follows_it(
    client_for, survey_analyst, roles, tmp_path, settings
):
    settings.CAREERS_BACKGROUND_IMPORT_BYTES = 100  # every test file counts as large
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    path = write_csv(tmp_path / "big.csv", [respondent(n) for n in range(30)])
    client = client_for(survey_analyst)
    upload = SimpleUploadedFile("big.csv", path.read_bytes(), content_type="text/csv")
    response = client.post("/careers/import/", {"wave": "Autumn", "file": upload})
    job = SurveyImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/careers/imports/{job.pk}/"
    assert job.status == "queued" and job.background
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    page = client.get(f"/careers/imports/{job.pk}/").content.decode()
    assert "js/careers-progress.mjs" in page and "data-careers-progress" in page
    assert "Waiting for the background worker" in page and "Check progress" in page

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    page = client.get(f"/careers/imports/{job.pk}/").content.decode()
    assert "data-careers-progress" not in page
    assert "30 rows stored." in page and "/careers/waves/autumn/" in page
    assert Wave.objects.get().respondents == 30
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_stores_nothing_shows_failed_and_succeeds_when_run_again(
    tmp_path, settings
):
    """A real process is killed with SIGKILL in the middle of storing a file."""
    from careers.demo import REQUIRED_ROLES

    for slug, name in REQUIRED_ROLES.items():
        RoleFactory(slug=slug, name=name)
    path = write_survey_csv(tmp_path / "survey.csv", respondents=150_000, seed=1, year=2025)
    env = {
        **os.environ,
        "PGDATABASE_NAME": connection.settings_dict["NAME"],
        "CAREERS_IMPORT_HEARTBEAT_SECONDS": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_survey", str(path), "--wave", "Killed"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = SurveyImport.objects.filter(wave_name="Killed").first()
            if job and job.rows_stored > 0:
                break
            assert process.poll() is None, "the import finished before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail("the import never reported progress")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    job.refresh_from_db()
    assert job.status == "running" and job.rows_stored > 0
    assert not Response.objects.exists() and not Wave.objects.exists()
    settings.CAREERS_IMPORT_STALE_SECONDS = 1
    deadline = time.monotonic() + 2.5  # as long as the fixed wait this replaces, at most
    while job.shown_status != "failed" and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.shown_status == "failed"

    call_command("import_survey", str(path), "--wave", "Killed", stdout=io.StringIO())
    assert Wave.objects.get().respondents == 150_000
    assert SurveyImport.objects.filter(status="succeeded").count() == 1
