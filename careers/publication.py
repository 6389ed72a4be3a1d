"""The one publication layer: every survey figure that leaves the database for the public goes
through here. Pure code on plain numbers (numpy arrays), no Django, no database.

Three rules, applied together when a wave is published (`publish_wave`), so that what is stored
and served is already safe and a public request never counts responses:

1. **Groups.** A group of respondents (a whole report, or a column of a breakdown) is published
   only if it holds at least `Rules.min_group` respondents (default 30). Groups are the wave
   (`()`), one subgroup (`(("gender", "man"),)`) and one subgroup broken down by one other
   characteristic (a pair). Nothing else is ever computed for the public, so filters and
   breakdowns cannot be stacked.
2. **Differences of groups.** Withheld groups must not be recoverable from published ones:
   - within a breakdown, the withheld columns together hold 0 or at least `min_group`
     respondents (else the smallest published column is withheld too: "totals minus the rest");
   - for any two published groups where one holds the other, the difference is 0 or at least
     `min_group` respondents (else the smaller group is withheld).
   Decisions are taken once for the whole wave (a pair is published in both orientations or in
   neither), repeated until nothing changes.
3. **Cells** (the disclosure rule, `careers.disclosure`): counts of 1 to 7 are shown as "*",
   every other count is rounded to the nearest 5, and percentages are computed from published
   counts. Secondary suppression: where the withheld cells of a table whose parts add up to its
   total (a single-choice question, who responded) hold fewer than 8 people together, the next
   smallest cells are withheld too, so no withheld cell can be worked out from the total and the
   rest (so zeros beside a withheld cell tell nothing either); for a question where several
   answers may be chosen, a count is withheld when the people *not* naming the answer are 1 to 7.

The property tests (tests/careers/test_publication_properties.py) check rules 1 and 2 against the
respondents themselves: no two published groups differ by a group under the threshold.

Reports are plain dicts (stored as JSON) shaped by `report()`; `table_rows()` turns one table of
a report into the rows of a CSV, an XLSX sheet or `manage.py survey_report`.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

import numpy as np

from careers import disclosure

WITHHELD = disclosure.SUPPRESSED
TOO_FEW = "Too few respondents are in this group for figures to be published."
WITHHELD_NOTE = (
    "* means the figure is withheld: 1 to 7 people, or a group of fewer than {min_group} "
    "respondents, or a figure that would let one be worked out."
)


@dataclass(frozen=True)
class Rules:
    """The publication rules' settings (CAREERS_PUBLISH_* in config/settings.py)."""

    min_group: int = 30
    min_wave: int = 50
    max_filters: int = 1
    max_breakdowns: int = 1


# --- The counts a wave is published from --------------------------------------------------------


@dataclass
class Table:
    """One question's counts over the cube: `counts[..., k]` respondents of each cube cell giving
    answer `categories[k]`. `multi`: respondents may give several answers."""

    title: str
    categories: list[str]
    counts: np.ndarray
    multi: bool = False
    ranked: bool = False


