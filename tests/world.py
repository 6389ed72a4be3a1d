"""One small portal, built with the apps' own factories and services, for the cross-app tests
(permission matrix, hostile input, escaping, security headers): every kind of user, and in
each app the objects whose ids appear in URLs, two of each where ownership matters (scheme A
led by the scheme leader, scheme B led by someone else)."""

from __future__ import annotations

import copy
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts import roles
from tests.factories import PEOPLE, UserFactory, person

# The columns of the permission matrix: every kind of signed-in user, and nobody.
USER_KINDS = (
    "anonymous",
    "member",  # signed in, no staff role, nothing of their own
    "careers_staff",
    "careers_manager",  # careers staff with the referrals manager flag (reads the audit trail)
    "scheme_leader",  # leads scheme A
    "role_editor",
    "survey_analyst",
    "superuser",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _survey_wave(path: Path):
    from careers.services import survey_import, wave_preview, wave_publish
    from tests.careers.surveys import respondent, write_csv

    rows = [respondent(n, gender="woman" if n < 30 else "man") for n in range(60)]
    write_csv(path, rows)
    job = survey_import(wave_name="Wave 2025", path=path)
    assert job.status == "succeeded", job.message
    wave_publish(wave=wave_preview(wave=job.wave))  # published, as the public sees waves
    job.refresh_from_db()
    return job


def _equity(folder: Path) -> dict:
    import csv
    from datetime import date

    from careers.equity import services
    from careers.equity.models import Programme

    programme = Programme.objects.create(
        slug="clinical-psychology", name="Clinical psychology", role_slug="clinical-psychologist"
    )
    path = folder / "entry.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Year", "Section", "Category", "applicants_n", "accepted_n"])
        writer.writerow([2018, "ETHNICITY", "White", 3045, 507])
        writer.writerow([2018, "ETHNICITY", "Black", 163, 14])
    job = services.equity_import(path=path, programme=programme)
    recommendation = services.recommendation_create(
        by=None,
        title="Fair shortlisting",
        theme="entry",
        summary="Shortlist fairly.",
        evidence_url="/careers/equity/entry/clinical-psychology/2018/ethnicity/",
        evidence_label="Entry by ethnicity, 2018",
        owner_organisation="Courses",
        due_date=date(2027, 1, 31),
    )
    action = services.action_create(
        recommendation=recommendation,
        by=None,
        title="Agree",
        owner="Courses",
        due_date=date(2027, 1, 1),
    )
    return {
        "programme": programme,
        "equity_job": job,
        "recommendation": recommendation,
        "equity_action": action,
    }


def _scheme(name, slug, leader, mentor_email, mentee_email):
    from mentoring import concerns, posts
    from mentoring.models import MatchStatus
    from tests.mentoring.factories import MatchFactory, MenteeFactory, MentorFactory, SchemeFactory

    scheme = SchemeFactory(name=name, slug=slug, leaders=[leader])
    mentor = MentorFactory(scheme=scheme, user=UserFactory(email=mentor_email))
    mentee = MenteeFactory(scheme=scheme, user=UserFactory(email=mentee_email))
    today = timezone.localdate()
    match = MatchFactory(
        scheme=scheme,
        mentor=mentor,
        mentee=mentee,
        proposed_by=leader,
        status=MatchStatus.ACTIVE,
        mentor_accepted_at=timezone.now(),
        mentee_accepted_at=timezone.now(),
        started_on=today,
        ends_on=today.replace(year=today.year + 1),
    )
    enquiry = concerns.enquiry_send(
        scheme=scheme, by=mentee.user, subject="Meeting rooms", message="Where do we meet?"
    )
    concern = concerns.concern_raise(match=match, by=mentee.user, description="Missed meetings")
    for moment in ("apply", "matched", "first-meeting"):
        posts.guidance_write(
            scheme=scheme,
            by=leader,
            audience="mentee",
            moment=moment,
            title="What to expect",
            body="Meet once a month.\n\n- Agree your goals\n- Keep notes",
        )
    post = posts.community_post(
        scheme=scheme, by=leader, kind="announcement", title="Welcome", body="Hello, mentors."
    )
    posts.community_reply(post=post, by=mentor.user, body="Thank you.")
    return scheme, mentor, mentee, match, enquiry, concern, post


