"""Demo data for graduate aspirations: the 22 career-map roles the survey refers to (created as
published roles only if the career map has not loaded them), and two survey waves generated
with plausible patterns, imported through the same service as any upload and published through
the same services as an analyst's (`wave_preview`, `wave_publish`, in the autumn of the
survey's year by the project's clock), so reports and trends show at once. Idempotent.

`write_survey_csv` is also the generator `bench/careers.py` uses for its million rows."""

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from config import clock
from config.demo_data import moment
from pathways.reference import REQUIRED_ROLES

# How often each role is named (a respondent may name several), in the first demo wave.
ROLE_WEIGHTS = {
    "clinical-psychologist": 0.52,
    "assistant-psychologist": 0.34,
    "psychological-wellbeing-practitioner": 0.21,
    "cbt-therapist": 0.13,
    "counselling-psychologist": 0.11,
    "forensic-psychologist": 0.09,
    "clinical-associate-in-psychology": 0.05,
    "education-mental-health-practitioner": 0.06,
    "childrens-wellbeing-practitioner": 0.05,
    "health-psychologist": 0.04,
    "mental-health-and-wellbeing-practitioner": 0.03,
    "child-and-adolescent-psychotherapist": 0.03,
    "counsellor": 0.04,
    "family-and-systemic-psychotherapist": 0.015,
    "mental-health-nurse": 0.02,
    "psychiatrist": 0.01,
    "peer-support-worker": 0.015,
    "healthcare-support-worker": 0.02,
    "occupational-therapist": 0.012,
    "social-worker": 0.015,
    "arts-therapist": 0.01,
    "consultant-psychologist": 0.008,
}
BARRIER_WEIGHTS = {
    "competition_for_training": 0.68,
    "lack_of_experience": 0.55,
    "unpaid_experience": 0.38,
    "low_pay_entry_roles": 0.35,
    "training_costs": 0.27,
    "lack_of_information": 0.22,
    "location": 0.16,
    "caring_responsibilities": 0.06,
    "lack_of_representation": 0.07,
    "other": 0.03,
}
COMMENTS = [
    "Assistant psychologist posts ask for experience I can only get by volunteering.",
    "I would love to train as a PWP but cannot afford to move to where the posts are.",
    "Nobody at university explained the routes other than the clinical doctorate.",
    "I did not see anyone like me in the services I worked in.",
    "The new associate roles sound good but I could not find many vacancies.",
    "Working as a support worker while applying; the pay makes it hard to stay.",
]

DEMO_WAVES = [
    # (name, respondents, seed, year, trend): later waves show a little less interest, more
    # concern about pay and more interest in the newer roles.
    ("Graduate aspirations survey 2024", 2400, 2024, 2024, 0.0),
    ("Graduate aspirations survey 2025", 3100, 2025, 2025, 1.0),
]


def _pick(rng, n, options, weights):
    weights = np.asarray(weights, dtype=float)
    return rng.choice(np.asarray(options, dtype=object), size=n, p=weights / weights.sum())


def _multi(rng, n, names, probabilities):
    """';'-joined picks, each name chosen with its own probability per row."""
    chosen = rng.random((n, len(names))) < probabilities
    bits = chosen @ (1 << np.arange(len(names), dtype=np.int64))
    texts = {}
    for value in np.unique(bits):
        texts[int(value)] = ";".join(name for k, name in enumerate(names) if value >> k & 1)
    return np.array([texts[int(b)] for b in bits], dtype=object), chosen


