from datetime import date

from careers.disclosure import SUPPRESSED, publish_count, publish_percent
from config.downloads import csv_response, spreadsheet_safe
from config.workdays import add_working_days, is_working_day, working_days_between
from tests.responses import csv_rows, shows


def test_formula_like_cells_are_neutralised_and_numbers_kept():
    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Plain text") == "Plain text"
    assert spreadsheet_safe(-5) == -5
    assert spreadsheet_safe(None) == ""


def test_csv_response_is_an_attachment_with_safe_cells():
    response = csv_response("x.csv", ["name"], [["=cmd|' /C calc'!A0"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = csv_rows(response)
    assert rows == [["name"], ["'=cmd|' /C calc'!A0"]]


def test_a_name_with_an_apostrophe_is_found_as_each_engine_prints_it():
    from django.template import engines

    name = "Christine O'Neill"
    for engine in ("jinja2", "django"):
        body = engines[engine].from_string("<p>{{ name }}</p>").render({"name": name})
        assert name not in body  # escaped, so a plain search would miss it
        assert shows(body, name), engine
    assert not shows("<p>Christine O&#39;Brien</p>", name)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert is_working_day(date(2026, 12, 29))


def test_five_working_days_skip_christmas_bank_holidays():
    # Wed 23 Dec 2026 + 5 working days: 24, 29, 30, 31 Dec, then 1 Jan is a holiday -> 4 Jan.
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 5


def test_easter_monday_is_not_a_working_day_in_england():
    assert not is_working_day(date(2026, 4, 6))
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday, Easter Monday


def test_small_counts_are_suppressed_and_others_rounded_to_five():
    assert publish_count(0) == 0
    assert [publish_count(n) for n in range(1, 8)] == [SUPPRESSED] * 7
    assert publish_count(8) == 10
    assert publish_count(12) == 10
    assert publish_count(13) == 15
    assert publish_count(102) == 100


def test_percentages_come_from_published_counts():
    # 13 of 102 -> 15 of 100 -> 15%, not 12.7%.
    assert publish_percent(13, 102) == 15
    assert publish_percent(3, 102) == SUPPRESSED
    assert publish_percent(13, 102, places=1) == 15.0


def test_every_app_uses_the_one_list_of_regions():
    from careers import survey_format
    from config import regions
    from mentoring import vocab
    from referrals import choices

    assert vocab.REGIONS is regions.ENGLAND
    assert choices.REGIONS is regions.WITH_OUTSIDE_ENGLAND
    assert list(survey_format.REGIONS) == regions.WITH_OUTSIDE_ENGLAND
    assert len(regions.ENGLAND) == 7
