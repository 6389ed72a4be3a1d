"""Read models for the equity pages: entry reports and trends, representation by band,
workforce plans against staff in post, and the pipeline. Each costs a fixed number of queries;
the arithmetic is careers.equity.stats."""

from __future__ import annotations

from collections import defaultdict

from careers.equity import formats as fmt
from careers.equity import sources, stats
from careers.equity.models import EntryFigure, PlanTarget, Programme, StaffCount

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
SENIOR_FROM = "8a"


def _pct(value):
    return stats.one_decimal(None if value is None else 100 * value)


# --- Entry to training ---------------------------------------------------------------------------


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


def _reference_row(figures, key):
    matches = [f for f in figures if f.category_key == key]
    matches.sort(key=lambda f: not f.is_group_total)  # the source's group total first
    return matches[0] if matches else None


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
    ref = _reference_row(figures, reference) if section != "TOTALS" else None
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
                "rate_percent": _pct(rate.value),
                "rate_low": _pct(rate.low),
                "rate_high": _pct(rate.high),
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
    pending = []
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
    choices = []
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


# --- Workforce by band -------------------------------------------------------------------------


def workforce_options() -> dict:
    """The values the workforce filters offer. One query."""
    rows = StaffCount.objects.values_list(
        "year",
        "organisation_code",
        "organisation_name",
        "staff_group",
        "role_slug",
        "role",
        "characteristic",
    ).distinct()
    years, orgs, groups, roles, chars = set(), {}, set(), {}, set()
    for year, code, name, group, role_slug, role, characteristic in rows:
        years.add(year)
        orgs[code] = name or code
        groups.add(group)
        if role:
            roles[role_slug or fmt.slug(role)] = role
        chars.add(characteristic)
    return {
        "years": sorted(years, reverse=True),
        "organisations": sorted(orgs.items(), key=lambda p: p[1]),
        "staff_groups": sorted(groups),
        "roles": sorted(roles.items(), key=lambda p: p[1]),
        "characteristics": sorted(chars),
    }


def _staff(characteristic, *, organisation="", staff_group="", role="", year=None):
    query = StaffCount.objects.filter(characteristic=characteristic)
    if organisation:
        query = query.filter(organisation_code=organisation)
    if staff_group:
        query = query.filter(staff_group=staff_group)
    if role:
        from django.db.models import Q

        query = query.filter(
            Q(role_slug=role) | Q(role_slug="", role__iexact=role.replace("-", " "))
        )
    if year:
        query = query.filter(year=year)
    return query.values_list("year", "band", "group_key", "group", "headcount")


def _band_order(band):
    return fmt.BANDS.index(band) if band in fmt.BANDS else len(fmt.BANDS)


