"""Every public form and query parameter, fed hostile text by hypothesis, never gives a 500.

The fields come from the rendered pages themselves (tests/hostile/forms.py): each page is
fetched once, and every field of its forms (plus `page` and a few invented names) gets text
with control characters, very long strings, odd unicode, SQL, HTML and template fragments.
A 500 raises in the test client, so any server error fails the test with the example."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.forms import forms_of, main_form
from tests.hostile.strategies import FRAGMENTS, hostile_text
from tests.world import module_world

EXAMPLES = 25


world = module_world()


def _client(world, who) -> Client:
    client = Client()
    if who in world.users:
        client.force_login(world.users[who])
    elif who != "anonymous":
        client.force_login(world.objects[who].user)
    return client


def _kwargs(world, spec):
    return {name: getattr(world.objects[value], name) for name, value in (spec or {}).items()}


# --- Query parameters -------------------------------------------------------------------------

# (who, URL name, arguments from the world): every page with a filter, search or parameter.
GET_PAGES = [
    ("anonymous", "home", None),
    ("anonymous", "pathways:index", None),
    ("anonymous", "pathways:map", None),
    ("anonymous", "pathways:route-finder", None),
    ("anonymous", "pathways:role-detail", {"slug": "role"}),
    ("anonymous", "pathways:export-csv", None),
    ("anonymous", "careers:index", None),
    ("anonymous", "careers:trends", None),
    ("anonymous", "careers:wave-report", {"slug": "wave"}),
    ("anonymous", "careers:wave-download", None),
    ("anonymous", "mentoring:index", None),
    ("anonymous", "mentoring:scheme-detail", {"slug": "scheme_a"}),
    ("anonymous", "referrals:about", None),
    ("member", "mentoring:proposal-list", None),
    ("member", "mentoring:mine", None),
    ("survey_analyst", "careers:import-list", None),
    ("survey_analyst", "careers:wave-responses", {"slug": "wave"}),
    ("survey_analyst", "careers:wave-unrounded", {"slug": "wave"}),
    ("scheme_leader", "mentoring:participant-list", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:match-list", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:enquiry-list", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:concern-list", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:cohort", {"slug": "scheme_a"}),
    ("careers_staff", "referrals:index", None),
    ("careers_staff", "referrals:caseload-csv", None),
    ("careers_staff", "referrals:report", None),
    ("careers_staff", "referrals:report-csv", None),
    ("careers_staff", "referrals:service-list", None),
    ("careers_manager", "referrals:audit", None),
    ("anonymous", "careers:equity:entry-report", None),
    ("anonymous", "careers:equity:entry-download", None),
    ("anonymous", "careers:equity:entry-trends", None),
    ("anonymous", "careers:equity:workforce", None),
    ("anonymous", "careers:equity:pipeline", None),
    ("anonymous", "careers:equity:recommendation-list", None),
]
# The equity pages' arguments (a programme with 2018 ethnicity figures in the world).
EQUITY_KWARGS = {
    "careers:equity:entry-report": {"year": 2018, "section": "ethnicity"},
    "careers:equity:entry-download": {"year": 2018, "section": "ethnicity", "kind": "csv"},
    "careers:equity:entry-trends": {"section": "ethnicity"},
    "careers:equity:pipeline": {},
}
# Parameters read by views without a form on the page.
EXTRA_PARAMETERS = {
    "pathways:map": ["start", "goal", "route", "funded"],
    "pathways:route-finder": ["start", "goal", "funded"],
    "pathways:export-csv": [],
    "careers:wave-download": ["by"],
    "careers:equity:entry-download": ["reference", "rows"],
    "careers:equity:pipeline": ["section"],
}
SLUGS = ["psychology-graduate", "clinical-psychologist", "assistant-psychologist", "no-such-role"]


def _query_strategy(names):
    """A list of (name, value) pairs: known names mostly, repeated names, unknown ones."""
    name = st.sampled_from(names) if names else st.sampled_from(["page"])
    value = st.one_of(hostile_text, st.sampled_from(SLUGS), st.integers(-(10**20), 10**20))
    return st.lists(
        st.tuples(st.one_of(name, name, st.sampled_from(FRAGMENTS[:6] + ["", "page", "o"])), value),
        max_size=6,
    )


def _encode(pairs) -> str:
    return "&".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in pairs)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name", "spec"), GET_PAGES, ids=[p[1] for p in GET_PAGES])
def test_query_parameters_never_give_a_server_error(world, who, name, spec):
    client = _client(world, who)
    kwargs = _kwargs(world, spec) or None
    if name == "pathways:export-csv":
        kwargs = {"name": "roles"}
    elif name == "careers:wave-download":
        kwargs = {"slug": world.wave.slug, "table": "interest"}
    elif name in EQUITY_KWARGS:
        kwargs = {"programme": world.programme.slug, **EQUITY_KWARGS[name]}
    path = reverse(name, kwargs=kwargs)
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code)
    names = {"page"} | set(EXTRA_PARAMETERS.get(name, []))
    if "html" in first["Content-Type"]:
        for form in forms_of(first.content.decode(), "get"):
            names |= set(form.fields)

    @settings(max_examples=EXAMPLES)
    @given(pairs=_query_strategy(sorted(names)), raw=st.none() | st.binary(max_size=40))
    def fetch(pairs, raw):
        query = _encode(pairs)
        if raw is not None:  # bytes that are not UTF-8, percent-encoded
            query += "&" + quote(sorted(names)[0]) + "=" + quote(raw, safe="")
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (query, response.status_code)

    fetch()


@pytest.mark.django_db
@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.one_of(hostile_text, st.sampled_from(SLUGS)),
    goal=st.one_of(hostile_text, st.sampled_from(SLUGS)),
    funded=st.one_of(hostile_text, st.sampled_from(["1", "true", "on", ""])),
)
def test_routes_json_answers_json_for_any_parameters(world, client, start, goal, funded):
    response = client.get(
        reverse("pathways:routes-json") + f"?from={quote(start)}&to={quote(goal)}"
        f"&funded={quote(funded)}"
    )
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


# --- Forms ------------------------------------------------------------------------------------

# (who, URL name, arguments): every form a visitor or a signed-in member can send, and the
# staff forms with free text.
POST_FORMS = [
    ("anonymous", "accounts:sign-in", None),
    ("anonymous", "referrals:new", None),
    ("anonymous", "referrals:new-educator", None),
    ("anonymous", "referrals:decline", "token"),
    ("member", "mentoring:proposal-create", None),
    ("member", "mentoring:apply", {"slug": "scheme_a"}),
    ("mentee_a", "mentoring:enquiry-create", {"slug": "scheme_a"}),
    ("mentee_a", "mentoring:match-meeting", {"pk": "match_a"}),
    ("mentee_a", "mentoring:match-progress", {"pk": "match_a"}),
    ("mentee_a", "mentoring:match-concern", {"pk": "match_a"}),
    ("mentee_a", "mentoring:match-extend", {"pk": "match_a"}),
    ("mentor_a", "mentoring:participant-preparation", {"pk": "mentor_a"}),
    ("scheme_leader", "mentoring:scheme-edit", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:breach-create", {"slug": "scheme_a"}),
    ("scheme_leader", "mentoring:enquiry-detail", {"pk": "enquiry_a"}),
    ("careers_staff", "referrals:log", None),
    ("careers_staff", "referrals:service-new", None),
    ("careers_staff", "referrals:action-triage", {"reference": "referral"}),
    ("careers_staff", "referrals:action-edit", {"reference": "referral"}),
    ("careers_staff", "referrals:action-return", {"reference": "referral"}),
]


def _path(world, name, spec):
    if spec == "token":
        return reverse(name, kwargs={"token": world.decline_token})
    if name == "mentoring:apply":
        return reverse(name, kwargs={"slug": world.scheme_a.slug, "role": "mentee"})
    return reverse(name, kwargs=_kwargs(world, spec))


def _form_strategy(fields: dict[str, list[str]]):
    """Each field: a value the page offers, hostile text, or left out; sometimes twice."""
    per_field = {
        name: st.lists(
            st.one_of(st.sampled_from(values), hostile_text) if values else hostile_text,
            max_size=2,
        )
        for name, values in fields.items()
    }
    return st.fixed_dictionaries(per_field)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "name", "spec"), POST_FORMS, ids=[f[1] for f in POST_FORMS])
def test_forms_never_give_a_server_error(world, who, name, spec):
    client = _client(world, who)
    path = _path(world, name, spec)
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    form = main_form(page.content.decode(), "post")

    @settings(max_examples=EXAMPLES)
    @given(data=_form_strategy(form.fields))
    def submit(data):
        payload = {key: values for key, values in data.items() if values}
        response = client.post(path, payload)
        assert response.status_code < 500, (payload, response.status_code)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            assert b"Traceback" not in response.content

    submit()
