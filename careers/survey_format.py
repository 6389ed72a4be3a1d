"""The survey file format (docs/survey-format.md): reading CSV and XLSX files and checking
every row. Pure Python, pandas, python-calamine and openpyxl: no Django, no database.

Reading is streamed in chunks so a file of a million rows never sits in memory whole:
`open_survey(path, ...)` gives a `SurveyReader` whose `chunks()` yields DataFrames of raw text
with a `_row` column holding the row number a spreadsheet shows (the header is row 1, a record
whose text holds line breaks is still one row, blank rows count but are skipped). A `RowChecker`
then checks each chunk and gives back the clean rows and every problem found.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from config import regions

CHUNK_ROWS = 50_000
MAX_ID_LENGTH = 64
VALUE_SHOWN = 200  # longest value quoted back in a problem

# --- The coded answers: (code, label) in the order reports show them. ---------------------

DEGREE_ROUTES = (
    ("undergraduate", "Undergraduate psychology degree"),
    ("conversion_masters", "Psychology conversion master's"),
    ("other", "Other"),
)
BPS_ACCREDITED = (("yes", "Yes"), ("no", "No"), ("dont_know", "Don't know"))
CURRENT_STATUSES = (
    ("nhs_mental_health", "Working in NHS mental health services"),
    ("other_health_care", "Working elsewhere in health or care"),
    ("outside_health", "Working outside health and care"),
    ("further_study", "In further study"),
    ("not_working", "Not working"),
    ("other", "Other"),
)
INTEREST_LEVELS = (
    ("1", "Not at all interested"),
    ("2", "Slightly interested"),
    ("3", "Moderately interested"),
    ("4", "Very interested"),
    ("5", "Extremely interested"),
)
BARRIERS = (
    ("competition_for_training", "Competition for training places"),
    ("lack_of_experience", "Lack of relevant experience"),
    ("low_pay_entry_roles", "Low pay in entry-level roles"),
    ("unpaid_experience", "Expectation of unpaid or voluntary experience"),
    ("training_costs", "Cost of postgraduate training"),
    ("lack_of_information", "Lack of information about roles"),
    ("location", "Location of opportunities"),
    ("caring_responsibilities", "Caring responsibilities"),
    ("lack_of_representation", "Lack of people like me in the profession"),
    ("other", "Other"),
)
GENDERS = (
    ("woman", "Woman"),
    ("man", "Man"),
    ("non_binary", "Non-binary"),
    ("other", "Other"),
    ("prefer_not_to_say", "Prefer not to say"),
)
ETHNIC_GROUPS = (
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
    ("prefer_not_to_say", "Prefer not to say"),
)
YES_NO_PREFER = (("yes", "Yes"), ("no", "No"), ("prefer_not_to_say", "Prefer not to say"))
AGE_BANDS = (
    ("under_25", "Under 25"),
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_plus", "45 and over"),
    ("prefer_not_to_say", "Prefer not to say"),
)
REGIONS = tuple(regions.WITH_OUTSIDE_ENGLAND)

# The demographic columns reports break figures down by, with their labels.
DIMENSIONS = {
    "gender": ("Gender", GENDERS),
    "ethnic_group": ("Ethnic group", ETHNIC_GROUPS),
    "disability": ("Disability", YES_NO_PREFER),
    "age_band": ("Age band", AGE_BANDS),
    "region": ("Region", REGIONS),
    "first_generation": ("First in family to go to university", YES_NO_PREFER),
}
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # "id", "date", "year", "choice", "multi", "roles", "text"
    choices: tuple[tuple[str, str], ...] = ()


COLUMNS = (
    Column("respondent_id", True, "id"),
    Column("submitted_on", False, "date"),
    Column("graduation_year", True, "year"),
    Column("degree_route", True, "choice", DEGREE_ROUTES),
    Column("bps_accredited", False, "choice", BPS_ACCREDITED),
    Column("current_status", True, "choice", CURRENT_STATUSES),
    Column("interest_nhs_mh", False, "choice", INTEREST_LEVELS),
    Column("aspired_roles", False, "roles"),
    Column("barriers", False, "multi", BARRIERS),
    Column("gender", False, "choice", GENDERS),
    Column("ethnic_group", False, "choice", ETHNIC_GROUPS),
    Column("disability", False, "choice", YES_NO_PREFER),
    Column("age_band", False, "choice", AGE_BANDS),
    Column("region", False, "choice", REGIONS),
    Column("first_generation", False, "choice", YES_NO_PREFER),
    Column("comments", False, "text"),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)


# --- Errors and results --------------------------------------------------------------------


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, zip bomb, missing columns...)."""


