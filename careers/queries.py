"""Read models for survey reports.

Two kinds, kept apart:

- **Published** (everyone): `wave_cube` counts a wave's responses once, when an analyst previews
  or publishes it, into the cube `careers.publication` publishes from; the reports it gives are
  stored (`PublishedReport`) and everything public reads them back: `published_report`,
  `published_page`, `trends`, `role_aspiration_share`, `aspiration_by_group`. No public request
  counts responses.
- **Not for publication** (survey analysts only): `compute_figures` counts a wave's responses
  (all of them, or any subgroup) in three scans with GROUPING SETS; `report_tables(...,
  published=False)` shows them unrounded."""

from typing import Any

from django.db import connection
from django.db.models import F
from django.urls import reverse

from careers import publication
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


# --- Analysts' unrounded tables (not for publication) --------------------------------------------


def role_url(slug: str, roles: dict[str, str]) -> str | None:
    return reverse("pathways:role-detail", kwargs={"slug": slug}) if slug in roles else None


def _exact_percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0


def report_tables(figures: dict, roles: dict[str, str], by: str | None = None):
    """The tables of the analysts' unrounded page, for the same templates as the published
    report: raw counts and exact percentages. Never for the public."""
    total = figures.get("respondents", 0)
    result = []
    for table, (title, _choices, _column, _array) in TABLES.items():
        labels = dict(table_categories(table, figures, roles))
        counts = figures.get("tables", {}).get(table, {}).get("all", {})
        rows = [(code, counts.get(code, 0)) for code in labels]
        if table in RANKED:
            rows = sorted(rows, key=lambda row: -row[1])
        items = [
            _row(table, code, labels[code], n, _exact_percent(n, total), roles) for code, n in rows
        ]
        entry: dict[str, Any] = {"name": table, "title": title, "rows": items, "cross": None}
        if by:
            groups = group_values(by, figures)
            totals = figures.get("groups", {}).get(by, {})
            by_counts = figures.get("tables", {}).get(table, {}).get("by", {}).get(by, {})
            entry["cross"] = {
                "dimension": by,
                "label": DIMENSION_LABELS[by],
                "groups": [
                    {"code": code, "label": label, "total": totals.get(code, 0)}
                    for code, label in groups
                ],
                "rows": [
                    {
                        "code": code,
                        "label": labels[code],
                        "cells": [
                            (
                                by_counts.get(g, {}).get(code, 0),
                                _exact_percent(by_counts.get(g, {}).get(code, 0), totals.get(g, 0)),
                            )
                            for g, _ in groups
                        ],
                    }
                    for code, _n in rows
                ],
            }
        result.append(entry)
    return result


def respondent_groups(figures: dict):
    """Who responded, unrounded (analysts only)."""
    total = figures.get("respondents", 0)
    result = []
    for dimension in DIMENSIONS:
        counts = figures.get("groups", {}).get(dimension, {})
        rows = [
            {
                "code": code,
                "label": label,
                "count": counts.get(code, 0),
                "percent": _exact_percent(counts.get(code, 0), total),
            }
            for code, label in group_values(dimension, figures)
        ]
        result.append({"name": dimension, "title": DIMENSION_LABELS[dimension], "rows": rows})
    return result


def _row(table, code, label, count, percent, roles):
    return {
        "code": code,
        "label": label,
        "href": role_url(code, roles) if table == "aspired_roles" else None,
        "count": count,
        "percent": percent,
        "bar": percent if isinstance(percent, int | float) else 0,
    }


# --- The cube a wave is published from ---------------------------------------------------------

SINGLE_CATEGORIES = {
    "interest": [*(code for code, _ in fmt.INTEREST_LEVELS), NOT_ANSWERED],
    "current_status": [code for code, _ in fmt.CURRENT_STATUSES],
    "degree_route": [code for code, _ in fmt.DEGREE_ROUTES],
}


def cube_dimensions() -> dict[str, list[str]]:
    return {d: [code for code, _ in dimension_choices(d)] for d in DIMENSIONS}


