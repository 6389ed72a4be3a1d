"""Any bytes as a survey file: the parser gives clean rows and problems or refuses the file
with a FileProblem, and the import gives a stored wave or a rejected job with its problems;
never an unhandled exception, never a half-stored wave."""

import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers import survey_files as reading
from careers import survey_format as fmt
from careers import survey_rows
from careers.models import Response, SurveyImport, Wave
from careers.services import ImportRefused, survey_import, survey_import_submit
from tests.careers.surveys import HEADER, respondent
from tests.hostile.strategies import hostile_text, survey_files, survey_names

ROLES = {"clinical-psychologist": "Clinical psychologist"}
TODAY = date(2026, 5, 1)


def parse(data: bytes, name: str, sheet=None):
    """Read and check a whole file: ("rows", clean rows, problems) or ("refused", message)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("upload" + Path(name).suffix.lower())  # as the service names it
        path.write_bytes(data)
        try:
            reader = reading.open_survey(path, filename=name, sheet=sheet, chunk_rows=3)
        except fmt.FileProblem as problem:
            return "refused", str(problem)
        try:
            checker = survey_rows.RowChecker(roles=ROLES, today=TODAY)
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


@settings(max_examples=300)
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
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=survey_files, name=survey_names, wave=hostile_text)
def test_an_import_of_any_bytes_stores_a_wave_or_reports_its_problems(
    roles_for_import, data, name, wave
):
    before = Response.objects.count()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("upload" + Path(name).suffix.lower())
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
    suppress_health_check=[HealthCheck.function_scoped_fixture],
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


def _workbook_bytes(rows_after_header=4):
    from tests.hostile.strategies import xlsx_bytes

    return xlsx_bytes(
        [HEADER] + [[respondent(n)[name] for name in HEADER] for n in range(rows_after_header)]
    )


def test_an_xlsx_damaged_after_its_header_is_refused_on_the_form(roles_for_import, analyst_client):
    """The header read, the rows not (truncated sheet XML): used to raise ParseError out of
    the import, a 500 for the analyst and a job left failed."""
    from tests.hostile.strategies import _rewrite_member

    def truncate(content):
        return content[: content.find(b'<row r="3"') + 20]

    data = _rewrite_member(_workbook_bytes(), "xl/worksheets/sheet1.xml", truncate)
    response = analyst_client.post(
        "/careers/import/", {"wave": "W", "file": SimpleUploadedFile("s.xlsx", data)}
    )
    assert response.status_code == 302
    job = SurveyImport.objects.get()
    assert job.status == SurveyImport.Status.REJECTED
    assert "cannot be read after row 2" in job.message
    assert not Response.objects.exists()
    page = analyst_client.get(response["Location"]).content.decode()
    assert "cannot be read after row 2" in page


def test_rows_with_a_delimiter_at_the_end_are_read_in_their_columns(roles_for_import, tmp_path):
    """More fields than header names used to turn the first column into pandas' index."""
    path = tmp_path / "trailing.csv"
    lines = [",".join(HEADER)] + [
        ",".join(respondent(n)[name] for name in HEADER) + "," for n in range(3)
    ]
    path.write_text("\n".join(lines) + "\n")
    job = survey_import(wave_name="Wave", path=path)
    assert job.status == SurveyImport.Status.SUCCEEDED, job.message
    stored = Response.objects.order_by("respondent_id").values_list("respondent_id", flat=True)
    assert list(stored) == ["R00000", "R00001", "R00002"]


# --- Oversized and bomb uploads (careers tests the ratio and size limits; these add the rest) ---


def _lying_zip(data: bytes, member: str, declared: int) -> bytes:
    """The workbook with one member's declared uncompressed size rewritten to `declared`
    bytes in both headers: a bomb that passes a check trusting the archive's own numbers."""
    import struct
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    raw = bytearray(data)
    # Local header: the uncompressed size is at offset 22.
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    # Central directory entry.
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_length].decode() == member:
            struct.pack_into("<I", raw, central + 24, declared)
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def test_an_xlsx_bomb_that_lies_about_its_size_is_refused(roles_for_import, analyst_client):
    """The zip-bomb check reads the sizes the archive declares; one that lies (a 30 MB sheet
    declared as 2 KB) is still stopped: reading stops at the declared size and the checksum
    fails, refused with a message rather than expanded."""
    import zipfile

    from tests.hostile.strategies import _rewrite_member

    big = _rewrite_member(
        _workbook_bytes(),
        "xl/worksheets/sheet1.xml",
        lambda content: content.replace(
            b"</sheetData>", b'<row r="9"><c t="n"><v>1</v></c></row>' * 800_000 + b"</sheetData>"
        ),
    )
    bomb = _lying_zip(big, "xl/worksheets/sheet1.xml", 2048)
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 2048 and info.compress_size < 200_000
    response = analyst_client.post(
        "/careers/import/", {"wave": "W", "file": SimpleUploadedFile("bomb.xlsx", bomb)}
    )
    assert response.status_code in (200, 302)
    text = response.content.decode()
    if response.status_code == 302:
        job = SurveyImport.objects.get()
        assert job.status == SurveyImport.Status.REJECTED and job.message
        text = job.message
    assert "XLSX" in text and not Response.objects.exists()


