"""Demo data for careers support: two advisers (careers@example.org is a manager), a
signposting directory of the real kinds of services, and referrals in every state of the
workflow, dated relative to today so that some are overdue. Idempotent: run it again and the
same referrals are brought back to the same state."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from config.workdays import is_working_day, working_days_between
from referrals import choices, workflow
from referrals.models import (
    AdviserProfile,
    EducatorUpdate,
    Referral,
    Session,
    Signpost,
    StateChange,
    SupportPlan,
    SupportService,
)
from referrals.services import first_contact_due, next_reference

ADVISER_EMAIL = "adviser@example.org"

SERVICES = [
    {
        "name": "Regional professional support and wellbeing service",
        "kind": "psu",
        "purpose": "Support for doctors and dentists in training whose progress is affected by "
        "health, personal circumstances, performance or career uncertainty: coaching, "
        "careers advice, help with less-than-full-time training and returning to training.",
        "eligibility": "Doctors and dentists in postgraduate training in the region, referred "
        "by themselves or by their educational supervisor or training programme director.",
        "how_to_contact": "Through the NHS England Workforce, Training and Education office for "
        "your region: search its website for 'professional support'.",
        "coverage": "regional",
        "region": "london",
        "website": "",
    },
    {
        "name": "NHS Practitioner Health",
        "kind": "counselling",
        "purpose": "Free, confidential NHS mental health service for doctors, dentists and "
        "other health professionals with mental illness or addiction, including stress and "
        "burnout affecting work.",
        "eligibility": "Doctors and dentists in England, and other eligible healthcare "
        "professionals; self-referral, no GP letter needed.",
        "how_to_contact": "Self-referral through the Practitioner Health website.",
        "coverage": "england",
        "region": "",
        "website": "https://www.practitionerhealth.nhs.uk/",
    },
    {
        "name": "Employee assistance programme (your employer's counselling service)",
        "kind": "counselling",
        "purpose": "Short-term confidential counselling and advice on work, money and family "
        "matters, provided by the employing trust.",
        "eligibility": "Staff of the employing NHS trust, including doctors in training placed "
        "there.",
        "how_to_contact": "Details are on your trust's intranet, or ask HR or occupational health.",
        "coverage": "employer",
        "region": "",
        "website": "",
    },
    {
        "name": "Doctors' peer support network",
        "kind": "peer",
        "purpose": "Confidential peer support from doctors who have lived experience of mental "
        "health problems: online forums and local meetings.",
        "eligibility": "Doctors and medical students.",
        "how_to_contact": "Join through the network's website.",
        "coverage": "uk",
        "region": "",
        "website": "",
    },
    {
        "name": "Psychological professions peer support group",
        "kind": "peer",
        "purpose": "Facilitated peer supervision and support for trainee and newly qualified "
        "psychological practitioners thinking about their next step.",
        "eligibility": "Trainee and qualified psychological practitioners in the region.",
        "how_to_contact": "Through your programme's course team or the regional psychological "
        "professions network.",
        "coverage": "regional",
        "region": "north_west",
        "website": "",
    },
    {
        "name": "Medical benevolent fund",
        "kind": "benevolent",
        "purpose": "Money advice, grants and support for doctors and their families facing "
        "financial hardship through ill health, bereavement or career change.",
        "eligibility": "Doctors, medical students and their dependants, in the UK.",
        "how_to_contact": "Apply through the fund's website; a caseworker calls back.",
        "coverage": "uk",
        "region": "",
        "website": "https://rmbf.org/",
    },
    {
        "name": "Occupational health service of the employing trust",
        "kind": "occupational_health",
        "purpose": "Assessment of fitness for work and advice on reasonable adjustments, "
        "phased returns and less-than-full-time working after ill health.",
        "eligibility": "Staff of the trust; through a manager referral or self-referral.",
        "how_to_contact": "Ask your clinical or educational supervisor, or your trust's "
        "occupational health department.",
        "coverage": "employer",
        "region": "",
        "website": "",
    },
    {
        "name": "Royal College of Psychiatrists: careers and psychiatrists' support",
        "kind": "professional_body",
        "purpose": "Careers information for psychiatry, and a confidential support service "
        "for psychiatrists facing personal or professional difficulties.",
        "eligibility": "Psychiatrists and trainees in psychiatry (college membership not "
        "required for the support service).",
        "how_to_contact": "Through the college's website.",
        "coverage": "uk",
        "region": "",
        "website": "https://www.rcpsych.ac.uk/",
    },
    {
        "name": "British Psychological Society: careers and professional development",
        "kind": "professional_body",
        "purpose": "Guidance on careers in psychology, routes into practitioner training and "
        "continuing professional development.",
        "eligibility": "Psychology graduates, trainees and practitioners.",
        "how_to_contact": "Through the society's website.",
        "coverage": "uk",
        "region": "",
        "website": "https://www.bps.org.uk/",
    },
    {
        "name": "BMA wellbeing support services",
        "kind": "counselling",
        "purpose": "Confidential counselling and peer support for doctors and medical "
        "students, available at any hour.",
        "eligibility": "All doctors and medical students in the UK (BMA membership not needed).",
        "how_to_contact": "Through the BMA website's wellbeing pages.",
        "coverage": "uk",
        "region": "",
        "website": "https://www.bma.org.uk/",
    },
]


def _working_days_ago(days: int):
    day = timezone.localdate()
    while days > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _users(stdout):
    careers_group = Group.objects.get_or_create(name=roles.CAREERS_STAFF)[0]
    priya, created = User.objects.get_or_create(
        email="careers@example.org", defaults={"full_name": "Priya Shah"}
    )
    if created:
        priya.set_password(DEMO_PASSWORD)
        priya.save()
    jordan, created = User.objects.get_or_create(
        email=ADVISER_EMAIL, defaults={"full_name": "Jordan Ellis"}
    )
    if created:
        jordan.set_password(DEMO_PASSWORD)
        jordan.save()
    for user in (priya, jordan):
        user.groups.add(careers_group)
    AdviserProfile.objects.update_or_create(user=priya, defaults={"is_manager": True})
    AdviserProfile.objects.update_or_create(user=jordan, defaults={"is_manager": False})
    if stdout:
        stdout.write(
            f"  careers support: {ADVISER_EMAIL} is a second adviser (password {DEMO_PASSWORD});"
            " careers@example.org is the referrals manager"
        )
    return priya, jordan


# (email, name, grade, specialty, region, reasons, help, source, working days ago,
#  referrer (name, email, role) or None, final state, details)
PEOPLE = [
    (
        "aisha.rahman@example.net",
        "Aisha Rahman",
        "foundation",
        "Foundation year 2",
        "london",
        ["direction", "explore"],
        "I enjoyed my psychiatry rotation but I'm torn between psychiatry and general practice. "
        "I'd like to talk it through before applications open.",
        choices.SELF_WEB,
        1,
        None,
        "received",
        {},
    ),
    (
        "tom.whitfield@example.net",
        "Tom Whitfield",
        "core",
        "Core psychiatry training, CT2",
        "north_west",
        ["outside", "progress"],
        "Tom has had two difficult ARCPs and has said he is wondering whether medicine is right "
        "for him. He would value someone independent to talk to.",
        choices.EDUCATOR_WEB,
        7,
        ("Dr Helen Marsh", "helen.marsh@example.net", "educational_supervisor"),
        "received",
        {},
    ),
    (
        "grace.owusu@example.net",
        "Grace Owusu",
        "trainee_pp",
        "Clinical psychology doctorate, year 2",
        "midlands",
        ["direction"],
        "I want to understand the options after qualifying: NHS adult services, child services "
        "or research.",
        choices.SELF_WEB,
        2,
        None,
        "triaged",
        {"priority": workflow.ROUTINE},
    ),
    (
        "daniel.kowalski@example.net",
        "Daniel Kowalski",
        "specialty",
        "Old age psychiatry, ST5",
        "south_east",
        ["health", "progress"],
        "A long illness has set my training back. I need to decide whether to go less than full "
        "time or change specialty, and my next review is in six weeks.",
        choices.SELF_WEB,
        6,
        None,
        "triaged",
        {"priority": workflow.URGENT},
    ),
    (
        "meilin.chen@example.net",
        "Mei Lin Chen",
        "sas",
        "Specialty doctor, general adult psychiatry",
        "east_of_england",
        ["explore"],
        "Phoned the team: interested in the portfolio (CESR) route to the specialist register "
        "and wants to know whether it is realistic.",
        choices.STAFF_PHONE,
        3,
        None,
        "allocated",
        {"priority": workflow.ROUTINE, "adviser": "j"},
    ),
    (
        "oliver.bennett@example.net",
        "Oliver Bennett",
        "foundation",
        "Foundation year 1",
        "south_west",
        ["outside"],
        "I'm thinking about leaving clinical medicine for public health or industry and don't "
        "know where to start.",
        choices.SELF_WEB,
        8,
        None,
        "allocated",
        {"priority": workflow.URGENT, "adviser": "p"},
    ),
    (
        "fatima.hussain@example.net",
        "Fatima Hussain",
        "specialty",
        "Child and adolescent psychiatry, ST4",
        "north_east_and_yorkshire",
        ["direction", "explore"],
        "Fatima is considering a move into academic psychiatry and would like careers advice; "
        "she has agreed to this referral.",
        choices.EDUCATOR_WEB,
        25,
        ("Dr Simon Adeyemi", "simon.adeyemi@example.net", "tpd"),
        "in_support",
        {
            "priority": workflow.ROUTINE,
            "adviser": "p",
            "sessions": 2,
            "plan": True,
            "sharing": workflow.SHARE_SUMMARY,
        },
    ),
    (
        "liam.oconnor@example.net",
        "Liam O'Connor",
        "qualified_pp",
        "CBT therapist, NHS Talking Therapies",
        "london",
        ["outside"],
        "Qualified three years ago; thinking about training as a clinical psychologist or "
        "moving into service management.",
        choices.STAFF_EMAIL,
        12,
        None,
        "in_support",
        {"priority": workflow.ROUTINE, "adviser": "j", "sessions": 1},
    ),
    (
        "sophie.turner@example.net",
        "Sophie Turner",
        "consultant",
        "Consultant in forensic psychiatry",
        "midlands",
        ["explore"],
        "Ten years as a consultant: exploring a medical director role or a portfolio career.",
        choices.SELF_WEB,
        60,
        None,
        "closed",
        {
            "priority": workflow.ROUTINE,
            "adviser": "p",
            "sessions": 3,
            "plan": True,
            "outcome": workflow.PLAN_AGREED,
        },
    ),
    (
        "raj.patel@example.net",
        "Raj Patel",
        "core",
        "Core psychiatry training, CT3",
        "london",
        ["direction"],
        "Choosing between general adult and liaison psychiatry for higher training.",
        choices.SELF_WEB,
        45,
        None,
        "closed",
        {"priority": workflow.ROUTINE, "adviser": "j", "sessions": 1, "outcome": workflow.RESOLVED},
    ),
    (
        "chloe.evans@example.net",
        "Chloe Evans",
        "trainee_pp",
        "Psychological wellbeing practitioner training",
        "south_west",
        ["health"],
        "Anxiety is making placements very hard and I'm not sure I can continue.",
        choices.SELF_WEB,
        40,
        None,
        "closed",
        {
            "priority": workflow.URGENT,
            "adviser": "p",
            "sessions": 1,
            "outcome": workflow.REFERRED_ELSEWHERE,
            "signposts": [
                "NHS Practitioner Health",
                "Occupational health service of the employing trust",
            ],
        },
    ),
    (
        "ben.carter@example.net",
        "Ben Carter",
        "foundation",
        "Foundation year 2",
        "east_of_england",
        ["direction"],
        "Wants to talk about specialty applications.",
        choices.SELF_WEB,
        35,
        None,
        "closed",
        {
            "priority": workflow.ROUTINE,
            "adviser": "j",
            "contact": True,
            "outcome": workflow.DID_NOT_ENGAGE,
        },
    ),
    (
        "hannah.moore@example.net",
        "Hannah Moore",
        "specialty",
        "General adult psychiatry, ST6",
        "north_west",
        ["progress"],
        "Hannah's progress has stalled and she may benefit from careers support.",
        choices.EDUCATOR_WEB,
        20,
        ("Dr Karen Lloyd", "karen.lloyd@example.net", "clinical_supervisor"),
        "closed",
        {"outcome": workflow.WITHDRAWN, "declined": True},
    ),
    (
        "sam.green@example.net",
        "Sam Green",
        "other",
        "",
        "outside_england",
        ["other"],
        "Help.",
        choices.SELF_WEB,
        15,
        None,
        "returned",
        {
            "return_reason": workflow.INCOMPLETE,
            "signposts": ["British Psychological Society: careers and professional development"],
        },
    ),
    (
        "ella.wright@example.net",
        "Ella Wright",
        "other",
        "Mental health nursing",
        "london",
        ["health", "other"],
        "I'm a mental health nurse off sick with stress and want to know about my pension "
        "and sick pay.",
        choices.SELF_WEB,
        18,
        None,
        "returned",
        {
            "return_reason": workflow.NOT_FOR_SERVICE,
            "signposts": [
                "Employee assistance programme (your employer's counselling service)",
                "Occupational health service of the employing trust",
            ],
        },
    ),
    (
        "marcus.reid@example.net",
        "Marcus Reid",
        "specialty",
        "Psychiatry of intellectual disability, ST4",
        "south_east",
        ["direction", "progress"],
        "Was closed as resolved; got back in touch after an unsuccessful interview.",
        choices.SELF_WEB,
        50,
        None,
        "allocated",
        {"priority": workflow.ROUTINE, "adviser": "j", "sessions": 1, "reopened": True},
    ),
]

HISTORIC_NAMES = [
    "Amelia Clarke",
    "Jack Robinson",
    "Isla Wood",
    "Noah Hughes",
    "Ava Edwards",
    "Leo Hall",
    "Freya Martin",
    "Arjun Singh",
    "Zara Ahmed",
    "Ethan Price",
    "Maya Joshi",
    "Lucas Ward",
    "Ruby Scott",
    "Harry Baker",
    "Nia Williams",
    "Kofi Mensah",
    "Erin Murphy",
    "Adam Lewis",
    "Layla Ali",
    "Oscar King",
]


SESSION_NOTES = [
    "Explored what they enjoy in current work and what drains them. Talked through options; "
    "agreed to look at two routes in more detail.",
    "Reviewed what they found out about both routes; mapped the application timeline and who "
    "to speak to. Feeling clearer.",
    "Final session: plan agreed, next steps owned by the trainee.",
]


def _upsert(email: str, fields: dict) -> Referral:
    referral = Referral.objects.filter(email=email).first()
    if referral is None:
        return Referral.objects.create(email=email, reference=next_reference(), **fields)
    for key, value in fields.items():
        setattr(referral, key, value)
    referral.save()
    return referral


def _steps(referral, steps):
    StateChange.objects.bulk_create(
        [
            StateChange(
                referral=referral, action=a, from_state=f, to_state=t, by=by, at=at, note=note
            )
            for a, f, t, by, at, note in steps
        ]
    )


def _load_referral(spec, priya, jordan, services):
    email, name, grade, specialty, region, reasons, help_wanted, source, ago, referrer = spec[:10]
    state, extra = spec[10], spec[11]
    received_day = _working_days_ago(ago)
    received = _at(received_day, 9, 30)
    adviser = {"p": priya, "j": jordan}.get(extra.get("adviser"))
    logged_by = priya if source in (choices.STAFF_PHONE, choices.STAFF_EMAIL) else None
    fields = {
        "name": name,
        "grade": grade,
        "specialty": specialty,
        "region": region,
        "reasons": reasons,
        "reasons_other": "Money and sick pay" if "other" in reasons else "",
        "help_wanted": help_wanted,
        "preferred_contact": "email",
        "phone": "",
        "privacy_consent": True,
        "source": source,
        "logged_by": logged_by,
        "referrer_name": referrer[0] if referrer else "",
        "referrer_email": referrer[1] if referrer else "",
        "referrer_role": referrer[2] if referrer else "",
        "referrer_organisation": "Health Education placement trust" if referrer else "",
        "trainee_agreed": bool(referrer),
        "sharing_level": extra.get("sharing", workflow.SHARE_NOTHING),
        "received_at": received,
        "first_contact_due": first_contact_due(received),
        "state": state,
        "priority": extra.get("priority", ""),
        "adviser": adviser,
        "outcome": extra.get("outcome", ""),
        "closing_note": "",
        "return_reason": extra.get("return_reason", ""),
        "return_note": "",
        "reopened_count": 1 if extra.get("reopened") else 0,
        "first_contact_at": None,
        "first_contact_working_days": None,
        "triaged_at": None,
        "allocated_at": None,
        "closed_at": None,
        "returned_at": None,
        "anonymised_at": None,
        "last_action": "",
        "last_changed_by": None,
        "last_changed_at": received,
    }
    referral = Referral.objects.filter(email=email).first()
    if referral is None:
        referral = Referral(email=email, reference=next_reference(), **fields)
    else:
        for key, value in fields.items():
            setattr(referral, key, value)
        referral.version += 1
        for related in (referral.steps, referral.sessions, referral.signposts, referral.updates):
            related.all().delete()
        SupportPlan.objects.filter(referral=referral).delete()

    steps = [("create", "", "received", logged_by, received, dict(choices.SOURCES)[source])]
    day = received_day
    staff = priya

    def later(days, hour=11):
        nonlocal day
        for _ in range(days):
            day += timedelta(days=1)
            while not is_working_day(day):
                day += timedelta(days=1)
        return _at(day, hour)

    current = "received"
    if referral.priority:
        referral.triaged_at = later(1)
        steps.append(("triage", current, "triaged", staff, referral.triaged_at, ""))
        current = "triaged"
    if adviser:
        referral.allocated_at = later(1, 14)
        steps.append(("allocate", current, "allocated", staff, referral.allocated_at, ""))
        current = "allocated"
    n_sessions = extra.get("sessions", 0)
    if n_sessions or extra.get("contact"):
        contact = later(2, 15)
        referral.first_contact_at = contact
        referral.first_contact_working_days = working_days_between(received_day, day)
        action = "record_session" if n_sessions else "record_contact"
        steps.append((action, current, "in_support", adviser, contact, ""))
        current = "in_support"
        session_days = [day] + [timezone.localdate(later(7)) for _ in range(n_sessions - 1)]
    else:
        session_days = []
    if extra.get("declined"):
        referral.closed_at = later(2)
        referral.closing_note = "The trainee declined the referral through the link in their email."
        steps.append(("close", current, "closed", None, referral.closed_at, referral.closing_note))
        current = "closed"
    elif referral.return_reason:
        referral.returned_at = later(2)
        referral.first_contact_at = referral.returned_at
        referral.first_contact_working_days = working_days_between(received_day, day)
        referral.return_note = (
            "Thank you for getting in touch. We need a little more about what you would like "
            "help with: please reply or refer yourself again with more detail."
            if referral.return_reason == workflow.INCOMPLETE
            else "Your questions are about employment terms rather than career direction, so "
            "the services below will help you more quickly."
        )
        steps.append(("return", current, "returned", staff, referral.returned_at, ""))
        current = "returned"
    elif referral.outcome or extra.get("reopened"):
        referral.closed_at = later(5)
        referral.closing_note = "Support complete."
        steps.append(("close", current, "closed", adviser, referral.closed_at, ""))
        current = "closed"
    if extra.get("reopened"):
        reopened = later(10)
        steps.append(
            (
                "reopen",
                "closed",
                "allocated",
                staff,
                reopened,
                "Got back in touch after an unsuccessful interview; wants help preparing "
                "for the next round.",
            )
        )
        referral.closed_at = None
        referral.outcome = ""
        current = "allocated"
    assert current == referral.state, (email, current, referral.state)
    referral.last_action = steps[-1][0]
    referral.last_changed_at = steps[-1][4]
    referral.last_changed_by = steps[-1][3]
    referral.save()

    _steps(referral, steps)
    for i, held in enumerate(session_days):
        Session.objects.create(
            referral=referral,
            held_on=held,
            mode=["video", "in_person", "phone"][i % 3],
            adviser=adviser,
            minutes=[60, 45, 30][i % 3],
            notes=SESSION_NOTES[i % 3],
            recorded_by=adviser,
        )
    if extra.get("plan"):
        SupportPlan.objects.create(
            referral=referral,
            goals="Decide between staying in clinical training and an academic route by the "
            "next application round.",
            actions="1. Speak to two academic clinical fellows (trainee).\n"
            "2. Check the academic foundation and ACF person specifications (trainee).\n"
            "3. Review progress together at the next session (adviser).",
            review_on=timezone.localdate() + timedelta(days=28),
            updated_by=adviser,
        )
    for service_name in extra.get("signposts", []):
        Signpost.objects.create(
            referral=referral,
            service=services[service_name],
            by=adviser or staff,
            at=referral.returned_at or referral.closed_at or timezone.now(),
        )
    if extra.get("sharing") == workflow.SHARE_SUMMARY:
        EducatorUpdate.objects.create(
            referral=referral,
            kind=workflow.SHARE_SUMMARY,
            text="Fatima has met an adviser twice and has a plan for exploring an academic "
            "route. She is happy for you to ask her about it.",
            shared_by=adviser,
        )
    return referral


def _load_historic(priya, jordan):
    """Closed referrals over the past year for the reports, and one past retention."""
    rng = random.Random(4)  # the same every run
    outcomes = [o for o, _ in workflow.OUTCOMES]
    for i, name in enumerate(HISTORIC_NAMES):
        email = f"historic{i + 1}@example.net"
        received_day = timezone.localdate() - timedelta(days=40 + i * 16)
        while not is_working_day(received_day):
            received_day -= timedelta(days=1)
        received = _at(received_day, 10)
        waited = rng.choice([1, 2, 3, 3, 4, 5, 5, 6, 8])
        contact_day = received_day
        for _ in range(waited):
            contact_day += timedelta(days=1)
            while not is_working_day(contact_day):
                contact_day += timedelta(days=1)
        outcome = outcomes[i % len(outcomes)]
        adviser = priya if i % 2 else jordan
        closed = _at(contact_day + timedelta(days=30), 16)
        _upsert(
            email,
            {
                "name": name,
                "grade": rng.choice([g for g, _ in choices.GRADES]),
                "specialty": "",
                "region": rng.choice([r for r, _ in choices.REGIONS[:7]]),
                "reasons": sorted(rng.sample([r for r, _ in choices.REASONS[:5]], 2)),
                "help_wanted": "Careers conversation (demo history).",
                "preferred_contact": "email",
                "privacy_consent": True,
                "source": rng.choice(
                    [choices.SELF_WEB, choices.SELF_WEB, choices.SELF_WEB, choices.STAFF_PHONE]
                ),
                "received_at": received,
                "first_contact_due": first_contact_due(received),
                "state": workflow.CLOSED,
                "priority": workflow.URGENT if i % 5 == 0 else workflow.ROUTINE,
                "adviser": adviser,
                "outcome": outcome,
                "first_contact_at": _at(contact_day, 12),
                "first_contact_working_days": working_days_between(received_day, contact_day),
                "triaged_at": received,
                "allocated_at": received,
                "closed_at": closed,
                "last_action": "close",
                "last_changed_at": closed,
                "last_changed_by": adviser,
            },
        )
    # Past the retention period: `manage.py anonymise_referrals` (a dry run) lists it.
    old_day = timezone.localdate() - timedelta(days=365 * 3 + 60)
    old = _at(old_day, 10)
    _upsert(
        "patricia.lewis@example.net",
        {
            "name": "Patricia Lewis",
            "grade": "consultant",
            "region": "east_of_england",
            "reasons": ["outside"],
            "help_wanted": "Planning retirement from clinical work and other options.",
            "preferred_contact": "email",
            "privacy_consent": True,
            "source": choices.SELF_WEB,
            "received_at": old,
            "first_contact_due": first_contact_due(old),
            "state": workflow.CLOSED,
            "priority": workflow.ROUTINE,
            "adviser": priya,
            "outcome": workflow.PLAN_AGREED,
            "first_contact_at": old + timedelta(days=2),
            "first_contact_working_days": 2,
            "closed_at": old + timedelta(days=40),
            "anonymised_at": None,
        },
    )


def load(stdout=None):
    priya, jordan = _users(stdout)
    services = {}
    for data in SERVICES:
        service, _ = SupportService.objects.update_or_create(name=data["name"], defaults=data)
        services[service.name] = service
    for spec in PEOPLE:
        _load_referral(spec, priya, jordan, services)
    _load_historic(priya, jordan)
    if stdout:
        stdout.write(
            f"  careers support: {len(PEOPLE)} current referrals, {len(HISTORIC_NAMES) + 1} "
            f"historic, {len(SERVICES)} signposting services"
        )
