"""Demo data for workshops and resources: workshops held in the last months (with attendance
and feedback) and to come (with places booked and a waiting list), one of them a series and one
restricted to doctors; and a resource library of real, sourced pages (each URL confirmed on the
publisher's own host, checked 1 December 2026), guides by the careers team and one PDF.
member@example.org has a place to come and a past workshop to give feedback on. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from support import vocab
from support.models import Booking, Feedback, Resource, Session, Workshop

CHECKED = dt.date(2026, 12, 1)
TEAM = "Careers support team"

# --- Resources: (slug, kind, title, publisher, url, summary, audiences, topics, roles) -------
LINKS = [
    (
        "rcpsych-how-to-become-a-psychiatrist",
        "How to become a psychiatrist",
        "Royal College of Psychiatrists",
        "https://www.rcpsych.ac.uk/become-a-psychiatrist/choose-psychiatry/how-to-become-a-psychiatrist",
        "The training pathway from medical school through foundation, core and higher training in "
        "psychiatry, and the College's free associate membership.",
        [vocab.TRAINEES],
        ["choosing_specialty", "applying"],
        ["psychiatrist"],
    ),
    (
        "nhs-health-careers-clinical-psychologist",
        "Clinical psychologist: NHS Health Careers",
        "NHS Health Careers",
        "https://www.healthcareers.nhs.uk/explore-roles/psychological-therapies/roles/"
        "clinical-psychologist",
        "What clinical psychologists do, the doctorate, pay and where the role leads.",
        [vocab.GRADUATES, vocab.TRAINEES],
        ["psychology_routes", "choosing_specialty"],
        ["clinical-psychologist"],
    ),
    (
        "nhs-health-careers-pwp",
        "Psychological wellbeing practitioner: NHS Health Careers",
        "NHS Health Careers",
        "https://www.healthcareers.nhs.uk/explore-roles/psychological-therapies/roles/"
        "psychological-wellbeing-practitioner",
        "The PWP role in NHS Talking Therapies, the training year and entry requirements.",
        [vocab.GRADUATES],
        ["psychology_routes"],
        ["psychological-wellbeing-practitioner"],
    ),
    (
        "bps-clinical-psychologist-job-profile",
        "Clinical psychologist job profile",
        "British Psychological Society",
        "https://www.bps.org.uk/clinical-psychologist-job-profile",
        "The professional body's profile of the role and the route to chartership.",
        [vocab.GRADUATES],
        ["psychology_routes"],
        ["clinical-psychologist"],
    ),
    (
        "clearing-house-entry-requirements",
        "Clinical psychology training: entry requirements",
        "Clearing House for Postgraduate Courses in Clinical Psychology",
        "https://clearing-house.org.uk/application/entry-requirements",
        "The course finder's entry requirements, including the right to work and the two-year gap "
        "after earlier NHS-funded psychological professions training.",
        [vocab.GRADUATES],
        ["applying", "psychology_routes"],
        ["clinical-psychologist"],
    ),
    (
        "babcp-core-professions",
        "Core professions for CBT training",
        "British Association for Behavioural and Cognitive Psychotherapies (BABCP)",
        "https://www.babcp.com/Core-Professions",
        "Which professional backgrounds BABCP recognises before CBT training, the KSA portfolio "
        "if you have none, and the 12 months of mental health experience needed.",
        [vocab.GRADUATES, vocab.TRAINEES],
        ["applying", "psychology_routes"],
        ["high-intensity-therapist"],
    ),
    (
        "babcp-how-to-qualify-in-cbt",
        "How do I become qualified in CBT?",
        "British Association for Behavioural and Cognitive Psychotherapies (BABCP)",
        "https://www.babcp.com/Careers/Training-in-CBT/How-do-I-become-qualified-in-CBT",
        "Postgraduate CBT training and accreditation, and how to choose a course.",
        [vocab.GRADUATES],
        ["applying", "psychology_routes"],
        ["high-intensity-therapist"],
    ),
    (
        "hee-nhs-funding-psychological-professions",
        "NHS funding for psychological professions training programmes",
        "Health Education England (now NHS England)",
        "https://www.hee.nhs.uk/our-work/mental-health/psychological-professions/"
        "nhs-funding-psychological-professions-training-programmes",
        "The rule on NHS funding for a second psychological professions training, and the "
        "trainings it covers.",
        [vocab.GRADUATES, vocab.TRAINERS],
        ["applying", "psychology_routes"],
        [],
    ),
    (
        "hee-supported-return-to-training",
        "Supported Return to Training (SuppoRTT)",
        "Health Education England (now NHS England)",
        "https://www.hee.nhs.uk/our-work/supporting-doctors-returning-training-after-time-out",
        "Support for doctors returning to training after three months or more out, whatever the "
        "reason: planning the return, enhanced supervision, courses and coaching.",
        [vocab.TRAINEES, vocab.TRAINERS],
        ["returning", "ill_health"],
        [],
    ),
    (
        "severn-alternatives-to-medicine",
        "Career change: alternatives to medicine",
        "Health Education England, Severn (South West)",
        "https://severndeanery.nhs.uk/about-us/careers-support/careers-resources/"
        "career-change-alternatives-to-medicine/",
        "Thinking through a move out of clinical medicine: transferable skills, questions to ask "
        "yourself and where to find out more.",
        [vocab.TRAINEES],
        ["outside_medicine"],
        [],
    ),
    (
        "nhs-practitioner-health",
        "NHS Practitioner Health",
        "NHS Practitioner Health",
        "https://www.practitionerhealth.nhs.uk/about-practitioner-health",
        "A free, confidential NHS mental health and addiction service for doctors, dentists and "
        "other health professionals, including those returning to work or training.",
        [vocab.TRAINEES, vocab.TRAINERS],
        ["ill_health", "returning"],
        ["psychiatrist"],
    ),
]

GUIDES = [
    (
        "career-conversations-for-supervisors",
        "Career conversations: a guide for educational supervisors",
        "How to open and hold a career conversation with a trainee, and what to do next.",
        [vocab.TRAINERS],
        ["supporting_trainees"],
        "Put career planning on the agenda of every educational supervision meeting, not only "
        "the first and the last. A trainee who has been asked before finds it easier to raise "
        "doubts later.\n\n"
        "Ask open questions and listen for energy: which placements they looked forward to, "
        "which tasks they lose track of time in, what they would change about their week. Reflect "
        "back what you hear rather than what you would choose.\n\n"
        "Separate exploring from deciding. Tasters, audit, teaching and shadowing are cheap ways "
        "to test an idea; suggest one concrete next step and note it in the learning log.\n\n"
        "Know your limits. If the conversation turns to leaving training, repeated unsuccessful "
        "applications, health or a difficult personal situation, offer a referral to careers "
        "support: it is impartial and confidential, and it does not replace you.",
    ),
    (
        "when-and-how-to-refer",
        "When and how to refer a trainee to careers support",
        "The signs that a trainee would benefit from one-to-one careers support, and the form.",
        [vocab.TRAINERS],
        ["referring", "supporting_trainees"],
        "Refer when a trainee is unsure about their specialty or about staying in training, has "
        "had applications turned down more than once, is thinking about a career outside "
        "medicine, is returning after time out, or has health or personal circumstances that "
        "shape their choices.\n\n"
        "Talk to the trainee first and refer only with their agreement. Use the educator referral "
        "form on this portal; the trainee is told and can decline. You will hear that they have "
        "been contacted and, if they agree, a short update. What they discuss with an adviser "
        "stays confidential.",
    ),
    (
        "choosing-a-specialty-first-steps",
        "Choosing a specialty: first steps",
        "A short method for narrowing down specialties, from the careers team.",
        [vocab.TRAINEES],
        ["choosing_specialty"],
        "List what you have enjoyed and what drained you in each placement, then look for the "
        "pattern: patient group, pace, continuity, procedures, teamwork, on-call.\n\n"
        "Check the facts for two or three candidates: competition ratios, training length, "
        "less than full-time options and what consultants in that specialty actually do each "
        "week. Talk to a trainee a few years ahead of you in each.\n\n"
        "Then test the front runner with a taster or audit before applying. Book a careers "
        "workshop, or ask for a one-to-one conversation with an adviser.",
    ),
]


def _minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid PDF (one page of text, Helvetica) with a correct cross-reference table."""
    text = (
        "BT /F1 14 Tf 72 770 Td 18 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


WORKSHEET = [
    "Career planning worksheet",
    "",
    "1. What have you enjoyed most in your placements so far?",
    "2. What drained you, and why?",
    "3. Which two or three careers fit what you wrote?",
    "4. What do you need to find out about each?",
    "5. One thing you will do in the next month to find out.",
    "",
    "Careers support team. Ask us for this worksheet in another format.",
]


def _resources(stdout) -> int:
    created = 0
    today = timezone.localdate()
    for slug, title, publisher, url, summary, audiences, topics, roles in LINKS:
        _, made = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": vocab.LINK,
                "title": title,
                "publisher": publisher,
                "url": url,
                "summary": summary,
                "audiences": audiences,
                "topics": topics,
                "roles": roles,
                "checked_on": CHECKED,
                "review_on": CHECKED + dt.timedelta(days=365),
                "owner": TEAM,
            },
        )
        created += made
    for slug, title, summary, audiences, topics, body in GUIDES:
        _, made = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": vocab.GUIDE,
                "title": title,
                "publisher": TEAM,
                "summary": summary,
                "body": body,
                "audiences": audiences,
                "topics": topics,
                "review_on": CHECKED + dt.timedelta(days=180),
                "owner": TEAM,
            },
        )
        created += made
    pdf = _minimal_pdf(WORKSHEET)
    _, made = Resource.objects.get_or_create(
        slug="career-planning-worksheet",
        defaults={
            "kind": vocab.DOCUMENT,
            "title": "Career planning worksheet (PDF)",
            "publisher": TEAM,
            "summary": "Five questions to work through before a careers conversation.",
            "document": pdf,
            "document_name": "career-planning-worksheet.pdf",
            "document_size": len(pdf),
            "accessibility_note": "One page of plain text with the document language set; not "
            "yet a tagged PDF. Email the careers team for a Word or large-print version.",
            "audiences": [vocab.TRAINEES, vocab.TRAINERS],
            "topics": ["choosing_specialty", "supporting_trainees"],
            "review_on": CHECKED + dt.timedelta(days=365),
            "owner": TEAM,
        },
    )
    created += made
    # One item past its review date, so the review list has something in it.
    _, made = Resource.objects.get_or_create(
        slug="interview-tips-2025",
        defaults={
            "kind": vocab.GUIDE,
            "title": "Specialty interview tips (2025 round)",
            "publisher": TEAM,
            "summary": "Notes from last year's interview workshop: due for review.",
            "body": "Practise aloud with a colleague; structure answers as situation, what you "
            "did, what happened and what you learned; read the person specification.",
            "audiences": [vocab.TRAINEES],
            "topics": ["applying"],
            "review_on": today - dt.timedelta(days=30),
            "owner": "Priya Shah, careers adviser",
        },
    )
    created += made
    return created