@dataclass
class Cube:
    """Respondents counted in every combination of the characteristics (`dimensions`, each with
    its values in order, "not answered" included), and each question's answers likewise."""

    dimensions: dict[str, list[str]]
    people: np.ndarray
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.dimensions)

    def axis(self, dimension: str) -> int:
        return self.names.index(dimension)

    def index(self, dimension: str, value: str) -> int:
        return self.dimensions[dimension].index(value)

    @classmethod
    def empty(cls, dimensions: dict[str, list[str]], tables: dict[str, tuple]) -> Cube:
        """A cube of zeros; `tables` maps a name to (title, categories, multi, ranked)."""
        shape = tuple(len(values) for values in dimensions.values())
        cube = cls(
            dimensions={d: list(v) for d, v in dimensions.items()}, people=np.zeros(shape, np.int64)
        )
        for name, (title, categories, multi, ranked) in tables.items():
            cube.tables[name] = Table(
                title,
                list(categories),
                np.zeros((*shape, len(categories)), np.int64),
                multi,
                ranked,
            )
        return cube

    @classmethod
    def from_records(cls, records, dimensions, tables) -> Cube:
        """From respondents as dicts: each characteristic a value, each question a value (or a
        list of values for a multi-answer question). For tests and small data."""
        cube = cls.empty(dimensions, tables)
        for record in records:
            cell = tuple(cube.index(d, record[d]) for d in cube.names)
            cube.people[cell] += 1
            for name, table in cube.tables.items():
                answers = record.get(name)
                answers = answers if isinstance(answers, list | tuple) else [answers]
                for answer in answers:
                    if answer is not None:
                        table.counts[(*cell, table.categories.index(answer))] += 1
        return cube

    # Groups -----------------------------------------------------------------------------
    def size(self, group) -> int:
        """Respondents in a group: a tuple of (dimension, value) constraints."""
        values = {}
        for dimension, value in group:
            if values.get(dimension, value) != value:
                return 0  # contradictory: nobody
            values[dimension] = value
        index = tuple(self.index(d, values[d]) if d in values else slice(None) for d in self.names)
        return int(self.people[index].sum())

    def answers(self, table: str, group) -> np.ndarray:
        """A question's answer counts within a group."""
        constraints = dict(group)
        index = tuple(
            self.index(d, constraints[d]) if d in constraints else slice(None) for d in self.names
        )
        counts = self.tables[table].counts[index]
        return counts.reshape(-1, counts.shape[-1]).sum(axis=0)


def group_key(group) -> str:
    """The stored form of a group: "" for everyone, "gender=man" for a subgroup."""
    return "&".join(f"{d}={v}" for d, v in group)


def normalise(cube_names, group) -> tuple:
    order = {name: k for k, name in enumerate(cube_names)}
    return tuple(sorted(group, key=lambda pair: order[pair[0]]))


# --- Rules 1 and 2: which groups are published ----------------------------------------------------


def candidate_groups(cube: Cube) -> list[tuple]:
    """Every group the public may ask for: everyone, each subgroup, each subgroup's columns."""
    groups = [()]
    names = cube.names
    for d in names:
        groups += [((d, v),) for v in cube.dimensions[d]]
    for d1, d2 in itertools.combinations(names, 2):
        groups += [((d1, v1), (d2, v2)) for v1 in cube.dimensions[d1] for v2 in cube.dimensions[d2]]
    return groups


def breakdowns(cube: Cube, parent: tuple):
    """(dimension, columns) of each breakdown of a parent group (everyone or one subgroup)."""
    used = {d for d, _ in parent}
    for d in cube.names:
        if d not in used:
            yield d, [normalise(cube.names, (*parent, (d, v))) for v in cube.dimensions[d]]


def _nested_pairs(cube: Cube, groups, sizes, threshold):
    """(outer, inner) pairs of groups where the inner is strictly inside the outer as sets of
    respondents, and they differ by fewer than `threshold` respondents."""
    order = sorted((sizes[g], k) for k, g in enumerate(groups))
    keys = [size for size, _ in order]
    pairs = []
    for size, k in order:
        if size < threshold:
            continue  # never published, so never the inner of a published pair
        inner = groups[k]
        start = bisect.bisect_right(keys, size)
        stop = bisect.bisect_left(keys, size + threshold)
        for position in range(start, stop):
            outer = groups[order[position][1]]
            # inner is inside outer when adding outer's constraints loses nobody.
            if cube.size((*inner, *outer)) == size:
                pairs.append((outer, inner))
    return pairs


def plan(cube: Cube, rules: Rules) -> set[tuple]:
    """The groups published from this cube: a set of group tuples (rules 1 and 2)."""
    groups = candidate_groups(cube)
    sizes = {g: cube.size(g) for g in groups}
    threshold = rules.min_group
    published = {g for g in groups if sizes[g] >= threshold}
    if () not in published:
        return set()
    if rules.max_filters < 1:
        published = {()} | {g for g in published if len(g) == 1}
    nested = _nested_pairs(cube, groups, sizes, threshold)
    parents = [g for g in groups if len(g) <= 1]
    changed = True
    while changed:
        changed = False
        for parent in parents:
            if parent not in published:
                continue
            for _dimension, columns in breakdowns(cube, parent):
                withheld = sizes[parent] - sum(sizes[c] for c in columns if c in published)
                while 0 < withheld < threshold:
                    shown = [c for c in columns if c in published and sizes[c] > 0]
                    smallest = min(shown, key=lambda c: sizes[c])
                    published.discard(smallest)
                    withheld += sizes[smallest]
                    changed = True
        for outer, inner in nested:
            if outer in published and inner in published:
                published.discard(inner)
                changed = True
    return published


