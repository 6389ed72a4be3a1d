"""Checking a survey file's rows against the format (`careers/survey_format.py`): a
`RowChecker` checks each chunk of raw text that `survey_files.open_survey(...)` yields and
gives back the clean rows and every problem found. Pure Python, pandas and NumPy: no Django, no
database. Only an import loads it (`careers/services.py` imports it inside the import), so the
portal's other processes do not pay for pandas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from careers.survey_format import (
    COLUMNS,
    MAX_ID_LENGTH,
    VALUE_SHOWN,
    Column,
    Problem,
    lookup,
    normalise_value,
    role_lookup,
)


@dataclass
class CheckedChunk:
    """The clean rows of one chunk (a DataFrame with one column per survey column, in storage
    form, plus `_row`) and the problems found in it."""

    rows: pd.DataFrame
    problems: list[Problem]
    rows_read: int  # rows that were not blank
    rows_seen: int  # every row of the chunk, blank ones too (for progress)
    invalid_rows: int
    # Coded column -> (codes, values): each clean row's index into the column's checked values
    # (which may repeat), as the checker found them; COPY text and the counts reuse them.
    factors: dict[str, tuple[np.ndarray, list]] = field(default_factory=dict)


def factorized(rows: pd.DataFrame, name: str, factors=None) -> tuple[np.ndarray, list]:
    """(codes, values) of a checked column: the checker's own if given, else factorised now."""
    if factors and name in factors:
        return factors[name]
    codes, uniques = pd.factorize(rows[name], use_na_sentinel=False)
    return codes, uniques.tolist()


# --- Checking rows ---------------------------------------------------------------------------


def _stripped(series: pd.Series) -> pd.Series:
    """The column's texts without surrounding spaces; the column itself when none has any (found
    at C speed: a NUL, which no cell holds any more, brackets each text)."""
    joined = "\x00" + "\x00".join(series.tolist()) + "\x00"
    # Leading spaces follow a NUL; trailing ones lead one in the reversed text. (A pattern
    # starting with a literal is searched for fast, one with a class is not.)
    edge = _SPACE_AFTER_NUL.search(joined) or _SPACE_AFTER_NUL.search(joined[::-1])
    return series.str.strip() if edge else series


_SPACE_AFTER_NUL = re.compile(r"\x00\s")


def _shown(value: str) -> str:
    return value if len(value) <= VALUE_SHOWN else value[: VALUE_SHOWN - 1] + "…"