def wave_cube(wave_id: int, roles: dict[str, str]) -> publication.Cube:
    """Count a wave's responses once into the cube it is published from: respondents in every
    combination of the six characteristics, and each question's answers likewise (one scan per
    question, grouped by all six). Run when a wave is previewed or published, never for a page."""
    dims = ", ".join(DIMENSIONS)
    width = len(DIMENSIONS)
    positions = ", ".join(str(k) for k in range(1, width + 2))
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_dims_sql()}, count(*) FROM careers_response "  # noqa: S608
            f"WHERE wave_id = %s GROUP BY {', '.join(str(k) for k in range(1, width + 1))}",
            [wave_id],
        )
        people = cursor.fetchall()
        for table, (_title, _choices, column, is_array) in TABLES.items():
            value = (
                f"unnest({column})" if is_array else f"coalesce({column}::text, '{NOT_ANSWERED}')"
            )
            cursor.execute(
                f"SELECT {dims}, item, count(*) FROM (SELECT {_dims_sql()}, {value} AS item "  # noqa: S608
                f"FROM careers_response WHERE wave_id = %s) s GROUP BY {positions}",
                [wave_id],
            )
            rows[table] = cursor.fetchall()
    specs = {}
    for table, (title, choices, _column, is_array) in TABLES.items():
        if table == "aspired_roles":
            answered = sorted({row[width] for row in rows[table]} - set(roles))
            categories = [*roles, *answered]
        elif table in SINGLE_CATEGORIES:
            categories = list(SINGLE_CATEGORIES[table])
        else:
            categories = [code for code, _ in choices or ()]
        extra = sorted({row[width] for row in rows[table]} - set(categories))
        specs[table] = (title, [*categories, *extra], is_array, table in RANKED)
    cube = publication.Cube.empty(cube_dimensions(), specs)
    index = {d: {v: k for k, v in enumerate(values)} for d, values in cube.dimensions.items()}

    def cell(row):
        return tuple(index[d][row[k]] for k, d in enumerate(DIMENSIONS))

    for row in people:
        cube.people[cell(row)] += row[width]
    for table, table_rows in rows.items():
        counts = cube.tables[table].counts
        where = {c: k for k, c in enumerate(cube.tables[table].categories)}
        for row in table_rows:
            counts[(*cell(row), where[row[width]])] += row[width + 1]
    return cube


# --- Published reports, as stored ----------------------------------------------------------------


def subgroup_key(subgroup: dict) -> str:
    """The stored key of a subgroup {dimension: value} (one at most for the public)."""
    return publication.group_key(publication.normalise(DIMENSIONS, tuple(subgroup.items())))


def published_report(wave, subgroup: dict | None = None, by: str | None = None) -> dict | None:
    """The stored published report of a wave for a subgroup and breakdown; None when the group
    is too small to publish (or the combination is not allowed). One indexed read."""
    from careers.models import PublishedReport

    return (
        PublishedReport.objects.filter(
            wave=wave, subgroup=subgroup_key(subgroup or {}), by=by or ""
        )
        .values_list("content", flat=True)
        .first()
    )


def category_labels(table: str, roles: dict[str, str]) -> dict[str, str]:
    choices = TABLES[table][1]
    if choices is None:
        return dict(roles)
    return {**dict(choices), NOT_ANSWERED: "Not answered"}


def published_page(content: dict, roles: dict[str, str]):
    """A stored report in the shape of the report templates: (tables, who responded)."""
    tables = []
    for name, entry in content["tables"].items():
        labels = category_labels(name, roles)
        items = [
            _row(name, code, labels.get(code, code), count, percent, roles)
            for code, count, percent in entry["rows"]
        ]
        result = {"name": name, "title": entry["title"], "rows": items, "cross": None}
        cross = entry.get("cross")
        if cross:
            by = cross["dimension"]
            group_labels = _label_map(by)
            result["cross"] = {
                "dimension": by,
                "label": DIMENSION_LABELS[by],
                "groups": [
                    {
                        "code": value,
                        "label": group_labels.get(value, value),
                        "total": total,
                        "published": shown,
                    }
                    for value, total, shown in cross["groups"]
                ],
                "rows": [
                    {
                        "code": item["code"],
                        "label": item["label"],
                        "cells": [tuple(cell) for cell in cross["cells"][item["code"]]],
                    }
                    for item in items
                ],
            }
        tables.append(result)
    who = []
    for dimension, rows in content["who"].items():
        labels = _label_map(dimension)
        who.append(
            {
                "name": dimension,
                "title": DIMENSION_LABELS[dimension],
                "rows": [
                    {"code": code, "label": labels.get(code, code), "count": n, "percent": pct}
                    for code, n, pct in rows
                    if code != NOT_ANSWERED or n
                ],
            }
        )
    return tables, who


# --- Trends across published waves ---------------------------------------------------------


