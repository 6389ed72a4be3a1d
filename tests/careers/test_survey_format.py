"""The survey file format, rule by rule: pure reading and checking, no database."""

import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest

from careers import survey_files, survey_rows
from careers import survey_format as fmt
from tests.careers.surveys import HEADER, respondent, write_csv

ROLES = {
    "clinical-psychologist": "Clinical psychologist",
    "assistant-psychologist": "Assistant psychologist",
    "childrens-wellbeing-practitioner": "Children's wellbeing practitioner",
}
TODAY = date(2026, 5, 1)


def check_file(path, filename="", sheet=None, chunk_rows=fmt.CHUNK_ROWS, known_ids=()):
    """Read and check a whole file: (clean rows, problems, reader)."""
    reader = survey_files.open_survey(path, filename=filename, sheet=sheet, chunk_rows=chunk_rows)
    checker = survey_rows.RowChecker(roles=ROLES, today=TODAY, known_ids=set(known_ids))
    frames, problems = [], []
    for chunk in reader.chunks():
        checked = checker.check(chunk)
        frames.append(checked.rows)
        problems.extend(checked.problems)
    reader.close()
    rows = pd.concat(frames) if frames else pd.DataFrame()
    return rows, problems, reader


def reasons(problems):
    return [(p.row, p.column, p.value) for p in problems]


# --- Encodings and line endings -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_are_read(tmp_path, encoding):
    rows = [respondent(1, comments="Café – naïve’s £5"), respondent(2, bps_accredited="Don’t know")]
    path = write_csv(tmp_path / "s.csv", rows, encoding=encoding)
    clean, problems, _ = check_file(path)
    assert problems == []
    assert clean["respondent_id"].tolist() == ["R00001", "R00002"]
    assert clean["comments"].tolist()[0] == "Café – naïve’s £5"
    assert clean["bps_accredited"].tolist()[1] == "dont_know"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_line_endings_are_read(tmp_path, newline):
    path = write_csv(tmp_path / "s.csv", [respondent(1), respondent(2)], newline=newline)
    clean, problems, _ = check_file(path)
    assert problems == [] and len(clean) == 2


def test_a_byte_order_mark_does_not_spoil_the_first_column_name(tmp_path):
    path = write_csv(tmp_path / "s.csv", [respondent(1)], encoding="utf-8-sig")
    reader = survey_files.open_survey(path)
    assert "respondent_id" in reader.columns and not reader.warnings


# --- Header ---------------------------------------------------------------------------------


def test_column_names_ignore_case_spaces_hyphens_and_underscores(tmp_path):
    header = [
        " Respondent ID ",
        "Submitted-On",
        "GRADUATION YEAR",
        "degree-route",
        "BPS_accredited",
        "Current  Status",
        "interest nhs-mh",
        "Aspired Roles",
        "barriers",
        "Gender",
        "Ethnic-Group",
        "disability",
        "Age_Band",
        "REGION",
        "first generation",
        "Comments",
    ]
    path = write_csv(tmp_path / "s.csv", [list(respondent(1).values())], header=header)
    clean, problems, reader = check_file(path)
    assert problems == [] and reader.warnings == []
    assert clean.iloc[0]["interest_nhs_mh"] == 4


def test_unknown_columns_are_ignored_with_a_warning_naming_them(tmp_path):
    header = [*HEADER, "Favourite colour", "IP address"]
    path = write_csv(
        tmp_path / "s.csv", [[*respondent(1).values(), "blue", "10.0.0.1"]], header=header
    )
    clean, problems, reader = check_file(path)
    assert problems == [] and len(clean) == 1
    assert reader.warnings == ["Unknown columns ignored: Favourite colour, IP address."]


def test_a_missing_required_column_rejects_the_file_naming_every_missing_column(tmp_path):
    header = [h for h in HEADER if h not in ("graduation_year", "current_status")]
    path = write_csv(tmp_path / "s.csv", [respondent(1)], header=header)
    with pytest.raises(fmt.FileProblem) as problem:
        survey_files.open_survey(path)
    assert str(problem.value) == (
        "The file is missing required columns: graduation_year, current_status."
    )