# --- Rule 3: cells ----------------------------------------------------------------------------


def publish_partition(counts, total: int | None = None) -> list:
    """Published counts of the parts of a whole (each respondent in exactly one part): the
    disclosure rule, then secondary suppression until the withheld parts hold 8 or more."""
    counts = [int(c) for c in counts]
    shown = [disclosure.publish_count(c) for c in counts]
    withheld = {k for k, value in enumerate(shown) if value == WITHHELD}
    if withheld:
        while sum(counts[k] for k in withheld) < disclosure.SMALLEST_SHOWN:
            rest = [k for k, c in enumerate(counts) if k not in withheld and c > 0]
            if not rest:
                break
            withheld.add(min(rest, key=lambda k: counts[k]))
    return [WITHHELD if k in withheld else shown[k] for k in range(len(counts))]


def publish_named(count: int, total: int):
    """Published count of respondents naming an answer of a multi-answer question: withheld
    when they, or those not naming it, are 1 to 7."""
    count, total = int(count), int(total)
    if 0 < total - count < disclosure.SMALLEST_SHOWN:
        return WITHHELD
    return disclosure.publish_count(count)


def percent_of(published, published_total):
    if WITHHELD in (published, published_total):
        return WITHHELD
    if not published_total:
        return 0
    return int(round(100 * published / published_total))


def _cells(table: Table, counts, total: int):
    if table.multi:
        published = [publish_named(c, total) for c in counts]
    else:
        published = publish_partition(counts, total)
    published_total = disclosure.publish_count(total)
    return [[value, percent_of(value, published_total)] for value in published]


# --- Reports ------------------------------------------------------------------------------------


def report(cube: Cube, published: set, group: tuple, by: str | None, rules: Rules) -> dict:
    """The published report of one group (everyone, or one subgroup), optionally broken down by
    one characteristic: {"group", "by", "respondents", "tables": {name: {"title", "multi",
    "rows": [[category, count, percent]], "cross": None | {"dimension", "groups": [[value,
    count or "*", published?]], "cells": {category: [[count, percent] or ["*", "*"]]}}}},
    "who": {dimension: [[value, count, percent]]}}. Only for a published group."""
    assert group in published, group
    total = cube.size(group)
    result = {
        "group": [list(pair) for pair in group],
        "by": by,
        "respondents": disclosure.publish_count(total),
        "min_group": rules.min_group,
        "tables": {},
        "who": {},
    }
    columns = []
    if by:
        columns = [(v, normalise(cube.names, (*group, (by, v)))) for v in cube.dimensions[by]]
    for name, table in cube.tables.items():
        cells = _cells(table, cube.answers(name, group), total)
        rows = [[c, *cell] for c, cell in zip(table.categories, cells, strict=True)]
        if table.ranked:
            rows = sorted(rows, key=lambda row: -disclosure.sort_key(row[1]))
        entry = {"title": table.title, "multi": table.multi, "rows": rows, "cross": None}
        if by:
            heads, by_category = [], {c: [] for c in table.categories}
            for value, column in columns:
                if column in published:
                    size = cube.size(column)
                    heads.append([value, disclosure.publish_count(size), True])
                    column_cells = _cells(table, cube.answers(name, column), size)
                else:
                    heads.append([value, WITHHELD, False])
                    column_cells = [[WITHHELD, WITHHELD]] * len(table.categories)
                for category, cell in zip(table.categories, column_cells, strict=True):
                    by_category[category].append(cell)
            entry["cross"] = {"dimension": by, "groups": heads, "cells": by_category}
        result["tables"][name] = entry
    used = {d for d, _ in group}
    for dimension in cube.names:
        if dimension in used:
            continue
        sizes = [cube.size((*group, (dimension, v))) for v in cube.dimensions[dimension]]
        published_total = disclosure.publish_count(total)
        result["who"][dimension] = [
            [value, count, percent_of(count, published_total)]
            for value, count in zip(
                cube.dimensions[dimension], publish_partition(sizes, total), strict=True
            )
        ]
    return result


