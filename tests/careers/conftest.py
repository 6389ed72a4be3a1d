"""Fixtures for the careers tests: career-map roles, and survey files written to disk."""

import pytest

from careers.services import survey_import
from tests.careers.surveys import (
    publish_wave_of_100,
    respondent,
    survey_roles,
    write_csv,
)


@pytest.fixture(autouse=True)
def _nothing_served_from_an_earlier_test():
    """Each test starts as a fresh process would: no rendered report kept."""
    from careers.served import served

    served.clear()
    yield
    served.clear()


@pytest.fixture
def roles(db):
    return survey_roles()


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
def published_wave(roles, tmp_path):
    """tests.careers.surveys.publish_wave_of_100: 100 respondents, two of them alone in a group."""
    return publish_wave_of_100(tmp_path / "wave-of-100.csv")
