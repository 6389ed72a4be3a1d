"""The survey file format (docs/survey-format.md): the columns, their coded answers and how
names and values are matched. Pure Python: no Django, no database, no pandas, so the models,
filters and pages that name the columns do not load pandas. Checking rows is
`careers/survey_rows.py`; reading the files is `careers/survey_files.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from config import regions

CHUNK_ROWS = 50_000
MAX_ID_LENGTH = 64
VALUE_SHOWN = 200  # longest value quoted back in a problem

# --- The coded answers: (code, label) in the order reports show them. ---------------------

DEGREE_ROUTES = (
    ("undergraduate", "Undergraduate psychology degree"),
    ("conversion_masters", "Psychology conversion master's"),
    ("other", "Other"),
)
BPS_ACCREDITED = (("yes", "Yes"), ("no", "No"), ("dont_know", "Don't know"))
CURRENT_STATUSES = (
    ("nhs_mental_health", "Working in NHS mental health services"),
    ("other_health_care", "Working elsewhere in health or care"),
    ("outside_health", "Working outside health and care"),
    ("further_study", "In further study"),
    ("not_working", "Not working"),
    ("other", "Other"),
)
INTEREST_LEVELS = (
    ("1", "Not at all interested"),
    ("2", "Slightly interested"),
    ("3", "Moderately interested"),
    ("4", "Very interested"),
    ("5", "Extremely interested"),
)
BARRIERS = (
    ("competition_for_training", "Competition for training places"),
    ("lack_of_experience", "Lack of relevant experience"),
    ("low_pay_entry_roles", "Low pay in entry-level roles"),
    ("unpaid_experience", "Expectation of unpaid or voluntary experience"),
    ("training_costs", "Cost of postgraduate training"),
    ("lack_of_information", "Lack of information about roles"),
    ("location", "Location of opportunities"),
    ("caring_responsibilities", "Caring responsibilities"),
    ("lack_of_representation", "Lack of people like me in the profession"),
    ("other", "Other"),
)
GENDERS = (
    ("woman", "Woman"),
    ("man", "Man"),
    ("non_binary", "Non-binary"),
    ("other", "Other"),
    ("prefer_not_to_say", "Prefer not to say"),
)
ETHNIC_GROUPS = (
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    ("prefer_not_to_say", "Prefer not to say"),
)
YES_NO_PREFER = (("yes", "Yes"), ("no", "No"), ("prefer_not_to_say", "Prefer not to say"))
AGE_BANDS = (
    ("under_25", "Under 25"),
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_plus", "45 and over"),
    ("prefer_not_to_say", "Prefer not to say"),
)
REGIONS = tuple(regions.WITH_OUTSIDE_ENGLAND)

# The demographic columns reports break figures down by, with their labels.
DIMENSIONS = {
    "gender": ("Gender", GENDERS),
    "ethnic_group": ("Ethnic group", ETHNIC_GROUPS),
    "disability": ("Disability", YES_NO_PREFER),
    "age_band": ("Age band", AGE_BANDS),
    "region": ("Region", REGIONS),
    "first_generation": ("First in family to go to university", YES_NO_PREFER),
}
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # "id", "date", "year", "choice", "multi", "roles", "text"
    choices: tuple[tuple[str, str], ...] = ()


COLUMNS = (
    Column("respondent_id", True, "id"),
    Column("submitted_on", False, "date"),
    Column("graduation_year", True, "year"),
    Column("degree_route", True, "choice", DEGREE_ROUTES),
    Column("bps_accredited", False, "choice", BPS_ACCREDITED),
    Column("current_status", True, "choice", CURRENT_STATUSES),
    Column("interest_nhs_mh", False, "choice", INTEREST_LEVELS),
    Column("aspired_roles", False, "roles"),
    Column("barriers", False, "multi", BARRIERS),
    Column("gender", False, "choice", GENDERS),
    Column("ethnic_group", False, "choice", ETHNIC_GROUPS),
    Column("disability", False, "choice", YES_NO_PREFER),
    Column("age_band", False, "choice", AGE_BANDS),
    Column("region", False, "choice", REGIONS),
    Column("first_generation", False, "choice", YES_NO_PREFER),
    Column("comments", False, "text"),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)


# --- Errors and results --------------------------------------------------------------------


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, zip bomb, missing columns...)."""


@dataclass(frozen=True, order=True)
class Problem:
    row: int
    column: str
    value: str
    reason: str


# --- Normalising names and values ------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-_]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"'})


def normalise_name(name: str) -> str:
    """Column names match ignoring case, surrounding spaces, and spaces/hyphens/underscores."""
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


def normalise_value(value: str) -> str:
    """Coded answers match ignoring case, surrounding spaces, spaces/hyphens/underscores and
    typographic quotes."""
    value = str(value)
    if not value.isascii():  # the quotes are not ASCII (and translating is slow)
        value = value.translate(_QUOTES)
    return _SEPARATORS.sub(" ", value.strip().lower()).strip()


def lookup(choices, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A map from every accepted spelling (code or label, normalised) to the code."""
    table = {}
    for code, label in choices:
        table[normalise_value(code)] = code
        table[normalise_value(label)] = code
    for spelling, code in (extra or {}).items():
        table[normalise_value(spelling)] = code
    return table


def role_lookup(roles: Mapping[str, str]) -> dict[str, str]:
    """Roles are given as {slug: name}; a cell may hold either."""
    return lookup(roles.items())
