"""Fixtures for the careers tests: career-map roles, and survey files written to disk."""

import csv

import pytest

from careers.services import survey_import
from tests.careers.factories import RoleFactory

HEADER = [
    "respondent_id",
    "submitted_on",
    "graduation_year",
    "degree_route",
    "bps_accredited",
    "current_status",
    "interest_nhs_mh",
    "aspired_roles",
    "barriers",
    "gender",
    "ethnic_group",
    "disability",
    "age_band",
    "region",
    "first_generation",
    "comments",
]


def respondent(n, **answers):
    """A valid row, as a dict of the survey columns; override any answer."""
    row = {
        "respondent_id": f"R{n:05d}",
        "submitted_on": "2025-03-14",
        "graduation_year": "2024",
        "degree_route": "undergraduate",
        "bps_accredited": "yes",
        "current_status": "outside_health",
        "interest_nhs_mh": "4",
        "aspired_roles": "clinical-psychologist",
        "barriers": "competition_for_training",
        "gender": "woman",
        "ethnic_group": "white",
        "disability": "no",
        "age_band": "under_25",
        "region": "london",
        "first_generation": "no",
        "comments": "",
    }
    row.update(answers)
    return row


def write_csv(path, rows, header=None, encoding="utf-8", newline="\n"):
    header = header or HEADER
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator=newline)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [row.get(name, "") for name in header] if isinstance(row, dict) else row
            )
    return path


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


def publish(wave):
    """Preview and publish a wave through the services an analyst's buttons call."""
    from careers.services import wave_preview, wave_publish

    return wave_publish(wave=wave_preview(wave=wave))


def import_and_publish(name, path):
    job = survey_import(wave_name=name, path=path)
    assert job.status == "succeeded", job.message
    return publish(job.wave)


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