# --- Workshops -----------------------------------------------------------------------------

WORKSHOPS = [
    # (slug, title, summary, facilitator, restriction)
    (
        "choosing-a-specialty",
        "Choosing a specialty",
        "An evening workshop for foundation and core doctors on how people choose a specialty, "
        "what the evidence says helps, and how to test an idea before applying.",
        "Dr Priya Shah, careers adviser",
        None,
    ),
    (
        "applying-for-specialty-training",
        "Applying for specialty training: applications and interviews",
        "A series of online sessions before the application window: the person specification, "
        "self-assessment, portfolio evidence and interview practice in small groups.",
        "Jordan Ellis, careers adviser, with a panel of recent trainees",
        {"professions": ["medicine"], "grades": ["foundation", "core"]},
    ),
    (
        "careers-beyond-clinical-medicine",
        "Thinking about a career outside medicine",
        "A confidential, judgement-free session on moving into or alongside non-clinical work: "
        "transferable skills, people who have done it, and how to keep options open.",
        "Dr Priya Shah, careers adviser",
        None,
    ),
    (
        "routes-into-psychological-professions",
        "Routes into the psychological professions",
        "For psychology graduates: assistant posts, PWP, CWP and other trainings, the doctorate, "
        "and the NHS funding rule for a second training.",
        "Dr Sam Okafor, clinical psychologist",
        None,
    ),
]


