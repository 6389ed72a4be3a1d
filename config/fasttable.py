"""The NHS table macro's markup for many cells, at a fraction of the macro's cost.

nhsuk-frontend-jinja's table macro calls several macros for every cell, which made most of the
time of pages with tables (route finder, role pages, the referrals caseload, survey reports).
`templates/nhsuk/components/tables/macro.jinja` overrides the package's macro file with this
function, so every import of that macro gets it. For a table whose caption and cells are
one-line text or links, or HTML (a column may have a format, such as "numeric"), this renders the
package's template once per table shape (head, caption size, column kinds, formats, responsive
headings, and the table's options: scroll, compact, first cell as header, id and classes) with
marker text, two rows of it, and then fills each table's caption and
cells into that markup: the macro's own markup, byte for byte (the tests compare the two on
generated text). Any other table is rendered by the template itself.

It keeps no data: the markup per table shape is a function of the package's template alone
(like Jinja's own compiled templates), memoised by `_parts`. The project's caches of data are
described in docs/architecture.md ("Caches").
"""

import re
from functools import lru_cache

from django.template import engines
from markupsafe import Markup, escape

_CELL_KEYS = {"text", "html", "href", "header", "format", "classes"}
_HEAD_KEYS = ({"text"}, {"text", "format"})
# Options of the whole table, the same for every cell: part of the table's shape.
_FLAGS = {"responsive", "scroll", "compact", "firstCellIsHeader"}
_NAMES = {"id", "classes"}
_PARAM_KEYS = {"caption", "captionSize", "head", "rows"} | _FLAGS | _NAMES
_MARK = "pathwaysfasttable"
# "h": a link cell's address; "n": the second line of an html cell, to see how the macro
# indents the lines of a cell after its first; "captionid": the id a scrolling table without
# an id of its own gives its caption, made from the caption's text.
_MARK_RE = re.compile(_MARK + r"(captionid|caption|\d+x\d+[hn]?)")
_MAX_SHAPES = 256


def _macro():
    """The package's own table markup (what its macro includes), bypassing our override."""
    template = engines["jinja2"].env.get_template("nhsuk/components/tables/template.jinja")
    return lambda params: Markup(template.render(params=params))  # noqa: S704


def _one_line(value) -> bool:
    return len(value.splitlines()) <= 1 and value == value.strip()


def _shape(params):
    """(key, column kinds, column headings) for a simple table, or None."""
    if set(params) - _PARAM_KEYS:
        return None
    if any(type(params[name]) is not bool for name in _FLAGS & set(params)):
        return None
    for name in _NAMES & set(params):
        value = params[name]
        if type(value) is not str or not value or not _one_line(value) or "sortable" in value:
            return None
    caption, rows, head = params.get("caption"), params.get("rows"), params.get("head")
    if not isinstance(caption, str) or not caption or not _one_line(caption):
        return None
    if not isinstance(rows, list) or not rows or not isinstance(head, list):
        return None
    heads = []
    for item in head:
        if not isinstance(item, dict) or set(item) not in _HEAD_KEYS:
            return None
        if type(item["text"]) is not str or type(item.get("format", "")) is not str:
            return None
        heads.append((item["text"], item.get("format")))
    width = len(rows[0])
    kinds, headings, formats = [None] * width, [None] * width, [None] * width
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            return None
        for column, cell in enumerate(row):
            if not isinstance(cell, dict) or set(cell) - _CELL_KEYS:
                return None
            kind = "html" if "html" in cell else "link" if "href" in cell else "text"
            value = cell.get("html" if kind == "html" else "text")
            heading, form = cell.get("header"), (cell.get("format"), cell.get("classes"))
            if kind == "html" and ("text" in cell or "href" in cell or not value):
                return None  # the macro treats an empty html cell as text
            if kind == "html" and isinstance(value, str):
                value = value.strip()  # as the macro trims it; its lines are indented below
                if not value:
                    return None
            href = cell.get("href")
            if kind == "link" and (type(href) is not str or not href or not _one_line(href)):
                return None
            if not isinstance(value, str) or (kind != "html" and not _one_line(value)):
                return None
            if heading is not None and (type(heading) is not str or not _one_line(heading)):
                return None
            if any(
                v is not None and (type(v) is not str or not _one_line(v) or not v) for v in form
            ):
                return None
            if row is rows[0]:
                kinds[column], headings[column], formats[column] = kind, heading, form
            elif (kind, heading, form) != (kinds[column], headings[column], formats[column]):
                return None
    options = tuple(sorted((name, params[name]) for name in (_FLAGS | _NAMES) & set(params)))
    key = (
        params.get("captionSize"),
        options,
        tuple(heads),
        tuple(kinds),
        tuple(headings),
        tuple(formats),
    )
    return key, kinds, headings, formats, heads


def _split(html: str):
    """Markup split at the markers: [literal, marker, literal, marker, ..., literal]."""
    return _MARK_RE.split(html)


@lru_cache(maxsize=_MAX_SHAPES)
def _parts(key):
    """The package's markup for a table shape, split at the markers, or False if it is not
    what this expects (then the macro renders every table of that shape)."""
    caption_size, options, heads, kinds, headings, formats = key
    params = dict(options)
    if caption_size is not None:
        params["captionSize"] = caption_size
    return _build(params, kinds, headings, formats, heads) or False


