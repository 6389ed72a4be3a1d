"""The breadcrumb trail of every page, built one way: Home first, then each page above this one,
outermost first (the page itself is not in its own trail). A view passes
`"breadcrumbs": breadcrumbs(step, ...)` to its template; base.jinja draws the list through
`includes/breadcrumbs.jinja` with the NHS breadcrumb macro, whose last item becomes the
"Back to ..." link on a phone.

A step is `(href, text)`; the href may be lazy (`reverse_lazy`), so an app can name its
section once at import time, e.g. `MENTORING = section("mentoring:index", "Mentoring")`."""

from __future__ import annotations

from typing import TypedDict

from django.urls import reverse, reverse_lazy
from django.utils.functional import Promise

HOME = "Home"


class Crumb(TypedDict):
    """One item of the NHS breadcrumb macro's `items`."""

    href: str
    text: str


Step = tuple[str | Promise, str]


def breadcrumbs(*steps: Step) -> list[Crumb]:
    """The trail for a page: Home, then `steps` in order."""
    trail = [Crumb(href=reverse("home"), text=HOME)]
    trail += [Crumb(href=str(href), text=str(text)) for href, text in steps]
    return trail


def section(url_name: str, text: str) -> Step:
    """A step to a page without URL arguments (an app's front page), safe at import time."""
    return (reverse_lazy(url_name), text)
