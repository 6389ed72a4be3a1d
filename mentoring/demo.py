"""Demo data for mentoring: a psychological professions network scheme led by
leader@example.org, with mentors, mentees, matches in every state, meetings, progress,
feedback, queries and a concern; and a second scheme with another leader, so that "leaders see
only their own" shows. member@example.org is a mentee with an active match, and
mentor@example.org is their mentor. Every record in a scheme is made through
`mentoring.services` with the clock (`config.clock`) set to the day the demo gives it, so it
has the history the rules give it; the schemes themselves are set up by the admin
(`scheme_create`, as the Django admin does) and given their settings by their leaders
(`scheme_update`, the scheme's edit page); the lists are in fixtures/demo/mentoring.json.
Idempotent: run it as often as you like."""

import datetime as dt
import zlib

from django.db.models import Max
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from config import clock
from config.demo_data import fixture
from mentoring import concerns, emails, posts, proposals, services
from mentoring.models import (
    SCHEME_SETTINGS,
    CommunityPost,
    Enquiry,
    GuidanceVersion,
    Match,
    Participant,
    Scheme,
    SchemeProposal,
)
from outbox.models import Email

DATA = fixture("mentoring")  # fixtures/demo/mentoring.json: the lists below

PPN = "ppn-mentoring"
FORENSIC = "forensic-early-careers"

# Demo people who can sign in (password: the demo password).
SIGN_IN_USERS = DATA["sign_in_users"]

# (email, name, field, stage, region, mode, topics, characteristics, capacity, prepared, available)
MENTORS = DATA["mentors"]

# (email, name, field, stage, region, mode, topics, goals, characteristics, wanted, share, days ago)
MENTEES = DATA["mentees"]

# Career-map roles (pathways slugs): mentors who have made a move, mentees aiming for one.
# (email, current role, past roles) for mentors; (email, current role, target role, route)
# for mentees. Dr Aisha Rahman moved from assistant psychologist to clinical psychologist.
MENTOR_ROLES = DATA["mentor_roles"]
MENTEE_ROLES = DATA["mentee_roles"]

# (mentor email, mentee email, state, days since proposed, slot)
MATCHES = DATA["matches"]


def _user(email, name, password=False):
    """A member (accounts.demo): registered and confirmed when they sign in, else made by the
    admin without a password."""
    return accounts_demo.member(email, name, signs_in=password)


def _scheme(data: dict, now) -> Scheme:
    """The scheme, set up by the admin on its day and given its settings by its leader then
    (once: a scheme that exists is left alone)."""
    scheme = Scheme.objects.filter(slug=data["slug"]).first()
    if scheme is not None:
        return scheme
    leader = User.objects.get(email=data["leader"])
    with clock.at(now - dt.timedelta(days=data["set_up_days_ago"])):
        scheme = services.scheme_create(
            by=accounts_demo.admin(),
            name=data["name"],
            slug=data["slug"],
            description=data["description"],
            aims=data["aims"],
            diversity_aims=data["diversity_aims"],
            leaders=[leader],
        )
        settings = {name: getattr(scheme, name) for name in SCHEME_SETTINGS}
        settings.update((k, v) for k, v in data.items() if k in SCHEME_SETTINGS)
        return services.scheme_update(scheme=scheme, by=leader, **settings)


# The emails the services write for the demo's past, taken back out of the outbox.
DEMO_EMAIL_CATEGORIES = (emails.STEPS, emails.FEEDBACK, emails.REMINDERS)

# The meetings of a match that has started: (weeks after the start, minutes, notes).
MEETINGS = (
    (2, 60, "Introductions and goals"),
    (6, 45, "Went through a job application"),
    (10, 60, "Mock interview"),
)


def _ppn_number(email: str) -> str:
    """A demo member's PPN membership number, the same every time the demo loads."""
    return f"PPN-{zlib.crc32(email.encode()) % 90000 + 10000}"


def _ppn_answers(email, grade, profile, chars) -> dict:
    """What every PPN applicant answers, mentor or mentee, as participant_apply takes it;
    `profile` is the (field, stage, region, mode, topics) of a MENTORS or MENTEES row."""
    field, stage, region, mode, topics = profile
    return {
        "membership_number": _ppn_number(email),
        "grade": grade,
        "career_stage": stage,
        "field": field,
        "region": region,
        "meeting_mode": mode,
        "topics": topics,
        "characteristics": chars,
    }