@dataclass
class RowChecker:
    """Checks chunks of raw rows against the format. `roles` maps role slugs to names (the
    career map's published roles); `known_ids` are respondent ids already stored in the wave.
    Keeps what it has seen so duplicates across chunks are caught."""

    roles: Mapping[str, str]
    today: date = field(default_factory=date.today)
    known_ids: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._seen: dict[str, int] = {}
        self._lookups = {
            column.name: lookup(column.choices)
            for column in COLUMNS
            if column.kind in ("choice", "multi")
        }
        self._lookups["aspired_roles"] = role_lookup(self.roles)
        self._caches: dict[str, dict[str, tuple]] = {column.name: {} for column in COLUMNS}
        self._items: dict[str, dict[str, str]] = {name: {} for name in self._lookups}

    # One cell -------------------------------------------------------------------------------
    def _parse(self, column: Column, raw: str):
        """(value, None) or (None, reason) for one raw cell of a coded, date or year column."""
        text = raw.strip()
        if not text:
            if column.required:
                return None, "is required"
            return ((), None) if column.kind in ("multi", "roles") else (None, None)
        if column.kind == "year":
            if not re.fullmatch(r"\d{4}", text):
                return None, "is not a year (a whole number such as 2024)"
            year, latest = int(text), self.today.year + 1
            if not 1970 <= year <= latest:
                return None, f"is not a graduation year from 1970 to {latest}"
            return year, None
        if column.kind == "date":
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return datetime.strptime(text, pattern).date(), None
                except ValueError:
                    continue
            return None, "is not a date in the form YYYY-MM-DD or DD/MM/YYYY"
        table = self._lookups[column.name]
        items = self._items[column.name]
        if column.kind == "choice":
            code = table.get(normalise_value(text))
            if code is None:
                return None, "is not one of the answers: " + ", ".join(c for c, _ in column.choices)
            return (int(code) if column.name == "interest_nhs_mh" else code), None
        # Multiple choice: ";"-separated, spaces and empty items ignored, repeats count once.
        codes, unknown = [], []
        for item in text.split(";"):
            item = item.strip()
            if not item:
                continue
            code = items.get(item)
            if code is None:
                code = table.get(normalise_value(item))
                if code is not None and len(items) < 10_000:
                    items[item] = code
            if code is None:
                unknown.append(item)
            elif code not in codes:
                codes.append(code)
        if unknown:
            what = "a role on the career map" if column.kind == "roles" else "a listed barrier"
            return None, "; ".join(f"{item!r} is not {what}" for item in unknown)
        return tuple(codes), None

    def _coded(self, column: Column, raw: pd.Series, problems: list, bad_rows: set):
        """Each distinct cell parsed once (a survey column has few of them), then spread over
        the rows by their codes: no Python work per row unless the row has a problem."""
        cache = self._caches[column.name]
        codes, uniques = pd.factorize(raw)
        values = np.empty(len(uniques), dtype=object)
        reasons = {}
        for code, cell in enumerate(uniques.tolist()):
            parsed = cache.get(cell)
            if parsed is None:
                parsed = self._parse(column, cell)
                if len(cache) < 100_000:
                    cache[cell] = parsed
            if parsed[1] is None:
                values[code] = parsed[0]
            else:
                reasons[code] = parsed[1]
        if reasons:
            bad = np.isin(codes, list(reasons))
            for index, code in zip(raw.index[bad], codes[bad].tolist(), strict=True):
                row = int(self._rows.at[index])
                problems.append(Problem(row, column.name, _shown(uniques[code]), reasons[code]))
                bad_rows.add(index)
        # Rows with a reason hold None here and are dropped later.
        self._factors[column.name] = (codes, values.tolist())
        return pd.Series(values[codes], index=raw.index, dtype=object)

    def _ids(self, raw: pd.Series, problems: list, bad_rows: set) -> pd.Series:
        ids = _stripped(raw)
        for index in ids.index[(ids == "") | (ids.str.len() > MAX_ID_LENGTH)]:
            row, value = int(self._rows.at[index]), ids.at[index]
            reason = "is required" if not value else f"is longer than {MAX_ID_LENGTH} characters"
            problems.append(Problem(row, "respondent_id", _shown(raw.at[index]), reason))
            bad_rows.add(index)
        seen, known = self._seen, self.known_ids
        values, rows = ids.tolist(), self._rows.tolist()
        if not bad_rows:
            # The usual case, checked at C speed: no id repeats one of this chunk, of earlier
            # chunks or of the wave. Otherwise the loop below finds and names each repeat.
            new = dict(zip(values, map(int, rows), strict=True))
            if (
                len(new) == len(values)
                and new.keys().isdisjoint(seen)
                and (not known or new.keys().isdisjoint(known))
            ):
                seen.update(new)
                return ids
        for index, value, row in zip(ids.index, values, rows, strict=True):
            if not value or len(value) > MAX_ID_LENGTH:
                continue
            first = seen.get(value)
            if first is not None:
                problems.append(
                    Problem(int(row), "respondent_id", value, f"repeats the id in row {first}")
                )
                bad_rows.add(index)
            elif value in known:
                problems.append(
                    Problem(int(row), "respondent_id", value, "is already stored in this wave")
                )
                bad_rows.add(index)
            else:
                seen[value] = int(row)
        return ids

    # One chunk ------------------------------------------------------------------------------
    def check(self, chunk: pd.DataFrame) -> CheckedChunk:
        rows_seen = len(chunk)
        chunk = self._drop_blank(chunk)
        self._rows = chunk["_row"]
        self._factors: dict[str, tuple[np.ndarray, list]] = {}
        problems: list[Problem] = []
        bad_rows: set = set()
        clean = pd.DataFrame(index=chunk.index)
        clean["_row"] = chunk["_row"]
        clean["respondent_id"] = self._ids(chunk["respondent_id"], problems, bad_rows)
        for column in COLUMNS:
            if column.kind in ("id",):
                continue
            if column.kind == "text":
                clean[column.name] = _stripped(chunk[column.name])
                continue
            clean[column.name] = self._coded(column, chunk[column.name], problems, bad_rows)
        problems.sort()
        factors = self._factors
        if bad_rows:
            valid = clean.drop(index=list(bad_rows))
            keep = ~clean.index.isin(list(bad_rows))
            factors = {name: (codes[keep], values) for name, (codes, values) in factors.items()}
        else:
            valid = clean
        return CheckedChunk(
            rows=valid,
            problems=problems,
            rows_read=len(chunk),
            rows_seen=rows_seen,
            invalid_rows=len(bad_rows),
            factors=factors,
        )

    @staticmethod
    def _drop_blank(chunk: pd.DataFrame) -> pd.DataFrame:
        """Blank rows are ignored: rows whose every cell is empty or spaces."""
        names = [column.name for column in COLUMNS]
        maybe = chunk.index[_stripped(chunk["respondent_id"]) == ""]
        if len(maybe) == 0:
            return chunk
        candidates = chunk.loc[maybe, names]
        blank = candidates.apply(lambda col: col.str.strip() == "").all(axis=1)
        return chunk.drop(index=blank.index[blank]) if blank.any() else chunk