def test_only_the_required_columns_are_needed(tmp_path):
    header = ["respondent_id", "graduation_year", "degree_route", "current_status"]
    path = write_csv(tmp_path / "s.csv", [respondent(1)], header=header)
    clean, problems, _ = check_file(path)
    assert problems == []
    row = clean.iloc[0]
    assert row["aspired_roles"] == () and row["gender"] is None and row["comments"] == ""


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(fmt.FileProblem, match="empty"):
        survey_files.open_survey(path)


# --- Coded answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "given", "stored"),
    [
        ("degree_route", "Psychology conversion master's", "conversion_masters"),
        ("degree_route", "Psychology conversion master’s", "conversion_masters"),
        ("degree_route", "CONVERSION-MASTERS", "conversion_masters"),
        ("current_status", "  working in nhs mental health services ", "nhs_mental_health"),
        ("current_status", "further study", "further_study"),
        ("bps_accredited", "Don’t know", "dont_know"),
        ("bps_accredited", "dont know", "dont_know"),
        ("interest_nhs_mh", "Very interested", 4),
        ("interest_nhs_mh", " 2 ", 2),
        ("gender", "Non-binary", "non_binary"),
        ("gender", "prefer not to say", "prefer_not_to_say"),
        ("ethnic_group", "Black, Black British, Caribbean or African", "black"),
        ("age_band", "25 to 34", "25_34"),
        ("age_band", "45-plus", "45_plus"),
        ("region", "North East and Yorkshire", "north_east_and_yorkshire"),
        ("first_generation", "YES", "yes"),
    ],
)
def test_coded_answers_accept_the_code_or_the_label(tmp_path, column, given, stored):
    path = write_csv(tmp_path / "s.csv", [respondent(1, **{column: given})])
    clean, problems, _ = check_file(path)
    assert problems == []
    assert clean.iloc[0][column] == stored


def test_an_unknown_answer_is_a_problem_naming_row_column_value_and_reason(tmp_path):
    path = write_csv(tmp_path / "s.csv", [respondent(1), respondent(2, gender="Wizard")])
    clean, problems, _ = check_file(path)
    assert len(clean) == 1
    [problem] = problems
    assert (problem.row, problem.column, problem.value) == (3, "gender", "Wizard")
    assert problem.reason.startswith("is not one of the answers: woman, man")


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    rows = [
        respondent(1, graduation_year="1969", degree_route=""),
        respondent(2, submitted_on="2025-02-30", interest_nhs_mh="6"),
        respondent(3, respondent_id="", region="Mars"),
    ]
    _, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert reasons(problems) == [
        (2, "degree_route", ""),
        (2, "graduation_year", "1969"),
        (3, "interest_nhs_mh", "6"),
        (3, "submitted_on", "2025-02-30"),
        (4, "region", "Mars"),
        (4, "respondent_id", ""),
    ]
    by_column = {p.column: p.reason for p in problems}
    assert by_column["graduation_year"] == "is not a graduation year from 1970 to 2027"
    assert by_column["degree_route"] == "is required"
    assert by_column["respondent_id"] == "is required"


def test_graduation_year_runs_from_1970_to_next_year(tmp_path):
    rows = [
        respondent(n, graduation_year=str(year))
        for n, year in enumerate(["1970", "2027", "2028", "20x4", "2024.5"])
    ]
    _, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert [p.value for p in problems] == ["2028", "20x4", "2024.5"]


def test_dates_may_be_iso_or_day_month_year(tmp_path):
    rows = [
        respondent(1, submitted_on="2025-03-04"),
        respondent(2, submitted_on="04/03/2025"),
        respondent(3, submitted_on="03-04-2025"),
        respondent(4, submitted_on=""),
    ]
    clean, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert clean["submitted_on"].tolist()[:2] == [date(2025, 3, 4), date(2025, 3, 4)]
    assert reasons(problems) == [(4, "submitted_on", "03-04-2025")]


