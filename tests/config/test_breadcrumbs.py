"""One breadcrumbs helper (config/breadcrumbs.py) for every app: every page the permission
matrix knows, seen by a user allowed to see it, either shows no trail or one that starts at
Home, and every app's pages show one."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse, reverse_lazy

from config.breadcrumbs import breadcrumbs, section
from tests.permission_table import EXPECTED, OK, PARTICIPANTS_ONLY, QUERIES, url_arguments
from tests.url_patterns import project_patterns
from tests.world import USER_KINDS, module_world

NAV = re.compile(r'<nav class="nhsuk-breadcrumb"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a class="nhsuk-breadcrumb__link" href="([^"]*)"[^>]*>\s*(.*?)\s*</a>', re.S)


def trail_of(html: str) -> list[tuple[str, str]] | None:
    """The (href, text) items of the page's breadcrumb trail; None when it has none."""
    found = NAV.findall(html)
    if not found:
        return None
    assert len(found) == 1, "more than one breadcrumb trail"
    return [(unescape(href), unescape(text)) for href, text in LINK.findall(found[0])]


def test_the_trail_starts_at_home_and_keeps_the_steps_in_order():
    assert breadcrumbs() == [{"href": "/", "text": "Home"}]
    lazy = section("mentoring:index", "Mentoring")
    trail = breadcrumbs(lazy, ("/mentoring/x/", "A <scheme>"))
    assert trail == [
        {"href": "/", "text": "Home"},
        {"href": reverse("mentoring:index"), "text": "Mentoring"},
        {"href": "/mentoring/x/", "text": "A <scheme>"},
    ]
    assert all(type(item["href"]) is str for item in trail)  # lazy URLs resolved
    assert type(breadcrumbs((reverse_lazy("home"), "Again"))[1]["href"]) is str


world = module_world()


def _viewer(row) -> str | None:
    if row == PARTICIPANTS_ONLY:
        return "mentee"
    return next((kind for kind, seen in zip(USER_KINDS, row, strict=True) if seen == OK), None)


@pytest.mark.django_db
def test_every_page_with_a_breadcrumb_trail_starts_at_home(world):
    arguments = url_arguments(world)
    clients: dict[str, Client] = {}
    problems, with_trail, pages = [], {}, 0
    for key, _route in project_patterns():
        if key == "admin" or key not in EXPECTED or not (kind := _viewer(EXPECTED[key])):
            continue
        if kind not in clients:
            clients[kind] = Client()
            user = world.mentee_a.user if kind == "mentee" else world.users.get(kind)
            if user is not None:
                clients[kind].force_login(user)
        path = reverse(key, kwargs=arguments.get(key)) + (
            "?" + QUERIES[key] if key in QUERIES else ""
        )
        response = clients[kind].get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages += 1
        trail = trail_of(response.content.decode())
        if trail is None:
            continue
        app = key.rsplit(":", 1)[0]
        with_trail[app] = with_trail.get(app, 0) + 1
        if not trail or trail[0] != ("/", "Home"):
            problems.append(f"{key} ({path}) as {kind}: {trail}")
        elif len({href for href, _text in trail}) != len(trail):
            problems.append(f"{key} ({path}) as {kind}: a step twice in {trail}")
    assert pages > 60
    assert not problems, "Trails not starting at Home:\n" + "\n".join(problems)
    for app in ("pathways", "careers", "careers:equity", "mentoring", "referrals", "support"):
        assert with_trail.get(app, 0) >= 2, (app, with_trail)


@pytest.mark.django_db
def test_a_mentoring_page_and_a_workshops_page_start_at_home_then_their_section(world):
    """Mentoring and workshops had trails without Home; careers had Home twice over."""
    client = Client()
    client.force_login(world.users["member"])
    scheme = client.get(reverse("mentoring:scheme-detail", kwargs={"slug": world.scheme_a.slug}))
    assert trail_of(scheme.content.decode()) == [("/", "Home"), ("/mentoring/", "Mentoring")]
    workshops = client.get(reverse("support:workshop-list"))
    assert trail_of(workshops.content.decode()) == [
        ("/", "Home"),
        (reverse("support:index"), "Workshops and resources"),
    ]
    trends = client.get(reverse("careers:trends"))
    assert trail_of(trends.content.decode()) == [
        ("/", "Home"),
        (reverse("careers:index"), "Graduate aspirations"),
    ]


def test_one_breadcrumbs_include_one_pager_and_no_trail_built_by_hand():
    """The NHS breadcrumb and pagination macros are each called from one include; no view
    writes a trail's dictionaries itself."""
    root = Path(settings.BASE_DIR)
    templates = root / "templates"

    def importing(component):
        return sorted(
            str(path.relative_to(templates))
            for path in templates.rglob("*.jinja")
            if f"nhsuk/components/{component}/macro.jinja" in path.read_text()
        )

    assert importing("breadcrumb") == ["includes/breadcrumbs.jinja"]
    assert importing("pagination") == ["includes/pagination.jinja"]
    by_hand = sorted(
        str(path.relative_to(root))
        for app in ("accounts", "careers", "mentoring", "pathways", "referrals", "support")
        for path in (root / app).rglob("*.py")
        if re.search(r"\{\s*\"href\":|\"text\": \"Home\"", path.read_text())
    )
    assert by_hand == [], by_hand
