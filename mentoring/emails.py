"""Every step of mentoring, announced by email through the outbox (accounts.mail). Each function
is called by a service inside its transaction; each email has a text and an HTML part and a
link to the page it is about. Keys make each email idempotent (a retried step never sends two).

Essential (always sent): the steps of a person's own application and match, and answers to
their queries. Non-essential (the member may turn them off): reminders and feedback requests
("mentoring-reminders", "mentoring-feedback"), leaders' announcements in the mentor community
("mentoring-community") and leaders' digests ("digests")."""

from __future__ import annotations

from django.urls import reverse

from accounts.mail import send_to_user

STEPS = "mentoring-steps"
REMINDERS = "mentoring-reminders"
FEEDBACK = "mentoring-feedback"
COMMUNITY = "mentoring-community"
DIGESTS = "digests"


def _name(user) -> str:
    return user.full_name or "there"


def _to_applicant(participant, *, subject, paragraphs, step) -> None:
    """An email to the applicant about their application, with a link to it."""
    send_to_user(
        participant.user,
        subject=subject,
        paragraphs=[f"Dear {_name(participant.user)},", *paragraphs],
        link=participant.get_absolute_url(),
        link_text="See your application",
        category=STEPS,
        key=f"participant-{participant.pk}-{step}",
    )


def application_received(participant) -> None:
    scheme = participant.scheme
    if scheme.membership_required and scheme.membership_body:
        next_step = (
            f"A leader will check your {scheme.membership_body} membership number "
            f"({participant.membership_number}) and we will email you when they have."
        )
    else:
        next_step = "The scheme's leaders will suggest a match and we will email you then."
    _to_applicant(
        participant,
        subject=f"Your application to {scheme.name}",
        paragraphs=[f"Thank you for applying to {scheme.name} as a {participant.role}.", next_step],
        step="received",
    )


def application_decided(participant, *, accepted: bool, reason: str = "") -> None:
    scheme = participant.scheme
    if accepted:
        _to_applicant(
            participant,
            subject=f"Your application to {scheme.name} is accepted",
            paragraphs=[
                f"A leader of {scheme.name} has confirmed your membership and accepted your "
                "application. You can now be matched."
            ],
            step="accepted",
        )
    else:
        _to_applicant(
            participant,
            subject=f"Your application to {scheme.name} was not accepted",
            paragraphs=[
                f"A leader of {scheme.name} could not accept your application: {reason}",
                "You can send the scheme a query from your application page.",
            ],
            step="refused",
        )


def _to_both(match, *, subject, paragraphs, step, category=STEPS, link_text="See your match"):
    for person in (match.mentor, match.mentee):
        other = match.mentee if person is match.mentor else match.mentor
        send_to_user(
            person.user,
            subject=subject,
            paragraphs=[
                f"Dear {_name(person.user)},",
                *[p.format(other=other.user, scheme=match.scheme.name) for p in paragraphs],
            ],
            link=match.get_absolute_url(),
            link_text=link_text,
            category=category,
            key=f"match-{match.pk}-{step}-{person.role}",
        )


def match_proposed(match) -> None:
    _to_both(
        match,
        subject=f"A mentoring match is proposed in {match.scheme.name}",
        paragraphs=[
            "The leaders of {scheme} propose a match between you and {other}.",
            "Read why they suggest it, then accept or decline it on the match page.",
        ],
        step="proposed",
        link_text="Accept or decline the match",
    )


def match_accepted_by_one(match, side: str) -> None:
    other = match.mentee if side == "mentor" else match.mentor
    send_to_user(
        other.user,
        subject=f"Your {side} has accepted the match",
        paragraphs=[
            f"Dear {_name(other.user)},",
            f"Your proposed {side} in {match.scheme.name} has accepted the match. It starts "
            "when you accept it too.",
        ],
        link=match.get_absolute_url(),
        link_text="See your match",
        category=STEPS,
        key=f"match-{match.pk}-accepted-by-{side}",
    )


