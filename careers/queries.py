"""Read models for survey reports.

`compute_figures` counts a wave's responses (all of them, or a subgroup) in three scans with
GROUPING SETS: respondents per group, and each table overall and by each demographic column.
The figures are raw counts: `published_table` and `report_tables` apply disclosure control,
the only way figures leave for a page, a download or a script. A wave's unfiltered figures are
computed once at import and kept on the wave."""

from typing import Any, cast

from django.db import connection
from django.urls import reverse

from careers import disclosure
from careers import survey_format as fmt

DIMENSIONS = tuple(fmt.DIMENSIONS)
NOT_ANSWERED = fmt.NOT_ANSWERED

# table -> (title, coded choices or None for roles, storage column, is an array)
TABLES = {
    "interest": ("Interest in an NHS mental health career", fmt.INTEREST_LEVELS, "interest", False),
    "aspired_roles": ("Roles graduates aspire to", None, "aspired_roles", True),
    "barriers": ("Barriers graduates face", fmt.BARRIERS, "barriers", True),
    "current_status": (
        "What graduates are doing now",
        fmt.CURRENT_STATUSES,
        "current_status",
        False,
    ),
    "degree_route": ("Route into psychology", fmt.DEGREE_ROUTES, "degree_route", False),
}
REPORT_TABLES = ("interest", "aspired_roles", "barriers")  # manage.py survey_report
RESPONDENTS = "respondents"  # the "who responded" tables, by one dimension
RANKED = {"aspired_roles", "barriers"}
DIMENSION_LABELS = {name: label for name, (label, _) in fmt.DIMENSIONS.items()}


def dimension_choices(dimension: str):
    return [*fmt.DIMENSIONS[dimension][1], (NOT_ANSWERED, "Not answered")]


def _label_map(dimension: str) -> dict[str, str]:
    return dict(dimension_choices(dimension))


# --- Counting -------------------------------------------------------------------------------


def _where(wave_id: int, filters) -> tuple[str, list]:
    clauses, params = ["wave_id = %s"], [wave_id]
    for dimension, value in (filters or {}).items():
        if dimension not in fmt.DIMENSIONS or not value:
            continue
        if value == NOT_ANSWERED:
            clauses.append(f"{dimension} IS NULL")
        else:
            clauses.append(f"{dimension} = %s")
            params.append(value)
    return " AND ".join(clauses), params


def _decode(rows, names):
    """Rows of (grouping bits, *values, count) -> [(present column names, values, count)]."""
    width = len(names)
    for bits, *values, count in rows:
        present = [i for i in range(width) if not bits & (1 << (width - 1 - i))]
        yield [names[i] for i in present], {names[i]: values[i] for i in present}, count


def _dims_sql():
    return ", ".join(f"coalesce({d}, '{NOT_ANSWERED}') AS {d}" for d in DIMENSIONS)