def survey_frame(*, respondents: int, seed: int, year: int, trend: float = 0.0) -> pd.DataFrame:
    """A plausible survey export of `respondents` graduates, as a survey tool gives it: some
    columns as labels, some as codes, a few blanks and "Prefer not to say"s."""
    rng = np.random.default_rng(seed)
    n = respondents
    frame = pd.DataFrame()
    frame["Respondent ID"] = [f"R{year}-{i:07d}" for i in range(1, n + 1)]
    days = rng.integers(0, 60, n)
    start = np.datetime64(f"{year}-03-01")
    dates = (start + days.astype("timedelta64[D]")).astype(str)
    uk = rng.random(n) < 0.4
    frame["Submitted on"] = np.where(uk, [f"{d[8:10]}/{d[5:7]}/{d[0:4]}" for d in dates], dates)
    frame["Graduation year"] = rng.choice(
        np.arange(year - 6, year + 1), size=n, p=[0.03, 0.04, 0.06, 0.1, 0.17, 0.3, 0.3]
    )
    route = _pick(rng, n, ["undergraduate", "conversion_masters", "other"], [80, 17, 3])
    frame["Degree route"] = route
    frame["BPS accredited"] = np.where(
        route == "other",
        _pick(rng, n, ["no", "dont_know"], [6, 4]),
        _pick(rng, n, ["yes", "no", "Don’t know", ""], [88, 4, 6, 2]),
    )
    status = _pick(
        rng,
        n,
        [
            "nhs_mental_health",
            "other_health_care",
            "outside_health",
            "further_study",
            "not_working",
            "other",
        ],
        [24, 18, 27 + 4 * trend, 19, 8, 4],
    )
    labels = {
        "nhs_mental_health": "Working in NHS mental health services",
        "other_health_care": "Working elsewhere in health or care",
        "outside_health": "Working outside health and care",
        "further_study": "In further study",
        "not_working": "Not working",
        "other": "Other",
    }
    frame["Current status"] = [labels[s] for s in status]
    gender = _pick(
        rng,
        n,
        ["woman", "man", "non_binary", "other", "prefer_not_to_say", ""],
        [77, 17, 2.2, 0.5, 2, 1.3],
    )
    ethnic = _pick(
        rng,
        n,
        ["white", "asian", "black", "mixed", "other", "prefer_not_to_say", ""],
        [66, 14, 7.5, 6, 2.5, 2.5, 1.5],
    )
    disability = _pick(rng, n, ["yes", "no", "prefer_not_to_say", ""], [15, 79, 4, 2])
    age = _pick(
        rng, n, ["under_25", "25_34", "35_44", "45_plus", "prefer_not_to_say"], [55, 32, 8, 3, 2]
    )
    region = _pick(
        rng,
        n,
        [
            "north_east_and_yorkshire",
            "north_west",
            "midlands",
            "east_of_england",
            "london",
            "south_east",
            "south_west",
            "outside_england",
            "",
        ],
        [14, 13, 16, 9, 19, 14, 9, 4, 2],
    )
    first_gen = _pick(rng, n, ["yes", "no", "prefer_not_to_say", ""], [39, 56, 3, 2])

    # Interest: higher for those already in NHS mental health, a little lower in later waves.
    mean = 3.6 - 0.25 * trend + np.where(status == "nhs_mental_health", 0.6, 0.0)
    mean -= np.where(status == "outside_health", 0.7, 0.0)
    interest = np.clip(np.rint(rng.normal(mean, 1.0)), 1, 5).astype(int)
    interest_labels = np.array(
        [
            "",
            "Not at all interested",
            "Slightly interested",
            "Moderately interested",
            "Very interested",
            "Extremely interested",
        ],
        dtype=object,
    )
    as_label = rng.random(n) < 0.5
    answered = rng.random(n) > 0.03
    frame["Interest NHS-MH"] = np.where(
        answered, np.where(as_label, interest_labels[interest], interest.astype(str)), ""
    )

    role_names = list(ROLE_WEIGHTS)
    role_p = np.array([ROLE_WEIGHTS[r] for r in role_names])
    newer = {
        "clinical-associate-in-psychology": 1.8,
        "mental-health-and-wellbeing-practitioner": 1.6,
        "education-mental-health-practitioner": 1.3,
    }
    role_p = role_p * np.array([1 + (newer.get(r, 1) - 1) * trend for r in role_names])
    role_p = np.broadcast_to(role_p, (n, len(role_names))).copy()
    role_p[interest <= 2] *= 0.4
    roles, _ = _multi(rng, n, role_names, role_p)
    # Some survey tools export role names rather than slugs.
    names = rng.random(n) < 0.3
    if names.any():
        roles[names] = [
            "; ".join(REQUIRED_ROLES[slug] for slug in text.split(";") if slug)
            for text in roles[names]
        ]
    frame["Aspired roles"] = roles

    barrier_names = list(BARRIER_WEIGHTS)
    barrier_p = np.broadcast_to(
        np.array([BARRIER_WEIGHTS[b] for b in barrier_names]), (n, len(barrier_names))
    ).copy()
    index = {b: k for k, b in enumerate(barrier_names)}
    barrier_p[:, index["low_pay_entry_roles"]] += 0.1 * trend
    barrier_p[first_gen == "yes", index["unpaid_experience"]] += 0.15
    barrier_p[first_gen == "yes", index["training_costs"]] += 0.12
    minority = np.isin(ethnic, ["black", "asian", "mixed"])
    barrier_p[minority, index["lack_of_representation"]] += 0.2
    older = np.isin(age, ["35_44", "45_plus"])
    barrier_p[older, index["caring_responsibilities"]] += 0.3
    barrier_p[region == "south_west", index["location"]] += 0.15
    barrier_p = np.clip(barrier_p, 0, 0.95)
    barriers, _ = _multi(rng, n, barrier_names, barrier_p)
    frame["Barriers"] = barriers

    frame["Gender"] = gender
    frame["Ethnic group"] = ethnic
    frame["Disability"] = disability
    frame["Age band"] = age
    frame["Region"] = region
    frame["First generation"] = first_gen
    has_comment = rng.random(n) < 0.05
    comments = np.array(COMMENTS, dtype=object)[rng.integers(0, len(COMMENTS), n)]
    frame["Comments"] = np.where(has_comment, comments, "")
    return frame


