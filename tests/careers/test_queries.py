"""The small read the career map uses: the share of graduates aspiring to a role."""

from django.template.loader import render_to_string

from careers.queries import role_aspiration_share
from careers.services import survey_import
from tests.careers.factories import RoleFactory
from tests.careers.surveys import respondent


def test_role_share_comes_from_the_latest_wave_and_follows_the_disclosure_rule(roles, survey_file):
    survey_import(wave_name="Old", path=survey_file([respondent(n) for n in range(10)]))
    rows = [
        respondent(n, aspired_roles="assistant-psychologist" if n < 13 else "") for n in range(102)
    ]
    survey_import(wave_name="New", path=survey_file(rows))
    share = role_aspiration_share("assistant-psychologist")
    # 13 of 102 -> 15 of 100 -> 15%.
    assert share == {
        "wave": "New",
        "percent": 15,
        "respondents": 100,
        "count": 15,
        "url": "/careers/waves/new/",
    }
    assert role_aspiration_share("clinical-psychologist")["percent"] == 0


def test_role_share_is_suppressed_for_few_respondents(roles, survey_file):
    rows = [
        respondent(n, aspired_roles="assistant-psychologist" if n < 3 else "") for n in range(50)
    ]
    survey_import(wave_name="W", path=survey_file(rows))
    share = role_aspiration_share("assistant-psychologist")
    assert share["percent"] == "*" and share["count"] == "*"


def test_role_share_is_none_without_a_wave_or_for_an_unpublished_role(roles, survey_file):
    assert role_aspiration_share("assistant-psychologist") is None
    survey_import(wave_name="W", path=survey_file([respondent(1)]))
    RoleFactory(slug="draft-role", status="draft")
    assert role_aspiration_share("draft-role") is None
    assert role_aspiration_share("no-such-role") is None


def render_partial(aspiration):
    return render_to_string("careers/includes/role_aspiration.jinja", {"aspiration": aspiration})


def test_the_role_partial_renders_the_share_with_a_link_to_the_report():
    html = render_partial(
        {
            "wave": "Survey 2025",
            "percent": 15,
            "respondents": 3100,
            "count": 465,
            "url": "/careers/waves/survey-2025/",
        }
    )
    assert "<strong>15%</strong>" in html and "3,100" in html
    assert 'href="/careers/waves/survey-2025/"' in html


def test_the_role_partial_explains_a_suppressed_share_and_renders_nothing_without_one():
    html = render_partial(
        {
            "wave": "Survey 2025",
            "percent": "*",
            "respondents": 100,
            "count": "*",
            "url": "/careers/waves/survey-2025/",
        }
    )
    assert "too few graduates named this role" in html and "*%" not in html
    assert render_partial(None).strip() == ""