def compute_figures(wave_id: int, filters=None) -> dict:
    """Raw counts for a wave, or the subgroup `filters` ({dimension: code or 'not_answered'}):
    {"respondents": n, "groups": {dimension: {value: n}},
     "tables": {table: {"all": {category: n}, "by": {dimension: {value: {category: n}}}}}}"""
    where, params = _where(wave_id, filters)
    figures: dict[str, Any] = {
        "respondents": 0,
        "groups": {d: {} for d in DIMENSIONS},
        "tables": {t: {"all": {}, "by": {d: {} for d in DIMENSIONS}} for t in TABLES},
    }
    scalar = [t for t, spec in TABLES.items() if not spec[3]]
    arrays = [t for t, spec in TABLES.items() if spec[3]]
    names = [*scalar, *DIMENSIONS]
    sets = ["()"] + [f"({d})" for d in DIMENSIONS]
    for table in scalar:
        sets += [f"({table})"] + [f"({table}, {d})" for d in DIMENSIONS]
    columns = ", ".join(f"coalesce({TABLES[t][2]}::text, '{NOT_ANSWERED}') AS {t}" for t in scalar)
    # Identifiers come from the fixed lists above; values are passed as parameters.
    sql = (
        f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, count(*) "  # noqa: S608
        f"FROM (SELECT {columns}, {_dims_sql()} FROM careers_response WHERE {where}) s "
        f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        for present, values, count in _decode(rows, names):
            measure = [name for name in present if name in TABLES]
            dims = [name for name in present if name in fmt.DIMENSIONS]
            if not measure:
                if dims:
                    figures["groups"][dims[0]][values[dims[0]]] = count
                else:
                    figures["respondents"] = count
                continue
            table, category = measure[0], values[measure[0]]
            if dims:
                by = figures["tables"][table]["by"][dims[0]]
                by.setdefault(values[dims[0]], {})[category] = count
            else:
                figures["tables"][table]["all"][category] = count
        for table in arrays:
            item_names = ["item", *DIMENSIONS]
            item_sets = ["(item)"] + [f"(item, {d})" for d in DIMENSIONS]
            select = ", ".join(item_names)
            sql = (
                f"SELECT GROUPING({select}), {select}, count(*) "  # noqa: S608
                f"FROM (SELECT unnest({TABLES[table][2]}) AS item, {_dims_sql()} "
                f"FROM careers_response WHERE {where}) s "
                f"GROUP BY GROUPING SETS ({', '.join(item_sets)})"
            )
            cursor.execute(sql, params)
            for present, values, count in _decode(cursor.fetchall(), item_names):
                dims = [name for name in present if name in fmt.DIMENSIONS]
                if dims:
                    by = figures["tables"][table]["by"][dims[0]]
                    by.setdefault(values[dims[0]], {})[values["item"]] = count
                else:
                    figures["tables"][table]["all"][values["item"]] = count
    return figures


def wave_figures(wave, filters=None) -> dict:
    """The wave's figures: those kept on the wave, or counted now for a subgroup."""
    if any((filters or {}).values()):
        return compute_figures(wave.pk, filters)
    return wave.figures


# --- Categories and labels -------------------------------------------------------------------


def table_categories(table: str, figures: dict, roles: dict[str, str]) -> list[tuple[str, str]]:
    """(code, label) for every category of a table: coded answers in their order; for roles,
    every published role and any other role slug answered."""
    choices = TABLES[table][1]
    if choices is not None:
        return list(choices)
    answered = figures.get("tables", {}).get(table, {}).get("all", {})
    pairs = list(roles.items())
    pairs += [(slug, slug) for slug in sorted(answered) if slug not in roles]
    return pairs


def group_values(dimension: str, figures: dict) -> list[tuple[str, str]]:
    """The groups of a dimension: its answers, and "Not answered" when anyone left it blank."""
    present = figures.get("groups", {}).get(dimension, {})
    return [
        (code, label)
        for code, label in dimension_choices(dimension)
        if code != NOT_ANSWERED or present.get(NOT_ANSWERED)
    ]


# --- Published tables --------------------------------------------------------------------------


def published_table(figures: dict, table: str, roles: dict[str, str], by: str | None = None):
    """(header, rows) of a published table, as `manage.py survey_report` prints it and the
    CSV downloads give it: `category,respondents,percent`, or with `by` a dimension
    `category,<by>,respondents,percent` (percent within the group). The first rows are
    `all_respondents`. Counts and percentages follow the disclosure rule; ranked tables are
    ranked on published counts."""
    total = figures.get("respondents", 0)
    if table == RESPONDENTS:
        return _respondents_table(figures, by)
    counts = figures.get("tables", {}).get(table, {})
    categories = [code for code, _ in table_categories(table, figures, roles)]
    overall = disclosure.publish_rows(counts.get("all", {}), total, categories)
    if table in RANKED:
        overall = disclosure.rank_rows(overall)
    order = [row[0] for row in overall]
    if not by:
        header = ["category", "respondents", "percent"]
        rows = [["all_respondents", *disclosure.publish_cell(total, total)]]
        rows += [list(row) for row in overall]
        return header, rows
    groups = [code for code, _ in group_values(by, figures)]
    group_totals = figures.get("groups", {}).get(by, {})
    by_counts = counts.get("by", {}).get(by, {})
    header = ["category", by, "respondents", "percent"]
    rows = []
    for group in groups:
        n = group_totals.get(group, 0)
        rows.append(["all_respondents", group, *disclosure.publish_cell(n, n)])
    for category in order:
        for group in groups:
            n = by_counts.get(group, {}).get(category, 0)
            rows.append([category, group, *disclosure.publish_cell(n, group_totals.get(group, 0))])
    return header, rows


def _respondents_table(figures: dict, by: str | None):
    """Respondents by one dimension (`<by>,respondents,percent`), or in all."""
    total = figures.get("respondents", 0)
    if not by:
        return ["category", "respondents", "percent"], [
            ["all_respondents", *disclosure.publish_cell(total, total)]
        ]
    counts = figures.get("groups", {}).get(by, {})
    rows = [["all_respondents", *disclosure.publish_cell(total, total)]]
    rows += [
        [code, *disclosure.publish_cell(counts.get(code, 0), total)]
        for code, _ in group_values(by, figures)
    ]
    return [by, "respondents", "percent"], rows


def role_url(slug: str, roles: dict[str, str]) -> str | None:
    return reverse("pathways:role-detail", kwargs={"slug": slug}) if slug in roles else None


def report_tables(figures: dict, roles: dict[str, str], by: str | None = None, published=True):
    """The tables of a report page, ready for the templates: for each table its title, rows
    of {code, label, href, count, percent, bar} and, with `by`, a cross table. With
    `published=False` (analysts' page, not for publication) the raw counts and exact
    percentages instead."""
    total = figures.get("respondents", 0)
    result = []
    for table, (title, _choices, _column, _array) in TABLES.items():
        labels = dict(table_categories(table, figures, roles))
        counts = figures.get("tables", {}).get(table, {})
        if published:
            rows = disclosure.publish_rows(counts.get("all", {}), total, list(labels))
        else:
            rows = [
                (code, n, _exact_percent(n, total))
                for code in labels
                for n in [counts.get("all", {}).get(code, 0)]
            ]
        if table in RANKED:
            rows = disclosure.rank_rows(rows) if published else sorted(rows, key=lambda r: -r[1])
        items = [
            {
                "code": code,
                "label": labels[code],
                "href": role_url(code, roles) if table == "aspired_roles" else None,
                "count": count,
                "percent": percent,
                "bar": percent if isinstance(percent, int | float) else 0,
            }
            for code, count, percent in rows
        ]
        entry = {"name": table, "title": title, "rows": items, "cross": None}
        if by:
            entry["cross"] = _cross_table(
                figures, table, by, [r[0] for r in rows], labels, published
            )
        result.append(entry)
    return result


def _exact_percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0


def _cross_table(figures, table, by, order, labels, published):
    groups = group_values(by, figures)
    totals = figures.get("groups", {}).get(by, {})
    by_counts = figures.get("tables", {}).get(table, {}).get("by", {}).get(by, {})

    def cell(n, total):
        if published:
            return disclosure.publish_cell(n, total)
        return n, _exact_percent(n, total)

    header = [
        {"code": code, "label": label, "total": cell(totals.get(code, 0), totals.get(code, 0))[0]}
        for code, label in groups
    ]
    rows = []
    for code in order:
        cells = [cell(by_counts.get(g, {}).get(code, 0), totals.get(g, 0)) for g, _ in groups]
        rows.append({"code": code, "label": labels[code], "cells": cells})
    return {"dimension": by, "label": DIMENSION_LABELS[by], "groups": header, "rows": rows}


def respondent_groups(figures: dict, published=True):
    """Who responded: for each dimension, its groups with published (or raw) counts."""
    total = figures.get("respondents", 0)
    result = []
    for dimension in DIMENSIONS:
        counts = figures.get("groups", {}).get(dimension, {})
        rows = []
        for code, label in group_values(dimension, figures):
            n = counts.get(code, 0)
            count, percent = (
                disclosure.publish_cell(n, total) if published else (n, _exact_percent(n, total))
            )
            rows.append({"code": code, "label": label, "count": count, "percent": percent})
        result.append({"name": dimension, "title": DIMENSION_LABELS[dimension], "rows": rows})
    return result


# --- Trends across waves ---------------------------------------------------------------------


def trends(waves, roles: dict[str, str]):
    """Published shares across waves (oldest first): the share very or extremely interested,
    and each role and barrier. Interest high = published count of 4 plus 5 over respondents,
    both published, so it is consistent with the tables."""
    waves = list(waves)
    interest = []
    for wave in waves:
        figures = wave.figures
        total = figures.get("respondents", 0)
        counts = figures.get("tables", {}).get("interest", {}).get("all", {})
        high = [disclosure.publish_count(counts.get(code, 0)) for code in ("4", "5")]
        published_total = disclosure.publish_count(total)
        if disclosure.SUPPRESSED in (*high, published_total) or not published_total:
            percent = disclosure.SUPPRESSED if published_total else 0
        else:
            percent = round(100 * sum(cast(list[int], high)) / cast(int, published_total))
        interest.append({"wave": wave, "respondents": published_total, "percent": percent})
    tables = {}
    for table in ("aspired_roles", "barriers"):
        labels = dict(table_categories(table, waves[-1].figures if waves else {}, roles))
        per_wave = []
        for wave in waves:
            total = wave.figures.get("respondents", 0)
            counts = wave.figures.get("tables", {}).get(table, {}).get("all", {})
            per_wave.append(
                {code: disclosure.publish_percent(counts.get(code, 0), total) for code in labels}
            )
        latest = per_wave[-1] if per_wave else {}
        order = sorted(labels, key=lambda code: -disclosure.sort_key(latest.get(code, 0)))
        tables[table] = [
            {
                "code": code,
                "label": labels[code],
                "href": role_url(code, roles) if table == "aspired_roles" else None,
                "values": [shares.get(code, 0) for shares in per_wave],
            }
            for code in order
        ]
    return {"waves": waves, "interest": interest, "tables": tables}


# --- For the career map --------------------------------------------------------------------------


def role_aspiration_share(role_slug: str) -> dict | None:
    """The latest wave's published share of graduates aspiring to a published role: {"wave",
    "percent", "respondents" (published respondents in the wave), "count" (published count
    aspiring), "url" (the wave's report)}; None when there is no wave or no such role."""
    from careers.models import Wave
    from pathways.models import Role

    if not Role.objects.published().filter(slug=role_slug).exists():
        return None
    wave = Wave.objects.latest_first().only("name", "slug", "figures").first()
    if wave is None:
        return None
    total = wave.figures.get("respondents", 0)
    count = wave.figures.get("tables", {}).get("aspired_roles", {}).get("all", {}).get(role_slug, 0)
    return {
        "wave": wave.name,
        "percent": disclosure.publish_percent(count, total),
        "respondents": disclosure.publish_count(total),
        "count": disclosure.publish_count(count),
        "url": reverse("careers:wave-report", kwargs={"slug": wave.slug}),
    }