def _caption_id(params) -> str | None:
    """The id the macro gives the caption of a scrolling table without an id of its own:
    "table-", the caption's text through Jinja's `replace(" ", "-") | lower | truncate(40,
    true, "")` (truncate leaves a text up to its leeway of 5 longer alone), "-caption"."""
    if not params.get("scroll") or params.get("id"):
        return None
    text = params["caption"].replace(" ", "-").lower()
    return f"table-{text if len(text) <= 45 else text[:40]}-caption"


def _build(params, kinds, headings, formats, heads):
    def cell(row, column):
        mark = f"{_MARK}{row}x{column}"
        html = Markup(f"{mark}\n{mark}n")  # noqa: S704 - marker text on two lines
        item = {"html": html} if kinds[column] == "html" else {"text": mark}
        if kinds[column] == "link":
            item["href"] = mark + "h"
        if headings[column] is not None:
            item["header"] = headings[column]
        for name, value in zip(("format", "classes"), formats[column], strict=True):
            if value is not None:
                item[name] = value
        return item

    skeleton = {
        **params,
        "caption": f"{_MARK}caption",
        "head": [{"text": text, **({"format": form} if form else {})} for text, form in heads],
        "rows": [[cell(row, column) for column in range(len(kinds))] for row in (0, 1)],
    }
    caption_marks = ["caption"]
    if _caption_id(skeleton) is not None:
        # The same caption as a mapping, its id marked (a string caption's text and size).
        skeleton["caption"] = {"text": f"{_MARK}caption", "id": f"{_MARK}captionid"}
        if "captionSize" in params:
            skeleton["caption"]["size"] = params["captionSize"]
        caption_marks = ["captionid", "captionid", "caption"]  # the scroll's label, the id
    html = str(_macro()(skeleton))
    first = html.rfind("<tr", 0, html.index(f"{_MARK}0x0"))
    second = html.rfind("<tr", 0, html.index(f"{_MARK}1x0"))
    parts = (_split(html[:first]), _split(html[first:second]), _split(html[second:]))

    def marks(row):
        extra = {"link": ["h", ""], "html": ["", "n"], "text": [""]}
        return [f"{row}x{c}{end}" for c, kind in enumerate(kinds) for end in extra[kind]]

    if [part[1::2] for part in parts] != [caption_marks, marks(0), marks(1)]:
        return None  # the macro's markup is not what this expects: always use the macro
    for part in parts[1:]:
        newlines = [part[2 * i] for i, mark in enumerate(part[1::2]) if mark.endswith("n")]
        if any(line[:1] != "\n" or line[1:].strip(" ") for line in newlines):
            return None  # not a line break and spaces between an html cell's two lines
    return parts


def _indented(html: str, newline: str) -> str:
    """An html cell's lines as the macro writes them: trimmed, and every further line that is
    not empty after `newline` (a line break and the indentation it gives them)."""
    first, *rest = str(html).strip().splitlines()  # str: safe markup, not escaped again
    indent = newline[1:]
    return first + "".join("\n" + (indent + line if line else line) for line in rest)


def _as_text(params):
    """`params` with every number in a cell's text written out, and a cell's link without an
    address left out (as the macro treats it). The macro shows a cell's text only when it is
    true, so a count of 0 given as a number would show as an empty cell."""
    rows = params.get("rows")
    if not isinstance(rows, list):
        return params

    def cell(item):
        if not isinstance(item, dict):
            return item
        text = item.get("text")
        if isinstance(text, int | float) and not isinstance(text, bool):
            item = {**item, "text": str(text)}
        if "href" in item and item["href"] is None:
            item = {key: value for key, value in item.items() if key != "href"}
        return item

    return {**params, "rows": [[cell(c) for c in r] if isinstance(r, list) else r for r in rows]}


def table(params) -> Markup:
    """The NHS table macro's output for `params` (numbers in cells written out first)."""
    params = _as_text(params)
    shape = _shape(params)
    if shape is None:
        return _macro()(params)
    key, kinds = shape[0], shape[1]
    parts = _parts(key)
    if parts is False:
        return _macro()(params)
    prefix, middle, last = parts
    caption_id = _caption_id(params)
    filled = {"caption": escape(params["caption"]), "captionid": escape(caption_id or "")}
    out = [prefix[0]]
    for mark, literal in zip(prefix[1::2], prefix[2::2], strict=True):
        out += [filled[mark], literal]
    rows = params["rows"]
    for number, row in enumerate(rows):
        segment = middle if number < len(rows) - 1 else last
        out.append(segment[0])
        literals = iter(segment[2::2])
        for column, cell in enumerate(row):
            if kinds[column] == "link":
                out.append(str(escape(cell["href"])))
                out.append(next(literals))
            if kinds[column] == "html":
                out.append(_indented(cell["html"], next(literals)))
            else:
                out.append(str(escape(cell["text"])))
            out.append(next(literals))
    return Markup("".join(out))  # noqa: S704 - the macro's markup and escaped or safe values
