"""Demo data for mentoring: a psychological professions network scheme led by
leader@example.org, with mentors, mentees, matches in every state, meetings, progress,
feedback, queries and a concern; and a second scheme with another leader, so that "leaders see
only their own" shows. member@example.org is a mentee with an active match, and
mentor@example.org is their mentor. Idempotent: run it as often as you like."""

import datetime as dt
import zlib

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from config.demo_data import fixture
from config.workdays import add_working_days
from mentoring import services
from mentoring.models import (
    CommunityPost,
    Concern,
    Enquiry,
    Feedback,
    GuidanceVersion,
    Match,
    Meeting,
    Participant,
    ProgressUpdate,
    Scheme,
    SchemeProposal,
)
from mentoring.queries import pair_score as score

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
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        if password:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _scheme(slug, defaults, leader):
    scheme, _ = Scheme.objects.update_or_create(slug=slug, defaults=defaults)
    scheme.leaders.add(leader)
    leader.groups.add(Group.objects.get_or_create(name=roles.SCHEME_LEADERS)[0])
    return scheme


def load(stdout=None):
    now = timezone.now()
    today = timezone.localdate()
    leader = _user("leader@example.org", "Sam Okafor", password=True)
    users = {email: _user(email, name, password=True) for email, name in SIGN_IN_USERS}
    users["leader@example.org"] = leader
    users["member@example.org"] = _user("member@example.org", "Morgan Lee", password=True)

    ppn = _scheme(
        PPN,
        {
            "name": "Psychological Professions Network mentoring scheme",
            "description": (
                "One-to-one mentoring for people starting out in the psychological professions: "
                "assistant psychologists, psychological wellbeing practitioners, clinical "
                "associates and trainees, mentored by qualified colleagues across England."
            ),
            "aims": (
                "Help people into training and qualified posts, share what selection panels look "
                "for, and support people through the first years after qualifying. Matches last "
                "a year and meet about once a month, online or in person."
            ),
            "diversity_aims": (
                "The psychological professions do not yet reflect the communities they serve. "
                "The scheme especially welcomes applicants from Black, Asian and minority ethnic "
                "backgrounds, disabled applicants, people with lived experience and people who "
                "are first in their family at university, and can match them with a mentor who "
                "shares that experience when they ask."
            ),
            "how_to_join": (
                "Mentors complete a two-hour online preparation session before they are matched."
            ),
            "match_length_months": 12,
            "default_mentor_capacity": 2,
            "response_days": 5,
            "minimum_score": 40,
            "status": "open",
        },
        leader,
    )
    forensic_leader = users["forensic-leader@example.org"]
    forensic = _scheme(
        FORENSIC,
        {
            "name": "Forensic psychology early careers mentoring",
            "description": (
                "Mentoring for graduates and trainees heading for forensic psychology in secure "
                "services, prisons and community forensic teams."
            ),
            "aims": "Demystify routes into forensic practice and stage 2 supervised practice.",
            "diversity_aims": (
                "Reach graduates from backgrounds under-represented in forensic services."
            ),
            "required_network": "",
            "match_length_months": 9,
            "default_mentor_capacity": 1,
            "response_days": 10,
            "status": "open",
        },
        forensic_leader,
    )

    people = {}
    for (
        email,
        name,
        field,
        stage,
        region,
        mode,
        topics,
        chars,
        capacity,
        prepared,
        available,
    ) in MENTORS:
        user = users.get(email) or _user(email, name)
        people[email], _ = Participant.objects.update_or_create(
            scheme=ppn,
            user=user,
            role="mentor",
            status="active",
            defaults={
                "membership_number": f"PPN-{zlib.crc32(email.encode()) % 90000 + 10000}",
                "grade": "full",
                "career_stage": stage,
                "field": field,
                "region": region,
                "meeting_mode": mode,
                "topics": topics,
                "characteristics": chars,
                # Some mentors choose to share their characteristics with their mentees.
                "share_with_mentee": bool(chars) and zlib.crc32(email.encode()) % 2 == 0,
                "capacity": capacity,
                "availability": "One hour a month, usually weekday evenings",
                "preparation_completed_on": today - dt.timedelta(days=150) if prepared else None,
                "preparation_notes": "PPN mentor preparation session" if prepared else "",
                "available": available,
                "applied_at": now - dt.timedelta(days=300),
                "current_role": MENTOR_ROLES.get(email, ("", []))[0],
                "past_roles": MENTOR_ROLES.get(email, ("", []))[1],
            },
        )
    for (
        email,
        name,
        field,
        stage,
        region,
        mode,
        topics,
        goals,
        chars,
        wanted,
        share,
        days_ago,
    ) in MENTEES:
        user = users.get(email) or _user(email, name)
        people[email], _ = Participant.objects.update_or_create(
            scheme=ppn,
            user=user,
            role="mentee",
            status="active",
            defaults={
                "membership_number": f"PPN-{zlib.crc32(email.encode()) % 90000 + 10000}",
                "grade": "graduate",
                "career_stage": stage,
                "field": field,
                "region": region,
                "meeting_mode": mode,
                "topics": topics,
                "goals": goals,
                "characteristics": chars,
                "wanted_shared": wanted,
                "share_with_mentor": share,
                "applied_at": now - dt.timedelta(days=days_ago),
                "current_role": MENTEE_ROLES.get(email, ("", "", []))[0],
                "target_role": MENTEE_ROLES.get(email, ("", "", []))[1],
                "route_roles": MENTEE_ROLES.get(email, ("", "", []))[2],
            },
        )

    for mentor_email, mentee_email, state, days_ago, slot in MATCHES:
        mentor, mentee = people[mentor_email], people[mentee_email]
        pair = score(mentor, mentee)
        proposed_at = now - dt.timedelta(days=days_ago)
        started = (proposed_at + dt.timedelta(days=5)).date()
        fields = {
            "scheme": ppn,
            "mentor_slot": slot,
            "status": state,
            "score": pair.score,
            "reasons": [reason.as_dict() for reason in pair.reasons],
            "proposed_by": leader,
            "proposed_at": proposed_at,
        }
        if state in ("active", "completed", "ended_early"):
            fields |= {
                "mentor_accepted_at": proposed_at + dt.timedelta(days=2),
                "mentee_accepted_at": proposed_at + dt.timedelta(days=5),
                "started_on": started,
                "ends_on": started + dt.timedelta(days=365),
            }
        if state == "proposed" and mentee_email == "j.patel@example.org":
            fields["mentor_accepted_at"] = proposed_at + dt.timedelta(days=1)
        if state == "declined":
            fields |= {
                "declined_by": mentee.user,
                "decline_reason": (
                    "I have just been offered a trainee post and need to focus on it."
                ),
            }
        if state == "completed":
            fields |= {
                "ended_on": started + dt.timedelta(days=180),
                "ended_by": mentee.user,
                "end_reason": "Goals met: placement secured.",
            }
        if state == "ended_early":
            fields |= {
                "ended_on": started + dt.timedelta(days=60),
                "ended_by": mentee.user,
                "end_reason": ("We could not meet in person after my shift pattern changed."),
            }
        match, _ = Match.objects.update_or_create(mentor=mentor, mentee=mentee, defaults=fields)
        if state in ("active", "completed", "ended_early"):
            for weeks, minutes, notes in (
                (2, 60, "Introductions and goals"),
                (6, 45, "Went through a job application"),
                (10, 60, "Mock interview"),
            ):
                met_on = started + dt.timedelta(weeks=weeks)
                if met_on <= today and (state != "ended_early" or weeks < 8):
                    Meeting.objects.get_or_create(
                        match=match,
                        met_on=met_on,
                        defaults={
                            "logged_by": mentee.user,
                            "duration_minutes": minutes,
                            "mode": "online",
                            "notes": notes,
                        },
                    )
            goal = mentee.goal_lines()[0]
            ProgressUpdate.objects.get_or_create(
                match=match,
                goal=goal,
                defaults={
                    "author": mentee.user,
                    "status": "achieved" if state == "completed" else "under_way",
                    "note": "Shortlisted for two posts" if state != "completed" else "Done!",
                },
            )
        if state == "completed":
            for author, role, ratings, comment in (
                (
                    mentee.user,
                    "mentee",
                    (5, 5, 5),
                    "Having a mentor who understood made all the difference.",
                ),
                (mentor.user, "mentor", (4, 5, 5), "A pleasure: Abena did the hard work."),
            ):
                Feedback.objects.get_or_create(
                    match=match,
                    author=author,
                    defaults={
                        "role": role,
                        "rating_goals": ratings[0],
                        "rating_relationship": ratings[1],
                        "rating_scheme": ratings[2],
                        "comment": comment,
                    },
                )
        if state == "ended_early":
            Feedback.objects.get_or_create(
                match=match,
                author=mentee.user,
                defaults={
                    "role": "mentee",
                    "rating_goals": 2,
                    "rating_relationship": 3,
                    "rating_scheme": 4,
                    "comment": "Online meetings would have suited us better.",
                },
            )
            Concern.objects.get_or_create(
                match=match,
                raised_by=mentee.user,
                defaults={
                    "scheme": ppn,
                    "raised_at": proposed_at + dt.timedelta(days=50),
                    "description": "My mentor cancelled three meetings in a row at short notice.",
                },
            )

    member = users["member@example.org"]
    for subject, message, days_ago, answer in (
        (
            "Can my mentor see my application?",
            "Does my mentor see everything I wrote on my application form?",
            2,
            "",
        ),
        (
            "Extending our match",
            "We would like to carry on for a few more months. How do we do that?",
            30,
            "You can ask for an extension on your match page; your mentor then agrees it.",
        ),
    ):
        sent_at = now - dt.timedelta(days=days_ago)
        Enquiry.objects.get_or_create(
            scheme=ppn,
            sender=member,
            subject=subject,
            defaults={
                "message": message,
                "sent_at": sent_at,
                "due_on": add_working_days(timezone.localdate(sent_at), ppn.response_days),
                "answer": answer,
                "answered_by": leader if answer else None,
                "answered_at": sent_at + dt.timedelta(days=1) if answer else None,
            },
        )
    # An overdue one, for the dashboard's warning.
    sent_at = now - dt.timedelta(days=21)
    Enquiry.objects.get_or_create(
        scheme=ppn,
        sender=people["c.jones@example.org"].user,
        subject="Feedback form",
        defaults={
            "message": "I cannot find where to give feedback on my ended match.",
            "sent_at": sent_at,
            "due_on": add_working_days(timezone.localdate(sent_at), ppn.response_days),
        },
    )

    # The second scheme: its own leader, mentors and mentees, seen only by that leader.
    fmentor_user = _user("f.mentor@example.org", "Dr Imogen Stiles")
    fmentee_user = _user("f.mentee@example.org", "Luca Romano")
    fmentor, _ = Participant.objects.update_or_create(
        scheme=forensic,
        user=fmentor_user,
        role="mentor",
        status="active",
        defaults={
            "membership_number": "F-20411",
            "grade": "full",
            "career_stage": "senior",
            "field": "forensic_psychology",
            "region": "south_east",
            "meeting_mode": "either",
            "topics": ["applications", "supervision"],
            "capacity": 1,
            "preparation_completed_on": today - dt.timedelta(days=40),
        },
    )
    Participant.objects.update_or_create(
        scheme=forensic,
        user=fmentee_user,
        role="mentee",
        status="active",
        defaults={
            "membership_number": "F-30992",
            "grade": "graduate",
            "career_stage": "graduate",
            "field": "forensic_psychology",
            "region": "south_east",
            "meeting_mode": "in_person",
            "topics": ["applications"],
            "goals": "Get an assistant post in a secure hospital",
            "applied_at": now - dt.timedelta(days=12),
        },
    )

    SchemeProposal.objects.get_or_create(
        proposer=member,
        name="Returning to practice mentoring",
        defaults={
            "description": (
                "Mentoring for psychological professionals returning after a career break."
            ),
            "aims": (
                "Pair returners with colleagues who have returned themselves; six-month matches."
            ),
            "diversity_aims": "Most returners are women returning from caring responsibilities.",
            "mentor_experience": "I mentored two assistant psychologists through the PPN scheme.",
            "mentee_experience": "I was mentored when I returned from parental leave.",
            "support": "The regional PPN steering group has agreed to support it.",
            "time_commitment": "Four hours a month",
        },
    )
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
            services.guidance_write(
                scheme=scheme, by=leader, audience=audience, moment=moment, title=title, body=body
            )


# The PPN scheme's mentor community: (author, kind, title, body, [(author, reply), ...]).
COMMUNITY = DATA["community"]


def _community(scheme, users):
    """The community's posts and replies, written through the services, once."""
    for author, kind, title, body, replies in COMMUNITY:
        if CommunityPost.objects.filter(scheme=scheme, title=title).exists():
            continue
        post = services.community_post(
            scheme=scheme, by=users[author], kind=kind, title=title, body=body
        )
        for reply_author, reply in replies:
            services.community_reply(post=post, by=users[reply_author], body=reply)
