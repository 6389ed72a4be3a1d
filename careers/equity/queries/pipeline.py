"""The pipeline read model: for one programme and one survey dimension, each group's share at
each step from aspiration through entry to training to the qualified bands."""

from __future__ import annotations

from collections import defaultdict

from careers.equity import formats as fmt
from careers.equity import sources, stats
from careers.equity.models import EntryFigure, Programme, StaffCount
from careers.equity.queries._common import pct, reference_row

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
            row = reference_row(figures, key)
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
    first: dict = next((s["shares"] for s in stages if any(v for v in s["shares"].values())), {})
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
                    {"value": pct(s["shares"][k])} if s["shares"][k] is not None else None
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
