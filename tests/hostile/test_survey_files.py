"""Any bytes as a survey file: the parser gives clean rows and problems or refuses the file
with a FileProblem, and the import gives a stored wave or a rejected job with its problems;
never an unhandled exception, never a half-stored wave."""

import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers import survey_format as fmt
from careers.models import Response, SurveyImport, Wave
from careers.services import ImportRefused, survey_import, survey_import_submit
from tests.hostile.strategies import hostile_text, survey_files, survey_names

ROLES = {"clinical-psychologist": "Clinical psychologist"}
TODAY = date(2026, 5, 1)


def parse(data: bytes, name: str, sheet=None):
    """Read and check a whole file: ("rows", clean rows, problems) or ("refused", message)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "upload"
        path.write_bytes(data)
        try:
            reader = fmt.open_survey(path, filename=name, sheet=sheet, chunk_rows=3)
        except fmt.FileProblem as problem:
            return "refused", str(problem)
        try:
            checker = fmt.RowChecker(roles=ROLES, today=TODAY)
            rows, problems = 0, []
            reader.count_rows()
            for chunk in reader.chunks():
                checked = checker.check(chunk)
                rows += len(checked.rows)
                problems += checked.problems
            return "rows", rows, problems
        except fmt.FileProblem as problem:
            return "refused", str(problem)
        finally:
            reader.close()


@settings(max_examples=300, deadline=None)
@given(data=survey_files, name=survey_names, sheet=st.none() | st.sampled_from(["Data", "data "]))
def test_the_parser_reads_or_refuses_any_bytes(data, name, sheet):
    outcome = parse(data, name, sheet)
    if outcome[0] == "refused":
        assert outcome[1].strip(), "a refusal says why"
    else:
        _, rows, problems = outcome
        assert rows >= 0
        for problem in problems:
            assert problem.row >= 2 and problem.column in fmt.COLUMNS_BY_NAME and problem.reason


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=survey_files, name=survey_names, wave=hostile_text)
def test_an_import_of_any_bytes_stores_a_wave_or_reports_its_problems(
    roles_for_import, data, name, wave
):
    before = Response.objects.count()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "upload"
        path.write_bytes(data)
        try:
            job = survey_import(wave_name=wave[:100], path=path, filename=name, skip_invalid=True)
        except ImportRefused as refused:
            assert str(refused)
            assert Response.objects.count() == before
            return
    assert job.status in (SurveyImport.Status.SUCCEEDED, SurveyImport.Status.REJECTED), (
        job.status,
        job.message,
    )
    if job.status == SurveyImport.Status.SUCCEEDED:
        assert job.rows_stored > 0
        assert Response.objects.filter(survey_import=job).count() == job.rows_stored
        assert Wave.objects.get(pk=job.wave_id).respondents >= job.rows_stored
    else:
        assert job.message or job.problems
        assert Response.objects.count() == before


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=survey_files, name=survey_names)
def test_an_upload_of_any_bytes_is_stored_or_refused_on_the_form(
    roles_for_import, analyst_client, data, name
):
    response = analyst_client.post(
        "/careers/import/",
        {"wave": "Hostile wave", "file": SimpleUploadedFile(name, data), "skip_invalid": "on"},
    )
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "<title>Error: " in response.content.decode()


def test_the_service_refuses_any_bytes_without_an_exception_outside_the_job(db):
    """survey_import_submit takes the upload the same way the form does."""
    upload = SimpleUploadedFile("s.xlsx", b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRefused, match="not a readable XLSX file"):
        survey_import_submit(wave_name="W", upload=upload)


@pytest.fixture
def roles_for_import(db):
    from tests.careers.factories import RoleFactory

    return RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")


@pytest.fixture
def analyst_client(client_for, survey_analyst):
    return client_for(survey_analyst)


# --- What hypothesis found (kept as plain examples) ---------------------------------------------


def test_a_nul_character_in_a_cell_is_reported_or_stored_not_a_crash(roles_for_import, tmp_path):
    """PostgreSQL cannot hold NUL in text or jsonb: the problem report (jsonb) and the stored
    comments used to raise DataError, leaving the job running and the request a 500."""
    path = tmp_path / "nul.csv"
    header = "respondent_id,submitted_on,graduation_year,degree_route,current_status,comments\n"
    path.write_bytes(
        header.encode()
        + b"R1,2025-01-0\x001,2024,undergraduate,outside_health,fine\n"
        + b"R\x002,2025-01-01,2024,undergraduate,outside_health,a \x00 comment\n"
    )
    job = survey_import(wave_name="Wave", path=path, skip_invalid=True)
    assert job.status == SurveyImport.Status.SUCCEEDED, job.message
    assert job.problems == [[2, "submitted_on", "2025-01-0\ufffd1", job.problems[0][3]]]
    stored = Response.objects.get(survey_import=job)
    assert (stored.respondent_id, stored.comments) == ("R\ufffd2", "a \ufffd comment")


@pytest.mark.parametrize(
    ("wave", "sheet", "message"),
    [
        ("x" * 101, "", "100 characters or fewer"),
        ("Wave\x00", "", "NUL"),
        ("   ", "", "Give the wave a name"),
        ("Wave", "s" * 101, "sheet name"),
    ],
)
def test_the_import_service_refuses_names_the_database_cannot_hold(
    roles_for_import, tmp_path, wave, sheet, message
):
    path = tmp_path / "s.csv"
    path.write_text("respondent_id,graduation_year,degree_route,current_status\n")
    with pytest.raises(ImportRefused, match=message):
        survey_import(wave_name=wave, path=path, sheet=sheet)
    assert not SurveyImport.objects.exists()
