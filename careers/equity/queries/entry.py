"""Read models of entry to training: which years and sections a programme has, a section's
report for one year (and its CSV rows), and a section's trends over the years."""

from __future__ import annotations

from collections import defaultdict

from careers.equity import formats as fmt
from careers.equity import stats
from careers.equity.models import EntryFigure, Programme
from careers.equity.queries._common import pct, reference_row

CSV_HEADER = [
    "category",
    "applicants",
    "accepted",
    "rate_percent",
    "rate_low",
    "rate_high",
    "relative_likelihood",
    "rl_low",
    "rl_high",
    "suppressed",
]


def entry_index(programme: Programme) -> dict:
    """{year: [section codes]} newest year first, and the sections held in any year."""
    pairs = (
        EntryFigure.objects.filter(programme=programme)
        .values_list("year", "section")
        .distinct()
        .order_by("-year", "section")
    )
    years: dict[int, list[str]] = {}
    for year, section in pairs:
        years.setdefault(year, []).append(section)
    sections = sorted({s for secs in years.values() for s in secs})
    return {"years": years, "sections": sections}


def entry_report(
    programme: Programme,
    year: int,
    section: str,
    *,
    reference: str | None = None,
    rows: str = "all",
    figures=None,
) -> dict | None:
    """Rates and relative likelihoods for one year and section; None when there is none.
    rows: "all", "totals" (group totals and ungrouped categories) or "detail"."""
    if figures is None:
        figures = list(
            EntryFigure.objects.filter(programme=programme, year=year, section=section).order_by(
                "row_number", "pk"
            )
        )
    if not figures:
        return None
    reference = reference or programme.reference_for(section)
    ref = reference_row(figures, reference) if section != "TOTALS" else None
    items = []
    for figure in figures:
        rate = stats.wilson(figure.accepted, figure.applicants)
        if ref is None:
            rl = stats.Likelihood(None, None, None, "no reference group")
        elif figure.pk == ref.pk:
            rl = stats.Likelihood(None, None, None, "the reference group")
        else:
            rl = stats.relative_likelihood(
                ref.accepted, ref.applicants, figure.accepted, figure.applicants
            )
        suppressed = figure.applicants is None or figure.accepted is None
        items.append(
            {
                "figure": figure,
                "category": figure.category,
                "key": figure.category_key,
                "is_total": figure.is_group_total,
                "is_reference": ref is not None and figure.pk == ref.pk,
                "applicants": figure.applicants,
                "accepted": figure.accepted,
                "shortlisted": figure.shortlisted,
                "rate": rate,
                "rate_percent": pct(rate.value),
                "rate_low": pct(rate.low),
                "rate_high": pct(rate.high),
                "rl": stats.two_decimals(rl.value),
                "rl_low": stats.two_decimals(rl.low),
                "rl_high": stats.two_decimals(rl.high),
                "rl_reason": rl.reason,
                "suppressed": suppressed,
                "note": figure.note,
                "source": figure.source,
            }
        )
    # A group total covers the detailed rows just before it (the source's order: "White
    # British", "White Irish", ..., "Total in the White group").
    pending: list[dict] = []
    for item in items:
        if item["is_total"]:
            for member in pending:
                member["group"] = item["category"]
            pending = []
        else:
            item["group"] = None
            pending.append(item)
    for item in pending:
        item["group"] = None
    if rows == "totals":
        items = [i for i in items if i["is_total"] or not i.get("group") or i["is_reference"]]
    elif rows == "detail":
        items = [i for i in items if not i["is_total"] or i["is_reference"]]
    choices: list[tuple[str, str]] = []
    for figure in figures:
        if figure.category_key not in {c[0] for c in choices}:
            choices.append((figure.category_key, figure.category))
    return {
        "programme": programme,
        "year": year,
        "section": section,
        "section_label": fmt.SECTIONS[section],
        "reference": reference,
        "reference_row": ref,
        "reference_choices": choices,
        "rows": items,
        "sources": sorted({f.source for f in figures if f.source}),
    }


def entry_csv_rows(report: dict) -> list[list]:
    def cell(value, places):
        if value is None:
            return ""
        return f"{value:.{places}f}"

    return [
        [
            item["category"],
            "" if item["applicants"] is None else item["applicants"],
            "" if item["accepted"] is None else item["accepted"],
            cell(item["rate_percent"], 1),
            cell(item["rate_low"], 1),
            cell(item["rate_high"], 1),
            cell(item["rl"], 2),
            cell(item["rl_low"], 2),
            cell(item["rl_high"], 2),
            "yes" if item["suppressed"] else "no",
        ]
        for item in report["rows"]
    ]


def entry_trends(
    programme: Programme,
    section: str,
    *,
    measure: str = "rl",
    reference: str | None = None,
    categories: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> dict | None:
    """Across years: for each category (by key, so changed wordings join up) the acceptance
    rate or the relative likelihood, with intervals. One query."""
    query = EntryFigure.objects.filter(programme=programme, section=section)
    if year_from:
        query = query.filter(year__gte=year_from)
    if year_to:
        query = query.filter(year__lte=year_to)
    by_year = defaultdict(list)
    for figure in query.order_by("year", "row_number", "pk"):
        by_year[figure.year].append(figure)
    if not by_year:
        return None
    years = sorted(by_year)
    reference = reference or programme.reference_for(section)
    series: dict[tuple, dict] = {}
    for index, year in enumerate(years):
        report = entry_report(programme, year, section, reference=reference, figures=by_year[year])
        if report is None:  # not for a year with figures
            continue
        for item in report["rows"]:
            sid = (item["key"], item["is_total"])
            entry = series.setdefault(
                sid,
                {
                    "key": item["key"],
                    "is_total": item["is_total"],
                    "label": item["category"],
                    "labels": set(),
                    "points": [None] * len(years),
                },
            )
            entry["label"] = item["category"]  # the latest wording
            entry["grouped"] = entry.get("grouped") or bool(item.get("group"))
            entry["labels"].add(item["category"])
            if measure == "rate":
                point = {
                    "value": item["rate_percent"],
                    "low": item["rate_low"],
                    "high": item["rate_high"],
                }
            else:
                point = {
                    "value": item["rl"],
                    "low": item["rl_low"],
                    "high": item["rl_high"],
                    "reason": item["rl_reason"],
                }
            point["suppressed"] = item["suppressed"]
            entry["points"][index] = point
    all_series = list(series.values())
    for entry in all_series:
        entry["wordings"] = sorted(entry.pop("labels"))
    keys = [s["key"] for s in all_series]
    if categories:
        chosen = [s for s in all_series if s["key"] in categories]
    else:
        # By default: the group totals and ungrouped categories, not the reference itself.
        chosen = [
            s
            for s in all_series
            if (s["is_total"] or not s.get("grouped"))
            and not (measure == "rl" and s["key"] == reference)
        ]
    return {
        "years": years,
        "series": chosen,
        "all_keys": list(dict.fromkeys(keys)),
        "choices": list({s["key"]: s["label"] for s in all_series}.items()),
        "reference": reference,
        "measure": measure,
        "section": section,
        "section_label": fmt.SECTIONS[section],
    }