def write_survey_csv(path, *, respondents: int, seed: int, year: int, trend: float = 0.0):
    survey_frame(respondents=respondents, seed=seed, year=year, trend=trend).to_csv(
        path, index=False
    )
    return Path(path)


def ensure_roles(stdout=None) -> int:
    """Create any of the 22 survey roles the career map has not loaded, as published roles.

    Not written through a service on purpose: the roles are the career map's reference data,
    which `pathways.services.reference_data_load_file` loads (pathways' demo runs before this
    one, so in `load_demo` every role exists and nothing is written). This is the safety net
    for a database with the survey but not the career map (tests, benchmarks)."""
    from pathways.models import Role

    created = 0
    for slug, name in REQUIRED_ROLES.items():
        _, made = Role.objects.get_or_create(
            slug=slug, defaults={"name": name, "status": Role.Status.PUBLISHED}
        )
        created += made
    if created and stdout:
        stdout.write(f"careers: created {created} career-map roles the survey refers to")
    return created


def load(stdout=None):
    from accounts.models import User
    from careers.models import Wave
    from careers.services import survey_import

    ensure_roles(stdout)
    analyst = User.objects.filter(email="analyst@example.org").first()
    for name, respondents, seed, year, trend in DEMO_WAVES:
        existing = Wave.objects.filter(name=name).first()
        if existing is not None:
            if not existing.is_published:
                _publish(existing, analyst, year, stdout)
            continue
        with tempfile.TemporaryDirectory() as folder:
            path = write_survey_csv(
                Path(folder) / f"graduate-aspirations-{year}.csv",
                respondents=respondents,
                seed=seed,
                year=year,
                trend=trend,
            )
            job = survey_import(wave_name=name, path=path, by=analyst)
        if stdout:
            stdout.write(f"careers: imported {job.rows_stored:,} responses into “{name}”")
        _publish(job.wave, analyst, year, stdout)
    from careers.equity.demo import load as load_equity  # equity of entry and progression

    load_equity(stdout)


def _publish(wave, analyst, year: int, stdout=None):
    """Previewed and published through the services on 1 October of the survey's year (a
    wave is published the autumn after its spring survey), or yesterday if that is later."""
    from careers.services import wave_preview, wave_publish

    when = min(moment(dt.date(year, 10, 1)), clock.now() - dt.timedelta(days=1))
    with clock.at(when):
        wave = wave_publish(wave=wave_preview(wave=wave, by=analyst), by=analyst)
    if stdout:
        stdout.write(f"careers: published “{wave.name}”")
