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