def match_declined(match) -> None:
    _to_both(
        match,
        subject=f"A proposed match in {match.scheme.name} was declined",
        paragraphs=[
            "The proposed match between you and {other} was declined, so it will not go ahead.",
            "The scheme's leaders will look for another match.",
        ],
        step="declined",
    )


def match_started(match) -> None:
    _to_both(
        match,
        subject=f"Your mentoring match in {match.scheme.name} has started",
        paragraphs=[
            "You have both accepted: your match with {other} has started.",
            f"It runs until {match.ends_on:%-d %B %Y}. Arrange your first meeting and record "
            "it on the match page.",
        ],
        step="started",
    )


def match_ending_soon(match) -> None:
    _to_both(
        match,
        subject=f"Your mentoring match in {match.scheme.name} ends soon",
        paragraphs=[
            f"Your match with {{other}} ends on {match.ends_on:%-d %B %Y}.",
            "If you both want more time, ask for an extension on the match page.",
        ],
        step=f"ending-{match.ends_on:%Y%m%d}",
        category=REMINDERS,
    )


def match_without_meeting(match, days: int, since) -> None:
    _to_both(
        match,
        subject=f"No meeting recorded in your match for {days} days",
        paragraphs=[
            f"No meeting has been recorded in your match with {{other}} for {days} days.",
            "Arrange one, or send the scheme a query if something is in the way.",
        ],
        step=f"quiet-since-{since:%Y%m%d}",
        category=REMINDERS,
    )


def match_ended(match) -> None:
    _to_both(
        match,
        subject=f"Your mentoring match in {match.scheme.name} has ended",
        paragraphs=[
            "Your match with {other} has ended"
            + (" early." if match.status == "ended_early" else ", completed."),
            "Thank you for taking part.",
        ],
        step="ended",
    )
    _to_both(
        match,
        subject=f"How did your match in {match.scheme.name} go?",
        paragraphs=[
            "The scheme would like to know how your match with {other} went. It takes two "
            "minutes and helps the scheme improve.",
        ],
        step="feedback",
        category=FEEDBACK,
        link_text="Give feedback",
    )


def query_answered(enquiry) -> None:
    send_to_user(
        enquiry.sender,
        subject=f"Your query to {enquiry.scheme.name} is answered",
        paragraphs=[
            f"Dear {_name(enquiry.sender)},",
            f"The leaders of {enquiry.scheme.name} have answered your query "
            f"“{enquiry.subject}”. Read the answer on the query page.",
        ],
        link=enquiry.get_absolute_url(),
        link_text="Read the answer",
        category=STEPS,
        key=f"enquiry-{enquiry.pk}-answered",
    )


def queries_overdue(scheme, enquiries, leaders, today) -> None:
    """The digest to a scheme's leaders of its queries past their due date (one a day)."""
    lines = [
        f"{len(enquiries)} quer{'y is' if len(enquiries) == 1 else 'ies are'} past the date "
        f"{scheme.name} aims to answer by:",
        *[f"“{e.subject}”, due {e.due_on:%-d %B %Y}" for e in enquiries],
    ]
    for leader in leaders:
        send_to_user(
            leader,
            subject=f"Overdue queries in {scheme.name}",
            paragraphs=lines,
            link=reverse("mentoring:enquiry-list", args=[scheme.slug]),
            link_text="Answer the queries",
            category=DIGESTS,
            key=f"scheme-{scheme.pk}-overdue-{today:%Y%m%d}-to-{leader.pk}",
        )


def community_announced(post, mentors) -> None:
    """A leader's announcement in the mentor community, to each of the scheme's active mentors
    (the words stay on the page, which only they and the leaders can open)."""
    for user in mentors:
        if user.pk == post.author_id:
            continue
        send_to_user(
            user,
            subject=f"An announcement for the mentors of {post.scheme.name}",
            paragraphs=[
                f"Dear {_name(user)},",
                f"The leaders of {post.scheme.name} have posted an announcement in the "
                f"mentor community: {post.title}.",
            ],
            link=reverse("mentoring:community-post", args=[post.scheme.slug, post.pk]),
            link_text="Read the announcement",
            category=COMMUNITY,
            key=f"community-{post.pk}-to-{user.pk}",
        )