def representation(
    *, year: int, characteristic: str, organisation="", staff_group="", role=""
) -> dict | None:
    """WRES indicator 1: each group's share of each band against its share of the whole."""
    counts: dict[str, dict[str, int | None]] = defaultdict(dict)
    labels, suppressed = {}, set()
    for _year, band, key, group, headcount in _staff(
        characteristic, organisation=organisation, staff_group=staff_group, role=role, year=year
    ):
        labels.setdefault(key, group)
        if headcount is None:
            suppressed.add((band, key))
            counts[band].setdefault(key, None)
            continue
        current = counts[band].get(key)
        counts[band][key] = (current or 0) + headcount
    if not counts:
        return None
    bands = sorted(counts, key=_band_order)
    by_band = {band: counts[band] for band in bands}
    groups = sorted(labels, key=lambda k: -sum(c.get(k) or 0 for c in by_band.values()))
    result = stats.representation(by_band)
    table = []
    for band in bands:
        cells = []
        for key in groups:
            share = result[band].get(key)
            if share is None:
                cells.append({"count": 0, "percent": 0.0, "low": None, "high": None, "ratio": None})
                continue
            cells.append(
                {
                    "count": share.count,
                    "percent": _pct(share.rate.value),
                    "low": _pct(share.rate.low),
                    "high": _pct(share.rate.high),
                    "ratio": stats.two_decimals(share.ratio),
                }
            )
        total = next(iter(result[band].values())).total if result[band] else 0
        table.append(
            {"band": band, "label": fmt.BAND_LABELS.get(band, band), "total": total, "cells": cells}
        )
    overall = {}
    for key in groups:
        shares_of = [result[b][key].overall for b in bands if key in result[b]]
        overall[key] = _pct(shares_of[0]) if shares_of and shares_of[0] is not None else None
    sentences = []
    for key in groups:
        worst = None
        for row in table:
            cell = row["cells"][groups.index(key)]
            if cell["ratio"] is not None and (worst is None or cell["ratio"] < worst[1]["ratio"]):
                worst = (row, cell)
        if worst and worst[1]["ratio"] < 1 and overall[key] is not None:
            sentences.append(
                f"{labels[key]} staff are {overall[key]:.1f}% of these staff but "
                f"{worst[1]['percent']:.1f}% of {worst[0]['label']}, where they are least "
                "represented."
            )
    return {
        "bands": bands,
        "groups": [{"key": k, "label": labels[k], "overall": overall[k]} for k in groups],
        "table": table,
        "suppressed": len(suppressed),
        "sentences": sentences,
        "largest": labels[groups[0]] if len(groups) > 1 else None,
        "series": [
            {
                "label": labels[key],
                "points": [
                    {
                        "value": row["cells"][i]["percent"],
                        "low": row["cells"][i]["low"],
                        "high": row["cells"][i]["high"],
                    }
                    if row["cells"][i]["count"] is not None
                    else None
                    for row in table
                ],
            }
            for i, key in enumerate(groups)
            if i > 0 or len(groups) == 1  # the largest group is in the table, not the chart
        ],
    }


def senior_share_trend(
    *, characteristic: str, organisation="", staff_group="", role="", from_band=SENIOR_FROM
) -> dict | None:
    """Each group's share of staff at `from_band` and above, year by year, with intervals."""
    threshold = _band_order(from_band)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels = {}
    for year, band, key, group, headcount in _staff(
        characteristic, organisation=organisation, staff_group=staff_group, role=role
    ):
        labels.setdefault(key, group)
        if headcount is not None and _band_order(band) >= threshold:
            counts[year][key] += headcount
    if not counts:
        return None
    years = sorted(counts)
    groups = sorted(labels, key=lambda k: -sum(counts[y].get(k, 0) for y in years))
    series = []
    for key in groups:
        points = []
        for year in years:
            total = sum(counts[year].values())
            rate = stats.wilson(counts[year].get(key, 0), total)
            points.append(
                {
                    "value": _pct(rate.value),
                    "low": _pct(rate.low),
                    "high": _pct(rate.high),
                    "count": counts[year].get(key, 0),
                    "total": total,
                }
                if rate.value is not None
                else None
            )
        series.append({"key": key, "label": labels[key], "points": points})
    return {
        "years": years,
        "series": series,
        "chart_series": series[1:] if len(series) > 1 else series,
        "largest": labels[groups[0]] if len(groups) > 1 else None,
        "from_band": from_band,
        "from_label": fmt.BAND_LABELS.get(from_band, from_band),
    }


# --- Workforce plans ------------------------------------------------------------------------------


def _staff_totals():
    """Headcount summed by (year, characteristic, staff group, role slug): one query."""
    from django.db.models import Sum

    return list(
        StaffCount.objects.filter(headcount__isnull=False)
        .values_list("year", "characteristic", "staff_group", "role_slug")
        .annotate(total=Sum("headcount"))
        .order_by()
    )


def _in_post(profession_key: str, totals, roles) -> dict[int, int]:
    """Staff in post by year for a profession or staff group: the headcount summed over the
    groups of one characteristic (the one with the largest sum, so suppression loses least)."""
    role_slug = roles.get(profession_key, "")
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for year, characteristic, staff_group, slug, total in totals:
        if fmt.slug(staff_group) == profession_key or (role_slug and slug == role_slug):
            sums[year][characteristic] += total
    return {year: max(by_char.values()) for year, by_char in sums.items()}


