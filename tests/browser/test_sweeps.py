"""Two sweeps over every page the permission matrix knows, in a real browser, each page seen by
a user allowed to see it: no markup printed as text, and nothing wider than the screen at 375
and 1280 pixels. Pages reached only after an action (a referral's confirmation, a route
finder result) are visited too.

`make screenshots` runs the same walk and writes a picture of every page at both widths."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from tests import snapshots
from tests.browser.pages import markup_as_text
from tests.permission_table import EXPECTED, OK, PARTICIPANTS_ONLY, QUERIES, url_arguments
from tests.url_patterns import project_patterns
from tests.world import USER_KINDS, World

WIDTHS = (375, 1280)
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")


# Pages reached after an action, each as (user kind, how to get there).
AFTER_ACTIONS = {
    "route finder result": (
        "anonymous",
        lambda w: (
            reverse("pathways:route-finder") + "?from=psychology-graduate&to=clinical-psychologist"
        ),
    ),
    "map with a route highlighted": (
        "anonymous",
        lambda w: reverse("pathways:map") + "?from=psychology-graduate&to=clinical-psychologist",
    ),
    "directory search": ("anonymous", lambda w: reverse("pathways:index") + "?q=psychologist"),
    # Public addresses that show more to some users than to a visitor.
    "the caseload": ("careers_staff", lambda w: reverse("referrals:index")),
    "a manager's caseload": ("careers_manager", lambda w: reverse("referrals:index")),
    "a mentee's own mentoring": ("mentee", lambda w: reverse("mentoring:mine")),
    "a leader's scheme page": (
        "scheme_leader",
        lambda w: reverse("mentoring:scheme-detail", kwargs={"slug": w.scheme_a.slug}),
    ),
}


def viewer_for(key: str, row: tuple) -> str | None:
    """The first kind of user the table lets see the page (the match's own people for pages
    only they may open)."""
    if row == PARTICIPANTS_ONLY:
        return "mentee"
    for kind, expected in zip(USER_KINDS, row, strict=True):
        if expected == OK:
            return kind
    return None


def candidate_pages(world) -> list[tuple[str, str, str]]:
    """(name, viewer kind, path) for every pattern someone may see; `inspect` passes over the
    ones that answer with a download or a redirect."""
    arguments = url_arguments(world)
    pages = []
    for key, _route in project_patterns():
        if key == "admin" or key not in EXPECTED:
            continue
        kind = viewer_for(key, EXPECTED[key])
        if kind is None:
            continue
        path = reverse(key, kwargs=arguments.get(key))
        if key in QUERIES:
            path += "?" + QUERIES[key]
        pages.append((key, kind, path))
    return pages


def user_for(world, kind):
    return world.mentee_a.user if kind == "mentee" else world.users.get(kind)


def session_cookie(user) -> str | None:
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def inspect(page, path: str) -> list[str] | None:
    """What is wrong with the page at `path` at each width, or None if `path` is not an HTML
    page (a download, a redirect). The page is loaded once, at the narrow width, and then the
    window is widened: the layout follows the CSS media queries."""
    problems = []
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in error.message:  # a CSV or XLSX download
            return None
        raise
    if (
        response is None
        or response.status != 200
        or response.request.redirected_from is not None
        or "text/html" not in response.headers.get("content-type", "")
    ):
        return None
    found = markup_as_text(page)
    if found:
        problems.append(f"markup as text: …{found!r}…")
    for width in WIDTHS:
        if page.viewport_size["width"] != width:  # the page was loaded at the first width
            page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            widest = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1)
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className &&
                    typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))""",
                width,
            )
            problems.append(f"{scroll} px wide at {width} ({', '.join(widest)})")
        if SCREENSHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    return problems