@dataclass(frozen=True, order=True)
class Problem:
    row: int
    column: str
    value: str
    reason: str


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


# --- Normalising names and values ------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-_]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"'})


def normalise_name(name: str) -> str:
    """Column names match ignoring case, surrounding spaces, and spaces/hyphens/underscores."""
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


def normalise_value(value: str) -> str:
    """Coded answers match ignoring case, surrounding spaces, spaces/hyphens/underscores and
    typographic quotes."""
    value = str(value)
    if not value.isascii():  # the quotes are not ASCII (and translating is slow)
        value = value.translate(_QUOTES)
    return _SEPARATORS.sub(" ", value.strip().lower()).strip()


def lookup(choices, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A map from every accepted spelling (code or label, normalised) to the code."""
    table = {}
    for code, label in choices:
        table[normalise_value(code)] = code
        table[normalise_value(label)] = code
    for spelling, code in (extra or {}).items():
        table[normalise_value(spelling)] = code
    return table


def role_lookup(roles: Mapping[str, str]) -> dict[str, str]:
    """Roles are given as {slug: name}; a cell may hold either."""
    return lookup(roles.items())


# --- Opening files ---------------------------------------------------------------------------


def file_kind(path: Path | str, filename: str = "") -> str:
    """'xlsx' or 'csv', from the file's first bytes (an XLSX file is a zip archive) and name."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    name = (filename or str(path)).lower()
    if head == b"PK\x03\x04":
        if name.endswith((".csv", ".txt")):
            raise FileProblem("The file is named .csv but is a zip archive, not a CSV file.")
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileProblem("The file is named as a spreadsheet but is not an XLSX file.")
    return "csv"


def check_zip_safe(
    path: Path | str,
    *,
    max_uncompressed_bytes: int = 1024**3,
    max_ratio: int = 200,
    max_members: int = 10_000,
    max_part_bytes: int = 128 * 1024**2,
    max_shared_strings: int = 2_000_000,
) -> None:
    """Refuse an XLSX (zip) file that would expand into too much, before openpyxl opens it:
    the sizes the archive declares for its members (in all, and the expansion ratio of each);
    then every part openpyxl would read whole (all but the sheets, which it streams: the shared
    strings above all) is inflated by streaming, stopping at `max_part_bytes`, and its shared
    strings are counted, stopping at `max_shared_strings`. Memory stays bounded whatever the
    archive claims."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise FileProblem(f"The file is not a readable XLSX file ({error}).") from None
    if len(members) > max_members:
        raise FileProblem(f"The XLSX file holds {len(members):,} parts, too many to be a survey.")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > max_ratio:
            raise FileProblem(
                f"The XLSX file looks like a zip bomb: {member.filename} expands "
                f"{ratio:,.0f} times. It was not opened."
            )
    if total > max_uncompressed_bytes:
        raise FileProblem(
            f"The XLSX file would expand to {total / 1024**2:,.0f} MB, more than the "
            f"{max_uncompressed_bytes / 1024**2:,.0f} MB allowed. It was not opened."
        )
    _check_whole_parts(path, members, max_part_bytes, max_shared_strings)


_STREAMED_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


def _check_whole_parts(path, members, max_part_bytes: int, max_shared_strings: int) -> None:
    with zipfile.ZipFile(path) as archive:
        for member in members:
            if member.is_dir() or _STREAMED_PART.fullmatch(member.filename):
                continue
            if member.file_size > max_part_bytes:
                raise FileProblem(_too_big_part(member.filename, max_part_bytes))
            inflated, strings, tail = 0, 0, b""
            try:
                with archive.open(member) as part:
                    while block := part.read(1 << 20):
                        inflated += len(block)
                        if inflated > max_part_bytes:
                            raise FileProblem(_too_big_part(member.filename, max_part_bytes))
                        text = tail + block
                        # A tag wholly inside the carried tail was counted with the block
                        # before; one split across the two blocks is counted now.
                        strings += sum(
                            1 for m in _SHARED_STRING.finditer(text) if m.end() > len(tail)
                        )
                        if strings > max_shared_strings:
                            raise FileProblem(
                                f"The XLSX file holds more than {max_shared_strings:,} different "
                                "texts (shared strings), too many to read safely. It was not "
                                "opened; export the sheet as CSV instead."
                            )
                        tail = text[-32:]
            except FileProblem:
                raise
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                RuntimeError,
                ValueError,
            ) as error:
                raise FileProblem(f"The XLSX file cannot be read ({error}).") from None


# calamine reads a sheet whole (about 1 GB of memory for 500,000 survey rows): a sheet larger
# than this, as the archive declares it, is streamed by openpyxl instead, in bounded memory.
CALAMINE_MAX_SHEET_BYTES = 256 * 1024**2


def _largest_sheet_bytes(path) -> int:
    with zipfile.ZipFile(path) as archive:
        sizes = [m.file_size for m in archive.infolist() if _STREAMED_PART.fullmatch(m.filename)]
    return max(sizes, default=0)


def _too_big_part(name: str, limit: int) -> str:
    return (
        f"The XLSX file looks like a zip bomb: {name} expands to more than "
        f"{limit / 1024**2:,.0f} MB. It was not opened."
    )


def detect_encoding(path: Path | str) -> str:
    """UTF-8 (with or without a byte-order mark) if the whole file decodes as UTF-8, else
    Windows-1252."""
    return scan_text(path)[0]


def scan_text(path: Path | str) -> tuple[str, bool]:
    """The encoding (as detect_encoding) and whether the file holds any NUL byte, in one pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding, has_nul = "utf-8-sig", False
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            has_nul = has_nul or b"\x00" in block
            if block.isascii() and not decoder.getstate()[0]:
                continue  # ASCII is UTF-8 (nothing pending from a character split before it)
            if encoding != "cp1252":
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    encoding = "cp1252"
        if encoding != "cp1252":
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "cp1252"
    return encoding, has_nul


# PostgreSQL text and jsonb cannot hold NUL: a NUL in a cell is read as the replacement
# character (as undecodable bytes are), so what is checked is what is stored and reported.
NUL, REPLACEMENT = "\x00", "\ufffd"


def _cell_text(value) -> str:
    """An XLSX cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace(NUL, REPLACEMENT)


def _column_text(cells: list) -> list[str]:
    """`_cell_text` of each cell of a column, computed once per distinct value."""
    kinds = set(map(type, cells))
    if kinds <= {str}:
        if NUL in "".join(cells):
            cells = [v.replace(NUL, REPLACEMENT) for v in cells]
        # One object per distinct text, as the CSV reader gives: hashing and comparing them
        # while checking is then by identity.
        same: dict[str, str] = {}
        return [same.setdefault(v, v) for v in cells]
    if bool not in kinds:  # True == 1 == 1.0 would share one text
        texts = {value: _cell_text(value) for value in dict.fromkeys(cells)}
        try:
            return list(map(texts.__getitem__, cells))
        except KeyError:  # a value not equal to itself (NaN)
            pass
    return [_cell_text(value) for value in cells]


class SurveyReader:
    """Reads a survey file in chunks. `columns` maps each known column to the file's own header
    text; `warnings` names ignored columns; `total_rows` counts the data rows (blank ones too)."""

    def __init__(self, path, kind, sheet=None, chunk_rows=CHUNK_ROWS):
        self.path, self.kind, self.chunk_rows = Path(path), kind, chunk_rows
        self.sheet_name = sheet
        self.warnings: list[str] = []
        self._workbook = None
        self._calamine_rows = None
        self._has_nul = False
        if kind == "xlsx":
            header = self._open_sheet(sheet)
        else:
            self.encoding, self._has_nul = scan_text(self.path)
            header = self._csv_header()
        self.columns = self._match_header(header)

    # CSV ----------------------------------------------------------------------------------
    def _csv_header(self) -> list[str]:
        with open(self.path, encoding=self.encoding, errors="replace", newline="") as handle:
            try:
                return next(csv.reader(handle))
            except StopIteration:
                raise FileProblem(
                    "The file is empty: the first row must name the columns."
                ) from None
            except csv.Error as error:
                raise FileProblem(f"The first row cannot be read as CSV ({error}).") from None

    def _csv_options(self, **extra):
        return {
            "dtype": str,
            "keep_default_na": False,
            "na_filter": False,
            "skip_blank_lines": False,
            "encoding": self.encoding,
            "encoding_errors": "replace",
            "engine": "c",
            # Rows longer than the header (such as a delimiter at the end of every line) must
            # not turn the first column into the index: the extra fields are ignored.
            "index_col": False,
            **extra,
        }

    def count_rows(self) -> int:
        """Data rows in the file (blank rows included), counted by a fast first pass."""
        if self.kind == "xlsx":
            if self._calamine_rows is not None:
                return self._calamine_total
            try:
                return max(self._sheet.max_row - 1, 0) if self._sheet.max_row else 0
            except Exception:  # a damaged dimension record: the count is only for progress
                return 0
        lines, returns, quoted, last = 0, 0, False, b"\n"
        with open(self.path, "rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                returns += block.count(b"\r")
                quoted = quoted or b'"' in block
                last = block[-1:]
        if not quoted and returns in (0, lines):
            # No quoted field, so no line break inside one, and lines end in "\n" or "\r\n":
            # every line after the header is a row (a last line without its break too).
            return max(lines - (last == b"\n"), 0)
        total = 0
        try:
            reader = pd.read_csv(
                self.path, **self._csv_options(usecols=[0], chunksize=500_000, header=0)
            )
            for chunk in reader:
                total += len(chunk)
        except (pd.errors.ParserError, ValueError):
            return 0
        return total

    def _csv_chunks(self) -> Iterator[pd.DataFrame]:
        wanted = set(self.columns.values())
        try:
            reader = pd.read_csv(
                self.path,
                **self._csv_options(
                    usecols=lambda name: name in wanted, chunksize=self.chunk_rows, header=0
                ),
            )
            for chunk in reader:
                chunk = chunk.rename(columns={v: k for k, v in self.columns.items()})
                chunk["_row"] = chunk.index + 2
                yield chunk
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise FileProblem(f"The file cannot be read as CSV: {error}") from None

    # XLSX ---------------------------------------------------------------------------------
    # Read with python-calamine (Rust; the engine pandas' read_excel uses), several times
    # faster than openpyxl; openpyxl only where calamine cannot read a file.
    def _open_sheet(self, sheet) -> list[str]:
        try:
            if _largest_sheet_bytes(self.path) > CALAMINE_MAX_SHEET_BYTES:
                raise ValueError("calamine would hold this sheet whole: openpyxl streams it")
            return self._open_with_calamine(sheet)
        except FileProblem:
            raise
        except Exception:  # noqa: BLE001 - calamine cannot read it: openpyxl may
            self._calamine_rows = None
            return self._open_with_openpyxl(sheet)

    @staticmethod
    def _chosen_sheet(names: list[str], sheet) -> str | None:
        if not sheet:
            return names[0] if names else None
        matches = [n for n in names if n == sheet] or [
            n for n in names if n.strip().lower() == sheet.strip().lower()
        ]
        if not matches:
            raise FileProblem(
                f"The file has no sheet named {sheet!r}; its sheets are "
                + ", ".join(repr(n) for n in names)
                + "."
            )
        return matches[0]

    def _open_with_calamine(self, sheet) -> list[str]:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415 - only XLSX needs it

        workbook = CalamineWorkbook.from_path(str(self.path))
        name = self._chosen_sheet(list(workbook.sheet_names), sheet)
        if name is None:
            raise FileProblem("The XLSX file has no sheets.")
        data = workbook.get_sheet_by_name(name)
        if data.start not in (None, (0, 0)):
            # The used range does not start at A1: row and column numbers would shift.
            raise ValueError("sheet does not start at A1")
        self._calamine_total = max(data.height - 1, 0)
        self._calamine_rows = iter(data.iter_rows())
        first = next(self._calamine_rows, None)
        if not first or not any(value not in ("", None) for value in first):
            raise FileProblem("The sheet is empty: the first row must name the columns.")
        return [_cell_text(value) for value in first]

    def _open_with_openpyxl(self, sheet) -> list[str]:
        import openpyxl  # noqa: PLC0415 - only XLSX files need it

        try:
            self._workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise FileProblem(f"The XLSX file cannot be opened ({error}).") from None
        self._sheet = self._workbook[self._chosen_sheet(self._workbook.sheetnames, sheet)]
        try:
            first = next(self._sheet.iter_rows(max_row=1, values_only=True), None)
        except Exception as error:  # damaged sheet XML, a bad CRC, a cell openpyxl cannot read
            raise FileProblem(f"The first row of the sheet cannot be read ({error}).") from None
        if not first:
            raise FileProblem("The sheet is empty: the first row must name the columns.")
        return [_cell_text(value) for value in first]

    def _xlsx_chunks(self) -> Iterator[pd.DataFrame]:
        wanted = {index: name for name, index in self._xlsx_index.items()}
        positions = sorted(wanted)
        names = [wanted[i] for i in positions]
        rows = self._calamine_rows if self._calamine_rows is not None else self._openpyxl_rows()
        number = 2  # the sheet's row number of the batch's first row
        self._last_row = 1  # the last row read whole (openpyxl's rows say; calamine's are read)
        while True:
            try:
                batch = list(islice(rows, self.chunk_rows))  # at C speed for calamine
            except Exception as error:  # the sheet is damaged part-way (XML, CRC, cell values)
                raise FileProblem(
                    f"The XLSX file cannot be read after row {max(self._last_row, number - 1):,} "
                    f"({error}). "
                    "Save it again from the spreadsheet program, or export it as CSV."
                ) from None
            if not batch:
                break
            yield self._frame(batch, number, names, positions)
            number += len(batch)

    def _openpyxl_rows(self):
        for number, row in enumerate(self._sheet.iter_rows(min_row=2, values_only=True), 2):
            yield row
            self._last_row = number

    @staticmethod
    def _frame(batch, first_row, names, positions):
        """The batch's cells as text, column by column, each distinct cell of a column turned
        into text once."""
        width = positions[-1] + 1 if positions else 0
        if len(set(map(len, batch))) == 1 and len(batch[0]) >= width:
            transposed = list(zip(*batch, strict=True))  # every row as wide: at C speed
            picked = [transposed[position] for position in positions]
        else:
            picked = [
                [row[position] if position < len(row) else "" for row in batch]
                for position in positions
            ]
        columns = {
            name: _column_text(list(cells)) for name, cells in zip(names, picked, strict=True)
        }
        # Object columns of str, as the CSV reader's (no second pass to convert them).
        frame = pd.DataFrame(columns, columns=names, dtype=str)
        frame["_row"] = np.arange(first_row, first_row + len(batch))
        return frame

    # Both ---------------------------------------------------------------------------------
    def _match_header(self, header: list[str]) -> dict[str, str]:
        columns, unknown, self._xlsx_index = {}, [], {}
        for index, text in enumerate(header):
            text = "" if text is None else str(text).replace(NUL, REPLACEMENT)
            name = normalise_name(text)
            if name in COLUMNS_BY_NAME and name not in columns:
                columns[name] = text
                self._xlsx_index[name] = index
            elif text.strip():
                unknown.append(text.strip())
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise FileProblem(
                "The file is missing required column"
                + ("s: " if len(missing) > 1 else ": ")
                + ", ".join(missing)
                + "."
            )
        if unknown:
            self.warnings.append(
                "Unknown column"
                + ("s" if len(unknown) > 1 else "")
                + " ignored: "
                + ", ".join(unknown)
                + "."
            )
        if self.kind == "csv" and len(set(columns.values())) != len(columns):
            raise FileProblem("Two columns of the file have the same name.")
        return columns

    def chunks(self) -> Iterator[pd.DataFrame]:
        """DataFrames of raw text, one column per known survey column (absent optional ones
        filled with ""), plus `_row`."""
        source = self._xlsx_chunks() if self.kind == "xlsx" else self._csv_chunks()
        for chunk in source:
            if self._has_nul:
                for name in self.columns:
                    chunk[name] = chunk[name].str.replace(NUL, REPLACEMENT, regex=False)
            for column in COLUMNS:
                if column.name not in chunk:
                    chunk[column.name] = ""
            yield chunk

    def close(self):
        if self._workbook is not None:
            self._workbook.close()


def open_survey(path, *, filename="", sheet=None, chunk_rows=CHUNK_ROWS, zip_limits=None):
    """Open a survey file: checks its kind (and an XLSX file against zip bombs first) and its
    header. Raises FileProblem."""
    kind = file_kind(path, filename)
    if kind == "xlsx":
        check_zip_safe(path, **(zip_limits or {}))
    elif sheet:
        raise FileProblem("A sheet can only be named for an XLSX file.")
    return SurveyReader(path, kind, sheet=sheet, chunk_rows=chunk_rows)


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
