"""Demo data for careers support: two advisers (careers@example.org is a manager), a
signposting directory of the real kinds of services (the advisers' accounts and settings and the
directory added by the admin, through `accounts.services` and `referrals.services` as the
Django admin adds them), and referrals in every state of the
workflow, dated relative to today so that some are overdue.

The lists are in fixtures/demo/referrals.json. Every referral is made and moved through
referrals/services.py (submitted, triaged, allocated, contacted, closed, returned, reopened...)
with the clock (`config.clock`) set to the day the demo gives each step, so each has the
workflow steps and audit events the rules give it. Idempotent: run it again and each demo
referral is made afresh (a new reference) and brought to the same state; the emails the
services write for the demo's past are taken out of the outbox again."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts import limits, roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from config import clock
from config.demo_data import fixture, moment, working_days_ago
from config.workdays import add_working_days, is_working_day
from outbox.models import Email
from referrals import admin_settings, choices, declining, services, submissions, workflow
from referrals.models import (
    AdviserProfile,
    AuditEvent,
    Referral,
    SupportService,
)

ADVISER_EMAIL = "adviser@example.org"
MANAGER_EMAIL = "careers@example.org"
DATA = fixture("referrals")
SERVICES = DATA["services"]
PEOPLE = DATA["people"]
HISTORIC_NAMES = DATA["historic"]["names"]
TEXTS = DATA["texts"]
MODES = ["video", "in_person", "phone"]
MINUTES = [60, 45, 30]


def _users(stdout) -> dict[str, User]:
    """The advisers: staff accounts made by the admin, their referral settings set by the admin
    (the way the Django admin does both)."""
    users = {}
    for person in DATA["managers"]:
        user = accounts_demo.staff(person["email"], person["full_name"], [roles.CAREERS_STAFF])
        profile = AdviserProfile.objects.filter(user=user).first()
        if profile is None or profile.is_manager != person["is_manager"]:
            admin_settings.adviser_profile_set(
                by=accounts_demo.admin(), adviser=user, is_manager=person["is_manager"]
            )
        users[user.email] = user
    if stdout:
        stdout.write(
            f"  careers support: {ADVISER_EMAIL} is a second adviser (password {DEMO_PASSWORD});"
            f" {MANAGER_EMAIL} is the referrals manager"
        )
    return users


def _forget(email: str, referrer_email: str = "") -> None:
    """A demo referral made before, taken away with its trail (and the rate-limit counts it
    left), so that it can be made again from the start."""
    old = list(Referral.objects.filter(email=email))
    AuditEvent.objects.filter(
        Q(referral__in=old) | Q(reference__in=[r.reference for r in old])
    ).delete()
    for referral in old:
        referral.delete()
    limits.forget(
        submissions.LIMIT_ADDRESS,
        *(submissions.limit_email(a) for a in (email, referrer_email) if a),
    )


def _fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


class _Walk:
    """One referral moved through the services, each step at its own moment."""

    def __init__(self, referral: Referral):
        self.referral = referral

    def __call__(self, when, step, **kwargs):
        with clock.at(when):
            result = step(referral=self.referral, version=self.referral.version, **kwargs)
        self.referral = _fresh(self.referral)
        return result


def _submit(person: dict, *, when, by: User | None) -> Referral:
    referrer = person.get("referrer") or {}
    with clock.at(when):
        return submissions.referral_submit(
            source=person["source"],
            by=by,
            name=person["name"],
            email=person["email"],
            grade=person["grade"],
            specialty=person.get("specialty", ""),
            region=person["region"],
            reasons=person["reasons"],
            reasons_other=TEXTS["reasons_other"] if "other" in person["reasons"] else "",
            help_wanted=person["help_wanted"],
            preferred_contact="email",
            privacy_consent=True,
            referrer_name=referrer.get("name", ""),
            referrer_email=referrer.get("email", ""),
            referrer_role=referrer.get("role", ""),
            referrer_organisation=TEXTS["referrer_organisation"] if referrer else "",
            trainee_agreed=bool(referrer),
        )


def _load_referral(person: dict, users: dict[str, User], directory: dict) -> Referral:
    """The referral of one person, walked as the fixture says (the same steps and days as the
    demo has always shown)."""
    manager = users[MANAGER_EMAIL]
    adviser = users.get(person.get("adviser", ""))
    source = person["source"]
    _forget(person["email"], (person.get("referrer") or {}).get("email", ""))
    day = working_days_ago(person["working_days_ago"])
    logged_by = manager if source in (choices.STAFF_PHONE, choices.STAFF_EMAIL) else None
    walk = _Walk(_submit(person, when=moment(day, 9, 30), by=logged_by))

    def later(days: int, hour: int = 11):
        nonlocal day
        day = add_working_days(day, days)
        return moment(day, hour)

    if person.get("sharing"):
        walk(
            moment(day, 9, 45),
            services.referral_set_sharing,
            by=manager,
            level=person["sharing"],
        )
    if person.get("priority"):
        walk(later(1), services.referral_triage, by=manager, priority=person["priority"])
    if adviser:
        walk(later(1, 14), services.referral_allocate, by=manager, adviser=adviser)
    sessions = person.get("sessions", 0)
    last = None
    if sessions or person.get("contact"):
        last = later(2, 15)
        if not sessions:
            walk(last, services.referral_record_contact, by=adviser, contacted_on=day)
        for i in range(sessions):
            if i:
                last = later(7, 15)
            walk(
                last,
                services.referral_record_session,
                by=adviser,
                held_on=day,
                mode=MODES[i % 3],
                adviser=adviser,
                minutes=MINUTES[i % 3],
                notes=TEXTS["session_notes"][i % 3],
            )
    if person.get("plan"):
        plan = TEXTS["plan"]
        walk(
            last + timedelta(hours=1),
            services.referral_save_plan,
            by=adviser,
            goals=plan["goals"],
            actions=plan["actions"],
            review_on=timezone.localdate() + timedelta(days=plan["review_in_days"]),
        )
    if person.get("sharing") == workflow.SHARE_SUMMARY:
        walk(
            last + timedelta(hours=2),
            services.referral_share_update,
            by=adviser,
            kind=workflow.SHARE_SUMMARY,
            text=TEXTS["summary_update"],
        )
    signposts = [directory[name] for name in person.get("signposts", [])]
    if person.get("declined"):
        with clock.at(later(2)):
            declining.referral_decline(token=services.decline_token(walk.referral))
        walk.referral = _fresh(walk.referral)
    elif person.get("return_reason"):
        reason = person["return_reason"]
        walk(
            later(2),
            services.referral_return,
            by=manager,
            reason=reason,
            note=TEXTS["return_notes"][reason],
            services=signposts,
        )
    elif person.get("outcome"):
        when = later(5)
        for service in signposts:
            walk(when, services.referral_signpost, by=adviser, service=service)
        walk(
            when,
            services.referral_close,
            by=adviser,
            outcome=person["outcome"],
            note=TEXTS["closing_note"],
        )
    if person.get("reopened"):
        walk(later(10), services.referral_reopen, by=manager, reason=TEXTS["reopen_reason"])
    assert walk.referral.state == person["state"], (person["email"], walk.referral.state)
    return walk.referral


def _walk_closed(person: dict, *, received, contact, closed, adviser, by, priority, outcome):
    """A referral from the past: received, triaged and allocated that day, contacted, closed."""
    _forget(person["email"])
    logged_by = by if person["source"] in (choices.STAFF_PHONE, choices.STAFF_EMAIL) else None
    walk = _Walk(_submit(person, when=received, by=logged_by))
    walk(received, services.referral_triage, by=by, priority=priority)
    walk(received, services.referral_allocate, by=by, adviser=adviser)
    walk(
        contact,
        services.referral_record_contact,
        by=adviser,
        contacted_on=timezone.localdate(contact),
    )
    walk(closed, services.referral_close, by=adviser, outcome=outcome)
    return walk.referral


def _load_historic(users: dict[str, User]) -> None:
    """Closed referrals over the past year for the reports, and one past retention."""
    priya, jordan = users[MANAGER_EMAIL], users[ADVISER_EMAIL]
    rng = random.Random(4)  # the same every run
    outcomes = [o for o, _ in workflow.OUTCOMES]
    latest = timezone.now() - timedelta(hours=1)
    for i, name in enumerate(HISTORIC_NAMES):
        received_day = timezone.localdate() - timedelta(days=40 + i * 16)
        while not is_working_day(received_day):
            received_day -= timedelta(days=1)
        contact_day = add_working_days(received_day, rng.choice([1, 2, 3, 3, 4, 5, 5, 6, 8]))
        person = {
            "email": f"historic{i + 1}@example.net",
            "name": name,
            "grade": rng.choice([g for g, _ in choices.GRADES]),
            "region": rng.choice([r for r, _ in choices.REGIONS[:7]]),
            "reasons": sorted(rng.sample([r for r, _ in choices.REASONS[:5]], 2)),
            "help_wanted": DATA["historic"]["help_wanted"],
            "source": rng.choice(
                [choices.SELF_WEB, choices.SELF_WEB, choices.SELF_WEB, choices.STAFF_PHONE]
            ),
        }
        adviser = priya if i % 2 else jordan
        _walk_closed(
            person,
            received=moment(received_day, 10),
            contact=moment(contact_day, 12),
            # Never after now: the services are not asked to act in the future.
            closed=min(moment(contact_day + timedelta(days=30), 16), latest),
            adviser=adviser,
            by=priya,
            priority=workflow.URGENT if i % 5 == 0 else workflow.ROUTINE,
            outcome=outcomes[i % len(outcomes)],
        )
    # Past the retention period: `manage.py anonymise_referrals` (a dry run) lists it.
    retained = DATA["retained"]
    old = moment(timezone.localdate() - timedelta(days=365 * 3 + 60), 10)
    _walk_closed(
        retained,
        received=old,
        contact=old + timedelta(days=2),
        closed=old + timedelta(days=40),
        adviser=users[retained["adviser"]],
        by=priya,
        priority=workflow.ROUTINE,
        outcome=retained["outcome"],
    )


def load(stdout=None):
    users = _users(stdout)
    names = [data["name"] for data in SERVICES]
    directory = {s.name: s for s in SupportService.objects.filter(name__in=names)}
    for data in SERVICES:
        if data["name"] not in directory:
            directory[data["name"]] = admin_settings.support_service_add(
                by=accounts_demo.admin(), **data
            )
    before = Email.objects.aggregate(last=Max("pk"))["last"] or 0
    for person in PEOPLE:
        _load_referral(person, users, directory)
    _load_historic(users)
    # The demo's past sends no mail: the emails the services wrote for it are taken back.
    Email.objects.filter(pk__gt=before, category="referrals").delete()
    if stdout:
        stdout.write(
            f"  careers support: {len(PEOPLE)} current referrals, {len(HISTORIC_NAMES) + 1} "
            f"historic, {len(SERVICES)} signposting services"
        )
