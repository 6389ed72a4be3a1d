"""Fixtures for the careers tests: career-map roles, and survey files written to disk."""

import pytest

from careers.services import survey_import
from tests.careers.factories import RoleFactory
from tests.careers.surveys import import_and_publish, respondent, write_csv


@pytest.fixture(autouse=True)
def _nothing_served_from_an_earlier_test():
    """Each test starts as a fresh process would: no rendered report kept."""
    from careers.served import served

    served.clear()
    yield
    served.clear()


@pytest.fixture
def roles(db):
    return [
        RoleFactory(slug="clinical-psychologist", name="Clinical psychologist"),
        RoleFactory(slug="assistant-psychologist", name="Assistant psychologist"),
        RoleFactory(
            slug="psychological-wellbeing-practitioner", name="Psychological wellbeing practitioner"
        ),
        RoleFactory(
            slug="childrens-wellbeing-practitioner", name="Children's wellbeing practitioner"
        ),
    ]


@pytest.fixture
def survey_file(tmp_path):
    """survey_file(rows, name="survey.csv", **options) writes a CSV file and returns its path."""
    counter = {"n": 0}

    def make(rows, name=None, **options):
        counter["n"] += 1
        return write_csv(tmp_path / (name or f"survey-{counter['n']}.csv"), rows, **options)

    return make


@pytest.fixture
def imported_wave(roles, survey_file):
    """A wave of 40 respondents: 30 women, 10 men; 3 name the assistant psychologist role."""
    rows = [respondent(n, gender="woman" if n < 30 else "man") for n in range(40)]
    for n in range(3):
        rows[n]["aspired_roles"] = "clinical-psychologist; assistant-psychologist"
    job = survey_import(wave_name="Wave 2025", path=survey_file(rows))
    assert job.status == "succeeded", job.message
    return job.wave


@pytest.fixture
def published_wave(roles, survey_file):
    """A published wave of 100 respondents: 60 women, 40 men, all under 25 but two men aged 45
    and over, who alone answered interest 1. 12 are extremely interested (5), the rest 4 (very).
    Everyone names the clinical psychologist role; 3 women also the assistant psychologist."""
    rows = []
    for n in range(100):
        answers = {"gender": "woman" if n < 60 else "man", "interest_nhs_mh": "4"}
        if n < 12:
            answers["interest_nhs_mh"] = "5"
        if n < 3:
            answers["aspired_roles"] = "clinical-psychologist; assistant-psychologist"
        if n >= 98:
            answers.update(age_band="45_plus", interest_nhs_mh="1")
        rows.append(respondent(n, **answers))
    return import_and_publish("Wave 2026", survey_file(rows))
