"""manage.py import_survey and manage.py survey_report, as scripts use them."""

import io

import pytest
from django.core.management import CommandError, call_command

from careers.models import Response, Wave
from careers.services import survey_import
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


def test_survey_report_prints_a_published_table(published_wave):
    out, _ = run("survey_report", "Wave 2026", "aspired_roles")
    lines = out.splitlines()
    assert lines[0] == "category,respondents,percent"
    assert lines[1] == "all_respondents,100,100"
    assert lines[2] == "clinical-psychologist,100,100"
    assert "assistant-psychologist,*,*" in lines


def test_survey_report_by_a_dimension_gives_percent_within_each_group(published_wave):
    out, _ = run("survey_report", "wave-2026", "interest", "--by", "gender")
    lines = out.splitlines()
    assert lines[0] == "category,gender,respondents,percent"
    assert lines[1:3] == ["all_respondents,woman,60,100", "all_respondents,man,40,100"]
    # 12 women extremely interested, 48 very; the two men who answered 1 are withheld, and
    # so are the 38 who answered 4 beside them (secondary suppression).
    assert "5,woman,10,17" in lines and "4,woman,50,83" in lines
    assert "1,man,*,*" in lines and "4,man,*,*" in lines
    categories = {line.split(",")[0] for line in lines[1:]} - {"all_respondents"}
    assert sorted(categories) == ["1", "2", "3", "4", "5", "not_answered"]


def test_survey_report_refuses_a_wave_that_is_not_published(imported_wave):
    from django.core.management import ManagementUtility

    with pytest.raises(CommandError, match="is not published"):
        run("survey_report", "Wave 2025", "interest")
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "survey_report", "Wave 2025", "interest"]).execute()
    assert exit_.value.code == 1


def test_publish_wave_previews_and_publishes_through_the_services(roles, survey_file):
    survey_import(wave_name="W", path=survey_file([respondent(n) for n in range(60)]))
    out, _ = run("publish_wave", "W")
    assert "Published: W" in out and "subgroups published" in out
    assert Wave.objects.get().status == "published"
    out, _ = run("survey_report", "W", "interest")
    assert out.splitlines()[1] == "all_respondents,60,100"
    with pytest.raises(CommandError, match="published already"):
        run("publish_wave", "W")
    run("publish_wave", "W", "--withdraw")
    assert Wave.objects.get().status == "withdrawn"
    with pytest.raises(CommandError, match="is not published"):
        run("survey_report", "W", "interest")


def test_publish_wave_refuses_a_wave_under_the_minimum_size(imported_wave):
    with pytest.raises(CommandError, match="published only with 50 or more"):
        run("publish_wave", "Wave 2025")
    assert Wave.objects.get().status == "draft"


def test_survey_report_refuses_unknown_waves_tables_and_dimensions(published_wave):
    with pytest.raises(CommandError, match="No wave named 'Nope'"):
        run("survey_report", "Nope", "interest")
    with pytest.raises(CommandError):
        run("survey_report", "Wave 2026", "comments")
    with pytest.raises(CommandError):
        run("survey_report", "Wave 2026", "interest", "--by", "comments")
