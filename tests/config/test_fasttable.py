"""config.fasttable gives exactly the NHS table macro's markup (the package's own macro, not
our override of it)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import ChainableUndefined, Environment, PackageLoader
from markupsafe import Markup

from config import fasttable

HEAD = [{"text": "Step"}, {"text": "How"}, {"text": "Time"}]


# The package alone, with the portal's environment options.
PACKAGE_ENV = Environment(  # noqa: S701 - autoescape is on
    loader=PackageLoader("nhsuk_frontend_jinja"),
    undefined=ChainableUndefined,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def macro(params):
    return PACKAGE_ENV.get_template("nhsuk/components/tables/macro.jinja").module.table(params)


one_line = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\x0b\x0c"),
    max_size=30,
).map(str.strip)
not_blank = one_line.filter(bool)
# Text that is one line even to str.splitlines (no control or line-separator characters).
plain = (
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=50)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60)
@given(
    caption=not_blank,
    cells=st.lists(st.tuples(not_blank, one_line, one_line), min_size=1, max_size=6),
    responsive=st.booleans(),
    first_kind=st.sampled_from(["text", "html", "link", "lines"]),
    address=not_blank,
)
def test_fast_tables_are_the_macros_markup(caption, cells, responsive, first_kind, address):
    rows = []
    for first, second, third in cells:
        first_cell = {
            "text": {"text": first},
            "html": {"html": Markup('<a href="/x">{}</a>').format(first)},
            "lines": {
                "html": Markup('\n <strong class="tag">\n  {}\n\n </strong>  {}\n').format(
                    first, address
                )
            },
            "link": {"text": first, "href": "/x/?" + address},  # the macro's own link cell
        }[first_kind]
        rows.append(
            [
                {**first_cell, "header": "Step"},
                {"text": second, "header": "How"},
                {"text": Markup(third), "header": "Time"},  # noqa: S704 - as a macro's output
            ]
        )
    params = {"caption": caption, "captionSize": "s", "responsive": responsive, "head": HEAD}
    params["rows"] = rows
    assert str(fasttable.table(params)) == str(macro(params))


@settings(max_examples=40)
@given(
    cells=st.lists(
        st.tuples(st.text("ab <>&'\"", min_size=1).map(str.strip).filter(bool), st.integers()),
        min_size=1,
        max_size=6,
    ),
    responsive=st.booleans(),
)
def test_fast_tables_with_a_numeric_column_are_the_macros_markup(cells, responsive):
    head = [{"text": "Name"}, {"text": "Score", "format": "numeric"}]
    rows = [
        [{"text": name, "header": "Name"}, {"text": str(n), "format": "numeric", "header": "Score"}]
        for name, n in cells
    ]
    params = {"caption": "Scores", "captionSize": "s", "responsive": responsive, "head": head}
    params["rows"] = rows
    assert fasttable._shape(params) is not None
    assert str(fasttable.table(params)) == str(macro(params))


@settings(max_examples=80)
@given(
    caption=plain,
    cells=st.lists(st.tuples(plain, plain), min_size=1, max_size=4),
    flags=st.fixed_dictionaries(
        {},
        optional={
            name: st.booleans() for name in ("responsive", "scroll", "compact", "firstCellIsHeader")
        },
    ),
    names=st.fixed_dictionaries(
        {}, optional={"id": plain, "classes": st.sampled_from(["equity-table", "a b"])}
    ),
    html_cell=st.booleans(),
)
def test_tables_with_options_take_the_fast_way_with_the_macros_markup(
    caption, cells, flags, names, html_cell
):
    """Scrolling, compact tables and those whose first cell heads its row (the reports) are
    filled in too; a scrolling table without an id gets the caption id the macro makes from
    the caption's text, escaped, cut after 40 characters when it is more than 45."""
    rows = [
        [
            {"text": first, "header": "Step"},
            {"html": Markup("<b>{}</b>\n  <i>{}</i>").format(second, first)}
            if html_cell
            else {"text": second, "format": "numeric"},
        ]
        for first, second in cells
    ]
    head = [{"text": "Step"}, {"text": "How"}]
    params = {"caption": caption, "captionSize": "s", "head": head, "rows": rows}
    params |= flags | names
    key = fasttable._shape(params)[0]
    assert fasttable._parts(key) is not False  # the fast way, not the macro
    assert str(fasttable.table(params)) == str(macro(params))


