"""Read models of the workforce: the options of the representation page, representation by band
(and the senior bands' share over the years), and workforce plans against staff in post."""

from __future__ import annotations

from collections import defaultdict

from careers.equity import formats as fmt
from careers.equity import sources, stats
from careers.equity.models import PlanTarget, StaffCount
from careers.equity.queries._common import pct

SENIOR_FROM = "8a"


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
    labels: dict[str, str] = {}
    suppressed: set = set()
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
    table: list[dict] = []
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
                    "percent": pct(share.rate.value),
                    "low": pct(share.rate.low),
                    "high": pct(share.rate.high),
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
        overall[key] = pct(shares_of[0]) if shares_of and shares_of[0] is not None else None
    sentences = []
    for key in groups:
        worst: tuple[dict, dict] | None = None
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
    labels: dict[str, str] = {}
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
                    "value": pct(rate.value),
                    "low": pct(rate.low),
                    "high": pct(rate.high),
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
            expected = _interpolate(points, year)
            rows.append(
                {
                    "year": year,
                    "target": expected,
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
