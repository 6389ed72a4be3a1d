"""Survey rows and files for the careers tests (and the hostile-input tests): the columns
of the survey format, a valid respondent, and a CSV writer."""

import csv

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
