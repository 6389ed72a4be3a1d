"""The careers pages: who may see what, uploads, published figures, downloads, query counts."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careers.models import Response, SurveyImport, Wave
from careers.services import survey_import
from tests.careers.surveys import import_and_publish, respondent, write_csv
from tests.responses import assert_page, csv_rows

ANALYST_PAGES = [
    "/careers/import/",
    "/careers/imports/",
    "/careers/waves/wave-2025/unrounded/",
    "/careers/waves/wave-2025/responses/",
    "/careers/waves/wave-2025/delete/",
]
PUBLIC_PAGES = [
    "/careers/",
    "/careers/trends/",
    "/careers/waves/wave-2026/",
    "/careers/waves/wave-2026/?by=gender&region=london",
    "/careers/waves/wave-2026/download/interest.csv",
    "/careers/waves/wave-2026/download/interest.xlsx",
]


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anyone_can_read_published_reports(client, published_wave, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ANALYST_PAGES)
def test_survey_analysts_can_open_the_analyst_pages(client_for, survey_analyst, imported_wave, url):
    assert client_for(survey_analyst).get(url).status_code == 200


@pytest.mark.parametrize("url", ANALYST_PAGES)
def test_other_staff_are_refused_the_analyst_pages(client_for, careers_staff, imported_wave, url):
    assert client_for(careers_staff).get(url).status_code == 403


@pytest.mark.parametrize("url", ANALYST_PAGES)
def test_members_are_refused_the_analyst_pages(client_for, member, imported_wave, url):
    assert client_for(member).get(url).status_code == 403


@pytest.mark.parametrize("url", ANALYST_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, imported_wave, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_import_pages_and_problem_downloads_are_for_analysts_only(
    careers_staff, survey_analyst, roles, survey_file
):
    job = survey_import(wave_name="W", path=survey_file([respondent(1, gender="?")]))
    anonymous, staff, analyst = Client(), Client(), Client()
    staff.force_login(careers_staff)
    analyst.force_login(survey_analyst)
    for url in (f"/careers/imports/{job.pk}/", f"/careers/imports/{job.pk}/problems.csv"):
        assert anonymous.get(url).status_code == 302
        assert staff.get(url).status_code == 403
        assert analyst.get(url).status_code == 200
    assert staff.post(f"/careers/imports/{job.pk}/retry/").status_code == 403
    assert anonymous.post(f"/careers/imports/{job.pk}/retry/").status_code == 302


def test_superusers_count_as_analysts(client_for, superuser, imported_wave):
    assert client_for(superuser).get("/careers/waves/wave-2025/unrounded/").status_code == 200


def test_unknown_waves_tables_and_imports_are_not_found(client_for, survey_analyst, imported_wave):
    client = client_for(survey_analyst)
    for url in (
        "/careers/waves/nope/",
        "/careers/waves/wave-2025/download/secrets.csv",
        "/careers/imports/999/",
        "/careers/waves/nope/responses/",
    ):
        assert client.get(url).status_code == 404


def test_raw_responses_and_comments_are_never_on_public_pages(client, roles, survey_file):
    rows = [respondent(n, comments="Private remark about my manager") for n in range(60)]
    import_and_publish("W", survey_file(rows))
    for url in (
        "/careers/",
        "/careers/waves/w/",
        "/careers/trends/",
        "/careers/waves/w/?by=gender",
    ):
        page = client.get(url).content.decode()
        assert "Private remark" not in page and "R00001" not in page


def test_analysts_see_responses_and_can_filter_to_those_with_comments(
    client_for, survey_analyst, roles, survey_file
):
    rows = [respondent(n) for n in range(5)] + [respondent(9, comments="Please call me")]
    survey_import(wave_name="W", path=survey_file(rows))
    page = client_for(survey_analyst).get("/careers/waves/w/responses/?has_comments=on")
    text = page.content.decode()
    assert "Please call me" in text and "R00009" in text and "R00001" not in text
    assert "1 responses match" in text


# --- Uploads ----------------------------------------------------------------------------------


def test_an_analyst_uploads_a_small_file_and_sees_the_summary(
    client_for, survey_analyst, roles, tmp_path
):
    path = write_csv(tmp_path / "s.csv", [respondent(n) for n in range(12)])
    client = client_for(survey_analyst)
    response = client.post(
        "/careers/import/", {"wave": " Spring ", "file": upload(path)}, follow=True
    )
    text = response.content.decode()
    assert "12 rows stored." in text and "/careers/waves/spring/" in text
    job = SurveyImport.objects.get()
    assert job.created_by == survey_analyst and not job.background and job.wave_name == "Spring"


def test_an_upload_with_invalid_rows_lists_every_problem_and_stores_nothing(
    client_for, survey_analyst, roles, tmp_path
):
    rows = [respondent(n) for n in range(5)]
    rows[1]["region"] = '=HYPERLINK("http://evil")'
    rows[3]["interest_nhs_mh"] = "11"
    path = write_csv(tmp_path / "s.csv", rows)
    client = client_for(survey_analyst)
    text = client.post(
        "/careers/import/", {"wave": "W", "file": upload(path)}, follow=True
    ).content.decode()
    assert "Nothing was stored" in text
    assert "interest_nhs_mh" in text and "region" in text
    assert not Response.objects.exists()
    problems = csv_rows(
        client.get(f"/careers/imports/{SurveyImport.objects.get().pk}/problems.csv")
    )
    assert problems[0] == ["row", "column", "value", "reason"]
    assert problems[1][:3] == ["3", "region", '\'=HYPERLINK("http://evil")']
    assert problems[2][:3] == ["5", "interest_nhs_mh", "11"]


def test_the_skip_invalid_checkbox_stores_the_valid_rows(
    client_for, survey_analyst, roles, tmp_path
):
    rows = [respondent(n) for n in range(5)]
    rows[1]["gender"] = "?"
    path = write_csv(tmp_path / "s.csv", rows)
    client_for(survey_analyst).post(
        "/careers/import/", {"wave": "W", "file": upload(path), "skip_invalid": "on"}
    )
    assert Response.objects.count() == 4


def test_uploading_the_same_file_into_the_same_wave_is_refused_on_the_form(
    client_for, survey_analyst, roles, tmp_path
):
    path = write_csv(tmp_path / "s.csv", [respondent(1)])
    client = client_for(survey_analyst)
    client.post("/careers/import/", {"wave": "W", "file": upload(path)})
    response = client.post("/careers/import/", {"wave": "W", "file": upload(path, "renamed.csv")})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text and "already been imported into the wave" in text
    assert 'value="W"' in text  # what was typed is kept
    assert SurveyImport.objects.count() == 1


def test_an_upload_over_the_size_limit_is_refused(
    client_for, survey_analyst, roles, tmp_path, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    path = write_csv(tmp_path / "s.csv", [respondent(n) for n in range(40)])
    response = client_for(survey_analyst).post(
        "/careers/import/", {"wave": "W", "file": upload(path)}
    )
    assert "The file must be 1 KB or smaller." in response.content.decode()
    assert "Error: " in response.content.decode()
    assert not SurveyImport.objects.exists()


def test_a_zip_bomb_upload_is_refused_before_it_is_opened(client_for, survey_analyst, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (40 * 1024 * 1024))
    response = client_for(survey_analyst).post(
        "/careers/import/",
        {"wave": "W", "file": SimpleUploadedFile("bomb.xlsx", path.read_bytes())},
    )
    assert "looks like a zip bomb" in response.content.decode()
    assert not SurveyImport.objects.exists()


def test_an_upload_missing_columns_is_refused_on_the_form(client_for, survey_analyst, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["1"]], header=["respondent_id"])
    text = (
        client_for(survey_analyst)
        .post("/careers/import/", {"wave": "W", "file": upload(path)})
        .content.decode()
    )
    assert "missing required columns: graduation_year, degree_route, current_status" in text


def test_an_empty_upload_form_shows_the_error_summary(client_for, survey_analyst):
    text = client_for(survey_analyst).post("/careers/import/", {}).content.decode()
    assert "<title>Error: " in text and "There is a problem" in text


def test_an_analyst_deletes_a_wave(client_for, survey_analyst, imported_wave):
    client = client_for(survey_analyst)
    response = client.post("/careers/waves/wave-2025/delete/")
    assert response.status_code == 302 and response["Location"] == "/careers/"
    assert not Wave.objects.exists() and not Response.objects.exists()


# --- Published figures --------------------------------------------------------------------------


def test_report_tables_follow_the_disclosure_rule(client, published_wave):
    # 100 respondents; 3 aspire to assistant psychologist (suppressed); 100 clinical.
    text = client.get("/careers/waves/wave-2026/").content.decode()
    assert "100 psychology graduates answered" in text
    rows = csv_rows(client.get("/careers/waves/wave-2026/download/aspired_roles.csv"))
    assert rows[0] == ["category", "respondents", "percent"]
    assert rows[1] == ["all_respondents", "100", "100"]
    assert rows[2] == ["clinical-psychologist", "100", "100"]
    assert ["assistant-psychologist", "*", "*"] in rows
    assert ["psychological-wellbeing-practitioner", "0", "0"] in rows


def test_breakdowns_give_percent_within_each_group_and_withhold_small_groups(
    client, roles, survey_file
):
    rows = [
        respondent(n, gender="woman", interest_nhs_mh="5" if n < 14 else "3") for n in range(70)
    ]
    rows += [respondent(100 + n, gender="man") for n in range(35)]
    rows += [respondent(200 + n, gender="non_binary") for n in range(5)]
    import_and_publish("W", survey_file(rows))
    table = csv_rows(client.get("/careers/waves/w/download/interest.csv?by=gender"))
    assert table[0] == ["category", "gender", "respondents", "percent"]
    assert ["all_respondents", "woman", "70", "100"] in table
    assert ["5", "woman", "15", "21"] in table  # 14 -> 15 of 70: 21%
    assert ["3", "woman", "55", "79"] in table  # 56 -> 55 of 70: 79%
    # Five non-binary respondents are too few; the 35 men are withheld too, or everyone minus
    # the women and men would give the five away.
    assert ["all_respondents", "non_binary", "*", "*"] in table
    assert ["all_respondents", "man", "*", "*"] in table
    assert not [row for row in table if row[1] in ("man", "non_binary") and row[2] != "*"]


def test_a_subgroup_too_small_to_publish_shows_no_figures(client, published_wave):
    text = client.get("/careers/waves/wave-2026/?gender=man").content.decode()
    assert "40 respondents in the group" in text
    text = client.get("/careers/waves/wave-2026/?age_band=45_plus").content.decode()
    assert "Too few respondents are in this group" in text
    # 98 under 25 is large, but everyone minus them would give away the two aged 45 and over.
    text = client.get("/careers/waves/wave-2026/?age_band=under_25").content.decode()
    assert "Too few respondents are in this group" in text


def test_the_unrounded_page_is_marked_not_for_publication(
    client_for, survey_analyst, imported_wave
):
    text = client_for(survey_analyst).get("/careers/waves/wave-2025/unrounded/").content.decode()
    assert "Not for publication" in text
    assert ">3<" in text.replace(" ", "").replace("\n", "")  # the exact 3, not *


def test_aspired_roles_link_to_their_role_pages(client, published_wave):
    text = client.get("/careers/waves/wave-2026/").content.decode()
    assert 'href="/pathways/roles/clinical-psychologist/"' in text


def test_every_chart_has_its_table_beside_it(client, published_wave):
    text = client.get("/careers/waves/wave-2026/?by=age_band").content.decode()
    assert text.count("<svg") - text.count('class="nhsuk-icon') >= 3
    for title in (
        "Interest in an NHS mental health career",
        "Roles graduates aspire to",
        "Barriers graduates face",
    ):
        assert f"{title} (bar chart; figures in the table below)" in text
    assert "by age band: percent within each group" in text


def test_bad_filter_values_show_errors_not_500s(client, published_wave):
    response = client.get("/careers/waves/wave-2026/?gender=%3Cscript%3E&by=shoe_size")
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_trends_show_each_wave_in_order(client, roles, survey_file):
    import_and_publish(
        "First", survey_file([respondent(n, submitted_on="2024-03-01") for n in range(60)])
    )
    import_and_publish(
        "Second", survey_file([respondent(n, interest_nhs_mh="1") for n in range(60)])
    )
    text = client.get("/careers/trends/").content.decode()
    assert text.index("First") < text.index("Second")
    assert "100%" in text and "0%" in text


# --- Query counts -------------------------------------------------------------------------


def test_the_wave_list_costs_the_same_queries_however_many_waves(
    client_for, survey_analyst, roles, survey_file, django_assert_max_num_queries
):
    # An analyst sees draft waves too (the public list shows published waves only).
    client = client_for(survey_analyst)
    survey_import(wave_name="W0", path=survey_file([respondent(1)]))
    client.get("/careers/")  # the session and the user, once
    with django_assert_max_num_queries(11):
        assert_page(client.get("/careers/"), "W0")
    for n in range(1, 6):
        survey_import(wave_name=f"W{n}", path=survey_file([respondent(1)]))
    with django_assert_max_num_queries(11):
        assert_page(client.get("/careers/"), "W0", "W5")


def test_the_report_page_costs_a_fixed_number_of_queries(
    client,
    client_for,
    survey_analyst,
    published_wave,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    from careers.served import served

    report, shown = "/careers/waves/wave-2026/?by=region", "by region: percent within each group"
    download = "/careers/waves/wave-2026/download/aspired_roles.csv?by=region"
    # The first request for a combination: the wave, the stored report, its content and the
    # roles' names to render it, the rendered body kept on the report; the statement timeout,
    # set and put back (in a savepoint of the test's transaction; in a request of its own the
    # transaction's end puts it back, one query fewer).
    with django_assert_max_num_queries(9):
        assert_page(client.get(report), shown)
    # Another process (nothing kept yet) reads the rendered body: the wave and the report.
    served.clear()
    with django_assert_max_num_queries(6):
        assert_page(client.get(report), shown)
    # Served again: the wave's row under the statement timeout, nothing else (a savepoint
    # opened and released, the timeout set and put back, the wave).
    with django_assert_num_queries(5):
        assert_page(client.get(report), shown)
    # Parameters the report does not read change nothing: the same kept page.
    kept = len(served)
    with django_assert_num_queries(5):
        assert_page(client.get("/careers/waves/wave-2026/?utm_source=x&by=region&page=9"), shown)
    assert len(served) == kept
    # A download: made from the stored report once (one query more), then kept.
    with django_assert_num_queries(6):
        assert_page(client.get(download), "all_respondents")
    with django_assert_num_queries(5):
        assert_page(client.get(download), "all_respondents")
    client = client_for(survey_analyst)
    with django_assert_max_num_queries(10):
        assert_page(client.get("/careers/waves/wave-2026/responses/"), "R00001")
    with django_assert_max_num_queries(10):
        assert_page(client.get("/careers/imports/"), "Wave 2026")
