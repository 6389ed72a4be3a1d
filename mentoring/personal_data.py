"""What mentoring holds about a member, for the account's data download, and how it is made
anonymous when the member deletes their account (found by accounts.services). Matches,
feedback ratings, queries and community threads are kept for the schemes' figures and the
other people in them, without the person's words or details; the account itself loses name
and address in accounts.services."""

from __future__ import annotations

from django.db.models import Count

from config.member_data import REMOVED, iso
from mentoring.models import (
    CommunityPost,
    Concern,
    Enquiry,
    Feedback,
    Match,
    Meeting,
    Participant,
    ProgressUpdate,
    Scheme,
    SchemeProposal,
)


def export(user) -> dict[str, list[dict]]:
    participants = Participant.objects.filter(user=user).select_related("scheme")
    matches = Match.objects.involving(user).with_people()
    return {
        "mentoring_applications": [
            {
                "scheme": p.scheme.name,
                "role": p.role,
                "status": p.status,
                "membership_number": p.membership_number,
                "membership_confirmed": iso(p.membership_confirmed_at),
                "grade": p.grade,
                "career_stage": p.career_stage,
                "field": p.field,
                "region": p.region,
                "topics": ", ".join(p.topics),
                "goals": p.goals,
                "availability": p.availability,
                "meeting_mode": p.meeting_mode,
                "branch": p.branch,
                "network": p.network,
                "job_role": p.job_role,
                "setting": p.setting,
                "current_role": p.current_role,
                "target_role": p.target_role,
                "past_roles": ", ".join(p.past_roles),
                "characteristics": ", ".join(p.characteristics),
                "wanted_shared": ", ".join(p.wanted_shared),
                "preparation_notes": p.preparation_notes,
                "applied_at": iso(p.applied_at),
            }
            for p in participants
        ],
        "mentoring_matches": [
            {
                "scheme": m.scheme.name,
                "you_are": "mentor" if m.mentor.user_id == user.pk else "mentee",
                "status": m.status,
                "proposed_at": iso(m.proposed_at),
                "started_on": iso(m.started_on),
                "ended_on": iso(m.ended_on),
            }
            for m in matches
        ],
        "mentoring_meetings": [
            {"match": str(x.match_id), "met_on": iso(x.met_on), "notes": x.notes}
            for x in Meeting.objects.filter(logged_by=user)
        ],
        "mentoring_progress": [
            {"match": str(x.match_id), "goal": x.goal, "status": x.status, "note": x.note}
            for x in ProgressUpdate.objects.filter(author=user)
        ],
        "mentoring_feedback": [
            {
                "match": str(x.match_id),
                "rating_goals": x.rating_goals,
                "rating_relationship": x.rating_relationship,
                "rating_scheme": x.rating_scheme,
                "comment": x.comment,
            }
            for x in Feedback.objects.filter(author=user)
        ],
        "mentoring_queries": [
            {
                "scheme": x.scheme.name,
                "subject": x.subject,
                "message": x.message,
                "answer": x.answer,
            }
            for x in Enquiry.objects.filter(sender=user).select_related("scheme")
        ],
        "mentoring_concerns": [
            {"match": str(x.match_id), "description": x.description}
            for x in Concern.objects.filter(raised_by=user)
        ],
        "mentoring_community_posts": [
            {
                "scheme": x.scheme.name,
                "kind": x.get_kind_display(),
                "reply_to": x.reply_to.title if x.reply_to else "",
                "title": x.title,
                "body": x.body,
                "posted_at": iso(x.posted_at),
            }
            for x in CommunityPost.objects.filter(author=user).select_related("scheme", "reply_to")
        ],
        "mentoring_proposals": [
            {"name": x.name, "status": x.status, "submitted_at": iso(x.submitted_at)}
            for x in SchemeProposal.objects.filter(proposer=user)
        ],
    }


def refusals(user) -> list[str]:
    reasons = []
    sole = (
        Scheme.objects.filter(leaders=user)
        .annotate(leader_count=Count("leaders"))
        .filter(leader_count=1)
        .order_by("name")
    )
    for scheme in sole:
        reasons.append(
            f"You are the only leader of {scheme.name}. Ask the careers team to add another "
            "leader first, so the scheme is not left without one."
        )
    live = Match.objects.involving(user).live()
    if live.exists():
        reasons.append("You have a match in progress. End it (or ask a leader to) first.")
    return reasons


def erase(user) -> None:
    Participant.objects.filter(user=user).update(
        membership_number="",
        goals="",
        availability="",
        branch="",
        network="",
        job_role="",
        setting="",
        characteristics=[],
        wanted_shared=[],
        preparation_notes="",
        past_roles=[],
        status="withdrawn",
    )
    Meeting.objects.filter(logged_by=user).update(notes="")
    ProgressUpdate.objects.filter(author=user).update(goal=REMOVED, note="")
    Feedback.objects.filter(author=user).update(comment="")
    Enquiry.objects.filter(sender=user).update(subject=REMOVED[:200], message=REMOVED)
    Concern.objects.filter(raised_by=user).update(description=REMOVED)
    # Their discussion posts and replies lose their words; announcements, written as a leader
    # for the scheme's mentors (like guidance), stay.
    discussion = CommunityPost.objects.filter(author=user, kind=CommunityPost.DISCUSSION)
    discussion.filter(reply_to=None).update(title=REMOVED[:200])
    discussion.update(body=REMOVED)
    for scheme in Scheme.objects.filter(leaders=user):
        scheme.leaders.remove(user)
