"""pathways.fasttable gives exactly the NHS table macro's markup."""

import re

from django.template import engines
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from pathways import fasttable

HEAD = [{"text": "Step"}, {"text": "How"}, {"text": "Time"}]


def macro(params):
    env = engines["jinja2"].env
    return env.get_template("nhsuk/components/tables/macro.jinja").module.table(params)


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
    html_first=st.booleans(),
)
def test_fast_tables_are_the_macros_markup(caption, cells, responsive, html_first):
    rows = []
    for first, second, third in cells:
        link = {"html": Markup('<a href="/x">{}</a>').format(first)} if html_first else None
        rows.append(
            [
                {**(link or {"text": first}), "header": "Step"},
                {"text": second, "header": "How"},
                {"text": Markup(third), "header": "Time"},  # noqa: S704 - as a macro's output
            ]
        )
    params = {"caption": caption, "captionSize": "s", "responsive": responsive, "head": HEAD}
    params["rows"] = rows
    assert str(fasttable.table(params)) == str(macro(params))


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


def _fragment(template, context, fast):
    context = dict(context)
    if fast:
        context["fast_table"] = fasttable.table
    else:
        context.pop("fast_table", None)
    return render_to_string(template, context)


def test_role_and_route_pages_render_the_same_with_the_fast_tables(career_map, monkeypatch):
    from pathways import queries, views

    role = views._role_context("clinical-psychologist")
    role["aspiration"] = None
    role_html = _fragment("pathways/_role_detail_main.jinja", role, fast=True)
    assert role_html == _fragment("pathways/_role_detail_main.jinja", role, fast=False)
    assert len(re.findall("<table", role_html)) == 2
    graph = queries.route_graph()
    context = views._route_results_context(
        graph, "psychology-graduate", "clinical-psychologist", False
    )
    fast = _fragment("pathways/_route_results.jinja", context, fast=True)
    assert fast == _fragment("pathways/_route_results.jinja", context, fast=False)
    assert len(re.findall("<table", fast)) >= 2

    # Their tables all take the fast way: once a shape is known, no macro call.
    def no_macro():
        raise AssertionError("the table macro was called")

    monkeypatch.setattr(fasttable, "_macro", no_macro)
    assert _fragment("pathways/_route_results.jinja", context, fast=True) == fast
    assert _fragment("pathways/_role_detail_main.jinja", role, fast=True) == role_html
