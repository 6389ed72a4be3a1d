"""config.fasttable gives exactly the NHS table macro's markup (the package's own macro, not
our override of it)."""

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


@settings(max_examples=60, deadline=None)
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


@settings(max_examples=40, deadline=None)
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