# --- Respondent ids ----------------------------------------------------------------------


def test_respondent_ids_are_trimmed_unique_and_at_most_64_characters(tmp_path):
    rows = [
        respondent(1, respondent_id="  A1 "),
        respondent(2, respondent_id="A1"),
        respondent(3, respondent_id="x" * 65),
        respondent(4, respondent_id="x" * 64),
    ]
    clean, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert clean["respondent_id"].tolist() == ["A1", "x" * 64]
    assert [(p.row, p.reason) for p in problems] == [
        (3, "repeats the id in row 2"),
        (4, "is longer than 64 characters"),
    ]


def test_duplicate_ids_are_caught_across_chunks_and_against_the_stored_wave(tmp_path):
    rows = [respondent(n) for n in range(5)] + [respondent(1), respondent(99)]
    _, problems, _ = check_file(
        write_csv(tmp_path / "s.csv", rows), chunk_rows=2, known_ids={"R00099"}
    )
    assert [(p.row, p.reason) for p in problems] == [
        (7, "repeats the id in row 3"),
        (8, "is already stored in this wave"),
    ]


# --- Multiple choice -------------------------------------------------------------------------


def test_multiple_choice_ignores_spaces_empty_items_and_repeats(tmp_path):
    rows = [
        respondent(1, barriers=" location ;; Location of opportunities; ;training-costs;"),
        respondent(
            2,
            aspired_roles="Clinical psychologist;clinical-psychologist ; "
            "Children’s wellbeing practitioner",
        ),
        respondent(3, aspired_roles=" ; ", barriers=""),
    ]
    clean, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert problems == []
    assert clean["barriers"].tolist()[0] == ("location", "training_costs")
    assert clean["aspired_roles"].tolist()[1] == (
        "clinical-psychologist",
        "childrens-wellbeing-practitioner",
    )
    assert clean["aspired_roles"].tolist()[2] == () and clean["barriers"].tolist()[2] == ()


def test_unknown_roles_and_barriers_are_named_in_the_reason(tmp_path):
    rows = [
        respondent(1, aspired_roles="clinical-psychologist; astronaut; Wizard"),
        respondent(2, barriers="location; dragons"),
    ]
    _, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (
            2,
            "aspired_roles",
            "'astronaut' is not a role on the career map; 'Wizard' is not a role on the career map",
        ),
        (3, "barriers", "'dragons' is not a listed barrier"),
    ]


