"""manage.py import_survey and manage.py survey_report, as scripts use them."""

import io

import pytest
from django.core.management import CommandError, call_command

from careers.models import Response, Wave
from tests.careers.surveys import respondent


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_survey_stores_a_file_and_prints_rows_read_stored_and_rejected(roles, survey_file):
    out, _ = run("import_survey", str(survey_file([respondent(1), respondent(2)])), "--wave", "W")
    assert "rows read: 2, stored: 2, rejected: 0" in out
    assert Wave.objects.get().respondents == 2


def test_import_survey_prints_every_problem_and_fails_when_nothing_is_stored(roles, survey_file):
    path = survey_file([respondent(1, gender="?"), respondent(2), respondent(3, region="Mars")])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_survey", str(path), "--wave", "W", stdout=out, stderr=err)
    assert "Problem: row 2, column gender, value '?'" in err.getvalue()
    assert "Problem: row 4, column region, value 'Mars'" in err.getvalue()
    assert "rows read: 3, stored: 0, rejected: 2" in out.getvalue()
    assert not Response.objects.exists()


def test_import_survey_skip_invalid_stores_the_rest_and_lists_the_skipped(roles, survey_file):
    path = survey_file([respondent(1, gender="?"), respondent(2)])
    out, err = run("import_survey", str(path), "--wave", "W", "--skip-invalid")
    assert "Skipped: row 2, column gender" in err
    assert "rows read: 2, stored: 1, rejected: 1" in out


def test_import_survey_refuses_the_same_file_twice_and_a_missing_file(roles, survey_file):
    path = survey_file([respondent(1)])
    run("import_survey", str(path), "--wave", "W")
    with pytest.raises(CommandError, match="already been imported"):
        run("import_survey", str(path), "--wave", "W")
    with pytest.raises(CommandError, match="No such file"):
        run("import_survey", "/no/such/file.csv", "--wave", "W")


def test_import_survey_warns_about_unknown_columns(roles, survey_file):
    from tests.careers.surveys import HEADER

    path = survey_file([[*respondent(1).values(), "x"]], header=[*HEADER, "Shoe size"])
    _, err = run("import_survey", str(path), "--wave", "W")
    assert "Warning: Unknown column ignored: Shoe size." in err


def test_the_import_survey_command_exits_non_zero_when_it_stores_nothing(roles, survey_file):
    from django.core.management import ManagementUtility

    path = survey_file([respondent(1, gender="?")])
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_survey", str(path), "--wave", "W"]).execute()
    assert exit_.value.code == 1


def test_survey_report_prints_a_published_table(imported_wave):
    out, _ = run("survey_report", "Wave 2025", "aspired_roles")
    lines = out.splitlines()
    assert lines[0] == "category,respondents,percent"
    assert lines[1] == "all_respondents,40,100"
    assert lines[2] == "clinical-psychologist,40,100"
    assert "assistant-psychologist,*,*" in lines


def test_survey_report_by_a_dimension_gives_percent_within_each_group(imported_wave):
    out, _ = run("survey_report", "wave-2025", "interest", "--by", "gender")
    lines = out.splitlines()
    assert lines[0] == "category,gender,respondents,percent"
    assert lines[1:6] == [
        "all_respondents,woman,30,100",
        "all_respondents,man,10,100",
        "all_respondents,non_binary,0,0",
        "all_respondents,other,0,0",
        "all_respondents,prefer_not_to_say,0,0",
    ]
    assert "4,woman,30,100" in lines and "4,man,10,100" in lines
    assert "1,woman,0,0" in lines
    categories = [line.split(",")[0] for line in lines[6:]]
    assert sorted(set(categories)) == ["1", "2", "3", "4", "5"]


def test_survey_report_refuses_unknown_waves_tables_and_dimensions(imported_wave):
    with pytest.raises(CommandError, match="No wave named 'Nope'"):
        run("survey_report", "Nope", "interest")
    with pytest.raises(CommandError):
        run("survey_report", "Wave 2025", "comments")
    with pytest.raises(CommandError):
        run("survey_report", "Wave 2025", "interest", "--by", "comments")
