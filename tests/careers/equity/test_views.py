"""The equity pages: who may see what (every view: permitted, signed in without rights,
anonymous), 404s for unknown programmes, years and sections, query counts with status and
content, filters in the query string, downloads."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from careers.equity.forms import RecommendationForm
from careers.equity.models import Action, EntryFigure, EquityImport, Recommendation
from tests.careers.equity.layouts import CLEARING_HOUSE
from tests.responses import assert_page, csv_rows

# The equity demo, before any fixture that makes a user (tests/careers/equity/conftest.py).
pytestmark = pytest.mark.usefixtures("equity_world")

P = "/careers/equity"
CP = f"{P}/entry/clinical-psychology"

# (url, query count for an anonymous visitor, text the page shows)
PUBLIC_PAGES = [
    (f"{P}/", 4, "Who gets in and who gets on"),
    (f"{CP}/", 2, "Entry to training"),
    (f"{CP}/2018/ethnicity/", 3, "Total in the Black group"),
    (f"{CP}/2018/ethnicity/?reference=white-british&rows=totals", 3, "White British (reference)"),
    (f"{CP}/2018/ethnicity/download.csv", 2, "relative_likelihood"),
    (f"{CP}/trends/ethnicity/?measure=rl", 3, "Relative likelihood of"),
    (f"{CP}/trends/gender/?measure=rate&year_from=2017&year_to=2020", 3, "Acceptance rate"),
    (f"{P}/workforce/", 3, "Band 8a"),
    (
        f"{P}/workforce/?characteristic=ETHNICITY&organisation=Y56&role=clinical-psychologist",
        3,
        "London",
    ),
    (f"{P}/plans/", 3, "short"),
    (f"{P}/pipeline/clinical-psychology/", 6, "falls most"),
    (f"{P}/recommendations/", 2, "Build: train new staff"),
    (f"{P}/recommendations/?theme=bind&status=proposed", 2, "Sponsorship"),
]
ANALYST_PAGES = [
    f"{P}/import/",
    f"{P}/imports/",
    f"{P}/imports/{{import_pk}}/",
    f"{CP}/references/ethnicity/",
    f"{P}/recommendations/new/",
    f"{P}/recommendations/{{rec_pk}}/edit/",
    f"{P}/recommendations/{{rec_pk}}/history/",
    f"{P}/recommendations/{{rec_pk}}/actions/new/",
    f"{P}/actions/{{action_pk}}/edit/",
    f"{P}/actions/{{action_pk}}/progress/",
]
NOT_FOUND = [
    f"{P}/entry/no-such-programme/",
    f"{P}/entry/no-such-programme/2018/ethnicity/",
    f"{CP}/1999/ethnicity/",
    f"{CP}/2018/hair-colour/",
    f"{CP}/2018/ethnicity/download.pdf",
    f"{CP}/trends/hair-colour/",
    f"{P}/pipeline/no-such-programme/",
    f"{P}/pipeline/clinical-psychology/?section=HAIR",
    f"{P}/recommendations/999999/",
]


@pytest.fixture
def ids(equity_world):
    recommendation = Recommendation.objects.get(title__startswith="Paid")
    return {
        "import_pk": EquityImport.objects.first().pk,
        "rec_pk": recommendation.pk,
        "action_pk": recommendation.actions.first().pk,
    }


def _urls(ids):
    return [url.format(**ids) for url in ANALYST_PAGES]


def test_public_pages_answer_everyone_with_a_fixed_number_of_queries(
    client, client_for, member, survey_analyst, equity_world, django_assert_num_queries
):
    for url, queries, text in PUBLIC_PAGES:
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert_page(response, text)
    for user in (member, survey_analyst):
        signed_in = client_for(user)
        for url, _queries, _text in PUBLIC_PAGES:
            assert signed_in.get(url).status_code == 200, url


def test_analyst_pages_are_for_survey_analysts(client, client_for, ids, survey_analyst):
    for url in _urls(ids):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/sign-in/"
        ), url


def test_signed_in_users_without_rights_are_refused_the_analyst_pages(client_for, member, ids):
    signed_in = client_for(member)
    for url in _urls(ids):
        assert signed_in.get(url).status_code == 403, url


def test_careers_staff_are_refused_the_analyst_pages(client_for, careers_staff, ids):
    signed_in = client_for(careers_staff)
    for url in _urls(ids):
        assert signed_in.get(url).status_code == 403, url


def test_survey_analysts_open_every_analyst_page_with_a_fixed_number_of_queries(
    client_for, survey_analyst, ids, django_assert_max_num_queries
):
    signed_in = client_for(survey_analyst)
    for url in _urls(ids):
        with django_assert_max_num_queries(12):
            response = signed_in.get(url)
        assert_page(response, "<h1>")


def test_unknown_programmes_years_and_sections_are_404_not_500(
    client, client_for, ids, survey_analyst
):
    for url in NOT_FOUND:
        assert client.get(url).status_code == 404, url
    analyst = client_for(survey_analyst)
    for url in (
        f"{P}/imports/999999/",
        f"{P}/actions/999999/edit/",
        f"{P}/entry/nope/references/ethnicity/",
        f"{CP}/references/totals/",
    ):
        assert analyst.get(url).status_code == 404, url


def test_the_report_shows_rates_intervals_and_likelihoods_with_an_accessible_chart(
    client, equity_world
):
    page = client.get(f"{CP}/2018/ethnicity/").content.decode()
    assert "16.7%" in page and "8.6%" in page and "1.94" in page
    assert 'role="img"' in page and '<title id="chart-rate-title">' in page
    assert "suppressed" in page
    assert "Reference group: <strong>Total in the White group</strong>" in page


def test_the_csv_download_follows_the_filters(client, equity_world):
    response = client.get(f"{CP}/2018/ethnicity/download.csv?rows=totals")
    rows = csv_rows(response)
    assert rows[0][0] == "category" and rows[0][-1] == "suppressed"
    labels = [r[0] for r in rows[1:]]
    assert "Total in the Black group" in labels and "White British" not in labels


def test_the_xlsx_download_is_a_real_workbook(client, equity_world):
    response = client.get(f"{CP}/2018/ethnicity/download.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0][0] == "category"
    black = next(row for row in values if row[0] == "Total in the Black group")
    assert black[1:4] == (163, 14, 8.6) and black[6] == 1.94


def test_the_trends_page_joins_changed_wordings(client, equity_world):
    page = client.get(f"{CP}/trends/ethnicity/?measure=rate&category=black-african").content
    page = page.decode()
    assert "Black African (also worded: Black or Black British - African)" in page


def test_the_pipeline_names_where_each_groups_share_drops_most(client, equity_world):
    page = client.get(f"{P}/pipeline/clinical-psychology/?section=ETHNICITY").content.decode()
    assert "Graduates aspiring" in page and "Applicants" in page and "Qualified, Band 8a" in page
    assert "Black: the share falls most between" in page


def test_the_workforce_page_says_where_representation_falls(client, equity_world):
    page = client.get(f"{P}/workforce/?characteristic=ETHNICITY&role=clinical-psychologist")
    text = page.content.decode()
    assert "where they are least represented" in text
    assert "Share of staff at Band 8a and above, by year" in text


def upload(client, name, content):
    """Send a Clearing House file for clinical psychology to the import page."""
    data = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(f"{P}/import/", {"programme": "clinical-psychology", "file": file})


def test_an_analyst_uploads_a_file_and_sees_every_problem(
    client_for, survey_analyst, equity_world, tmp_path
):
    signed_in = client_for(survey_analyst)
    bad = "\n".join([",".join(CLEARING_HOUSE), "2023,ETHNICITY,Mixed,10,11,,"]) + "\n"
    response = upload(signed_in, "bad.csv", bad)
    assert response.status_code == 302
    detail = signed_in.get(response["Location"]).content.decode()
    assert "Nothing was stored" in detail and "More accepted than applied." in detail
    # A file in no layout: the form error, the input kept, "Error: " in the title.
    response = upload(signed_in, "odd.csv", b"a,b\n1,2\n")
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert "match no known layout" in page
    good = "\n".join([",".join(CLEARING_HOUSE), "2025,GENDER,Woman,400,60,,"]) + "\n"
    response = upload(signed_in, "good.csv", good)
    assert response.status_code == 302
    assert EntryFigure.objects.filter(year=2025).count() == 1


def test_changing_the_reference_group_changes_the_likelihoods(
    client, client_for, survey_analyst, equity_world
):
    analyst = client_for(survey_analyst)
    response = analyst.post(f"{CP}/references/ethnicity/", {"category_key": "white-british"})
    assert response.status_code == 302
    page = client.get(f"{CP}/2018/ethnicity/").content.decode()
    assert "Reference group: <strong>White British</strong>" in page
    response = analyst.post(f"{CP}/references/ethnicity/", {"category_key": "martian"})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()


def test_a_recommendation_with_a_broken_evidence_link_is_refused_with_the_input_kept(
    client_for, survey_analyst, equity_world
):
    analyst = client_for(survey_analyst)
    data = {
        "title": "Publish per-course data",
        "theme": "entry",
        "summary": "Courses publish.",
        "evidence_label": "Figures for 1999",
        "evidence_url": f"{CP}/1999/ethnicity/",
        "owner_organisation": "Courses",
        "due_date": "2027-05-01",
        "status": "proposed",
    }
    response = analyst.post(f"{P}/recommendations/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "That page does not open" in page
    assert "Publish per-course data" in page
    data["evidence_url"] = f"{CP}/2018/ethnicity/?reference=white"
    response = analyst.post(f"{P}/recommendations/new/", data)
    assert response.status_code == 302
    created = Recommendation.objects.get(title="Publish per-course data")
    assert created.history.count() == 1 and created.history.first().history_user == survey_analyst


def test_progress_updates_move_an_action_on_and_every_change_is_in_the_history(
    client_for, survey_analyst, ids
):
    analyst = client_for(survey_analyst)
    url = f"{P}/actions/{ids['action_pk']}/progress/"
    response = analyst.post(url, {"text": "Posts filled.", "percent_complete": 100})
    assert response.status_code == 302
    assert Action.objects.get(pk=ids["action_pk"]).status == "done"
    response = analyst.post(url, {"text": "Oops.", "percent_complete": 10})
    assert response.status_code == 200 and "cannot go back" in response.content.decode()
    analyst.post(
        f"{P}/recommendations/{ids['rec_pk']}/edit/",
        {
            **model_to_dict(
                Recommendation.objects.get(pk=ids["rec_pk"]), fields=RecommendationForm.Meta.fields
            ),
            "due_date": "2027-06-01",
            "status": "done",
        },
    )
    history = analyst.get(f"{P}/recommendations/{ids['rec_pk']}/history/").content.decode()
    assert "due_date" in history and "status" in history
    assert "Posts filled." in history and "Progress update" in history


def test_every_demo_recommendations_evidence_link_opens(client, equity_world):
    for recommendation in Recommendation.objects.all():
        response = client.get(recommendation.evidence_url)
        assert response.status_code == 200, recommendation.evidence_url


def test_the_home_page_leads_to_the_equity_pages(client, db):
    assert b'href="/careers/equity/"' in client.get("/").content
