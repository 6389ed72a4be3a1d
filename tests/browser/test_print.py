"""Printing a role page, a route and a report: no navigation or forms, links spelt out, table
rows and charts kept whole."""

import pytest

from tests.pathways.factories import RoleFactory, StartingPointFactory


@pytest.fixture
def role(transactional_db):
    start = StartingPointFactory(slug="psychology-graduate", name="Psychology graduate")
    role = RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")
    from pathways.models import Link

    Link.objects.create(from_start=start, to_role=role, kind=Link.Kind.DIRECT)
    return role


def printed(page, path):
    page.goto(path)
    page.emulate_media(media="print")
    return page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector('.nhsuk-header')).display,
            forms: [...document.querySelectorAll('main form')]
                .map(f => getComputedStyle(f).display),
            link: (() => { const a = document.querySelector('main a[href^="/"]');
                           return a ? getComputedStyle(a, '::after').content : ''; })(),
            rows: [...document.querySelectorAll('tr')]
                .map(r => getComputedStyle(r).breakInside),
        })"""
    )


@pytest.mark.parametrize(
    "path",
    [
        "/pathways/roles/clinical-psychologist/",
        "/pathways/routes/?from=psychology-graduate&to=clinical-psychologist",
    ],
)
def test_pages_print_without_navigation_with_links_spelt_out(page, role, path):
    shown = printed(page, path)
    assert shown["header"] == "none"
    assert set(shown["forms"]) <= {"none"}
    assert shown["link"].startswith('" (/')
    assert set(shown["rows"]) <= {"avoid"}
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