def _trainees(count: int) -> list[User]:
    people = []
    for n in range(count):
        user, created = User.objects.get_or_create(
            email=f"workshop-trainee{n + 1}@example.net",
            defaults={"full_name": f"Demo trainee {n + 1}"},
        )
        if created:
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def _session(workshop, *, starts, fmt, capacity, minutes=90):
    online = fmt == vocab.ONLINE
    return Session.objects.create(
        workshop=workshop,
        starts_at=starts,
        minutes=minutes,
        format=fmt,
        place="" if online else "Seminar room 3, Education Centre, St James's Hospital, Leeds",
        access_note=""
        if online
        else "Step-free entrance from the main car park, lift to the first floor, hearing loop, "
        "accessible toilet next to the room. Blue-badge bays by the entrance.",
        joining_link="https://meet.example.org/careers-workshop" if online else "",
        capacity=capacity,
        booking_closes_at=starts - dt.timedelta(days=2),
    )


def _book(session, user, *, status=Booking.Status.BOOKED, attended=None, at=None):
    at = at or session.starts_at - dt.timedelta(days=10)
    return Booking.objects.create(
        session=session,
        workshop=session.workshop,
        user=user,
        status=status,
        created_at=at,
        booked_at=at if status == Booking.Status.BOOKED else None,
        attended=attended,
        feedback_requested_at=session.ends_at if attended else None,
    )


