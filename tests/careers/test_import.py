"""Storing survey files: one transaction, all or nothing, duplicates refused, figures kept."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from careers import figures, services, storing
from careers.models import ImportUpload, Response, SurveyImport, Wave
from careers.services import ImportRefused, survey_import
from tests.careers.surveys import respondent


def test_a_valid_file_is_stored_with_its_answers_as_codes(roles, survey_file):
    rows = [
        respondent(
            1,
            aspired_roles="Clinical psychologist; assistant-psychologist",
            barriers="Location of opportunities;location",
            interest_nhs_mh="Very interested",
            comments="Tab\there\nand a back\\slash",
            gender="",
        ),
        respondent(2, submitted_on="", bps_accredited="", interest_nhs_mh=""),
    ]
    job = survey_import(wave_name="Spring 2025", path=survey_file(rows), filename="spring.csv")
    assert job.status == SurveyImport.Status.SUCCEEDED
    assert (job.rows_read, job.rows_stored, job.rows_rejected) == (2, 2, 0)
    first, second = Response.objects.filter(wave=job.wave).order_by("row_number")
    assert first.aspired_roles == ["clinical-psychologist", "assistant-psychologist"]
    assert first.barriers == ["location"]
    assert first.interest == 4 and first.gender is None
    assert first.comments == "Tab\there\nand a back\\slash"
    assert (second.row_number, second.submitted_on, second.interest) == (3, None, None)
    assert job.wave.respondents == 2 and job.wave.slug == "spring-2025"


def test_a_file_with_any_invalid_row_stores_nothing_and_lists_every_problem(roles, survey_file):
    rows = [respondent(n) for n in range(10)]
    rows[3]["gender"] = "robot"
    rows[8]["graduation_year"] = "1900"
    job = survey_import(wave_name="W", path=survey_file(rows), chunk_rows=4)
    assert job.status == SurveyImport.Status.REJECTED
    assert job.problems == [
        [5, "gender", "robot", job.problems[0][3]],
        [10, "graduation_year", "1900", job.problems[1][3]],
    ]
    assert (job.rows_read, job.rows_stored, job.rows_rejected) == (10, 0, 2)
    assert "nothing was stored" in job.message
    assert not Response.objects.exists() and not Wave.objects.exists()


def test_skip_invalid_stores_the_valid_rows_and_lists_the_skipped_ones(roles, survey_file):
    rows = [respondent(n) for n in range(10)]
    rows[3]["gender"] = "robot"
    job = survey_import(wave_name="W", path=survey_file(rows), skip_invalid=True, chunk_rows=4)
    assert job.status == SurveyImport.Status.SUCCEEDED
    assert (job.rows_read, job.rows_stored, job.rows_rejected) == (10, 9, 1)
    assert job.problems[0][:3] == [5, "gender", "robot"]
    assert Response.objects.count() == 9 and job.wave.respondents == 9
    assert not Response.objects.filter(row_number=5).exists()


def test_a_file_with_no_valid_rows_stores_nothing_even_when_skipping(roles, survey_file):
    job = survey_import(
        wave_name="W", path=survey_file([respondent(1, gender="?")]), skip_invalid=True
    )
    assert job.status == SurveyImport.Status.REJECTED and job.rows_stored == 0
    assert not Wave.objects.exists()


def test_a_file_missing_required_columns_is_rejected_by_name(roles, survey_file):
    path = survey_file([{"respondent_id": "1"}], header=["respondent_id", "gender"])
    job = survey_import(wave_name="W", path=path)
    assert job.status == SurveyImport.Status.REJECTED
    assert job.message == (
        "The file is missing required columns: graduation_year, degree_route, current_status."
    )


def test_the_same_file_cannot_be_imported_into_the_same_wave_twice(roles, survey_file):
    path = survey_file([respondent(1)])
    survey_import(wave_name="W", path=path)
    with pytest.raises(ImportRefused, match="already been imported into the wave “W”"):
        survey_import(wave_name="W", path=path)
    other = survey_import(wave_name="Another wave", path=path)
    assert other.status == SurveyImport.Status.SUCCEEDED


def test_a_second_file_adds_to_a_wave_but_not_respondents_it_already_has(roles, survey_file):
    survey_import(wave_name="W", path=survey_file([respondent(1), respondent(2)]))
    job = survey_import(wave_name="W", path=survey_file([respondent(2), respondent(3)]))
    assert job.status == SurveyImport.Status.REJECTED
    assert job.problems[0][:3] == [2, "respondent_id", "R00002"]
    job = survey_import(wave_name="W", path=survey_file([respondent(3), respondent(4)]))
    assert job.status == SurveyImport.Status.SUCCEEDED
    wave = Wave.objects.get()
    assert wave.respondents == 4 and wave.figures["respondents"] == 4


def test_a_crash_while_storing_leaves_nothing_half_stored(roles, survey_file, monkeypatch):
    calls = {"n": 0}
    real = storing.copy_text

    def crash_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise MemoryError("simulated crash")
        return real(*args, **kwargs)

    monkeypatch.setattr(storing, "copy_text", crash_on_second_chunk)
    path = survey_file([respondent(n) for n in range(10)])
    with pytest.raises(MemoryError):
        survey_import(wave_name="W", path=path, chunk_rows=3)
    job = SurveyImport.objects.get()
    assert job.status == SurveyImport.Status.FAILED
    assert not Response.objects.exists() and not Wave.objects.exists()
    monkeypatch.setattr(storing, "copy_text", real)
    # The failed import does not block the same file.
    assert survey_import(wave_name="W", path=path).status == SurveyImport.Status.SUCCEEDED


def test_a_chunk_postgresql_refuses_fails_the_import_and_stores_nothing(
    roles, survey_file, monkeypatch
):
    """Chunks are stored from a thread while the next is checked: PostgreSQL refusing one
    (here a line with a field too few) fails the whole import in the importing thread."""
    calls = {"n": 0}
    real = storing.copy_text

    def broken_second_chunk(*args, **kwargs):
        calls["n"] += 1
        text = real(*args, **kwargs)
        return text.replace("\t", "", 1) if calls["n"] == 2 else text

    monkeypatch.setattr(storing, "copy_text", broken_second_chunk)
    path = survey_file([respondent(n) for n in range(10)])
    with pytest.raises(Exception, match="(?i)missing data|extra data|invalid input"):
        survey_import(wave_name="W", path=path, chunk_rows=3)
    assert SurveyImport.objects.get().status == SurveyImport.Status.FAILED
    assert not Response.objects.exists() and not Wave.objects.exists()
    monkeypatch.setattr(storing, "copy_text", real)
    job = survey_import(wave_name="W", path=path, chunk_rows=3)
    assert job.status == SurveyImport.Status.SUCCEEDED
    assert sorted(Response.objects.values_list("row_number", flat=True)) == list(range(2, 12))


def test_figures_are_computed_once_at_import(imported_wave):
    figures = imported_wave.figures
    assert figures["respondents"] == 40
    assert figures["groups"]["gender"] == {"woman": 30, "man": 10}
    assert figures["tables"]["aspired_roles"]["all"] == {
        "clinical-psychologist": 40,
        "assistant-psychologist": 3,
    }
    assert figures["tables"]["interest"]["by"]["gender"]["man"] == {"4": 10}
    assert figures["tables"]["barriers"]["by"]["region"]["london"] == {
        "competition_for_training": 40
    }


def test_deleting_a_wave_removes_its_responses_and_lets_its_files_be_imported_again(
    roles, survey_file, survey_analyst
):
    path = survey_file([respondent(1)])
    wave = survey_import(wave_name="W", path=path).wave
    survey_import(wave_name="Other", path=survey_file([respondent(5)]))
    services.wave_delete(wave=wave, by=survey_analyst)
    assert list(Wave.objects.values_list("name", flat=True)) == ["Other"]
    assert Response.objects.count() == 1
    assert survey_import(wave_name="W", path=path).status == SurveyImport.Status.SUCCEEDED


# --- Progress, heartbeats, dead workers ---------------------------------------------------


def read_job_elsewhere(pk):
    """The job row and the stored responses as another database connection sees them."""
    seen = {}

    def read():
        try:
            seen["job"] = SurveyImport.objects.values(
                "status", "rows_total", "rows_checked", "rows_stored"
            ).get(pk=pk)
            seen["responses"] = Response.objects.count()
        finally:
            connections["default"].close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_nothing_is_stored_yet(
    roles, survey_file, settings, monkeypatch
):
    settings.CAREERS_IMPORT_HEARTBEAT_SECONDS = 0.02
    real = storing.copy_text
    seen = {}

    def watch(rows, *, wave_id, import_id, **extra):
        text = real(rows, wave_id=wave_id, import_id=import_id, **extra)
        if not seen and rows["_row"].iloc[0] > 60:
            threading.Event().wait(0.3)  # let the heartbeat write
            seen.update(read_job_elsewhere(import_id))
        return text

    monkeypatch.setattr(storing, "copy_text", watch)
    job = survey_import(
        wave_name="W", path=survey_file([respondent(n) for n in range(100)]), chunk_rows=10
    )
    assert job.status == SurveyImport.Status.SUCCEEDED and job.rows_stored == 100
    assert seen["job"]["status"] == "running"
    assert seen["job"]["rows_total"] == 100
    assert 60 <= seen["job"]["rows_checked"] < 100
    assert 50 <= seen["job"]["rows_stored"] < 100
    assert seen["responses"] == 0  # one transaction: nothing shows until it commits


def running_import(silent_for: timedelta, **fields) -> SurveyImport:
    """An import left running whose worker last reported `silent_for` ago."""
    fields = {"sha256": "x", **fields}
    return SurveyImport.objects.create(
        wave_name="W",
        filename="f.csv",
        status=SurveyImport.Status.RUNNING,
        heartbeat_at=timezone.now() - silent_for,
        **fields,
    )


def test_a_running_job_whose_heartbeat_stopped_is_shown_as_failed(db, settings):
    settings.CAREERS_IMPORT_STALE_SECONDS = 60
    job = running_import(timedelta(seconds=30))
    assert job.shown_status == "running" and not job.is_finished
    job.heartbeat_at = timezone.now() - timedelta(seconds=61)
    assert job.shown_status == "failed" and job.is_finished


def test_a_failed_upload_can_run_again_from_its_stored_file(roles, survey_file, survey_analyst):
    path = survey_file([respondent(1), respondent(2)])
    job = running_import(timedelta(hours=1), sha256=services.file_sha256(path))
    ImportUpload.objects.create(survey_import=job, content=path.read_bytes())
    assert job.can_retry
    job = services.survey_import_retry(job=job, by=survey_analyst)
    assert job.status == SurveyImport.Status.SUCCEEDED and job.rows_stored == 2
    assert not ImportUpload.objects.filter(survey_import=job).exists()


def test_a_stored_job_cannot_be_retried(roles, survey_file):
    job = survey_import(wave_name="W", path=survey_file([respondent(1)]))
    with pytest.raises(ImportRefused):
        services.survey_import_retry(job=job)


def test_figures_counted_while_importing_equal_those_counted_in_the_database(roles, survey_file):
    from careers.demo import ensure_roles, survey_frame
    from careers.queries import compute_figures

    ensure_roles()
    frame = survey_frame(respondents=900, seed=5, year=2025, trend=0.5)
    first, second = survey_file([]), survey_file([])
    frame.iloc[:500].to_csv(first, index=False)
    frame.iloc[500:].to_csv(second, index=False)
    assert survey_import(wave_name="W", path=first, chunk_rows=128).status == "succeeded"
    job = survey_import(wave_name="W", path=second, chunk_rows=128)
    assert job.status == SurveyImport.Status.SUCCEEDED, job.message
    wave = Wave.objects.get()
    assert wave.figures == compute_figures(wave.pk)
    assert wave.respondents == 900


# --- Issue 10, item 13: imports into one wave, one at a time; what a failed import stored ------


def _run_in_thread(target):
    result = {}

    def run():
        try:
            result["value"] = target()
        except Exception as error:  # reported by the test
            result["error"] = error
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def _lock_waits() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_different_files_imported_into_one_new_wave_at_once_are_each_judged_on_their_rows(
    roles, survey_file, monkeypatch
):
    """Today's code refused the second as "already imported" and lost its valid rows."""
    import time

    first_inside, release = threading.Event(), threading.Event()
    real = figures.FigureCounter

    class PausingCounter(real):
        def add(self, rows, **extra):
            if threading.current_thread().name == "first":
                first_inside.set()
                assert release.wait(30)
            return super().add(rows, **extra)

    monkeypatch.setattr(figures, "FigureCounter", PausingCounter)
    first_file = survey_file([respondent(n) for n in range(10)])
    # The second file shares one respondent with the first: that row alone is its problem.
    second_file = survey_file([respondent(n) for n in range(9, 25)])

    first, first_result = _run_in_thread(lambda: survey_import(wave_name="W", path=first_file))
    first.name = "first"
    assert first_inside.wait(30)
    second, second_result = _run_in_thread(
        lambda: survey_import(wave_name="W", path=second_file, skip_invalid=True)
    )
    deadline = time.monotonic() + 20
    while not _lock_waits() and time.monotonic() < deadline:  # the second waits for the first
        time.sleep(0.05)
    assert _lock_waits()
    release.set()
    first.join(30)
    second.join(30)
    assert "error" not in first_result and "error" not in second_result
    assert first_result["value"].status == SurveyImport.Status.SUCCEEDED
    job = second_result["value"]
    assert job.status == SurveyImport.Status.SUCCEEDED, job.message
    assert job.rows_stored == 15 and [p[:3] for p in job.problems] == [
        [2, "respondent_id", "R00009"]
    ]
    wave = Wave.objects.get()
    assert wave.respondents == 25 == Response.objects.count()
    assert wave.figures["respondents"] == 25


def test_a_failed_imports_page_shows_that_nothing_was_stored(client_for, survey_analyst, db):
    """Today's page showed the dead worker's last progress ("Rows stored: 5,000")."""
    job = running_import(timedelta(hours=1), rows_total=9000, rows_checked=6000, rows_stored=5000)
    client = client_for(survey_analyst)
    text = client.get(f"/careers/imports/{job.pk}/").content.decode()
    assert "The import failed" in text and "Nothing from this file was stored" in text
    flat = " ".join(text.split())
    assert 'Rows stored </dt> <dd class="nhsuk-summary-list__value"> 0 </dd>' in flat
    assert "5,000" not in text
    listing = client.get("/careers/imports/").content.decode()
    assert "5,000" not in listing