def build_world(tmp_dir: Path | None = None) -> World:
    """Create the world in the current database (inside whatever transaction is open)."""
    from pathways.models import Link
    from pathways.services import role_editors_grant_permissions
    from referrals.services import decline_token
    from tests.mentoring.factories import proposal_submitted
    from tests.pathways.factories import RoleFactory, StartingPointFactory
    from tests.referrals.factories import (
        AdviserProfileFactory,
        ReferralFactory,
        SupportServiceFactory,
    )

    w = World()
    # A database flushed by an earlier transactional test has lost the migrations' grants.
    role_editors_grant_permissions()
    u = w.users
    u.update((kind, person(kind)) for kind in PEOPLE)
    u["careers_manager"] = UserFactory(email="manager@example.org", roles=[roles.CAREERS_STAFF])
    AdviserProfileFactory(user=u["careers_manager"], is_manager=True)
    other_leader = UserFactory(email="other-leader@example.org", roles=[roles.SCHEME_LEADERS])

    o = w.objects
    # Career map: a published role reached from a starting point (for routes.json).
    o["role"] = RoleFactory(slug="clinical-psychologist", name="Clinical psychologist")
    for slug, name in [
        ("assistant-psychologist", "Assistant psychologist"),
        ("psychological-wellbeing-practitioner", "Psychological wellbeing practitioner"),
        ("childrens-wellbeing-practitioner", "Children's wellbeing practitioner"),
    ]:
        RoleFactory(slug=slug, name=name)
    o["start"] = StartingPointFactory(slug="psychology-graduate", name="Psychology graduate")
    Link.objects.create(from_start=o["start"], to_role=o["role"], kind=Link.Kind.DIRECT)

    # Graduate aspirations: an imported wave and its import job.
    with tempfile.TemporaryDirectory() as directory:
        o["survey_job"] = _survey_wave(Path(tmp_dir or directory) / "wave-2025.csv")
    o["wave"] = o["survey_job"].wave
    # Equity of entry and progression: a programme with figures, a recommendation.
    with tempfile.TemporaryDirectory() as directory:
        o.update(_equity(Path(tmp_dir or directory)))

    # Mentoring: scheme A led by the scheme leader, scheme B by another leader.
    (
        o["scheme_a"],
        o["mentor_a"],
        o["mentee_a"],
        o["match_a"],
        o["enquiry_a"],
        o["concern_a"],
        o["community_post_a"],
    ) = _scheme(
        "Psychological professions network",
        "scheme-a",
        u["scheme_leader"],
        "mentor-a@example.org",
        "mentee-a@example.org",
    )
    (
        o["scheme_b"],
        o["mentor_b"],
        o["mentee_b"],
        o["match_b"],
        o["enquiry_b"],
        o["concern_b"],
        o["community_post_b"],
    ) = _scheme(
        "Forensic network",
        "scheme-b",
        other_leader,
        "mentor-b@example.org",
        "mentee-b@example.org",
    )
    o["proposal"] = proposal_submitted(o["mentee_a"].user, name="Peer mentoring in the North")

    # Referrals: a referral waiting for triage, an educator's referral, a support service.
    o["referral"] = ReferralFactory(name="Confidential Person", email="confidential@example.net")
    o["educator_referral"] = ReferralFactory(from_educator=True)
    o["decline_token"] = decline_token(o["educator_referral"])
    o["service"] = SupportServiceFactory(name="NHS Practitioner Health")

    # Workshops and resources: a session booked by someone outside the user kinds.
    from tests.support.factories import BookingFactory, ResourceFactory, SessionFactory

    o["workshop_session"] = SessionFactory(workshop__slug="choosing-a-specialty")
    o["workshop"] = o["workshop_session"].workshop
    o["workshop_booking"] = BookingFactory(
        session=o["workshop_session"], user=UserFactory(email="booker@example.net")
    )
    o["resource"] = ResourceFactory(
        slug="ltft-guide",
        kind="document",
        url="",
        document=b"%PDF-1.4\n%%EOF\n",
        document_size=14,
        accessibility_note="Tagged PDF.",
    )
    return w


@contextmanager
def rolled_back(django_db_blocker, build):
    """What `build()` makes, made once inside a transaction that is rolled back afterwards, so
    that a module's tests share one set-up (each test still runs in its own savepoint)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def rolled_back_world(django_db_blocker):
    """The world built once for a module (see `rolled_back`)."""
    return rolled_back(django_db_blocker, build_world)


def module_world():
    """A `world` fixture for one test module (`world = module_world()` in the module): the
    world, built once for the run (tests/snapshots.py), copied in for the module's tests with
    objects of the module's own, and rolled back after them."""

    @pytest.fixture(scope="module")
    def world(world_copy, django_db_blocker):
        from django.contrib.contenttypes.models import ContentType

        from tests import snapshots

        def copy_in():
            snapshots.restore(world_copy)
            return copy.deepcopy(world_copy.made)

        with rolled_back(django_db_blocker, copy_in) as built:
            yield built
        ContentType.objects.clear_cache()  # its ids were the copy's

    return world


def client_as(world, kind) -> Client:
    """A test client signed in as the world's user of that kind (none for "anonymous")."""
    client = Client()
    if kind != "anonymous":
        client.force_login(world.users[kind])
    return client
