"""Cache-Control: no-store on every page that shows personal or unpublished data.

The permission matrix's walks (tests/test_permission_matrix.py: every URL pattern for every kind
of user, and the participants' own pages in OBJECT_CHECKS) check that every page a signed-in
user is shown says no-store; this module checks the public pages with personal details.
Every page a signed-in user is shown (mentoring applications, matches, people, concerns,
enquiries, member pages, referrals, analysts' pages, the admin) must say no-store; so must the
public pages where an anonymous visitor types or reads personal details (the referral forms,
the decline link)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.permission_table import (
    ADMIN_CHANGELISTS,
    EXPECTED,
    QUERIES,
    url_arguments,
)
from tests.url_patterns import admin_urls, project_patterns
from tests.world import client_as, module_world

# Pages anonymous visitors reach that hold personal details.
ANONYMOUS_PERSONAL = {"referrals:new", "referrals:new-educator", "referrals:decline"}


world = module_world()


def _targets(world):
    arguments = url_arguments(world)
    for key, _route in project_patterns():
        if key == "admin":
            yield "admin:index", reverse("admin:index")
            for label, url in admin_urls().items():
                if label in ADMIN_CHANGELISTS:
                    yield f"admin {label}", url
        elif key in EXPECTED:
            path = reverse(key, kwargs=arguments.get(key))
            if key in QUERIES:
                path += "?" + QUERIES[key]
            yield key, path


def _problem(name, path, response):
    cache_control = response.get("Cache-Control", "")
    if "no-store" not in cache_control:
        return f"{name} ({path}): {response.status_code} with Cache-Control {cache_control!r}"
    return None


@pytest.mark.django_db
def test_public_pages_with_personal_details_are_not_stored_for_anonymous_visitors(world):
    client = client_as(world, "anonymous")
    targets = dict(_targets(world))
    for name in ANONYMOUS_PERSONAL:
        response = client.get(targets[name])
        assert response.status_code == 200, name
        assert _problem(name, targets[name], response) is None


@pytest.mark.django_db
def test_a_public_page_seen_anonymously_keeps_its_own_caching(world):
    response = client_as(world, "anonymous").get(reverse("pathways:index"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