def trends(roles: dict[str, str]):
    """Published shares across published waves (oldest survey first): the share very or
    extremely interested, and each role and barrier, all read from the waves' stored reports.
    Interest high = published count of 4 plus 5 over the published respondents."""
    from careers.models import PublishedReport, Wave

    waves = list(Wave.objects.published().in_order().defer("figures", "publication"))
    stored = dict(
        PublishedReport.objects.filter(wave__in=waves, subgroup="", by="").values_list(
            "wave_id", "content"
        )
    )
    waves = [wave for wave in waves if wave.pk in stored]
    interest = []
    for wave in waves:
        content = stored[wave.pk]
        total = content["respondents"]
        counts = {code: count for code, count, _ in content["tables"]["interest"]["rows"]}
        high = [counts.get("4", 0), counts.get("5", 0)]
        if publication.WITHHELD in (*high, total) or not total:
            percent = publication.WITHHELD if total else 0
        else:
            percent = round(100 * sum(high) / total)
        interest.append({"wave": wave, "respondents": total, "percent": percent})
    tables = {}
    for table in ("aspired_roles", "barriers"):
        labels = category_labels(table, roles)
        per_wave = [
            {code: percent for code, _count, percent in stored[wave.pk]["tables"][table]["rows"]}
            for wave in waves
        ]
        codes = list(dict.fromkeys(code for shares in per_wave for code in shares))
        latest = per_wave[-1] if per_wave else {}
        order = sorted(
            codes, key=lambda code: -publication.disclosure.sort_key(latest.get(code, 0))
        )
        tables[table] = [
            {
                "code": code,
                "label": labels.get(code, code),
                "href": role_url(code, roles) if table == "aspired_roles" else None,
                "values": [shares.get(code, 0) for shares in per_wave],
            }
            for code in order
        ]
    return {"waves": waves, "interest": interest, "tables": tables}


# --- For the career map and the equity pages ------------------------------------------------------


def _latest_report(by: str = ""):
    """(wave, stored report) of the latest published wave (latest survey date), or None."""
    from careers.models import PublishedReport

    report = (
        PublishedReport.objects.filter(wave__status="published", subgroup="", by=by)
        .order_by(F("wave__survey_date").desc(nulls_last=True), "-wave__created_at", "-wave__pk")
        .select_related("wave")
        .only("content", "wave__name", "wave__slug", "wave__survey_date")
        .first()
    )
    return (report.wave, report.content) if report else None


# What role_aspiration_share reads, as the career map's stamps (careers' migration): a role
# page that shows the share lists them, and is rebuilt when a wave or its stored reports change.
ROLE_ASPIRATION_STAMPS = ("table:careers_wave", "table:careers_publishedreport")


def role_aspiration_share(role_slug: str) -> dict | None:
    """The one query pathways asks of careers: the latest published wave's published share of
    graduates aspiring to a published role: {"wave", "percent", "respondents" (published
    respondents in the wave), "count" (published count aspiring), "url" (the wave's report)};
    None when no wave is published or there is no such role."""
    from pathways.models import Role

    if not Role.objects.published().filter(slug=role_slug).exists():
        return None
    latest = _latest_report()
    if latest is None:
        return None
    wave, content = latest
    share = publication.named_share(content, "aspired_roles", role_slug) or {
        "count": 0,
        "percent": 0,
        "respondents": content["respondents"],
    }
    return {
        "wave": wave.name,
        "percent": share["percent"],
        "respondents": share["respondents"],
        "count": share["count"],
        "url": reverse("careers:wave-report", kwargs={"slug": wave.slug}),
    }


def aspiration_by_group(role_slug: str, dimension: str) -> dict | None:
    """For the equity pages (careers/equity/): the latest published wave's published share of
    graduates aspiring to a role within each group of one characteristic (docs/careers.md):
    {"wave", "url", "dimension", "label", "groups": [{"group", "label", "respondents", "count",
    "percent", "published"}]}; a withheld group has "*" figures and "published" False. None when
    no wave is published or the characteristic is unknown. Figures are already disclosure
    controlled: show them as they are."""
    if dimension not in DIMENSIONS:
        return None
    latest = _latest_report(by=dimension)
    if latest is None:
        return None
    wave, content = latest
    labels = _label_map(dimension)
    groups = publication.named_share_by_group(content, "aspired_roles", role_slug)
    if not groups:
        entry = content["tables"]["aspired_roles"]["cross"]
        groups = [
            {
                "group": value,
                "respondents": n,
                "count": 0 if shown else publication.WITHHELD,
                "percent": 0 if shown else publication.WITHHELD,
                "published": shown,
            }
            for value, n, shown in entry["groups"]
        ]
    for group in groups:
        group["label"] = labels.get(group["group"], group["group"])
    return {
        "wave": wave.name,
        "url": reverse("careers:wave-report", kwargs={"slug": wave.slug}) + f"?by={dimension}",
        "dimension": dimension,
        "label": DIMENSION_LABELS[dimension],
        "groups": groups,
    }
