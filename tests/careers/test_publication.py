"""Publishing waves, and the attacks of issue 10 on the published figures: small groups in
downloads (item 1), breakdowns isolating people and stacked filters (item 2), public requests
that count responses live (item 6)."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careers import publication
from careers.models import PublishedReport, Wave
from careers.services import (
    PublicationRefused,
    survey_import,
    wave_preview,
    wave_publish,
    wave_withdraw,
)
from tests.careers.surveys import import_and_publish, respondent
from tests.responses import csv_rows


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [
        ["" if v is None else str(v) for v in row]
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]


# --- Item 1: downloads follow the same rule as the page --------------------------------------


def test_a_download_of_a_subgroup_too_small_to_publish_gives_the_pages_message(
    client, published_wave
):
    # Two respondents aged 45 and over: the page says too few, and so does every download.
    page = client.get("/careers/waves/wave-2026/?age_band=45_plus").content.decode()
    assert publication.TOO_FEW in page
    for table in ("interest", "aspired_roles", "barriers", "respondents"):
        for extension, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
            url = f"/careers/waves/wave-2026/download/{table}.{extension}?age_band=45_plus"
            rows = read(client.get(url))
            assert rows == [["note"], [publication.TOO_FEW]], (url, rows)
            rows = read(client.get(url + "&by=gender"))
            assert rows == [["note"], [publication.TOO_FEW]], (url, rows)


def test_a_wave_of_one_respondent_publishes_nothing_in_any_format(client, roles, survey_file):
    wave = survey_import(wave_name="One", path=survey_file([respondent(1)])).wave
    with pytest.raises(PublicationRefused, match="published only with 50 or more"):
        wave_preview(wave=wave)
    for url in (
        "/careers/waves/one/",
        "/careers/waves/one/download/respondents.csv?by=gender",
        "/careers/waves/one/download/interest.xlsx",
    ):
        assert client.get(url).status_code == 404
    assert "One" not in client.get("/careers/").content.decode()


def test_the_csv_and_xlsx_downloads_hold_the_same_figures(client, published_wave):
    url = "/careers/waves/wave-2026/download/interest"
    assert csv_rows(client.get(url + ".csv?by=gender")) == xlsx_rows(
        client.get(url + ".xlsx?by=gender")
    )


# --- Item 2: breakdowns and stacked filters ---------------------------------------------------


def test_a_breakdown_withholds_small_columns_and_the_columns_that_would_reveal_them(
    client, published_wave
):
    # 40 men: 38 under 25, two 45 and over who alone answered 1. Today's code printed the two
    # men's answer as * beside zeros; now both columns are withheld whole.
    rows = csv_rows(
        client.get("/careers/waves/wave-2026/download/interest.csv?gender=man&by=age_band")
    )
    assert rows[0] == ["category", "age_band", "respondents", "percent"]
    for age in ("45_plus", "under_25"):
        cells = [row for row in rows if row[1] == age]
        assert cells and all(row[2:] == ["*", "*"] for row in cells), cells
    page = client.get("/careers/waves/wave-2026/?gender=man&by=age_band").content.decode()
    assert "45 and over (*) withheld" in page


def test_only_one_filter_and_one_breakdown_can_be_asked_for(client, published_wave):
    response = client.get("/careers/waves/wave-2026/?gender=man&age_band=under_25&by=region")
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in text
    assert "Choose one group of respondents at a time" in text
    assert "respondents in the group" not in text  # no figures at all
    rows = csv_rows(
        client.get("/careers/waves/wave-2026/download/interest.csv?gender=man&age_band=under_25")
    )
    assert rows[0] == ["note"] and "one group of respondents at a time" in rows[1][0]
    text = client.get("/careers/waves/wave-2026/?gender=man&by=gender").content.decode()
    assert "something other than the group you chose" in text


def test_the_filter_limit_is_a_setting(client, published_wave, settings):
    settings.CAREERS_PUBLIC_MAX_FILTERS = 0
    text = client.get("/careers/waves/wave-2026/?gender=man").content.decode()
    assert "<title>Error: " in text and "published reports are of everyone" in text


def test_a_subgroup_needs_the_minimum_number_of_respondents(roles, survey_file, client, settings):
    rows = [respondent(n, gender="woman" if n < 70 else "man") for n in range(100)]
    import_and_publish("W", survey_file(rows))
    assert (
        "30 respondents in the group" in client.get("/careers/waves/w/?gender=man").content.decode()
    )
    settings.CAREERS_PUBLISH_MIN_GROUP = 31
    wave = Wave.objects.get()
    wave_withdraw(wave=wave)
    wave_publish(wave=wave_preview(wave=wave))
    text = client.get("/careers/waves/w/?gender=man").content.decode()
    assert publication.TOO_FEW in text
    # Women (70) are withheld too: everyone minus them would be the 30 men.
    assert publication.TOO_FEW in client.get("/careers/waves/w/?gender=woman").content.decode()


# --- Item 6: public requests never count responses; reads are bounded ----------------------


PUBLIC_URLS = [
    "/careers/",
    "/careers/trends/",
    "/careers/waves/wave-2026/",
    "/careers/waves/wave-2026/?by=region",
    "/careers/waves/wave-2026/?gender=woman&by=age_band",
    "/careers/waves/wave-2026/download/barriers.csv?gender=man&by=region",
    "/careers/waves/wave-2026/download/barriers.xlsx?by=ethnic_group",
    "/pathways/roles/clinical-psychologist/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_requests_read_stored_figures_never_the_responses(client, published_wave, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "careers_response" in s], sql
    if url.startswith("/careers/"):
        assert any("statement_timeout" in s for s in sql), sql


def test_public_reads_run_under_the_statement_timeout(client, published_wave, settings):
    settings.CAREERS_PUBLIC_STATEMENT_TIMEOUT_MS = 1234
    seen = {}

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "careers_publishedreport" in sql:
            with context["connection"].cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                seen["timeout"] = cursor.fetchone()[0]
        return result

    with connection.execute_wrapper(record):
        assert client.get("/careers/waves/wave-2026/?by=gender").status_code == 200
    assert seen["timeout"] == "1234ms"


def test_the_statement_timeout_ends_with_the_public_read(client, published_wave):
    """Inside an outer transaction (as in a test, or any caller's atomic block), the public
    page's statement timeout does not outlive it: later statements run without it."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    assert client.get("/careers/waves/wave-2026/?by=gender").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def test_the_published_figures_are_computed_once_when_the_wave_is_previewed(published_wave):
    # Everyone and each published subgroup, each alone and by every other characteristic.
    reports = PublishedReport.objects.filter(wave=published_wave)
    subgroups = published_wave.publication["subgroups"]
    assert "gender=man" in subgroups and "age_band=45_plus" not in subgroups
    assert reports.count() == (1 + len(subgroups)) * 6 + 1
    assert reports.filter(subgroup="gender=man", by="region").exists()


# --- Publishing waves ---------------------------------------------------------------------------


def test_a_wave_is_a_draft_until_an_analyst_previews_and_publishes_it(
    client_for, survey_analyst, roles, survey_file
):
    survey_import(wave_name="W", path=survey_file([respondent(n) for n in range(60)]))
    analyst = client_for(survey_analyst)
    client = Client()
    assert client.get("/careers/waves/w/").status_code == 404
    assert "/careers/waves/w/" not in client.get("/careers/").content.decode()
    page = analyst.get("/careers/waves/w/")
    assert page.status_code == 200 and "Not published" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # Publishing before the preview is refused.
    text = analyst.post("/careers/waves/w/publish/", follow=True).content.decode()
    assert "Preview the wave first" in text
    text = analyst.post("/careers/waves/w/preview/", follow=True).content.decode()
    assert "The preview is ready" in text and "60 psychology graduates answered" in text
    assert client.get("/careers/waves/w/").status_code == 404
    text = analyst.post("/careers/waves/w/publish/", follow=True).content.decode()
    assert "“W” is published." in text
    public = client.get("/careers/waves/w/")
    assert (
        public.status_code == 200 and "60 psychology graduates answered" in public.content.decode()
    )
    assert Wave.objects.get().published_by == survey_analyst
    analyst.post("/careers/waves/w/withdraw/")
    assert client.get("/careers/waves/w/").status_code == 404
    assert client.get("/careers/waves/w/download/interest.csv").status_code == 404


def test_only_analysts_can_preview_publish_or_withdraw(careers_staff, roles, survey_file):
    survey_import(wave_name="W", path=survey_file([respondent(n) for n in range(60)]))
    staff = Client()
    staff.force_login(careers_staff)
    for action in ("preview", "publish", "withdraw"):
        assert staff.post(f"/careers/waves/w/{action}/").status_code == 403
        response = Client().post(f"/careers/waves/w/{action}/")
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert Wave.objects.get().status == "draft"


def test_no_file_can_be_added_to_a_published_wave_and_a_new_file_makes_a_preview_stale(
    published_wave, survey_file
):
    from careers.services import ImportRefused

    with pytest.raises(ImportRefused, match="is published: withdraw it"):
        survey_import(wave_name="Wave 2026", path=survey_file([respondent(500)]))
    wave_withdraw(wave=published_wave)
    wave_preview(wave=published_wave)
    survey_import(wave_name="Wave 2026", path=survey_file([respondent(500)]))
    wave = Wave.objects.get()
    assert wave.status == "draft" and not wave.reports.exists()
    with pytest.raises(PublicationRefused, match="Preview the wave first"):
        wave_publish(wave=wave)


def test_the_analysts_unrounded_and_raw_pages_are_never_cached(
    client_for, survey_analyst, published_wave
):
    analyst = client_for(survey_analyst)
    for url in (
        "/careers/waves/wave-2026/unrounded/",
        "/careers/waves/wave-2026/unrounded/?gender=man&age_band=45_plus&by=region",
        "/careers/waves/wave-2026/responses/",
        "/careers/imports/",
        "/careers/import/",
    ):
        response = analyst.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url
    # The unrounded page keeps every combination, exactly.
    text = analyst.get(
        "/careers/waves/wave-2026/unrounded/?gender=man&age_band=45_plus"
    ).content.decode()
    assert "Not for publication" in text and "2 respondents in the group" in text


def test_a_cached_report_page_carries_each_requests_own_csp_nonce(published_wave):
    import re

    pages = [Client().get("/careers/waves/wave-2026/?by=gender") for _ in range(2)]
    nonces = []
    for page in pages:
        header = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
        assert f'nonce="{header}"' in page.content.decode()
        assert "careers-csp-nonce-mark" not in page.content.decode()
        nonces.append(header)
    assert nonces[0] != nonces[1]
    # The cached page is the same page.
    first, second = (re.sub(r'nonce="[^"]+"', "", p.content.decode()) for p in pages)
    assert first == second and "by gender: percent within each group" in first


def test_a_withdrawn_wave_is_not_served_from_the_cache(published_wave):
    assert Client().get("/careers/waves/wave-2026/").status_code == 200
    wave_withdraw(wave=published_wave)
    assert Client().get("/careers/waves/wave-2026/").status_code == 404
