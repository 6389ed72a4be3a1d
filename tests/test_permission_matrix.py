"""The permission matrix: every URL pattern of the project, found through the URL resolver, is
requested (GET) as every kind of user and the answer checked against ONE table of expected
outcomes (EXPECTED, in tests/permission_table.py with the rest of the table). A pattern missing
from the table fails the test, naming it, so a new view cannot slip past; a row for a pattern
that no longer exists fails too.

The Django admin is one group: its index and the change list of every registered model
(ADMIN_CHANGELISTS; a newly registered model missing there fails the test too).

Then object-level checks (OBJECT_CHECKS): a scheme leader and participants against another
scheme's or person's records, and pages for confidential records that must answer the same
whether or not the record exists (no hint that it does).

The objects are built once for the module (tests/world.py) inside a transaction rolled back
at the end; each user kind is one test that collects every mismatch into one message."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.permission_table import (
    ADMIN_CHANGELISTS,
    ADMIN_LOGIN,
    EXPECTED,
    LOGIN,
    NO_HINT_PAGES,
    OBJECT_CHECKS,
    QUERIES,
    REFUSED,
    Redirect,
    url_arguments,
)
from tests.url_patterns import admin_urls, project_patterns
from tests.world import USER_KINDS, client_as, module_world

# --- Enumerating the URL patterns -------------------------------------------------------------


def test_every_url_pattern_is_in_the_table_and_every_row_is_a_pattern():
    keys = {key for key, _route in project_patterns()}
    missing = sorted(keys - set(EXPECTED))
    assert not missing, f"URL patterns missing from the permission table: {missing}"
    stale = sorted(set(EXPECTED) - keys)
    assert not stale, f"Rows of the permission table for URL patterns that do not exist: {stale}"
    assert all(len(row) == len(USER_KINDS) for row in EXPECTED.values())


def test_every_model_in_the_admin_is_in_the_table():
    registered = set(admin_urls())
    missing = sorted(registered - set(ADMIN_CHANGELISTS))
    assert not missing, f"Admin models missing from ADMIN_CHANGELISTS: {missing}"
    assert not set(ADMIN_CHANGELISTS) - registered


def test_the_enumeration_finds_patterns_a_new_include_would_add():
    """The walk recurses into includes with their namespaces (so a new app's views appear)."""
    keys = dict(project_patterns())
    assert keys["mentoring:concern-detail"] == "<slug:slug>/manage/concerns/<int:pk>/"
    assert "referrals:action-triage" in keys and "accounts:sign-in" in keys


# --- Requesting every URL ---------------------------------------------------------------------


world = module_world()


_NONCE = re.compile(r"nonce-[^']+'|nonce=\"[^\"]+\"|csrfmiddlewaretoken\" value=\"[^\"]+\"")


def outcome_problem(response, expected, path) -> str | None:
    """None when the response is the expected outcome, else what it was."""
    status = response.status_code
    location = response.get("Location", "")
    if expected in (LOGIN, ADMIN_LOGIN):
        sign_in = reverse("accounts:sign-in" if expected == LOGIN else "admin:login")
        parts = urlsplit(location)
        if status == 302 and parts.path == sign_in and parse_qs(parts.query).get("next") == [path]:
            return None
        return f"{status} {location}".strip()
    if isinstance(expected, Redirect):
        if status == 302 and location == expected.target:
            return None
        return f"{status} {location}".strip()
    return None if status == expected else f"{status} {location}".strip()


def fetch(client, path):
    try:
        return client.get(path), None
    except Exception as error:  # a 500: report it with the rest
        return None, f"raised {type(error).__name__}: {error}"


def visit(client, path, expected, *, signed_in) -> tuple[str | None, bool]:
    """Open `path`; return what is wrong with the answer (None when it is `expected`) and
    whether it was a page shown to a signed-in user. Such a page must also say no-store: the
    walks check issue 10's rule as they go (tests/test_no_store.py has the rest of it)."""
    response, error = fetch(client, path)
    problem = error or outcome_problem(response, expected, path)
    if problem:
        return f"expected {expected}, got {problem}", False
    if not signed_in or response.status_code != 200:
        return None, False
    cache_control = response.get("Cache-Control", "")
    if "no-store" not in cache_control:
        return f"Cache-Control {cache_control!r}, not no-store", True
    return None, True


@pytest.mark.django_db
@pytest.mark.parametrize("kind", USER_KINDS)
def test_every_url_answers_each_kind_of_user_as_the_table_says(world, kind):
    column = USER_KINDS.index(kind)
    client = client_as(world, kind)
    arguments = url_arguments(world)
    problems = []
    checked = stored = 0
    for key, _route in project_patterns():
        if key == "admin":
            targets = [("admin:index", reverse("admin:index"), EXPECTED["admin"][column])]
            targets += [
                (f"admin {label}", url, ADMIN_CHANGELISTS[label][column])
                for label, url in admin_urls().items()
                if label in ADMIN_CHANGELISTS  # else the test of the admin table fails
            ]
        elif key not in EXPECTED:
            problems.append(f"{key}: missing from the permission table (EXPECTED)")
            continue
        else:
            path = reverse(key, kwargs=arguments.get(key))
            if key in QUERIES:
                path += "?" + QUERIES[key]
            targets = [(key, path, EXPECTED[key][column])]
        for name, path, expected in targets:
            if isinstance(expected, Redirect):
                expected = expected.resolved(arguments.get(name))
            problem, shown = visit(client, path, expected, signed_in=kind != "anonymous")
            checked += 1
            stored += shown
            if problem:
                problems.append(f"{name} ({path}): {problem}")
    assert checked > 100
    assert kind == "anonymous" or stored > 20
    assert not problems, f"As {kind}:\n" + "\n".join(problems)


# --- Object-level checks ----------------------------------------------------------------------


def _arguments(world, spec: dict) -> dict:
    return {
        name: (
            getattr(world.objects[value], name)  # the object's pk, slug or reference
            if isinstance(value, str) and value in world.objects
            else value
        )
        for name, value in spec.items()
    }


def _client_for_person(world, who) -> Client:
    if who in USER_KINDS:
        return client_as(world, who)
    client = Client()
    client.force_login(world.objects[f"{who}_a"].user)
    return client


@pytest.mark.django_db
def test_records_of_other_schemes_and_people_are_out_of_reach(world):
    problems = []
    stored = 0
    clients = {}
    for who, name, spec, expected in OBJECT_CHECKS:
        client = clients.get(who) or clients.setdefault(who, _client_for_person(world, who))
        arguments = _arguments(world, spec)
        path = reverse(name, kwargs=arguments)
        if isinstance(expected, Redirect):
            expected = expected.resolved(arguments)
        problem, shown = visit(client, path, expected, signed_in=who != "anonymous")
        stored += shown
        if problem:
            problems.append(f"{who} {name} ({path}): {problem}")
    assert stored >= 8
    assert not problems, "\n".join(problems)


def _normalised(response, *identifiers) -> tuple:
    body = _NONCE.sub("", response.content.decode())
    location = response.get("Location", "")
    # Longest first: a real id of 9 must not cut the missing 999999999 into nine of them.
    for identifier in sorted(map(str, identifiers), key=len, reverse=True):
        body = body.replace(identifier, "<id>")
        location = location.replace(identifier, "<id>")
    return response.status_code, location, body


def test_the_no_hint_comparison_is_not_fooled_by_an_id_inside_another():
    from django.http import HttpResponseRedirect

    real = HttpResponseRedirect("/accounts/sign-in/?next=/careers/imports/9/")
    missing = HttpResponseRedirect("/accounts/sign-in/?next=/careers/imports/999999999/")
    assert _normalised(real, 9, 999_999_999) == _normalised(missing, 9, 999_999_999)


@pytest.mark.django_db
def test_confidential_pages_give_no_hint_whether_a_record_exists(world):
    problems = []
    for kind in sorted(set(REFUSED["referrals"]) | set(REFUSED["careers"])):
        client = client_as(world, kind)
        for name, existing, missing in NO_HINT_PAGES:
            if kind not in REFUSED[name.split(":")[0]]:
                continue
            real = _arguments(world, existing)
            answers = []
            for arguments in (real, missing):
                response, error = fetch(client, reverse(name, kwargs=arguments))
                if error:
                    problems.append(f"{kind} {name}: {error}")
                    break
                answers.append(_normalised(response, *real.values(), *missing.values()))
            else:
                if answers[0] != answers[1]:
                    problems.append(
                        f"{kind} {name}: {answers[0][:2]} for a real record, "
                        f"{answers[1][:2]} for none (or different pages)"
                    )
                elif answers[0][0] not in (302, 403, 404):
                    problems.append(f"{kind} {name}: answered {answers[0][0]}")
                if b"Confidential Person" in response.content:
                    problems.append(f"{kind} {name}: shows the referral")
    assert not problems, "\n".join(problems)