def _apply(scheme, user, role, applied_at, data, *, prepared_on=None, notes=""):
    """The person's application, made through the service on the day they applied (once:
    an active application in this role is left alone), with a mentor's preparation."""
    participant = Participant.objects.active().filter(scheme=scheme, user=user, role=role).first()
    if participant is not None:
        return participant
    with clock.at(applied_at):
        participant = services.participant_apply(scheme=scheme, by=user, role=role, **data)
    if prepared_on is not None:
        with clock.at(applied_at + (prepared_on - applied_at.date())):
            participant = services.participant_record_preparation(
                participant=participant, by=user, completed_on=prepared_on, notes=notes
            )
    return participant


def _story(mentor, mentee, state, proposed_at, now):
    """The steps that bring one demo match to `state`: [(when, step, arguments)]."""
    day = dt.timedelta(days=1)
    steps = [(proposed_at, "propose", {})]
    if state == "proposed" and mentee.user.email == "j.patel@example.org":
        steps.append((proposed_at + day, "respond", {"by": mentor.user, "accept": True}))
    if state == "declined":
        reason = "I have just been offered a trainee post and need to focus on it."
        steps.append(
            (
                proposed_at + 3 * day,
                "respond",
                {"by": mentee.user, "accept": False, "reason": reason},
            )
        )
    if state not in ("active", "completed", "ended_early"):
        return steps
    started = proposed_at + 5 * day
    steps += [
        (proposed_at + 2 * day, "respond", {"by": mentor.user, "accept": True}),
        (started, "respond", {"by": mentee.user, "accept": True}),
    ]
    ended = {"completed": started + 180 * day, "ended_early": started + 60 * day}.get(state)
    for weeks, minutes, notes in MEETINGS:
        met = started + dt.timedelta(weeks=weeks)
        if met <= now and (ended is None or met < ended):
            meeting = {
                "by": mentee.user,
                "met_on": timezone.localdate(met),
                "duration_minutes": minutes,
                "mode": "online",
                "notes": notes,
            }
            steps.append((met, "meeting", meeting))
    done = state == "completed"
    progress = {
        "by": mentee.user,
        "goal": mentee.goal_lines()[0],
        "status": "achieved" if done else "under_way",
        "note": "Done!" if done else "Shortlisted for two posts",
    }
    steps.append((started + dt.timedelta(weeks=7), "progress", progress))
    if state == "ended_early":
        concern = "My mentor cancelled three meetings in a row at short notice."
        steps.append(
            (proposed_at + 50 * day, "concern", {"by": mentee.user, "description": concern})
        )
    if ended is not None:
        reason = (
            "Goals met: placement secured."
            if done
            else "We could not meet in person after my shift pattern changed."
        )
        steps.append((ended, "end", {"by": mentee.user, "completed": done, "reason": reason}))
    feedback = []
    if done:
        feedback = [
            (mentee.user, (5, 5, 5), "Having a mentor who understood made all the difference."),
            (mentor.user, (4, 5, 5), "A pleasure: Abena did the hard work."),
        ]
    elif state == "ended_early":
        feedback = [(mentee.user, (2, 3, 4), "Online meetings would have suited us better.")]
    for author, (goals, relationship, scheme), comment in feedback:
        ratings = {
            "rating_goals": goals,
            "rating_relationship": relationship,
            "rating_scheme": scheme,
        }
        steps.append(
            (ended + day, "feedback", {"by": author, "ratings": ratings, "comment": comment})
        )
    return steps


STEPS = {
    "respond": services.match_respond,
    "meeting": services.meeting_log,
    "progress": services.progress_record,
    "concern": concerns.concern_raise,
    "end": services.match_end,
    "feedback": services.feedback_give,
}


