"""Survey rows and files for the careers tests (and the hostile-input tests): the columns
of the survey format, a valid respondent, and a CSV writer."""

import csv


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


# The columns of the survey format, in the order of a file: the columns of a valid row.
HEADER = list(respondent(0))


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


def publish(wave):
    """Preview and publish a wave through the services an analyst's buttons call."""
    from careers.services import wave_preview, wave_publish

    return wave_publish(wave=wave_preview(wave=wave))


def import_and_publish(name, path):
    from careers.services import survey_import

    job = survey_import(wave_name=name, path=path)
    assert job.status == "succeeded", job.message
    return publish(job.wave)


def survey_roles():
    """The career-map roles the survey files name."""
    from tests.careers.factories import RoleFactory

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


def publish_wave_of_100(path):
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
    return import_and_publish("Wave 2026", write_csv(path, rows))
