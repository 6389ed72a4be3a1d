"""Script payloads in every free-text field of each app, sent through the real forms, come back
escaped on every page that shows them; `javascript:` addresses never become links; CSV
downloads neutralise formula payloads.

Each form is read from its rendered page (tests/hostile/forms.py): every free-text input and
textarea gets a payload naming the form and field (`<script>alert("log.name")</script>"><img
src=x onerror=...>`); fields that refuse it (an email, a date, a number) are put back to a
valid value and the form sent again, so the payload lands in every field that takes text.
The error pages on the way must escape what was typed as well."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers.models import SurveyImport
from mentoring.models import Match, Participant, SchemeProposal
from referrals.models import Referral
from tests.careers.surveys import HEADER, respondent
from tests.hostile.forms import forms_of, main_form
from tests.hostile.strategies import FORMULA, JS_URL, csv_bytes
from tests.responses import csv_rows
from tests.world import module_world

pytestmark = pytest.mark.django_db


def payload(tag: str) -> str:
    return f'<script>alert("{tag}")</script>"><img src=x onerror=alert("{tag}")>'


RAW = re.compile(
    r"<script>alert\(|<img src=x onerror"
    r"|(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)
ESCAPED = "&lt;script&gt;alert("


def assert_escaped(html: str, where: str):
    found = RAW.search(html)
    assert not found, (
        f"{where}: unescaped payload: …{html[found.start() - 120 : found.end() + 60]}…"
    )


world = module_world()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(client, path, *, shows=True, status=200) -> str:
    """GET a page: escaped everywhere and, when `shows`, showing some payload (escaped)."""
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    html = response.content.decode()
    assert_escaped(html, path)
    if shows:
        assert ESCAPED in html, f"{path} does not show the submitted text"
    return html


MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
_ERROR_FIELD = re.compile(r'href="#id_([\w-]+)"|id="id_([\w-]+)_error"')


def send(client, path, label, overrides=None, *, leave=(), text=payload) -> list[str]:
    """Fill every free-text field of the page's main form with `text(label.field)`, the other
    fields with what the page offers (or `overrides`), and POST until it is accepted; returns
    the fields that carried the text into the stored record."""
    html = page(client, path, shows=False)
    form = main_form(html, "post")
    defaults = {}
    for name, values in form.fields.items():
        offered = [value for value in values if value != ""]
        left_alone = name.startswith(tuple(leave)) and not name.endswith(MANAGEMENT)
        if offered and not left_alone:
            defaults[name] = offered[0]
    defaults.update(overrides or {})
    data = dict(defaults)
    carried = [
        name for name in dict.fromkeys(form.text_fields) if not name.startswith(tuple(leave))
    ]
    for name in carried:
        data[name] = text(f"{label}.{name}")
    for _attempt in range(6):
        response = client.post(path, {k: v for k, v in data.items() if v is not None})
        body = response.content.decode()
        assert_escaped(body, f"{label}: the answer to the POST")
        if response.status_code == 302:
            return carried
        assert response.status_code == 200, (label, response.status_code)
        errors = {a or b for a, b in _ERROR_FIELD.findall(body)}
        refused = [name for name in carried if name in errors]
        summary = re.search(r"nhsuk-error-summary.*?</div>", body, re.S)
        assert refused, (
            f"{label}: refused for {errors}: {summary.group(0) if summary else body[:500]}"
        )
        for name in refused:
            data[name] = defaults.get(name, "")
        carried = [name for name in carried if name not in refused]
    raise AssertionError(f"{label}: never accepted")


def assert_formulas_neutralised(response, where):
    assert response.status_code == 200, where
    rows = csv_rows(response)
    cells = [cell for row in rows for cell in row if "cmd|" in cell]
    assert cells, f"{where}: the formula payload is not in the download"
    for cell in cells:
        assert cell.startswith("'"), f"{where}: formula not neutralised: {cell!r}"


# --- Careers-support referrals ---------------------------------------------------------------


def test_referral_text_is_escaped_on_every_page(world):
    anonymous = client_for(None)
    carried = send(
        anonymous,
        reverse("referrals:new"),
        "self",
        {"email": "self@example.net", "reasons": "other"},
        leave=["website"],  # the honeypot: filled in, the referral is dropped as spam
    )
    assert {"name", "specialty", "reasons_other", "help_wanted"} <= set(carried)
    carried = send(
        anonymous,
        reverse("referrals:new-educator"),
        "educator",
        {"email": "trainee@example.net", "referrer_email": "educator@example.net"},
        leave=["website"],
    )
    assert {"name", "referrer_name", "referrer_organisation", "help_wanted"} <= set(carried)
    self_referral, educator = (
        Referral.objects.order_by("-id")[1],
        Referral.objects.order_by("-id")[0],
    )
    assert educator.from_educator and "<script>" in educator.referrer_name

    staff = client_for(world.users["careers_staff"])
    send(staff, reverse("referrals:log"), "log", {"email": "logged@example.net"})
    refused = staff.post(
        reverse("referrals:service-new"),
        {"name": "Hostile", "kind": "counselling", "purpose": "p", "eligibility": "e"}
        | {"how_to_contact": "h", "coverage": "england", "website": JS_URL},
    )
    assert "Enter a web address" in refused.content.decode()
    assert_escaped(refused.content.decode(), "a javascript: website refused")
    send(staff, reverse("referrals:service-new"), "service", {"website": ""}, leave=["website"])
    today = timezone.localdate()

    def act(referral, action, label, **overrides):
        path = reverse(f"referrals:action-{action}", args=[referral.reference])
        return send(staff, path, label, overrides)

    r = educator
    act(r, "sharing", "sharing", level="summary")
    act(r, "triage", "triage", priority="routine")
    act(r, "allocate", "allocate")
    act(r, "first-contact", "contact", contacted_on=today.isoformat())
    assert "notes" in act(r, "session", "session", held_on=today.isoformat(), minutes="45")
    assert {"goals", "actions"} <= set(
        act(r, "plan", "plan", review_on=(today + timezone.timedelta(days=30)).isoformat())
    )
    act(r, "signpost", "signpost", workshop="")  # a service (a workshop is the other choice)
    assert "text" in act(r, "update", "update", kind="summary")
    act(r, "edit", "edit", email="trainee@example.net", referrer_email="educator@example.net")
    act(r, "close", "close", outcome="resolved")
    assert "reason" in act(r, "reopen", "reopen")
    assert "note" in act(self_referral, "return", "return")

    pages = [
        reverse("referrals:index"),
        reverse("referrals:service-list"),
        reverse("referrals:detail", args=[educator.reference]),
        reverse("referrals:detail", args=[self_referral.reference]),
        *[
            reverse(f"referrals:action-{action}", args=[educator.reference])
            for action in ("edit", "triage", "plan", "update", "close")
        ],
    ]
    for path in pages:
        page(staff, path)
    page(staff, reverse("referrals:report"), shows=False)
    page(client_for(world.users["careers_manager"]), reverse("referrals:audit"), shows=False)
    page(anonymous, reverse("referrals:about"), shows=False)
    # The service's javascript: address was refused: no such link anywhere.
    assert "javascript:" not in page(staff, reverse("referrals:service-list")).lower()


def test_referral_downloads_neutralise_formulas(world):
    send(
        client_for(None),
        reverse("referrals:new"),
        "formula",
        {"email": "formula@example.net", "reasons": "other"},
        leave=["website"],
        text=lambda tag: FORMULA,
    )
    staff = client_for(world.users["careers_staff"])
    assert_formulas_neutralised(staff.get(reverse("referrals:caseload-csv")), "caseload.csv")


# --- Mentoring ---------------------------------------------------------------------------------


def test_mentoring_text_is_escaped_on_every_page(world):
    member = client_for(world.users["member"])
    superuser = client_for(world.users["superuser"])
    leader = client_for(world.users["scheme_leader"])
    mentee = client_for(world.mentee_a.user)
    mentor = client_for(world.mentor_a.user)
    scheme = world.scheme_a

    # A proposal with a payload name, approved: a scheme named with it.
    carried = send(member, reverse("mentoring:proposal-create"), "proposal")
    assert {"name", "description", "aims", "support", "time_commitment"} <= set(carried)
    proposal = SchemeProposal.objects.get(proposer=world.users["member"])
    send(superuser, reverse("mentoring:proposal-detail", args=[proposal.pk]), "review")
    proposal.refresh_from_db()
    assert proposal.scheme and "<script>" in proposal.scheme.name

    # Applications, queries, meetings, progress, concerns, preparation.
    carried = send(
        member,
        reverse("mentoring:apply", args=[scheme.slug, "mentee"]),
        "apply",
        {"capacity": "1", "membership_number": "M123456", "grade": "graduate"},
    )
    assert "goals" in carried
    applicant = Participant.objects.get(user=world.users["member"], scheme=scheme)
    # The applicant is offered a mentor, and declines with a reason.
    proposed = leader.post(
        reverse("mentoring:mentee-suggestions", args=[scheme.slug, applicant.pk]),
        {"mentor": world.mentor_a.pk},
        follow=True,
    )
    offered = Match.objects.filter(mentee=applicant).first()
    assert offered, re.findall(
        r"notification-banner__heading\">\s*([^<]+)", proposed.content.decode()
    )
    send(
        member,
        reverse("mentoring:match-respond", args=[offered.pk]),
        "respond",
        {"decision": "decline"},
    )
    send(mentee, reverse("mentoring:enquiry-create", args=[scheme.slug]), "enquiry")
    match = world.match_a
    send(
        mentee,
        reverse("mentoring:match-meeting", args=[match.pk]),
        "meeting",
        {"met_on": timezone.localdate().isoformat(), "duration_minutes": "60"},
    )
    send(mentee, reverse("mentoring:match-progress", args=[match.pk]), "progress")
    send(mentee, reverse("mentoring:match-concern", args=[match.pk]), "concern")
    send(
        mentor,
        reverse("mentoring:participant-preparation", args=[world.mentor_a.pk]),
        "preparation",
        {"completed_on": timezone.localdate().isoformat()},
    )
    # The leader: scheme details, answers, concerns, breaches; then ends the match.
    send(leader, reverse("mentoring:scheme-edit", args=[scheme.slug]), "scheme")
    enquiry = world.scheme_a.enquiries.order_by("-pk").first()
    send(leader, reverse("mentoring:enquiry-detail", args=[enquiry.pk]), "answer")
    concern = world.scheme_a.concerns.order_by("-pk").first()
    send(
        leader,
        reverse("mentoring:concern-detail", args=[scheme.slug, concern.pk]),
        "close-concern",
    )
    send(
        leader,
        reverse("mentoring:breach-create", args=[scheme.slug]),
        "breach",
        {"discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "occurred_at": ""},
    )
    send(leader, reverse("mentoring:match-end", args=[match.pk]), "end", {"outcome": "completed"})
    send(mentee, reverse("mentoring:match-feedback", args=[match.pk]), "feedback")

    new_scheme = proposal.scheme
    for client, path in [
        (member, reverse("mentoring:index")),
        (member, reverse("mentoring:scheme-detail", args=[new_scheme.slug])),
        (member, reverse("mentoring:proposal-list")),
        (member, reverse("mentoring:proposal-detail", args=[proposal.pk])),
        (member, reverse("mentoring:mine")),
        (member, reverse("mentoring:participant-detail", args=[applicant.pk])),
        (mentee, reverse("mentoring:match-detail", args=[match.pk])),
        (member, reverse("mentoring:match-detail", args=[offered.pk])),
        (leader, reverse("mentoring:match-detail", args=[offered.pk])),
        (mentee, reverse("mentoring:mine")),
        (mentee, reverse("mentoring:enquiry-detail", args=[enquiry.pk])),
        (mentor, reverse("mentoring:match-detail", args=[match.pk])),
        (mentor, reverse("mentoring:participant-detail", args=[world.mentor_a.pk])),
        (leader, reverse("mentoring:scheme-detail", args=[scheme.slug])),
        (leader, reverse("mentoring:participant-detail", args=[applicant.pk])),
        (leader, reverse("mentoring:match-detail", args=[match.pk])),
        (leader, reverse("mentoring:enquiry-list", args=[scheme.slug])),
        (leader, reverse("mentoring:enquiry-detail", args=[enquiry.pk])),
        (leader, reverse("mentoring:concern-detail", args=[scheme.slug, concern.pk])),
        (leader, reverse("mentoring:breach-list", args=[scheme.slug])),
        (leader, reverse("mentoring:mentee-suggestions", args=[scheme.slug, applicant.pk])),
        (superuser, reverse("mentoring:proposal-list")),
    ]:
        page(client, path)
    for client, path in [
        (leader, reverse("mentoring:scheme-manage", args=[scheme.slug])),
        (superuser, reverse("mentoring:scheme-manage", args=[new_scheme.slug])),
        (leader, reverse("mentoring:match-list", args=[scheme.slug])),
        (leader, reverse("mentoring:cohort", args=[scheme.slug])),
        (leader, reverse("mentoring:participant-list", args=[scheme.slug])),
        (leader, reverse("mentoring:concern-list", args=[scheme.slug])),
    ]:
        page(client, path, shows=False)


def test_guidance_and_community_text_is_escaped_on_every_page(world):
    from mentoring.models import CommunityPost

    leader = client_for(world.users["scheme_leader"])
    mentor = client_for(world.mentor_a.user)
    mentee = client_for(world.mentee_a.user)
    member = client_for(world.users["member"])
    scheme = world.scheme_a
    for moment in ("apply", "matched", "first-meeting"):
        edit = reverse("mentoring:guidance-edit", args=[scheme.slug, "mentee", moment])
        assert {"title", "body"} <= set(send(leader, edit, f"guidance-{moment}"))
    carried = send(mentor, reverse("mentoring:community-post-create", args=[scheme.slug]), "post")
    assert {"title", "body"} <= set(carried)
    post = CommunityPost.objects.filter(author=world.mentor_a.user, reply_to=None).latest("pk")
    thread = reverse("mentoring:community-post", args=[scheme.slug, post.pk])
    send(leader, thread, "reply")
    for client, path in [
        (leader, reverse("mentoring:guidance-list", args=[scheme.slug])),
        (leader, reverse("mentoring:guidance-edit", args=[scheme.slug, "mentee", "apply"])),
        (leader, reverse("mentoring:guidance-version", args=[scheme.slug, "mentee", "apply", 2])),
        (leader, reverse("mentoring:community", args=[scheme.slug])),
        (mentor, thread),
        (member, reverse("mentoring:apply", args=[scheme.slug, "mentee"])),
        (mentee, reverse("mentoring:match-detail", args=[world.match_a.pk])),
        (mentee, reverse("mentoring:match-meeting", args=[world.match_a.pk])),
    ]:
        page(client, path)


# --- Graduate aspirations ------------------------------------------------------------------------


def test_survey_text_is_escaped_on_every_page_and_in_downloads(world, settings):
    from careers.services import wave_preview, wave_publish

    settings.CAREERS_PUBLISH_MIN_WAVE = settings.CAREERS_PUBLISH_MIN_GROUP = 8  # 12 rows
    analyst = client_for(world.users["survey_analyst"])
    rows = [HEADER + [payload("column")]]
    for n in range(12):
        answers = respondent(n, comments=payload(f"comment{n}") if n % 2 else FORMULA)
        rows.append([answers[name] for name in HEADER] + ["x"])
    bad = respondent(99, degree_route=payload("bad-cell"))
    rows.append([bad[name] for name in HEADER] + ["x"])
    formula = respondent(98, degree_route=FORMULA)
    rows.append([formula[name] for name in HEADER] + ["x"])
    upload = SimpleUploadedFile(f"{payload('file')}.csv", csv_bytes(rows))
    wave_name = '<script>alert("w")</script>"><img src=x onerror=alert(1)>'
    response = analyst.post(
        reverse("careers:import"), {"wave": wave_name, "file": upload, "skip_invalid": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The sheet field, refused for a CSV file: the page with errors shows it escaped.
    refused = analyst.post(
        reverse("careers:import"),
        {
            "wave": payload("wave-field"),
            "sheet": payload("sheet")[:100],
            "file": SimpleUploadedFile("s.csv", csv_bytes(rows)),
        },
    )
    assert "<title>Error: " in refused.content.decode()
    assert ESCAPED in refused.content.decode()
    assert_escaped(refused.content.decode(), "the upload form with errors")
    job = SurveyImport.objects.order_by("-pk").first()
    assert job.status == "succeeded", job.message
    assert len(job.problems) == 2 and job.warnings
    wave = job.wave
    page(analyst, reverse("careers:wave-report", args=[wave.slug]))  # the draft's page
    wave = wave_publish(wave=wave_preview(wave=wave))
    public = client_for(None)
    page(public, reverse("careers:index"))
    page(public, reverse("careers:trends"))
    page(public, reverse("careers:wave-report", args=[wave.slug]))
    page(analyst, reverse("careers:wave-responses", args=[wave.slug]))
    page(analyst, reverse("careers:wave-unrounded", args=[wave.slug]))
    page(analyst, reverse("careers:wave-delete", args=[wave.slug]))
    page(analyst, reverse("careers:import-list"))
    detail = page(analyst, reverse("careers:import-detail", args=[job.pk]))
    assert "bad-cell" in detail and "column" in detail
    assert_formulas_neutralised(
        analyst.get(reverse("careers:import-problems", args=[job.pk])), "problems.csv"
    )


# --- The career map ----------------------------------------------------------------------------


def test_career_map_text_from_the_admin_is_escaped_on_every_page(world):
    editor = client_for(world.users["role_editor"])
    carried = send(
        editor,
        reverse("admin:pathways_role_add"),
        "role",
        {"slug": "hostile-role", "status": "published", "reviewed_on": "2026-01-01"},
        leave=["sources-"],  # the inline of sources, left empty
    )
    assert {"name", "summary", "work"} <= set(carried)
    # A link to the role, so that the map and route finder show it.
    send(
        editor,
        reverse("admin:pathways_link_add"),
        "link",
        {"from_start": world.start.pk, "to_role": _role_pk("hostile-role"), "kind": "direct"},
    )
    public = client_for(None)
    page(public, reverse("pathways:index"))
    page(public, reverse("pathways:role-detail", args=["hostile-role"]))
    page(public, reverse("pathways:map"))
    page(public, reverse("pathways:route-finder") + "?start=psychology-graduate&goal=hostile-role")
    page(public, reverse("pathways:map") + "?start=psychology-graduate&goal=hostile-role")
    page(editor, reverse("admin:pathways_role_changelist"))
    exported = public.get(reverse("pathways:export-json"))
    assert exported["Content-Type"].startswith("application/json")
    assert exported["X-Content-Type-Options"] == "nosniff"
    send(
        editor,
        reverse("admin:pathways_role_change", args=[_role_pk("hostile-role")]),
        "formula",
        {"slug": "hostile-role", "status": "published", "reviewed_on": "2026-01-01"},
        leave=["sources-"],
        text=lambda tag: FORMULA,
    )
    assert_formulas_neutralised(
        public.get(reverse("pathways:export-csv", args=["roles"])), "roles.csv"
    )


def _role_pk(slug):
    from pathways.models import Role

    return Role.objects.get(slug=slug).pk


# --- Reflected parameters ----------------------------------------------------------------------


def test_query_parameters_are_escaped_where_pages_repeat_them(world):
    """Every GET form field of the public pages, given a payload, is shown back escaped."""
    public = client_for(None)
    paths = [
        reverse("pathways:index"),
        reverse("pathways:map"),
        reverse("pathways:route-finder"),
        reverse("careers:index"),
        reverse("careers:wave-report", args=[world.wave.slug]),
        reverse("mentoring:index"),
        reverse("referrals:about"),
    ]
    for path in paths:
        names = {"page", "start", "goal", "q"}
        for form in forms_of(public.get(path).content.decode(), "get"):
            names |= set(form.fields)
        query = "&".join(f"{name}={payload(name)}" for name in sorted(names))
        response = public.get(path, {name: payload(name) for name in names})
        assert response.status_code in (200, 404), (path, query, response.status_code)
        assert_escaped(response.content.decode(), f"{path}?{query}")
    searched = page(public, reverse("pathways:index") + "?q=" + payload("search"))
    assert "&lt;script&gt;alert(&#34;search&#34;)" in searched
