"""Counting a wave's figures while its rows are imported: pure numpy on the checked chunks, no
database. Gives exactly what `careers.queries.compute_figures` counts in SQL (a test holds them
equal), without a second pass over the stored rows. Counts add up across files, so a second file
imported into a wave adds its figures to the wave's (`merge`)."""

from collections import defaultdict

import numpy as np
import pandas as pd

from careers import survey_format as fmt
from careers import survey_rows

DIMENSIONS = tuple(fmt.DIMENSIONS)
SCALAR = {  # table -> checked column
    "interest": "interest_nhs_mh",
    "current_status": "current_status",
    "degree_route": "degree_route",
}
MULTI = ("aspired_roles", "barriers")


def _nested():
    return defaultdict(_nested)


def _factorized(rows, name, factors, label=None):
    """(codes, labels): each row's code into the column's distinct values (the checker's codes
    when given), each shown as a label ("not answered" for a missing one); labels are computed
    per distinct value only."""
    codes, values = survey_rows.factorized(rows, name, factors)
    labels = []
    for value in values:
        if value is None or value != value:  # None or NaN
            labels.append(fmt.NOT_ANSWERED)
        else:
            labels.append(label(value) if label else value)
    return codes.astype(np.int64), labels


def _codes(rows, name, factors, categories):
    """Each row's index into `categories` (every value of the column is one of them)."""
    codes, labels = _factorized(rows, name, factors)
    position = {category: k for k, category in enumerate(categories)}
    return np.array([position[lab] for lab in labels], dtype=np.int64)[codes]


def _interest(value) -> str:
    return str(int(value))


def _add_all(target, categories, counts) -> None:
    """Add each category's count (an array in the order of `categories`) to the table's "all"."""
    for index, count in enumerate(counts):
        if count:
            target["all"][categories[index]] += int(count)


def _add_by(by, categories, groups, combined) -> None:
    """Add a categories x groups array of counts to a breakdown's counts, group by group."""
    for i, j in zip(*np.nonzero(combined), strict=True):
        key = by[groups[j]]
        key[categories[i]] = key.get(categories[i], 0) + int(combined[i, j])


class FigureCounter:
    """Add checked chunks (`add`), then `result()` gives the figures dict of compute_figures."""

    def __init__(self):
        self.respondents = 0
        self.groups = {d: defaultdict(int) for d in DIMENSIONS}
        self.tables = {
            t: {"all": defaultdict(int), "by": {d: _nested() for d in DIMENSIONS}}
            for t in (*SCALAR, *MULTI)
        }

    def add(self, rows: pd.DataFrame, factors=None) -> None:
        """Count a chunk's checked rows (`factors`: the checker's codes, CheckedChunk.factors)."""
        n = len(rows)
        if not n:
            return
        self.respondents += n
        dims = {}
        for dimension in DIMENSIONS:
            categories = [code for code, _ in fmt.DIMENSIONS[dimension][1]] + [fmt.NOT_ANSWERED]
            codes = _codes(rows, dimension, factors, categories)
            dims[dimension] = (codes, categories)
            for index, count in enumerate(np.bincount(codes, minlength=len(categories))):
                if count:
                    self.groups[dimension][categories[index]] += int(count)
        for table, column in SCALAR.items():
            label = _interest if table == "interest" else None
            codes, labels = _factorized(rows, column, factors, label)
            categories = sorted(set(labels))
            position = {category: k for k, category in enumerate(categories)}
            codes = np.array([position[label] for label in labels], dtype=np.int64)[codes]
            self._count(table, codes, categories, dims, onehot=None)
        for table in MULTI:
            self._count_multi(table, *survey_rows.factorized(rows, table, factors), dims)

    def _count(self, table, codes, categories, dims, onehot):
        target = self.tables[table]
        size = len(categories)
        _add_all(target, categories, np.bincount(codes, minlength=size))
        for dimension, (group_codes, groups) in dims.items():
            combined = np.bincount(
                codes * len(groups) + group_codes, minlength=size * len(groups)
            ).reshape(size, len(groups))
            _add_by(target["by"][dimension], categories, groups, combined)

    def _count_multi(self, table, codes, uniques, dims):
        # A value of None is a refused cell's: no kept row has its code.
        categories = sorted({item for answer in uniques if answer for item in answer})
        if not categories:
            return
        position = {item: k for k, item in enumerate(categories)}
        # Distinct answers (combinations of items) x items: few rows, counted per combination.
        indicator = np.zeros((len(uniques), len(categories)), dtype=np.int64)
        for row, answer in enumerate(uniques):
            for item in answer or ():
                indicator[row, position[item]] = 1
        combos = len(uniques)
        target = self.tables[table]
        per_combo = np.bincount(codes, minlength=combos)
        _add_all(target, categories, per_combo @ indicator)
        for dimension, (group_codes, groups) in dims.items():
            # Respondents of each combination in each group, then items x groups.
            by_combo = np.bincount(
                codes * len(groups) + group_codes, minlength=combos * len(groups)
            ).reshape(combos, len(groups))
            _add_by(target["by"][dimension], categories, groups, indicator.T @ by_combo)

    def result(self) -> dict:
        return {
            "respondents": self.respondents,
            "groups": {d: dict(values) for d, values in self.groups.items()},
            "tables": {
                table: {
                    "all": dict(counts["all"]),
                    "by": {
                        d: {g: dict(c) for g, c in by.items()} for d, by in counts["by"].items()
                    },
                }
                for table, counts in self.tables.items()
            },
        }


def merge(first: dict, second: dict) -> dict:
    """The figures of two disjoint sets of respondents added together."""

    def add(a, b):
        if isinstance(a, dict) or isinstance(b, dict):
            a, b = a or {}, b or {}
            return {key: add(a.get(key), b.get(key)) for key in {*a, *b}}
        return (a or 0) + (b or 0)

    return add(first, second)