def publish_wave(cube: Cube, rules: Rules) -> dict:
    """Everything the public may see of a wave, as {"reports": {(group key, by): report},
    "subgroups": [published subgroup keys], "withheld_subgroups": [their keys], "respondents"}.
    Empty reports when the wave is too small to publish."""
    published = plan(cube, rules)
    reports = {}
    subgroups, withheld = [], []
    parents = [()] + [((d, v),) for d in cube.names for v in cube.dimensions[d]]
    for parent in parents:
        if len(parent) > rules.max_filters:
            continue
        if parent not in published:
            if parent and cube.size(parent):
                withheld.append(group_key(parent))
            continue
        if parent:
            subgroups.append(group_key(parent))
        reports[(group_key(parent), "")] = report(cube, published, parent, None, rules)
        if rules.max_breakdowns < 1:
            continue
        for dimension, _columns in breakdowns(cube, parent):
            reports[(group_key(parent), dimension)] = report(
                cube, published, parent, dimension, rules
            )
    return {
        "reports": reports,
        "subgroups": subgroups,
        "withheld_subgroups": withheld,
        "respondents": disclosure.publish_count(cube.size(())),
    }


# --- From a report to rows (CSV, XLSX, survey_report) ---------------------------------------------

ALL = "all_respondents"


def table_rows(report_: dict, table: str) -> tuple[list[str], list[list]]:
    """(header, rows) of one published table: `category,respondents,percent`, or broken down
    `category,<by>,respondents,percent` (percent within the group); the first rows are
    `all_respondents`. `table` "respondents" gives who responded by the breakdown (or in all)."""
    by = report_.get("by")
    respondents = report_["respondents"]
    if table == "respondents":
        if not by:
            return ["category", "respondents", "percent"], [[ALL, respondents, 100]]
        rows = [[ALL, respondents, 100]]
        rows += [list(row) for row in report_["who"].get(by, [])]
        return [by, "respondents", "percent"], rows
    entry = report_["tables"][table]
    if not by:
        rows = [[ALL, respondents, 100 if respondents else 0]]
        rows += [list(row) for row in entry["rows"]]
        return ["category", "respondents", "percent"], rows
    cross = entry["cross"]
    rows = []
    for value, count, shown in cross["groups"]:
        rows.append([ALL, value, count, 100 if shown and count else (WITHHELD if not shown else 0)])
    for category, *_ in entry["rows"]:
        for (value, _count, _shown), (count, percent) in zip(
            cross["groups"], cross["cells"][category], strict=True
        ):
            rows.append([category, value, count, percent])
    return ["category", by, "respondents", "percent"], rows


def withheld_rows() -> tuple[list[str], list[list]]:
    """The rows of a download for a group too small to publish: the same message as the page."""
    return ["note"], [[TOO_FEW]]


# --- Shares for other parts of the portal ---------------------------------------------------------


def named_share(report_: dict, table: str, category: str) -> dict | None:
    """A category's published count and percent in a report's table, overall:
    {"count", "percent", "respondents"}; None when the table has no such category."""
    entry = report_["tables"].get(table)
    if entry is None:
        return None
    for code, count, percent in entry["rows"]:
        if code == category:
            return {"count": count, "percent": percent, "respondents": report_["respondents"]}
    return None


def named_share_by_group(report_: dict, table: str, category: str) -> list[dict]:
    """A category's published count and percent within each group of a broken-down report:
    [{"group", "respondents", "count", "percent", "published"}]; withheld groups have "*"."""
    entry = report_["tables"].get(table)
    if entry is None or not entry.get("cross"):
        return []
    cross = entry["cross"]
    cells = cross["cells"].get(category)
    if cells is None:
        return []
    return [
        {
            "group": value,
            "respondents": count,
            "count": cell[0],
            "percent": cell[1],
            "published": shown,
        }
        for (value, count, shown), cell in zip(cross["groups"], cells, strict=True)
    ]