def _interpolate(points: list[tuple[int, float]], year: int) -> float | None:
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0) if y1 != y0 else v1
    if points and year == points[-1][0]:
        return points[-1][1]
    return None


def plans() -> list[dict]:
    """Each plan's trajectory for each profession beside the staff in post, with the gap in
    words."""
    grouped: dict[tuple, list] = defaultdict(list)
    for target in PlanTarget.objects.order_by("plan", "profession", "year"):
        grouped[(target.plan, target.profession_key, target.measure)].append(target)
    result = []
    totals = _staff_totals() if grouped else []
    roles = sources.career_map_roles() if grouped else {}
    for (plan, key, measure), targets in grouped.items():
        points = [(t.year, t.target) for t in targets]
        in_post = _in_post(key, totals, roles)
        years = sorted({*[y for y, _ in points], *in_post})
        rows = []
        for year in years:
            target = _interpolate(points, year)
            rows.append(
                {
                    "year": year,
                    "target": target,
                    "is_stated": year in dict(points),
                    "in_post": in_post.get(year),
                }
            )
        compared = [r for r in rows if r["target"] is not None and r["in_post"] is not None]
        profession = targets[0].profession
        measure_label = fmt.MEASURES[measure].lower()
        if compared:
            latest = compared[-1]
            gap = latest["target"] - latest["in_post"]
            if gap > 0:
                words = (
                    f"In {latest['year']} there were {latest['in_post']:,} {profession} staff in "
                    f"post against a trajectory of {latest['target']:,.0f}: {gap:,.0f} short "
                    f"({100 * gap / latest['target']:.0f}% below the plan)."
                )
            else:
                words = (
                    f"In {latest['year']} there were {latest['in_post']:,} {profession} staff in "
                    f"post, {-gap:,.0f} above the trajectory of {latest['target']:,.0f}."
                )
            final_year, final = points[-1]
            if final_year > latest["year"] and final > latest["in_post"]:
                per_year = (final - latest["in_post"]) / (final_year - latest["year"])
                words += (
                    f" Reaching {final:,.0f} by {final_year} needs "
                    f"{final - latest['in_post']:,.0f} more, about {per_year:,.0f} a year."
                )
        else:
            words = (
                f"No staff-in-post figures for {profession} in the years of this plan yet, so "
                "the gap cannot be measured."
            )
        if measure == "fte":
            words += " The target is in full-time equivalents and staff in post are headcounts."
        result.append(
            {
                "plan": plan,
                "source": targets[0].source,
                "profession": profession,
                "measure": measure,
                "measure_label": measure_label,
                "rows": rows,
                "gap": words,
                "series": [
                    {
                        "label": "Plan trajectory",
                        "points": [
                            {"value": r["target"]} if r["target"] is not None else None
                            for r in rows
                        ],
                    },
                    {
                        "label": "Staff in post",
                        "points": [
                            {"value": r["in_post"]} if r["in_post"] is not None else None
                            for r in rows
                        ],
                    },
                ],
            }
        )
    return result


# --- The pipeline ---------------------------------------------------------------------------

PIPELINE_SECTIONS = tuple(sources.SURVEY_DIMENSIONS)
QUALIFIED_BANDS = ("7", "8a", "8b", "8c", "8d", "9")