COMMENTS = [
    "Practical and kind. The exercise on placements helped.",
    "More time for questions, please.",
    "",
    "Hearing from people who changed specialty was the best part.",
    "Good, though the room was warm.",
]


def _workshops(stdout) -> int:
    if Workshop.objects.filter(slug=WORKSHOPS[0][0]).exists():
        return 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    member = User.objects.filter(email="member@example.org").first()
    people = _trainees(16)
    made = {}
    for slug, title, summary, facilitator, restriction in WORKSHOPS:
        made[slug] = Workshop.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            facilitator=facilitator,
            open_to_all=restriction is None,
            is_published=True,
            **(restriction or {}),
        )
    # Past sessions, one a month for the last five months, with attendance and feedback.
    rating_cycle = [5, 4, 4, 3, 5, 2, 4, 5]
    past_plan = [
        ("choosing-a-specialty", 150, vocab.IN_PERSON, 12, 10),
        ("careers-beyond-clinical-medicine", 120, vocab.ONLINE, 20, 8),
        ("routes-into-psychological-professions", 90, vocab.IN_PERSON, 15, 14),
        ("applying-for-specialty-training", 60, vocab.ONLINE, 16, 12),
        ("choosing-a-specialty", 25, vocab.IN_PERSON, 12, 11),
    ]
    n_feedback = 0
    for slug, days_ago, fmt, capacity, booked in past_plan:
        starts = (now - dt.timedelta(days=days_ago)).replace(hour=17)
        session = _session(made[slug], starts=starts, fmt=fmt, capacity=capacity)
        for index, person in enumerate(people[:booked]):
            attended = index % 5 != 3  # about one in five does not come
            booking = _book(session, person, attended=attended)
            if attended and index % 2 == 0:
                Feedback.objects.create(
                    booking=booking,
                    rating=rating_cycle[(index + days_ago) % len(rating_cycle)],
                    comments=COMMENTS[index % len(COMMENTS)],
                    submitted_at=session.ends_at + dt.timedelta(days=1),
                )
                n_feedback += 1
        if member and days_ago == 25:
            _book(session, member, attended=True)  # feedback not given yet: the form shows
    # Sessions to come: a series of three online dates, an in-person session nearly full with
    # a waiting list, and one not yet booked.
    future_plan = [
        ("applying-for-specialty-training", 12, vocab.ONLINE, 16, 9),
        ("applying-for-specialty-training", 19, vocab.ONLINE, 16, 3),
        ("applying-for-specialty-training", 26, vocab.ONLINE, 16, 0),
        ("choosing-a-specialty", 9, vocab.IN_PERSON, 10, 10),
        ("careers-beyond-clinical-medicine", 33, vocab.ONLINE, 20, 4),
        ("routes-into-psychological-professions", 40, vocab.IN_PERSON, 15, 0),
    ]
    for slug, days_ahead, fmt, capacity, booked in future_plan:
        starts = (now + dt.timedelta(days=days_ahead)).replace(hour=18)
        session = _session(made[slug], starts=starts, fmt=fmt, capacity=capacity)
        for person in people[:booked]:
            _book(session, person)
        if booked >= capacity:
            for person in people[booked : booked + 3]:
                _book(session, person, status=Booking.Status.WAITING)
        if member and slug == "careers-beyond-clinical-medicine":
            _book(session, member)
    stdout.write(
        f"Support: {len(WORKSHOPS)} workshops, {Session.objects.count()} sessions, "
        f"{Booking.objects.count()} bookings, {n_feedback} feedback forms."
    )
    return len(WORKSHOPS)


def load(stdout=None):
    import io

    stdout = stdout or io.StringIO()
    created = _resources(stdout)
    stdout.write(f"Support: {created} resources added ({Resource.objects.count()} in all).")
    _workshops(stdout)