def test_a_long_caption_of_a_scrolling_table_gives_the_macros_caption_id():
    for caption in ("A" * 45, "B c" * 15 + " & <d>", "Count and share of each group at each stage"):
        params = {"caption": caption, "scroll": True, "head": HEAD, "rows": [[{"text": "x"}] * 3]}
        assert fasttable._parts(fasttable._shape(params)[0]) is not False
        assert str(fasttable.table(params)) == str(macro(params))


def test_link_cells_take_the_fast_way():
    """Links in cells (the caseload's references, a report's rows) and html on several lines
    (the NHS tag macro's markup) are filled in too."""
    tags = Markup(
        '<strong class="nhsuk-tag">\n  Received\n</strong>\n\n<strong>\n  Urgent\n</strong>'
    )
    rows = [
        [
            {"text": f"REF-{n}", "href": f"/referrals/REF-{n}/?a=1&b=<{n}>"},
            {"text": "Ann & Bo"},
            {"html": tags},
        ]
        for n in range(3)
    ]
    head = [{"text": "Reference"}, {"text": "Name"}, {"text": "Status"}]
    for responsive in (True, False):
        params = {"caption": "Referrals", "responsive": responsive, "head": head, "rows": rows}
        assert fasttable._shape(params) is not None
        assert str(fasttable.table(params)) == str(macro(params))
    empty = {
        "caption": "Empty link",
        "head": head,
        "rows": [[{"text": "a", "href": ""}, {"text": "b"}]],
    }
    assert fasttable._shape(empty) is None


def test_other_tables_go_to_the_macro():
    params = {
        "caption": "Two\nlines",
        "head": HEAD,
        "rows": [[{"text": "a\nb"}, {"text": "c"}, {"text": " d "}]],
    }
    assert str(fasttable.table(params)) == str(macro(params))
    params = {"caption": "Sorted", "head": HEAD, "rows": [[{"text": "a", "format": "numeric"}]]}
    assert str(fasttable.table(params)) == str(macro(params))
    assert str(fasttable.table({"caption": "Empty", "head": HEAD, "rows": []})) == str(
        macro({"caption": "Empty", "head": HEAD, "rows": []})
    )


def test_a_count_of_zero_shows_as_0_not_as_an_empty_cell():
    """The macro shows a cell's text only when it is true: a number is written out first, so a
    report's 0 is a 0, the fast way or the macro's."""
    rows = [[{"text": "Triaged"}, {"text": 0, "format": "numeric"}, {"text": 2.5}]]
    as_text = [[{"text": "Triaged"}, {"text": "0", "format": "numeric"}, {"text": "2.5"}]]
    for extra in ({}, {"caption": "Two\nlines"}):  # the fast way, then the macro's
        params = {"caption": "States", "head": HEAD, "rows": rows, **extra}
        html = str(fasttable.table(params))
        assert html == str(macro({**params, "rows": as_text}))
        assert re.search(r"--numeric\">\s*0\s*</td>", html)


def test_cells_with_no_address_or_with_classes_take_the_fast_way():
    rows = [
        [{"text": f"Answer {n}", "href": None}, {"text": "x", "classes": "careers-comment"}]
        for n in range(3)
    ]
    params = {"caption": "Answers", "head": HEAD[:2], "rows": rows, "firstCellIsHeader": True}
    assert fasttable._parts(fasttable._shape(fasttable._as_text(params))[0]) is not False
    assert str(fasttable.table(params)) == str(macro(params))
    assert "careers-comment" in str(fasttable.table(params)) and "<a " not in str(macro(params))