def _matches(scheme, leader, people, now):
    """Every demo match, walked through the services in the order its steps happened (so a
    mentor's capacity and a mentee's one live match hold at each moment). A pair matched
    already is left alone."""
    steps = []
    for mentor_email, mentee_email, state, days_ago, _slot in MATCHES:
        mentor, mentee = people[mentor_email], people[mentee_email]
        if Match.objects.filter(mentor=mentor, mentee=mentee).exists():
            continue
        pair = (mentor, mentee)
        proposed_at = now - dt.timedelta(days=days_ago)
        for when, step, arguments in _story(mentor, mentee, state, proposed_at, now):
            steps.append((when, pair, step, arguments))
    made = {}
    for when, pair, step, arguments in sorted(steps, key=lambda s: s[0]):
        with clock.at(when):
            if step == "propose":
                made[pair] = services.match_propose(mentor=pair[0], mentee=pair[1], by=leader)
            else:
                STEPS[step](match=made[pair], **arguments)


def load(stdout=None):
    now = timezone.now()
    today = timezone.localdate()
    leader = _user("leader@example.org", "Sam Okafor", password=True)
    users = {email: _user(email, name, password=True) for email, name in SIGN_IN_USERS}
    users["leader@example.org"] = leader
    users["member@example.org"] = _user("member@example.org", "Morgan Lee", password=True)

    schemes = {data["slug"]: _scheme(data, now) for data in DATA["schemes"]}
    ppn, forensic = schemes[PPN], schemes[FORENSIC]
    forensic_leader = users["forensic-leader@example.org"]

    before = Email.objects.aggregate(last=Max("pk"))["last"] or 0
    people = {}
    for email, name, *profile, chars, capacity, prepared, _available in MENTORS:
        user = users.get(email) or _user(email, name)
        applied_at = now - dt.timedelta(days=300)
        people[email] = _apply(
            ppn,
            user,
            "mentor",
            applied_at,
            {
                **_ppn_answers(email, "full", profile, chars),
                # Some mentors choose to share their characteristics with their mentees.
                "share_with_mentee": bool(chars) and zlib.crc32(email.encode()) % 2 == 0,
                "capacity": capacity,
                "availability": "One hour a month, usually weekday evenings",
                "current_role": MENTOR_ROLES.get(email, ("", []))[0],
                "past_roles": MENTOR_ROLES.get(email, ("", []))[1],
            },
            # Prepared a fortnight after applying, before any of their matches.
            prepared_on=(applied_at + dt.timedelta(days=14)).date() if prepared else None,
            notes="PPN mentor preparation session",
        )
    for email, name, *profile, goals, chars, wanted, share, days_ago in MENTEES:
        user = users.get(email) or _user(email, name)
        people[email] = _apply(
            ppn,
            user,
            "mentee",
            now - dt.timedelta(days=days_ago),
            {
                **_ppn_answers(email, "graduate", profile, chars),
                "goals": goals,
                "wanted_shared": wanted,
                "share_with_mentor": share,
                "current_role": MENTEE_ROLES.get(email, ("", "", []))[0],
                "target_role": MENTEE_ROLES.get(email, ("", "", []))[1],
                "route_roles": MENTEE_ROLES.get(email, ("", "", []))[2],
            },
        )

    _matches(ppn, leader, people, now)
    # Mentors who have paused their availability paused it after their matches were made.
    for email, *_rest, available in MENTORS:
        if not available and people[email].available:
            with clock.at(now - dt.timedelta(days=1)):
                services.participant_set_availability(
                    participant=people[email], by=people[email].user, available=False
                )

    member = users["member@example.org"]
    # (sender, subject, message, days ago, answer): the last one is overdue, for the
    # dashboard's warning.
    for sender, subject, message, days_ago, answer in (
        (
            member,
            "Can my mentor see my application?",
            "Does my mentor see everything I wrote on my application form?",
            2,
            "",
        ),
        (
            member,
            "Extending our match",
            "We would like to carry on for a few more months. How do we do that?",
            30,
            "You can ask for an extension on your match page; your mentor then agrees it.",
        ),
        (
            people["c.jones@example.org"].user,
            "Feedback form",
            "I cannot find where to give feedback on my ended match.",
            21,
            "",
        ),
    ):
        if Enquiry.objects.filter(scheme=ppn, sender=sender, subject=subject).exists():
            continue
        sent_at = now - dt.timedelta(days=days_ago)
        with clock.at(sent_at):
            enquiry = concerns.enquiry_send(scheme=ppn, by=sender, subject=subject, message=message)
        if answer:
            with clock.at(sent_at + dt.timedelta(days=1)):
                concerns.enquiry_answer(enquiry=enquiry, by=leader, answer=answer)

    # The second scheme: its own leader, mentors and mentees, seen only by that leader.
    fmentor_user = _user("f.mentor@example.org", "Dr Imogen Stiles")
    fmentee_user = _user("f.mentee@example.org", "Luca Romano")
    _apply(
        forensic,
        fmentor_user,
        "mentor",
        now - dt.timedelta(days=60),
        {
            "membership_number": "F-20411",
            "grade": "full",
            "career_stage": "senior",
            "field": "forensic_psychology",
            "region": "south_east",
            "meeting_mode": "either",
            "topics": ["applications", "supervision"],
            "capacity": 1,
        },
        prepared_on=today - dt.timedelta(days=40),
    )
    _apply(
        forensic,
        fmentee_user,
        "mentee",
        now - dt.timedelta(days=12),
        {
            "membership_number": "F-30992",
            "grade": "graduate",
            "career_stage": "graduate",
            "field": "forensic_psychology",
            "region": "south_east",
            "meeting_mode": "in_person",
            "topics": ["applications"],
            "goals": "Get an assistant post in a secure hospital",
        },
    )

    if not SchemeProposal.objects.filter(
        proposer=member, name="Returning to practice mentoring"
    ).exists():
        with clock.at(now - dt.timedelta(days=9)):
            proposals.proposal_submit(
                by=member,
                name="Returning to practice mentoring",
                description=(
                    "Mentoring for psychological professionals returning after a career break."
                ),
                aims=(
                    "Pair returners with colleagues who have returned themselves; six-month "
                    "matches."
                ),
                diversity_aims=("Most returners are women returning from caring responsibilities."),
                mentor_experience=(
                    "I mentored two assistant psychologists through the PPN scheme."
                ),
                mentee_experience="I was mentored when I returned from parental leave.",
                support="The regional PPN steering group has agreed to support it.",
                time_commitment="Four hours a month",
            )
    # The demo's past sends no mail: the emails the services wrote for it are taken back.
    Email.objects.filter(pk__gt=before, category__in=DEMO_EMAIL_CATEGORIES).delete()
    _guidance(ppn, leader, PPN_GUIDANCE)
    _guidance(forensic, forensic_leader, FORENSIC_GUIDANCE)
    _community(ppn, {**users, **{email: p.user for email, p in people.items()}})

    if stdout:
        stdout.write(
            "Mentoring: 2 schemes (leader@example.org leads the PPN scheme, "
            "forensic-leader@example.org the forensic one); member@example.org is a mentee "
            "matched with mentor@example.org."
        )


# The schemes' guidance, as their leaders wrote it: (audience, moment, [(title, body), ...]),
# one entry per version, oldest first.
PPN_GUIDANCE = DATA["ppn_guidance"]
FORENSIC_GUIDANCE = DATA["forensic_guidance"]


def _guidance(scheme, leader, entries):
    """Write each version through the service, once (a slot with versions is left alone)."""
    for audience, moment, versions in entries:
        if GuidanceVersion.objects.filter(scheme=scheme, audience=audience, moment=moment).exists():
            continue
        for title, body in versions:
            posts.guidance_write(
                scheme=scheme, by=leader, audience=audience, moment=moment, title=title, body=body
            )


# The PPN scheme's mentor community: (author, kind, title, body, [(author, reply), ...]).
COMMUNITY = DATA["community"]


def _community(scheme, users):
    """The community's posts and replies, written through the services, once."""
    for author, kind, title, body, replies in COMMUNITY:
        if CommunityPost.objects.filter(scheme=scheme, title=title).exists():
            continue
        post = posts.community_post(
            scheme=scheme, by=users[author], kind=kind, title=title, body=body
        )
        for reply_author, reply in replies:
            posts.community_reply(post=post, by=users[reply_author], body=reply)