def pipeline(programme: Programme, section: str) -> dict:
    """Each group's share at each stage: graduates aspiring (our survey, published counts),
    applicants and accepted (the programme's latest year), qualified staff by band (the
    latest workforce year for the programme's role), and where each group's share drops
    most."""
    _dimension, codes = sources.SURVEY_DIMENSIONS[section]
    group_keys = list(dict.fromkeys(codes.values()))
    stages: list[dict] = []

    def add(name, counts, detail, short):
        known = {k: v for k, v in counts.items() if isinstance(v, int)}
        total = sum(known.values())
        shares = {k: (known[k] / total if total and k in known else None) for k in group_keys}
        stages.append(
            {
                "name": name,
                "short": short,
                "detail": detail,
                "counts": counts,
                "total": total,
                "shares": shares,
            }
        )

    survey = (
        sources.survey_aspiring_by_group(programme.role_slug, section)
        if (programme.role_slug)
        else None
    )
    if survey:
        add(
            "Graduates aspiring",
            {k: survey["counts"].get(k, 0) for k in group_keys},
            {"text": f"Our survey, {survey['wave']} (published counts)", "href": survey["url"]},
            "Aspiring",
        )
    latest = (
        EntryFigure.objects.filter(programme=programme, section=section)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    entry_year = latest
    if latest:
        figures = list(
            EntryFigure.objects.filter(programme=programme, section=section, year=latest)
        )
        applicants, accepted = {}, {}
        for key in group_keys:
            row = _reference_row(figures, key)
            applicants[key] = (
                row.applicants if row and row.applicants is not None else ("*" if row else 0)
            )
            accepted[key] = (
                row.accepted if row and row.accepted is not None else ("*" if row else 0)
            )
        source = f"{programme.name}, {latest}"
        add("Applicants", applicants, {"text": source, "year": latest}, "Applied")
        add("Accepted", accepted, {"text": source, "year": latest}, "Accepted")
    staff_year = None
    if programme.role_slug:
        staff_year = (
            StaffCount.objects.filter(role_slug=programme.role_slug, characteristic=section)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    if staff_year:
        by_band: dict[str, dict] = defaultdict(dict)
        for band, key, headcount in StaffCount.objects.filter(
            role_slug=programme.role_slug, characteristic=section, year=staff_year
        ).values_list("band", "group_key", "headcount"):
            if key in group_keys:
                # Suppressed parts are left out of the sum; all parts suppressed stays "*".
                current = by_band[band].get(key)
                if headcount is None:
                    by_band[band][key] = "*" if current in (None, "*") else current
                else:
                    by_band[band][key] = (0 if current in (None, "*") else current) + headcount
        for band in QUALIFIED_BANDS:
            if band in by_band:
                add(
                    f"Qualified, {fmt.BAND_LABELS[band]}",
                    {k: by_band[band].get(k, 0) for k in group_keys},
                    {"text": f"Staff in post, {staff_year}", "year": staff_year},
                    fmt.BAND_LABELS[band],
                )
    labels = {key: _group_label(section, key) for key in group_keys}
    # The chart leaves out the largest group (its share near the top of the scale would flatten
    # the others); the table shows it.
    first = next((s["shares"] for s in stages if any(v for v in s["shares"].values())), {})
    largest = max(first, key=lambda k: first[k] or 0) if first else None
    drops = []
    for key in group_keys:
        drop = stats.largest_drop([(s["name"], s["shares"]) for s in stages], key)
        if drop:
            drops.append(
                {
                    "key": key,
                    "text": f"{labels[key]}: the share falls most between “{drop.from_stage}” "
                    f"({100 * drop.from_share:.1f}%) and “{drop.to_stage}” "
                    f"({100 * drop.to_share:.1f}%).",
                    "ratio": drop.ratio,
                }
            )
        elif any(s["shares"].get(key) is not None for s in stages):
            drops.append(
                {
                    "key": key,
                    "text": f"{labels[key]}: the share does not fall between any two stages.",
                    "ratio": 1.0,
                }
            )
    return {
        "programme": programme,
        "section": section,
        "section_label": fmt.SECTIONS[section],
        "groups": [{"key": k, "label": labels[k]} for k in group_keys],
        "stages": stages,
        "drops": drops,
        "entry_year": entry_year,
        "staff_year": staff_year,
        "largest": labels[largest] if largest else None,
        "series": [
            {
                "label": labels[k],
                "points": [
                    {"value": _pct(s["shares"][k])} if s["shares"][k] is not None else None
                    for s in stages
                ],
            }
            for k in group_keys
            if k != largest
        ],
    }


GROUP_LABELS = {
    "white": "White",
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "other": "Other",
    "woman": "Women",
    "man": "Men",
    "non-binary": "Non-binary",
    "disability": "Disabled people",
    "no-disability": "People without a disability",
}


def _group_label(section, key):
    return GROUP_LABELS.get(key, key.replace("-", " ").capitalize())
