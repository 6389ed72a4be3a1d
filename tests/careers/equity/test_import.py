"""Importing equity files: both entry layouts, staff by band and plan targets; every bad row
reported, all or nothing, the same file refused twice; the two commands."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from careers.equity import services
from careers.equity.models import EntryFigure, EquityImport, PlanTarget, StaffCount
from config.rules import RuleBroken
from tests.careers.equity.layouts import CLEARING_HOUSE, GENERIC, TARGETS, WORKFORCE

SOURCE = "Clearing House equal opportunities data"


def clearing_house_rows():
    return [
        [2018, "ETHNICITY", "White British", 2500, 420, "", SOURCE],
        [2018, "ETHNICITY", "White Other", 545, 87, "", SOURCE],
        [2018, "ETHNICITY", "Total in the White group", 3045, 507, "", SOURCE],
        [2018, "ETHNICITY", "Black or Black British - African", 120, 11, "", SOURCE],
        [2018, "ETHNICITY", "Black or Black British - Other", 43, "", "suppressed", SOURCE],
        [2018, "ETHNICITY", "Total in the Black group", 163, 14, "", SOURCE],
        [2018, "Socio-economic background", "POLAR quintile 5", 900, 160, "", SOURCE],
        [2018, "TOTALS", "All applicants", 3900, 600, "", SOURCE],
        [2021, "ETHNICITY", "Black African", 150, 16, "", SOURCE],
        [2021, "ETHNICITY", "Total in the White group", 3300, 560, "", SOURCE],
    ]


def test_the_clearing_house_layout_is_stored_with_totals_suppression_and_wordings(
    programme, write_file
):
    record = services.equity_import(
        path=write_file(CLEARING_HOUSE, clearing_house_rows()), programme=programme
    )
    assert record.status == "stored" and record.layout == "clearing_house"
    assert record.rows_stored == 10
    figures = EntryFigure.objects.filter(programme=programme)
    suppressed = figures.get(category="Black or Black British - Other")
    assert suppressed.accepted is None and suppressed.applicants == 43  # never zero
    white = figures.get(category="Total in the White group", year=2018)
    assert white.is_group_total and white.category_key == "white"
    assert not figures.get(category="White British").is_group_total
    # The wording changed between 2018 and 2021: one key joins them.
    old = figures.get(category="Black or Black British - African")
    new = figures.get(category="Black African")
    assert old.category_key == new.category_key == "black-african"
    assert figures.get(category="POLAR quintile 5").section == "SOCIO-ECONOMIC BACKGROUND"


def test_the_generic_layout_is_stored_for_another_training(programme, write_file):
    rows = [
        [2024, programme.slug, "GENDER", "Woman", 400, 120, 40],
        [2024, programme.name, "GENDER", "Man", 90, 20, 6],
    ]
    record = services.equity_import(path=write_file(GENERIC, rows), programme=programme)
    assert record.layout == "generic"
    woman = EntryFigure.objects.get(category="Woman")
    assert (woman.applicants, woman.shortlisted, woman.accepted) == (400, 120, 40)


def test_every_bad_row_is_reported_and_nothing_is_stored(programme, write_file):
    rows = [
        [2018, "ETHNICITY", "White", 3045, 507, "", SOURCE],
        [2018, "NATIONALITY", "British", 10, 1, "", SOURCE],
        [2018, "ETHNICITY", "Asian", -5, 1, "", SOURCE],
        [2018, "ETHNICITY", "Black", "lots", 1, "", SOURCE],
        [2018, "ETHNICITY", "Mixed", 10, 11, "", SOURCE],
        [1890, "ETHNICITY", "Other", 10, 1, "", SOURCE],
        [2018, "ETHNICITY", "", 10, 1, "", SOURCE],
        [2018, "ETHNICITY", "white", 3, 1, "", SOURCE],
    ]
    with pytest.raises(services.RowsRejected) as refused:
        services.equity_import(path=write_file(CLEARING_HOUSE, rows), programme=programme)
    assert isinstance(refused.value, RuleBroken)
    problems = refused.value.record.problems
    by_row = {row: (column, value, reason) for row, column, value, reason in problems}
    assert by_row[3][:2] == ("section", "NATIONALITY") and "Unknown section" in by_row[3][2]
    assert by_row[4][:2] == ("applicants_n", "-5") and "negative" in by_row[4][2]
    assert by_row[5][:2] == ("applicants_n", "lots") and "whole number" in by_row[5][2]
    assert by_row[6][:2] == ("accepted_n", "11") and "More accepted than applied" in by_row[6][2]
    assert by_row[7][:2] == ("year", "1890") and "between" in by_row[7][2]
    assert by_row[8][0] == "category" and "blank" in by_row[8][2]
    assert by_row[9][0] == "category" and "row 2" in by_row[9][2]
    assert 2 not in by_row
    assert not EntryFigure.objects.exists()
    assert refused.value.record.status == EquityImport.Status.REJECTED


def test_a_file_in_no_known_layout_is_refused_with_the_expected_columns(programme, write_file):
    path = write_file(["when", "who", "how many"], [[2018, "x", 3]])
    with pytest.raises(services.FileRefused) as refused:
        services.equity_import(path=path, programme=programme)
    assert "match no known layout" in refused.value.message
    assert "applicants_n" in refused.value.message
    assert not EntryFigure.objects.exists()


def test_the_same_file_is_refused_the_second_time(programme, write_file):
    path = write_file(CLEARING_HOUSE, clearing_house_rows())
    services.equity_import(path=path, programme=programme)
    with pytest.raises(services.FileRefused) as refused:
        services.equity_import(path=path, programme=programme)
    assert "imported already" in refused.value.message
    assert EntryFigure.objects.count() == 10


def test_figures_already_stored_for_a_year_are_refused_row_by_row(programme, write_file):
    services.equity_import(
        path=write_file(CLEARING_HOUSE, clearing_house_rows()), programme=programme
    )
    again = [[2018, "ETHNICITY", "White - total", 3000, 500, "corrected", SOURCE]]
    with pytest.raises(services.RowsRejected) as refused:
        services.equity_import(path=write_file(CLEARING_HOUSE, again), programme=programme)
    assert "Already stored for 2018" in refused.value.record.problems[0][3]


def test_an_entry_file_needs_a_programme(write_file, db):
    with pytest.raises(services.FileRefused) as refused:
        services.equity_import(path=write_file(CLEARING_HOUSE, clearing_house_rows()))
    assert "programme" in refused.value.message


def test_a_generic_file_for_another_programme_is_refused(programme, write_file):
    rows = [[2024, "nursing", "GENDER", "Woman", 400, 120, 40]]
    with pytest.raises(services.RowsRejected) as refused:
        services.equity_import(path=write_file(GENERIC, rows), programme=programme)
    assert refused.value.record.problems[0][1] == "programme"


def test_an_xlsx_file_is_read_by_a_real_spreadsheet_library(programme, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(CLEARING_HOUSE)
    for row in clearing_house_rows():
        sheet.append([None if cell == "" else cell for cell in row])
    path = tmp_path / "clearing-house.xlsx"
    book.save(path)
    record = services.equity_import(path=path, programme=programme)
    assert record.rows_stored == 10
    assert EntryFigure.objects.get(category="Black or Black British - Other").accepted is None


def test_staff_by_band_map_their_roles_to_career_map_roles(roles, write_file):
    rows = [
        [
            2024,
            "Y56",
            "London",
            "Psychological professions",
            "Clinical psychologists",
            "Band 8a",
            "Ethnicity",
            "Black or Black British",
            40,
        ],
        [
            2024,
            "Y56",
            "London",
            "Psychological professions",
            "Clinical psychologists",
            "8A",
            "Ethnicity",
            "White",
            "",
        ],
        [
            2024,
            "Y56",
            "London",
            "Psychological professions",
            "Psychology technician",
            "Band 4",
            "Ethnicity",
            "White",
            3,
        ],
    ]
    record = services.equity_import(path=write_file(WORKFORCE, rows))
    assert record.layout == "workforce" and record.programme is None
    staff = StaffCount.objects.order_by("pk")
    assert [s.role_slug for s in staff] == ["clinical-psychologist", "clinical-psychologist", ""]
    assert staff[0].band == staff[1].band == "8a"
    assert staff[0].group_key == "black" and staff[1].headcount is None


def test_an_unknown_band_is_a_problem(roles, write_file):
    rows = [[2024, "Y56", "London", "Psych", "", "Band 12", "Ethnicity", "White", 3]]
    with pytest.raises(services.RowsRejected) as refused:
        services.equity_import(path=write_file(WORKFORCE, rows))
    assert refused.value.record.problems[0][1:3] == ["band", "Band 12"]
    assert not StaffCount.objects.exists()


def test_plan_targets_are_stored(db, write_file):
    rows = [
        ["A plan", "page", "Clinical psychologist", 2027, "Headcount", "14,500"],
        ["A plan", "page", "Clinical psychologist", 2028, "litres", 1],
    ]
    with pytest.raises(services.RowsRejected):
        services.equity_import(path=write_file(TARGETS, rows))
    services.equity_import(path=write_file(TARGETS, rows[:1]))
    assert PlanTarget.objects.get().target == 14500


# --- Commands ---------------------------------------------------------------------------------


def test_the_import_command_stores_a_file_and_reports_every_problem(programme, write_file):
    out = io.StringIO()
    path = write_file(CLEARING_HOUSE, clearing_house_rows())
    call_command("import_entry_equality", str(path), "--programme", programme.slug, stdout=out)
    assert "10 rows stored" in out.getvalue()
    bad = write_file(CLEARING_HOUSE, [[2018, "ETHNICITY", "Mixed", 10, 11, "", ""]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_entry_equality", str(bad), "--programme", programme.slug, stderr=err)
    assert "row 2, column accepted_n, value '11': More accepted than applied." in err.getvalue()
    with pytest.raises(CommandError, match="imported already"):
        call_command("import_entry_equality", str(path), "--programme", programme.slug)
    with pytest.raises(CommandError, match="No programme"):
        call_command("import_entry_equality", str(path), "--programme", "nope")


def equality_report(programme, year, section, **options):
    """Run `manage.py entry_equality_report` for one programme, year and section."""
    call_command(
        "entry_equality_report",
        "--programme",
        programme.slug,
        "--year",
        year,
        "--section",
        section,
        **options,
    )


def test_the_report_command_prints_the_csv_with_the_exact_header(programme, write_file):
    services.equity_import(
        path=write_file(CLEARING_HOUSE, clearing_house_rows()), programme=programme
    )
    out = io.StringIO()
    equality_report(programme, "2018", "ETHNICITY", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "category,applicants,accepted,rate_percent,rate_low,rate_high,relative_likelihood,"
        "rl_low,rl_high,suppressed"
    )
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    black = rows["Total in the Black group"]
    assert black[1:4] == ["163", "14", "8.6"]
    assert black[6] == "1.94"
    assert black[9] == "no"
    white = rows["Total in the White group"]
    assert white[3] == "16.7" and white[6] == ""  # the reference group itself
    suppressed = rows["Black or Black British - Other"]
    assert suppressed[2:4] == ["", ""] and suppressed[9] == "yes"
    with pytest.raises(CommandError, match="No figures"):
        equality_report(programme, "2019", "ETHNICITY")
    with pytest.raises(CommandError, match="Unknown section"):
        equality_report(programme, "2018", "HAIR COLOUR")
