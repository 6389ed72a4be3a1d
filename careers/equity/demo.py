"""Demo data for the equity pages, loaded by `manage.py load_demo` (through careers/demo.py):
a clinical psychology programme with ten years of entry figures in the Clearing House layout,
staff by band for the psychological professions in the seven NHS England regions, plan
targets, and recommendations with actions. Idempotent.

ALL FIGURES HERE ARE GENERATED, not the Clearing House's or NHS Workforce Statistics'
published figures (this workplace could not reach them); every import says so in its source.
The 2018 ethnicity group totals for White (3,045 applicants, 507 accepted), Asian (571, 52)
and Black (163, 14) applicants are set to the figures quoted in the project's issue 13
(rates 16.7%, 9.1% and 8.6%) so the known values show; they were not checked against the
Clearing House's own page.

`entry_rows` and `workforce_rows` are also the generators `bench/equity.py` uses."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path

import numpy as np

from careers.equity import formats as fmt
from config.demo_data import fixture

DATA = fixture("equity")  # fixtures/demo/equity.json
# The Clearing House's equal-opportunities data page (source_url), found 2026-12-01.
PROGRAMME = DATA["programme"]
ENTRY_SOURCE = DATA["sources"]["entry"]
WORKFORCE_SOURCE = DATA["sources"]["workforce"]
PLAN_SOURCE = DATA["sources"]["plan"]
YEARS = tuple(range(2015, 2025))

# What the generated figures are drawn from (fixtures/demo/equity.json, its "about" says how
# each list reads). Categories are worded the older way before 2020 and the newer way from 2020.
ETHNIC_GROUPS = DATA["ethnic_groups"]
FIXED_2018 = DATA["fixed_2018"]
OTHER_SECTIONS = DATA["other_sections"]
SUPPRESS_BELOW = 5  # the generated "source" withholds accepted counts under 5


def _split(rng, total, shares):
    shares = np.asarray(shares, dtype=float)
    counts = rng.multinomial(total, shares / shares.sum())
    return [int(c) for c in counts]


def _accepted(rng, applicants, rate):
    return int(rng.binomial(applicants, min(max(rate, 0.0), 1.0))) if applicants else 0


def entry_rows(*, years=YEARS, seed=13, sections=None) -> list[list]:
    """Rows of the Clearing House tidy long layout (header not included) for every year and
    section: detailed ethnicity categories with the source's group totals beside them, wording
    changes from 2020, and small accepted counts left blank (suppressed)."""
    rng = np.random.default_rng(seed)
    rows = []
    chosen = set(sections or ["ETHNICITY", "TOTALS", *OTHER_SECTIONS])
    for year in years:
        newer = year >= 2020
        total_applicants = int(3600 + 120 * (year - 2015) + rng.integers(-80, 80))
        trend = (year - 2015) * 0.004  # a slowly narrowing gap
        all_accepted = 0
        if "ETHNICITY" in chosen:
            for group, (share, rate, details) in ETHNIC_GROUPS.items():
                if year == 2018 and group in FIXED_2018:
                    applicants, accepted = FIXED_2018[group]
                else:
                    applicants = int(total_applicants * share * rng.uniform(0.95, 1.05))
                    bump = trend if group != "White" else 0
                    accepted = _accepted(rng, applicants, rate + bump)
                split_applicants = _split(rng, applicants, [d[2] for d in details])
                split_accepted = _split(rng, accepted, [d[2] for d in details])
                for (old, new, _s), n, a in zip(
                    details, split_applicants, split_accepted, strict=True
                ):
                    a = min(a, n)
                    rows.append(
                        [
                            year,
                            "ETHNICITY",
                            new if newer else old,
                            n,
                            "" if a < SUPPRESS_BELOW else a,
                            "",
                            ENTRY_SOURCE,
                        ]
                    )
                rows.append(
                    [
                        year,
                        "ETHNICITY",
                        f"Total in the {group} group",
                        applicants,
                        accepted,
                        "",
                        ENTRY_SOURCE,
                    ]
                )
                all_accepted += accepted
            other = int(total_applicants * 0.02)
            other_accepted = _accepted(rng, other, 0.1)
            rows.append(
                [
                    year,
                    "ETHNICITY",
                    "Other ethnic group",
                    other,
                    "" if other_accepted < SUPPRESS_BELOW else other_accepted,
                    "",
                    ENTRY_SOURCE,
                ]
            )
            rows.append(
                [
                    year,
                    "ETHNICITY",
                    "Prefer not to say",
                    int(total_applicants * 0.015),
                    "",
                    "suppressed by the source",
                    ENTRY_SOURCE,
                ]
            )
        for section, categories in OTHER_SECTIONS.items():
            if section not in chosen:
                continue
            counts = _split(rng, total_applicants, [c[2] for c in categories])
            for (old, new, _share, rate), n in zip(categories, counts, strict=True):
                a = _accepted(rng, n, rate)
                rows.append(
                    [
                        year,
                        section,
                        new if newer else old,
                        n,
                        "" if a < SUPPRESS_BELOW else a,
                        "",
                        ENTRY_SOURCE,
                    ]
                )
        if "TOTALS" in chosen:
            accepted = all_accepted or _accepted(rng, total_applicants, 0.155)
            rows.append(
                [year, "TOTALS", "All applicants", total_applicants, accepted, "", ENTRY_SOURCE]
            )
    return rows


def _write_csv(path, layout: str, rows) -> Path:
    """A file in one of the import's layouts (`fmt.COLUMNS`): its header, then the rows."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(fmt.COLUMNS[layout])
        writer.writerows(rows)
    return Path(path)