def test_an_xlsx_of_too_many_parts_is_refused_before_it_is_opened(tmp_path):
    import zipfile

    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(60):
            archive.writestr(f"xl/part{n}.xml", b"<x/>")
    with pytest.raises(fmt.FileProblem, match="holds 60 parts"):
        reading.check_zip_safe(path, max_members=50)


@pytest.mark.parametrize("path", ["/referrals/new/", "/accounts/sign-in/"])
def test_an_oversized_form_post_is_refused_with_the_bad_request_page(client, db, path):
    """Bodies over REQUEST_MAX_BYTES get the 413 page before they are read, and posts of too
    many fields the 400 page; never a 500."""
    response = client.post(path, {"name": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413
    assert "The file or form you sent is too large" in response.content.decode()
    many = client.post(path, {f"field{n}": "x" for n in range(1500)})
    assert many.status_code == 400


def test_an_upload_over_the_limit_is_refused_by_the_service_whoever_calls(db, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("s.csv", b"x" * 2048)
    with pytest.raises(ImportRefused, match="the largest accepted is"):
        survey_import_submit(wave_name="W", upload=upload)
    assert not SurveyImport.objects.exists()


def _many_strings_xlsx(path, strings: int):
    """A real XLSX of one survey row per respondent whose texts are held as shared strings, as
    Excel writes them (openpyxl writes inline strings, so its sheet is rewritten)."""
    import re
    import zipfile

    import openpyxl

    plain = path.with_suffix(".plain.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(strings):
        row = respondent(n)
        row["comments"] = f"comment number {n}"
        sheet.append([row[name] for name in HEADER])
    workbook.save(plain)
    table: dict[str, int] = {}

    def shared(match):
        text = match.group(2)
        index = table.setdefault(text, len(table))
        return f'<c r="{match.group(1)}" t="s"><v>{index}</v></c>'

    inline = re.compile(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>(.*?)</t></is></c>')
    # What the workbook must also say for the shared strings part: (the file's closing tag, the
    # element added before it).
    declarations = {
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9" />',
        ),
        "[Content_Types].xml": (
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />',
        ),
    }
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = inline.sub(shared, data.decode()).encode()
            elif item.filename in declarations:
                end, element = declarations[item.filename]
                data = data.replace(end, element + end)
            out.writestr(item.filename, data)
        texts = "".join(f"<si><t>{text}</t></si>" for text in table)  # already escaped
        out.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(table)}" uniqueCount="{len(table)}">{texts}</sst>',
        )
    return path


def test_an_xlsx_with_too_many_shared_strings_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """Issue 10, item 13: five million shared strings in 23 MB passed the zip check and took
    about 1 GB when openpyxl loaded them. Now they are counted by streaming the part first."""
    import openpyxl

    path = _many_strings_xlsx(tmp_path / "strings.xlsx", 3000)

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(fmt.FileProblem, match="more than 1,000 different texts"):
        reading.open_survey(path, zip_limits={"max_shared_strings": 1000})
    with pytest.raises(fmt.FileProblem, match="sharedStrings.xml expands to more than"):
        reading.check_zip_safe(path, max_part_bytes=20_000)


def test_an_upload_with_too_many_shared_strings_is_refused_on_the_form(
    roles_for_import, analyst_client, tmp_path, settings
):
    settings.CAREERS_XLSX_MAX_SHARED_STRINGS = 1000
    path = _many_strings_xlsx(tmp_path / "strings.xlsx", 1500)
    response = analyst_client.post(
        "/careers/import/",
        {"wave": "W", "file": SimpleUploadedFile("strings.xlsx", path.read_bytes())},
    )
    assert response.status_code == 200
    assert "more than 1,000 different texts" in response.content.decode()
    assert not SurveyImport.objects.exists()
    # Under the limit, the same kind of file is read as usual.
    settings.CAREERS_XLSX_MAX_SHARED_STRINGS = 100_000
    response = analyst_client.post(
        "/careers/import/",
        {"wave": "W", "file": SimpleUploadedFile("strings.xlsx", path.read_bytes())},
    )
    assert response.status_code == 302
    assert Response.objects.count() == 1500


def test_shared_strings_split_across_read_blocks_are_each_counted_once(tmp_path):
    import zipfile

    path = tmp_path / "split.xlsx"
    # 1 MB blocks: tags fall on every kind of boundary.
    body = b"<sst>" + b"<si><t>abcdefghijklmnopq</t></si>" * 200_000 + b"</sst>"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", body)
    reading.check_zip_safe(path, max_shared_strings=200_000, max_ratio=10_000)
    with pytest.raises(fmt.FileProblem, match="more than 199,999"):
        reading.check_zip_safe(path, max_shared_strings=199_999, max_ratio=10_000)
