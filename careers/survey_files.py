"""Reading survey files, CSV and XLSX (docs/survey-format.md), with python-calamine and
openpyxl: no Django, no database. The format itself and the row checks are
`careers/survey_format.py`.

Reading is streamed in chunks so a file of a million rows never sits in memory whole:
`open_survey(path, ...)` gives a `SurveyReader` whose `chunks()` yields DataFrames of raw text
with a `_row` column holding the row number a spreadsheet shows (the header is row 1, a record
whose text holds line breaks is still one row, blank rows count but are skipped). An XLSX file
is checked against zip bombs before it is opened.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from careers.survey_format import (
    CHUNK_ROWS,
    COLUMNS,
    COLUMNS_BY_NAME,
    REQUIRED_COLUMNS,
    FileProblem,
    normalise_name,
)


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
