"""The equity file layouts, read and checked row by row as pure code on plain data (no Django).

Four layouts, told apart by their header (docs/equity.md describes each):

- `clearing_house`: the Clearing House's tidy long layout,
  `Year, Section, Category, applicants_n, accepted_n, note, source`;
- `generic`: entry to any other training,
  `year, programme, section, category, applicants, shortlisted, appointed`;
- `workforce`: staff by band,
  `year, organisation_code, organisation_name, staff_group, role, band, characteristic, group,
  headcount`;
- `targets`: workforce-plan targets, `plan, source, profession, year, measure, target`.

A blank count means the source suppressed it: it is kept as None, never zero. Every problem is
reported as (row, column, value, reason), row numbers as a spreadsheet shows them (the header
is row 1)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FIRST_YEAR = 2000
LAST_TARGET_YEAR = 2045

# Sections (characteristics) the importer knows, with the spellings it accepts.
SECTIONS = {
    "AGE": "Age",
    "DISABILITY": "Disability",
    "ETHNICITY": "Ethnicity",
    "GENDER": "Gender",
    "SEXUAL ORIENTATION": "Sexual orientation",
    "RELIGION": "Religion or belief",
    "SOCIO-ECONOMIC BACKGROUND": "Socio-economic background",
    "DEPENDANTS": "Dependants",
    "RELATIONSHIP STATUS": "Relationship status",
    "FIRST GENERATION": "First in family to go to university",
    "TOTALS": "Totals",
}
SECTION_ALIASES = {
    "SOCIO ECONOMIC BACKGROUND": "SOCIO-ECONOMIC BACKGROUND",
    "SOCIOECONOMIC BACKGROUND": "SOCIO-ECONOMIC BACKGROUND",
    "SEB": "SOCIO-ECONOMIC BACKGROUND",
    "ETHNIC GROUP": "ETHNICITY",
    "ETHNIC ORIGIN": "ETHNICITY",
    "SEX": "GENDER",
    "AGE GROUP": "AGE",
    "AGE BAND": "AGE",
    "RELIGION OR BELIEF": "RELIGION",
    "MARITAL STATUS": "RELATIONSHIP STATUS",
    "TOTAL": "TOTALS",
}

# The reference group of each section, unless a programme says otherwise (category keys).
DEFAULT_REFERENCE = {
    "ETHNICITY": "white",
    "DISABILITY": "no-disability",
    "SOCIO-ECONOMIC BACKGROUND": "quintile-5",
    "GENDER": "man",
    "SEXUAL ORIENTATION": "heterosexual",
    "AGE": "25-29",
    "FIRST GENERATION": "not-first-generation",
}

# Category wordings that mean the same group across years and sources -> one key.
CATEGORY_ALIASES = {
    "ETHNICITY": {
        "white": "white",
        "asian or asian british": "asian",
        "asian": "asian",
        "black or black british": "black",
        "black black british caribbean or african": "black",
        "black african caribbean or black british": "black",
        "black": "black",
        "mixed": "mixed",
        "mixed or multiple ethnic groups": "mixed",
        "mixed multiple ethnic groups": "mixed",
        "other ethnic group": "other",
        "other": "other",
        "chinese or other ethnic group": "other",
        "any other ethnic group": "other",
        "not stated": "not-stated",
        "prefer not to say": "not-stated",
        "unknown": "not-stated",
        "black other": "black-other",
        "any other black background": "black-other",
        "asian other": "asian-other",
        "any other asian background": "asian-other",
        "white other": "white-other",
        "any other white background": "white-other",
        "asian indian": "indian",
        "asian pakistani": "pakistani",
        "asian bangladeshi": "bangladeshi",
        "asian chinese": "chinese",
        "black african": "black-african",
        "black caribbean": "black-caribbean",
        "mixed other": "mixed-other",
        "any other mixed background": "mixed-other",
        "mixed white and black caribbean": "mixed-white-and-black-caribbean",
    },
    "DISABILITY": {
        "disability": "disability",
        "a disability": "disability",
        "disabled": "disability",
        "yes": "disability",
        "declared a disability": "disability",
        "no disability": "no-disability",
        "no known disability": "no-disability",
        "not disabled": "no-disability",
        "no": "no-disability",
        "prefer not to say": "not-stated",
        "not stated": "not-stated",
    },
    "GENDER": {
        "female": "woman",
        "women": "woman",
        "woman": "woman",
        "male": "man",
        "men": "man",
        "man": "man",
        "non binary": "non-binary",
        "prefer not to say": "not-stated",
        "not stated": "not-stated",
    },
    "SOCIO-ECONOMIC BACKGROUND": {
        **{f"quintile {n}": f"quintile-{n}" for n in range(1, 6)},
        **{f"polar quintile {n}": f"quintile-{n}" for n in range(1, 6)},
        **{f"polar4 quintile {n}": f"quintile-{n}" for n in range(1, 6)},
        **{f"polar3 quintile {n}": f"quintile-{n}" for n in range(1, 6)},
        **{f"q{n}": f"quintile-{n}" for n in range(1, 6)},
    },
    "SEXUAL ORIENTATION": {"heterosexual": "heterosexual", "heterosexual straight": "heterosexual"},
    "FIRST GENERATION": {
        "yes": "first-generation",
        "no": "not-first-generation",
        "first generation": "first-generation",
        "not first generation": "not-first-generation",
    },
}

BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
BAND_LABELS = {band: f"Band {band}" for band in BANDS}
MEASURES = {"headcount": "Headcount", "fte": "Full-time equivalent"}

LAYOUTS = {
    "clearing_house": {
        "required": ("year", "section", "category", "applicants_n", "accepted_n"),
        "optional": ("note", "source"),
    },
    "generic": {
        "required": ("year", "programme", "section", "category", "applicants", "appointed"),
        "optional": ("shortlisted",),
    },
    "workforce": {
        "required": (
            "year",
            "organisation_code",
            "staff_group",
            "band",
            "characteristic",
            "group",
            "headcount",
        ),
        "optional": ("organisation_name", "role"),
    },
    "targets": {
        "required": ("plan", "profession", "year", "measure", "target"),
        "optional": ("source",),
    },
}
# Each layout's columns in the order the docs give them: the demo writes its files in this
# order, and so do the tests' files (tests/careers/equity/layouts.py).
COLUMNS = {
    "clearing_house": (
        "Year",
        "Section",
        "Category",
        "applicants_n",
        "accepted_n",
        "note",
        "source",
    ),
    "generic": (
        "year",
        "programme",
        "section",
        "category",
        "applicants",
        "shortlisted",
        "appointed",
    ),
    "workforce": (
        "year",
        "organisation_code",
        "organisation_name",
        "staff_group",
        "role",
        "band",
        "characteristic",
        "group",
        "headcount",
    ),
    "targets": ("plan", "source", "profession", "year", "measure", "target"),
}
ENTRY_LAYOUTS = ("clearing_house", "generic")
LAYOUT_LABELS = {
    "clearing_house": "Clearing House tidy long layout",
    "generic": "Generic training-entry layout",
    "workforce": "Workforce by band",
    "targets": "Workforce-plan targets",
}


class FileUnreadable(Exception):
    """The file cannot be read as a table at all (not CSV or XLSX, no header, wrong layout)."""


@dataclass
class Parsed:
    layout: str
    rows: list[dict] = field(default_factory=list)
    problems: list[list] = field(default_factory=list)
    rows_read: int = 0


# --- Normalising ---------------------------------------------------------------------------------


def column_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


def _words(text: str) -> str:
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def slug(text: str) -> str:
    return _words(text).replace(" ", "-")


def section_code(text: str) -> str | None:
    """The canonical section for a spelling, or None if unknown."""
    upper = " ".join(str(text).replace("_", " ").upper().split())
    upper = SECTION_ALIASES.get(upper, upper)
    return upper if upper in SECTIONS else None


def section_slug(code: str) -> str:
    return slug(code)


SECTION_BY_SLUG = {section_slug(code): code for code in SECTIONS}

_TOTAL_PATTERNS = (
    re.compile(r"^total in the (.+?)(?: groups?)?$"),
    re.compile(r"^total with (?:a |an )?(.+)$"),
    re.compile(r"^total (.+)$"),
    re.compile(r"^(.+?) total$"),
    re.compile(r"^all (.+)$"),
)


def category_key(section: str, label: str) -> tuple[str, bool]:
    """(key, is a group total) for a category as worded in a source: wordings that mean the same
    group across years share one key; "Total in the White group" is the total of the White
    group (key "white")."""
    words = _words(label)
    is_total = False
    for pattern in _TOTAL_PATTERNS:
        match = pattern.match(words)
        if match and section != "TOTALS":
            words, is_total = match.group(1), True
            break
    if section == "ETHNICITY":
        # "Black or Black British - African" (older years) is "Black African" (newer ones).
        words = re.sub(r"^(asian|black) or \1 british (?=\w)", r"\1 ", words)
    aliases = CATEGORY_ALIASES.get(section, {})
    key = aliases.get(words, words.replace(" ", "-"))
    return key or "blank", is_total


def band_code(text: str) -> str | None:
    words = _words(text)
    words = re.sub(r"^(?:afc )?band ", "", words).replace(" ", "")
    return words if words in BANDS else None


# --- Reading -------------------------------------------------------------------------------------


def read_table(path: Path | str, sheet: str = "") -> tuple[list[str], list[list[str]]]:
    """Header and rows as text, from a CSV (UTF-8 or Windows-1252) or an XLSX file."""
    path = Path(path)
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start.startswith(b"PK"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any damaged workbook
            raise FileUnreadable("The file is not a readable XLSX workbook.") from error
        try:
            if sheet and sheet not in book.sheetnames:
                raise FileUnreadable(f"The workbook has no sheet called “{sheet}”.")
            worksheet = book[sheet] if sheet else book.worksheets[0]
            values = [
                ["" if cell is None else _cell_text(cell) for cell in row]
                for row in worksheet.iter_rows(values_only=True)
            ]
        finally:
            book.close()
    else:
        raw = path.read_bytes()
        if b"\x00" in raw:
            raise FileUnreadable("The file is not a text CSV file (it holds NUL bytes).")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        values = list(csv.reader(io.StringIO(text)))
    values = [row for row in values if any(str(cell).strip() for cell in row)]
    if not values:
        raise FileUnreadable("The file is empty: it needs a header row and at least one row.")
    return [column_name(c) for c in values[0]], values[1:]


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def detect_layout(header: list[str]) -> str:
    present = set(header)
    for layout, spec in LAYOUTS.items():
        if set(spec["required"]) <= present:
            return layout
    expected = "; ".join(
        f"{LAYOUT_LABELS[name]}: {', '.join(spec['required'])}" for name, spec in LAYOUTS.items()
    )
    raise FileUnreadable(
        f"The columns ({', '.join(header) or 'none'}) match no known layout. Expected one of "
        f"these sets of columns: {expected}."
    )


# --- Checking ------------------------------------------------------------------------------------


class _Row:
    def __init__(self, number: int, values: dict, problems: list):
        self.number, self.values, self.problems, self.ok = number, values, problems, True

    def text(self, column: str) -> str:
        return str(self.values.get(column, "")).strip()

    def fail(self, column: str, reason: str):
        self.problems.append([self.number, column, self.text(column), reason])
        self.ok = False

    def count(self, column: str, *, required=False) -> int | None:
        value = self.text(column).replace(",", "")
        if value == "":
            if required:
                self.fail(column, "A number is needed here.")
            return None
        if not re.fullmatch(r"\d+(?:\.0+)?", value):
            if re.fullmatch(r"-\d+(?:\.\d+)?", value):
                self.fail(column, "A count cannot be negative.")
            else:
                self.fail(
                    column, "Not a whole number (leave it blank if the source suppressed it)."
                )
            return None
        return int(float(value))

    def number_value(self, column: str) -> float | None:
        value = self.text(column).replace(",", "")
        try:
            number = float(value)
        except ValueError:
            self.fail(column, "Not a number.")
            return None
        if number < 0:
            self.fail(column, "A target cannot be negative.")
            return None
        return number

    def year(self, last: int) -> int | None:
        value = self.text("year")
        match = re.fullmatch(r"(\d{4})(?:\s*[/-]\s*\d{2,4})?", value)
        if not match:
            self.fail("year", "Not a year (for example 2024, or 2024/25).")
            return None
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= last:
            self.fail("year", f"The year must be between {FIRST_YEAR} and {last}.")
            return None
        return year

    def section(self, column: str) -> str | None:
        code = section_code(self.text(column))
        if code is None:
            self.fail(column, f"Unknown section. Known sections: {', '.join(sorted(SECTIONS))}.")
        return code

    def required_text(self, column: str, limit: int) -> str:
        value = self.text(column)
        if not value:
            self.fail(column, "This cannot be blank.")
        elif len(value) > limit:
            self.fail(column, f"At most {limit} characters.")
        elif "\x00" in value:
            self.fail(column, "Holds a NUL character.")
        return value

    def optional_text(self, column: str, limit: int) -> str:
        value = self.text(column)
        if len(value) > limit:
            self.fail(column, f"At most {limit} characters.")
        return value.replace("\x00", "")


def check(
    path: Path | str,
    *,
    programme_names: tuple[str, ...] = (),
    sheet: str = "",
    this_year: int | None = None,
) -> Parsed:
    """Read and check a file. `programme_names` are the slug and name a generic layout's
    programme column must match."""
    header, body = read_table(path, sheet)
    layout = detect_layout(header)
    last = (this_year or date.today().year) + 1
    parsed = Parsed(layout=layout)
    seen: dict[tuple, int] = {}
    accepted_names = {_words(name) for name in programme_names}
    for index, cells in enumerate(body, start=2):
        values = dict(zip(header, cells, strict=False))
        row = _Row(index, values, parsed.problems)
        parsed.rows_read += 1
        if layout in ENTRY_LAYOUTS:
            item = _entry_row(row, layout, last, accepted_names)
            key: tuple = ("entry", item.get("year"), item.get("section"), item.get("category_key"))
        elif layout == "workforce":
            item = _workforce_row(row, last)
            key = (
                "workforce",
                item.get("year"),
                item.get("organisation_code"),
                item.get("staff_group"),
                item.get("role"),
                item.get("band"),
                item.get("characteristic"),
                item.get("group_key"),
            )
        else:
            item = _target_row(row)
            key = ("target", item.get("plan"), item.get("profession_key"), item.get("year"))
        if row.ok:
            if key in seen:
                row.fail(
                    "category" if layout in ENTRY_LAYOUTS else "year",
                    f"The same figure as row {seen[key]} (after matching wordings).",
                )
            else:
                seen[key] = index
        if row.ok:
            item["row"] = index
            parsed.rows.append(item)
    return parsed


def _entry_row(row: _Row, layout: str, last: int, programme_names: set) -> dict:
    year = row.year(last)
    section = row.section("section")
    label = row.required_text("category", 200)
    if layout == "clearing_house":
        applicants = row.count("applicants_n")
        accepted = row.count("accepted_n")
        shortlisted = None
        accepted_column = "accepted_n"
        note, source = row.optional_text("note", 500), row.optional_text("source", 500)
    else:
        programme = row.text("programme")
        if programme_names and _words(programme) not in programme_names:
            row.fail("programme", "Not the programme this file is being imported into.")
        applicants = row.count("applicants")
        shortlisted = row.count("shortlisted")
        accepted = row.count("appointed")
        accepted_column = "appointed"
        note, source = "", ""
        if shortlisted is not None and applicants is not None and shortlisted > applicants:
            row.fail("shortlisted", "More shortlisted than applied.")
        if shortlisted is not None and accepted is not None and accepted > shortlisted:
            row.fail(accepted_column, "More appointed than shortlisted.")
    if applicants is not None and accepted is not None and accepted > applicants:
        row.fail(accepted_column, "More accepted than applied.")
    key, is_total = category_key(section or "", label) if label else ("", False)
    return {
        "year": year,
        "section": section,
        "category": label,
        "category_key": key,
        "is_group_total": is_total,
        "applicants": applicants,
        "shortlisted": shortlisted,
        "accepted": accepted,
        "note": note,
        "source": source,
    }


def _workforce_row(row: _Row, last: int) -> dict:
    year = row.year(last)
    code = row.required_text("organisation_code", 20).upper()
    name = row.optional_text("organisation_name", 200)
    staff_group = row.required_text("staff_group", 120)
    role = row.optional_text("role", 120)
    band = band_code(row.text("band"))
    if band is None:
        row.fail("band", f"Unknown band. Known bands: {', '.join(BAND_LABELS.values())}.")
    characteristic = row.section("characteristic")
    group = row.required_text("group", 200)
    headcount = row.count("headcount")
    key, _ = category_key(characteristic or "", group) if group else ("", False)
    return {
        "year": year,
        "organisation_code": code,
        "organisation_name": name,
        "staff_group": staff_group,
        "role": role,
        "band": band,
        "characteristic": characteristic,
        "group": group,
        "group_key": key,
        "headcount": headcount,
    }


def _target_row(row: _Row) -> dict:
    plan = row.required_text("plan", 200)
    source = row.optional_text("source", 500)
    profession = row.required_text("profession", 120)
    year = row.year(LAST_TARGET_YEAR)
    measure = _words(row.text("measure")).replace(" ", "")
    if measure not in MEASURES:
        row.fail("measure", "The measure must be headcount or FTE.")
    target = row.number_value("target")
    return {
        "plan": plan,
        "source": source,
        "profession": profession,
        "profession_key": slug(profession),
        "year": year,
        "measure": measure,
        "target": target,
    }
