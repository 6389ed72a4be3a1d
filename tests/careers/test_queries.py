"""The small read the career map uses: the share of graduates aspiring to a role."""

from django.template.loader import render_to_string

from careers.queries import role_aspiration_share
from careers.services import survey_import
from tests.careers.factories import RoleFactory
from tests.careers.surveys import import_and_publish, respondent


def test_role_share_comes_from_the_latest_published_wave_and_follows_the_disclosure_rule(
    roles, survey_file
):
    import_and_publish(
        "Old", survey_file([respondent(n, submitted_on="2024-03-01") for n in range(60)])
    )
    rows = [
        respondent(n, aspired_roles="assistant-psychologist" if n < 13 else "") for n in range(102)
    ]
    import_and_publish("New", survey_file(rows))
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


def test_latest_means_the_latest_survey_date_among_published_waves(roles, survey_file):
    import_and_publish(
        "Spring 2025", survey_file([respondent(n, submitted_on="2025-04-01") for n in range(60)])
    )
    # Imported later, but surveyed earlier: not the latest.
    import_and_publish(
        "Spring 2023",
        survey_file(
            [respondent(n, submitted_on="2023-04-01", aspired_roles="") for n in range(60)]
        ),
    )
    # Surveyed later, but a draft: never used.
    survey_import(
        wave_name="Draft 2026",
        path=survey_file(
            [respondent(n, submitted_on="2026-04-01", aspired_roles="") for n in range(60)]
        ),
    )
    share = role_aspiration_share("clinical-psychologist")
    assert share["wave"] == "Spring 2025" and share["percent"] == 100


def test_role_share_is_suppressed_for_few_respondents(roles, survey_file):
    rows = [
        respondent(n, aspired_roles="assistant-psychologist" if n < 3 else "") for n in range(50)
    ]
    import_and_publish("W", survey_file(rows))
    share = role_aspiration_share("assistant-psychologist")
    assert share["percent"] == "*" and share["count"] == "*"


def test_role_share_is_none_without_a_published_wave_or_for_an_unpublished_role(roles, survey_file):
    assert role_aspiration_share("assistant-psychologist") is None
    survey_import(wave_name="Draft", path=survey_file([respondent(n) for n in range(60)]))
    assert role_aspiration_share("assistant-psychologist") is None
    import_and_publish("W", survey_file([respondent(n) for n in range(60)]))
    RoleFactory(slug="draft-role", status="draft")
    assert role_aspiration_share("draft-role") is None
    assert role_aspiration_share("no-such-role") is None


def test_a_withdrawn_wave_leaves_the_role_pages(roles, survey_file):
    from careers.services import wave_withdraw

    wave = import_and_publish("W", survey_file([respondent(n) for n in range(60)]))
    assert role_aspiration_share("clinical-psychologist")["wave"] == "W"
    wave_withdraw(wave=wave)
    assert role_aspiration_share("clinical-psychologist") is None


def test_the_equity_pages_get_a_roles_published_share_within_each_group(published_wave):
    from careers.queries import aspiration_by_group

    shares = aspiration_by_group("clinical-psychologist", "gender")
    assert shares["wave"] == "Wave 2026" and shares["url"] == "/careers/waves/wave-2026/?by=gender"
    by_group = {g["group"]: g for g in shares["groups"]}
    assert by_group["woman"] | {"label": "Woman"} == {
        "group": "woman",
        "label": "Woman",
        "respondents": 60,
        "count": 60,
        "percent": 100,
        "published": True,
    }
    assert by_group["non_binary"]["published"] is False
    assert by_group["non_binary"]["count"] == "*"
    assert aspiration_by_group("clinical-psychologist", "shoe_size") is None


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