# --- Row numbers -----------------------------------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    """Header is row 1; a record with line breaks in a quoted cell is one row; blank rows are
    skipped but counted."""
    rows = [
        respondent(1, comments="first line\nsecond line, with a comma\nthird"),
        respondent(2),
        ["", "", "", "", ""],
        respondent(3, gender="robot"),
        [],
        respondent(4, comments='He said "hello"\r\nthen left'),
        respondent(5, region="Atlantis"),
    ]
    clean, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows), chunk_rows=3)
    assert reasons(problems) == [(5, "gender", "robot"), (8, "region", "Atlantis")]
    assert clean["_row"].tolist() == [2, 3, 7]
    assert clean["comments"].tolist()[0] == "first line\nsecond line, with a comma\nthird"


def test_a_row_of_spaces_counts_as_blank(tmp_path):
    rows = [respondent(1), ["  ", " ", "", "\t"], respondent(2)]
    clean, problems, _ = check_file(write_csv(tmp_path / "s.csv", rows))
    assert problems == [] and clean["_row"].tolist() == [2, 4]


def test_rows_are_counted_before_reading_for_progress(tmp_path):
    rows = [respondent(n, comments="two\nlines") for n in range(7)]
    reader = survey_files.open_survey(write_csv(tmp_path / "s.csv", rows))
    assert reader.count_rows() == 7


@pytest.mark.parametrize(
    ("ending", "last"),
    [("\n", "\n"), ("\r\n", "\r\n"), ("\n", ""), ("\r", "\r")],
    ids=["lf", "crlf", "no-final-break", "cr"],
)
def test_rows_without_quotes_are_counted_by_their_line_breaks(tmp_path, ending, last):
    lines = [",".join(HEADER)] + [",".join(respondent(n).values()) for n in range(5)]
    lines.insert(3, "")  # a blank row counts as a row
    path = tmp_path / "s.csv"
    path.write_bytes((ending.join(lines) + last).encode())
    assert survey_files.open_survey(path).count_rows() == 6


def test_xlsx_cells_become_the_text_a_csv_export_holds_once_per_distinct_value():
    cells = [True, 1, 1.0, 2.5, None, "a\x00b", date(2025, 3, 14), False, 0, True]
    assert survey_files._column_text(cells) == [
        "yes", "1", "1", "2.5", "", "a\ufffdb", "2025-03-14", "no", "0", "yes"
    ]  # fmt: skip
    assert survey_files._column_text([2024, 2024.0, "2024", float("nan")]) == [
        "2024", "2024", "2024", "nan"
    ]  # fmt: skip
    assert survey_files._column_text(["x\x00", "y"]) == ["x\ufffd", "y"]


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_reads_the_first_sheet_with_numbers_and_dates_as_text(tmp_path):
    values = list(respondent(1).values())
    values[1] = date(2025, 3, 14)  # submitted_on as a real date cell
    values[2] = 2024  # graduation_year as a number
    values[6] = 5.0  # interest as a float
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "Responses": [HEADER, values, [], list(respondent(2, gender="?").values())],
            "Notes": [["ignored"]],
        },
    )
    clean, problems, _ = check_file(path)
    assert clean.iloc[0]["submitted_on"] == date(2025, 3, 14)
    assert clean.iloc[0]["graduation_year"] == 2024
    assert clean.iloc[0]["interest_nhs_mh"] == 5
    assert reasons(problems) == [(4, "gender", "?")]


def test_xlsx_reads_the_named_sheet_or_says_which_sheets_exist(tmp_path):
    path = write_xlsx(
        tmp_path / "s.xlsx", {"Notes": [["x"]], "Data": [HEADER, list(respondent(1).values())]}
    )
    clean, problems, _ = check_file(path, sheet="data")
    assert len(clean) == 1 and problems == []
    with pytest.raises(
        fmt.FileProblem, match="no sheet named 'Wave 3'; its sheets are 'Notes', 'Data'"
    ):
        survey_files.open_survey(path, sheet="Wave 3")


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(fmt.FileProblem, match="zip bomb"):
        survey_files.open_survey(path)


def test_an_xlsx_that_would_expand_too_far_is_refused(tmp_path):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"x" * (3 * 1024 * 1024))
    with pytest.raises(fmt.FileProblem, match="would expand to 3 MB"):
        survey_files.check_zip_safe(path, max_uncompressed_bytes=2 * 1024 * 1024)


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("respondent_id\n1\n")
    with pytest.raises(fmt.FileProblem, match="not an XLSX file"):
        survey_files.open_survey(path, filename="fake.xlsx")


def test_a_damaged_xlsx_is_refused(tmp_path):
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(fmt.FileProblem, match="cannot be opened"):
        survey_files.open_survey(path)


def _typed_xlsx(path, first_cell="A1"):
    """A sheet whose cells hold numbers, dates, booleans and blanks, as survey tools write."""
    from datetime import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = [
        ["respondent_id", "graduation_year", "degree_route", "current_status", "submitted_on"],
        ["R00001", 2024, "undergraduate", "outside_health", datetime(2025, 3, 14, 9, 30)],
        ["R00002", 2023.0, "conversion", "assistant_psychologist", date(2025, 3, 15)],
        ["R00003", 2022, "undergraduate", "outside_health", None],
    ]
    row0, col0 = openpyxl.utils.cell.coordinate_to_tuple(first_cell)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(row=row0 + r, column=col0 + c, value=value)
    workbook.save(path)
    return path


def _read_all(reader):
    frames = list(reader._xlsx_chunks())
    return pd.concat(frames).to_dict("records")


def test_xlsx_is_read_by_calamine_with_the_same_cell_text_as_openpyxl(tmp_path):
    path = _typed_xlsx(tmp_path / "survey.xlsx")
    fast = survey_files.SurveyReader(path, "xlsx")
    assert fast._calamine_rows is not None  # the fast reader took it
    slow = survey_files.SurveyReader(path, "xlsx")
    slow._calamine_rows = None
    slow._open_with_openpyxl(None)
    rows = _read_all(fast)
    assert rows == _read_all(slow)
    assert fast.count_rows() == 3
    assert [row["graduation_year"] for row in rows] == ["2024", "2023", "2022"]
    assert rows[0]["submitted_on"] == "2025-03-14"
    assert [row["_row"] for row in rows] == [2, 3, 4]


def test_a_sheet_that_does_not_start_at_a1_is_read_by_openpyxl_with_true_columns(tmp_path):
    path = _typed_xlsx(tmp_path / "survey.xlsx", first_cell="B1")
    reader = survey_files.SurveyReader(path, "xlsx")
    assert reader._calamine_rows is None  # calamine's range would shift the columns
    rows = _read_all(reader)
    assert [row["respondent_id"] for row in rows] == ["R00001", "R00002", "R00003"]


def test_a_sheet_too_large_for_calamine_to_hold_is_streamed_by_openpyxl(tmp_path, monkeypatch):
    path = _typed_xlsx(tmp_path / "survey.xlsx")
    monkeypatch.setattr(survey_files, "CALAMINE_MAX_SHEET_BYTES", 100)
    reader = survey_files.SurveyReader(path, "xlsx")
    assert reader._calamine_rows is None  # openpyxl streams it
    rows = _read_all(reader)
    assert [row["respondent_id"] for row in rows] == ["R00001", "R00002", "R00003"]


def test_the_checkers_codes_give_the_same_copy_text_and_figures_as_the_rows(tmp_path):
    """COPY text and the figures are built from the checker's codes of each column
    (CheckedChunk.factors); with invalid rows dropped (skipped), they must say exactly what
    the checked rows say."""
    from careers.figures import FigureCounter
    from careers.storing import copy_text

    rows = [
        respondent(1, gender="Man", aspired_roles="Clinical psychologist; assistant-psychologist"),
        respondent(2, gender="?", barriers="nonsense"),  # invalid: dropped
        respondent(3, interest_nhs_mh="", region="", comments="  spaced  "),
        respondent(4, gender="man", graduation_year="1900"),  # invalid: dropped
        respondent(5, aspired_roles="", barriers="location;other", submitted_on="14/03/2025"),
    ]
    reader = survey_files.open_survey(write_csv(tmp_path / "s.csv", rows))
    checked = survey_rows.RowChecker(roles=ROLES, today=TODAY).check(next(reader.chunks()))
    assert checked.invalid_rows == 2 and checked.rows["_row"].tolist() == [2, 4, 6]
    assert checked.factors  # the checker's codes are handed on
    plain = copy_text(checked.rows, wave_id=1, import_id=2)
    assert copy_text(checked.rows, wave_id=1, import_id=2, factors=checked.factors) == plain
    assert "\tspaced\n" in plain
    with_codes, without = FigureCounter(), FigureCounter()
    with_codes.add(checked.rows, factors=checked.factors)
    without.add(checked.rows)
    assert with_codes.result() == without.result()
    assert with_codes.result()["groups"]["gender"] == {"man": 1, "woman": 2}