def write_entry_csv(path, **options) -> Path:
    return _write_csv(path, "clearing_house", entry_rows(**options))


REGIONS = DATA["regions"]  # [code, region, size, share of minority ethnic staff]
# role -> [staff group, bands with their share of the role's staff, headcount per region]
ROLES = DATA["workforce_roles"]
ETHNIC_STAFF = DATA["ethnic_staff"]  # [group, weight against White staff (None: White)]
SENIORITY_PENALTY = DATA["seniority_penalty"]


def workforce_rows(*, years=range(2019, 2025), seed=21) -> list[list]:
    """Rows of the workforce layout: staff by band, ethnicity and gender, in each region."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in years:
        growth = 1 + 0.045 * (year - 2019)
        for code, region, size, minority in REGIONS:
            for role, (staff_group, bands, base) in ROLES.items():
                total = int(base * size * growth)
                for band, band_share in bands.items():
                    n = int(total * band_share)
                    shares = []
                    for _group, weight in ETHNIC_STAFF:
                        if weight is None:
                            shares.append(None)
                        else:
                            shares.append(
                                minority
                                * weight
                                / 1.45
                                * SENIORITY_PENALTY[band]
                                * (1 + 0.02 * (year - 2019))
                            )
                    white = max(0.05, 1 - sum(shares[1:]))
                    shares[0] = white
                    counts = _split(rng, n, shares)
                    staff = [year, code, region, staff_group, role, f"Band {band}"]
                    for (group, _w), count in zip(ETHNIC_STAFF, counts, strict=True):
                        rows.append([*staff, "Ethnicity", group, "" if 0 < count < 3 else count])
                    women = _split(rng, n, [0.82, 0.18])
                    for group, count in zip(("Female", "Male"), women, strict=True):
                        rows.append([*staff, "Gender", group, count])
    return rows


def write_workforce_csv(path, **options) -> Path:
    return _write_csv(path, "workforce", workforce_rows(**options))


def write_targets_csv(path) -> Path:
    rows = [
        [target["plan"], target["source"], target["role"], year, "headcount", headcount]
        for target in DATA["targets"]
        for year, headcount in target["by_year"]
    ]
    return _write_csv(path, "targets", rows)


def load(stdout=None):
    from accounts.models import User
    from careers.equity import services
    from careers.equity.models import EquityImport, Programme, Recommendation

    analyst = User.objects.filter(email=DATA["analyst"]).first()
    programme = Programme.objects.filter(slug=PROGRAMME["slug"]).first()
    if programme is None:
        programme = services.programme_create(by=analyst, **PROGRAMME)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if not programme.figures.exists():
            job = services.equity_import(
                path=write_entry_csv(folder / "clearing-house-2015-2024-generated.csv"),
                programme=programme,
                source=ENTRY_SOURCE,
                by=analyst,
            )
            if stdout:
                stdout.write(f"careers: equity entry figures, {job.rows_stored:,} rows (generated)")
        if not EquityImport.objects.filter(layout="workforce", status="stored").exists():
            job = services.equity_import(
                path=write_workforce_csv(folder / "workforce-by-band-generated.csv"),
                source=WORKFORCE_SOURCE,
                by=analyst,
            )
            if stdout:
                stdout.write(f"careers: equity staff by band, {job.rows_stored:,} rows (generated)")
        if not EquityImport.objects.filter(layout="targets", status="stored").exists():
            services.equity_import(
                path=write_targets_csv(folder / "plan-targets-illustrative.csv"),
                source=PLAN_SOURCE,
                by=analyst,
            )
    if not Recommendation.objects.exists():
        for spec in fixture("equity")["recommendations"]:  # a fresh copy: popped below
            actions = spec.pop("actions")
            spec["due_date"] = date.fromisoformat(spec["due_date"])
            recommendation = services.recommendation_create(by=analyst, **spec)
            for step in actions:
                action = services.action_create(
                    recommendation=recommendation,
                    by=analyst,
                    title=step["title"],
                    owner=step["owner"],
                    due_date=date.fromisoformat(step["due_date"]),
                )
                for update in step["progress"]:
                    services.progress_add(action=action, by=analyst, **update)
        if stdout:
            stdout.write("careers: equity recommendations with actions")