def demo_world() -> World:
    """The demo data (`make run`) as a World: its users by kind and, for each URL argument,
    the first demo record of that kind."""
    from careers.equity.models import Action, EquityImport, Programme, Recommendation
    from careers.models import SurveyImport
    from mentoring.models import (
        CommunityPost,
        Concern,
        Enquiry,
        Match,
        Participant,
        Scheme,
        SchemeProposal,
    )
    from pathways.models import Role
    from referrals.models import Referral, SupportService
    from referrals.services import decline_token
    from support.models import Booking, Resource

    users = {
        kind: User.objects.get(email=email)
        for kind, email in {
            "member": "member@example.org",
            "careers_staff": "adviser@example.org",
            "careers_manager": "careers@example.org",
            "scheme_leader": "leader@example.org",
            "role_editor": "editor@example.org",
            "survey_analyst": "analyst@example.org",
            "superuser": "admin@example.org",
        }.items()
    }
    scheme = Scheme.objects.filter(leaders=users["scheme_leader"]).first()
    match = Match.objects.filter(mentee__scheme=scheme).order_by("pk").first()
    educator_referral = Referral.objects.exclude(decline_nonce="").first()
    w = World(users=users)
    w.objects.update(
        role=Role.objects.get(slug="clinical-psychologist"),
        survey_job=SurveyImport.objects.order_by("-pk").first(),
        scheme_a=scheme,
        mentor_a=Participant.objects.filter(scheme=scheme, role="mentor").first(),
        mentee_a=match.mentee,
        match_a=match,
        enquiry_a=Enquiry.objects.filter(scheme=scheme).first(),
        concern_a=Concern.objects.filter(match__mentee__scheme=scheme).first(),
        proposal=SchemeProposal.objects.first(),
        community_post_a=CommunityPost.objects.filter(scheme=scheme).threads().last(),
        referral=Referral.objects.order_by("pk").first(),
        # A demo without a live decline link: the page answers, but not with a form.
        decline_token=decline_token(educator_referral) if educator_referral else "not-a-token",
        service=SupportService.objects.first(),
    )
    w.objects["wave"] = w.survey_job.wave
    booking = Booking.objects.filter(user=users["member"]).first() or Booking.objects.first()
    w.objects.update(
        programme=Programme.objects.order_by("pk").first(),
        equity_job=EquityImport.objects.order_by("pk").first(),
        recommendation=Recommendation.objects.order_by("pk").first(),
        equity_action=Action.objects.order_by("pk").first(),
        workshop_booking=booking,
        workshop_session=booking.session,
        workshop=booking.workshop,
        resource=Resource.objects.order_by("pk").first(),
    )
    return w


@pytest.fixture
def world(transactional_db, world_copy):
    """The cross-app tests' world (tests/world.py), committed: the run's copy of it."""
    snapshots.restore(world_copy)
    return copy.deepcopy(world_copy.made)


@pytest.fixture
def demo(transactional_db, whole_demo):
    """The demo, as `manage.py load_demo` leaves it (its copy: tests/snapshots.py)."""
    return demo_world()


def test_no_page_prints_markup_as_text_or_is_wider_than_the_screen(browser, live_server, world):
    sweep(browser, live_server, world)


def test_with_the_demo_data_no_page_prints_markup_or_is_wider_than_the_screen(
    browser, live_server, demo
):
    sweep(browser, live_server, demo)


def sweep(browser, live_server, world):
    pages = candidate_pages(world)
    pages += [(name, kind, to(world)) for name, (kind, to) in AFTER_ACTIONS.items()]
    assert len(pages) > 60
    by_kind: dict[str, list] = {}
    for name, kind, path in pages:
        by_kind.setdefault(kind, []).append((name, path))

    problems = []
    visited = 0
    for kind, kind_pages in by_kind.items():
        context = browser.new_context(base_url=live_server.url)
        cookie = session_cookie(user_for(world, kind))
        if cookie:
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for name, path in kind_pages:
            found = inspect(page, path)
            if found is not None:
                visited += 1
                problems += [f"{name} ({path}) as {kind}: {p}" for p in found]
        context.close()
    assert visited > 60
    assert not problems, "\n".join(problems)


BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title><style>
  .phone { width: 600px; }
  @media (min-width: 1000px) { .phone { width: auto; } .desk { width: 1500px; } }
</style></head><body><p>Your reference is &lt;strong&gt;CS-1&lt;/strong&gt;</p>
<div class="phone">wide on a phone</div><div class="desk">wide on a desk</div></body></html>"""


def test_the_sweep_sees_markup_as_text_and_overflow_at_each_width(page, live_server):
    page.route(
        "**/broken-page/", lambda route: route.fulfill(content_type="text/html", body=BROKEN_PAGE)
    )
    problems = inspect(page, live_server.url + "/broken-page/")
    assert len(problems) == 3, problems
    assert problems[0].startswith("markup as text: …") and "<strong>CS-1" in problems[0]
    assert re.fullmatch(r"6\d\d px wide at 375 \(div\.phone.*\)", problems[1])
    assert re.fullmatch(r"15\d\d px wide at 1280 \(div\.desk.*\)", problems[2])
