"""Hypothesis strategies for hostile input: text that breaks naive code (control characters,
very long strings, odd unicode, SQL, HTML and template fragments) and survey files that are
almost right (real headers and rows with damaged cells, damaged XLSX workbooks, random bytes)."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from hypothesis import strategies as st

from tests.careers.surveys import HEADER, respondent

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
FORMULA = "=cmd|' /C calc'!A0"

FRAGMENTS = [
    SCRIPT,
    IMG,
    JS_URL,
    FORMULA,
    "'; DROP TABLE referrals_referral; --",
    "' OR '1'='1",
    '" OR ""="',
    "%' AND 1=1 --",
    "\\",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "\r\n\r\n",
    "\u202e\u202d",
    "\ufeff",
    "\ud7ff\ue000\uffff",
    "𝕳𝖊𝖑𝖑𝖔 🧠",
    "Ǆǅǆ ß ﬁ İ",
    "a" * 300,
    "1e309",
    "-1",
    "99999999999999999999999",
    "NaN",
    "CS-000001",
    "<!--",
    "]]>",
    "&amp;",
    ";;;;",
    "  ",
]

# Printable and not: every category, surrogates excluded (they cannot be encoded).
any_characters = st.characters(exclude_categories=("Cs",))
control_characters = st.characters(categories=("Cc", "Cf", "Zl", "Zp"))

hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(any_characters, max_size=40),
    st.text(control_characters, min_size=1, max_size=10),
    st.builds(
        lambda a, b, c: a + b + c,
        st.text(any_characters, max_size=8),
        st.sampled_from(FRAGMENTS),
        st.text(any_characters, max_size=8),
    ),
    # Very long: a short piece repeated (cheap to generate, long to handle).
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["x", "é", "<", "9"]),
        st.integers(1_000, 40_000),
    ),
)


# --- Survey files ---------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]], encoding="utf-8", newline="\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _valid_rows(n=3) -> list[list[str]]:
    return [HEADER] + [[respondent(i)[name] for name in HEADER] for i in range(n)]


@st.composite
def survey_rows(draw) -> list[list[str]]:
    """The real header (maybe reordered, renamed in case, with extra columns) and rows whose
    cells are valid answers or hostile text."""
    header = list(HEADER)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.booleans()):
        header = [
            name.upper().replace("_", " ") if draw(st.booleans()) else name for name in header
        ]
    if draw(st.booleans()):
        header = header + [draw(st.sampled_from(FRAGMENTS) | st.text(any_characters, max_size=30))]
    rows = [header]
    for i in range(draw(st.integers(0, 6))):
        valid = respondent(i)
        row = []
        for name in HEADER:
            row.append(draw(hostile_text) if draw(st.integers(0, 3)) == 0 else valid[name])
        if draw(st.booleans()) and row:
            row = row[: draw(st.integers(0, len(row)))]  # a short row
        rows.append(row)
    return rows


def _mutate(data: bytes, draw) -> bytes:
    """Flip, insert, delete or truncate some bytes."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_VALID_XLSX = None


def _valid_xlsx() -> bytes:
    global _VALID_XLSX
    if _VALID_XLSX is None:
        _VALID_XLSX = xlsx_bytes(_valid_rows(4))
    return _VALID_XLSX


def _rewrite_member(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


@st.composite
def damaged_xlsx(draw) -> bytes:
    """A real workbook whose sheet XML (or another part) is damaged after the header row, so
    that opening it and reading the header work but reading the rows may not."""
    part = draw(
        st.sampled_from(
            ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
        )
    )
    data = _valid_xlsx()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    if part not in names:
        part = "xl/worksheets/sheet1.xml"

    def change(content: bytes) -> bytes:
        start = content.find(b'<row r="2"')
        start = start if start > 0 else len(content) // 2
        at = draw(st.integers(start, len(content)))
        how = draw(st.sampled_from(["truncate", "insert", "replace"]))
        if how == "truncate":
            return content[:at]
        junk = draw(
            st.sampled_from(
                [
                    b"<",
                    b"&bogus;",
                    b'<c r="ZZZZ999999999" t="s"><v>99999</v></c>',
                    b'<c t="n"><v>not a number</v></c>',
                    b'<c t="d"><v>yesterday</v></c>',
                    b'<c t="b"><v>7</v></c>',
                    b"\x00\xff",
                    b'<row r="-1">',
                ]
            )
            | st.binary(max_size=12)
        )
        if how == "insert":
            return content[:at] + junk + content[at:]
        return content[:at] + junk + content[at + len(junk) :]

    return _rewrite_member(data, part, change)


@st.composite
def xlsx_with_hostile_cells(draw) -> bytes:
    rows = draw(survey_rows())
    # Cells of other types, as a spreadsheet holds them.
    extra = st.one_of(
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.dates(),
        st.none(),
    )
    mixed = [
        [draw(extra) if draw(st.integers(0, 5)) == 0 else cell for cell in row] for row in rows[1:]
    ]
    cleaned = [
        [
            "".join(ch for ch in cell if ch >= " " or ch in "\t\n\r")
            if isinstance(cell, str)
            else cell
            for cell in row
        ]
        for row in [rows[0], *mixed]
    ]
    try:
        return xlsx_bytes(cleaned)
    except Exception:  # openpyxl refuses some values (such as very long text): just valid rows
        return _valid_xlsx()


survey_files = st.one_of(
    # CSV-shaped text in several encodings and line endings.
    st.builds(
        csv_bytes,
        survey_rows(),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
    # Valid files with some bytes damaged.
    st.composite(lambda draw: _mutate(csv_bytes(_valid_rows()), draw))(),
    st.composite(lambda draw: _mutate(_valid_xlsx(), draw))(),
    damaged_xlsx(),
    xlsx_with_hostile_cells(),
    # Anything at all, including a zip header in front of junk.
    st.binary(max_size=2_000),
    st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=500)),
)
survey_names = st.sampled_from(
    ["survey.csv", "survey.xlsx", "survey.txt", "SURVEY.CSV", "survey.xls", "survey", "s.xlsm"]
)
