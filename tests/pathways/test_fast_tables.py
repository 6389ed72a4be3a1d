"""The career map's tables take config.fasttable's fast way."""

import re

from django.template.loader import render_to_string

from config import fasttable


def test_role_and_route_pages_take_the_fast_way(career_map, monkeypatch):
    from pathways import cache
    from pathways.views import roles, route_finder

    role = roles._role_context("clinical-psychologist")
    role["aspiration"] = None
    role_html = render_to_string("pathways/_role_detail_main.jinja", role)
    assert len(re.findall("<table", role_html)) == 2
    graph = cache.route_graph()
    context = route_finder._route_results_context(
        graph, "psychology-graduate", "clinical-psychologist", False
    )
    routes_html = render_to_string("pathways/_route_results.jinja", context)
    assert len(re.findall("<table", routes_html)) >= 2

    # Once a table shape is known, no call to the package's macro at all.
    def no_macro():
        raise AssertionError("the table macro was called")

    monkeypatch.setattr(fasttable, "_macro", no_macro)
    assert render_to_string("pathways/_route_results.jinja", context) == routes_html
    assert render_to_string("pathways/_role_detail_main.jinja", role) == role_html
