"""Every write with a rule in it. Each function is one transaction and enforces its rules
whatever calls it (a view, a command, a test): capacity (guarded in the database, also under
concurrent proposals), open schemes only, nobody matched to themselves, eligibility at match
time, workflow states, who may do what."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from accounts import roles
from accounts.models import User
from config import clock, rules
from mentoring import eligibility, emails, queries, vocab, workflow
from mentoring.models import (
    LIVE_STATUSES,
    Feedback,
    Match,
    MatchStatus,
    Meeting,
    Participant,
    ParticipantStatus,
    ProgressUpdate,
    Scheme,
    SchemeStatus,
)

# Slugs that are paths of their own under /mentoring/.
RESERVED_SLUGS = {
    "propose",
    "proposals",
    "mine",
    "applications",
    "matches",
    "enquiries",
    "find-a-mentor",
}


class RuleBroken(rules.RuleBroken):
    """A mentoring request that the rules refuse."""


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def require_manager(*, scheme: Scheme, by: User) -> None:
    if not scheme.is_managed_by(by):
        raise RuleBroken("Only this scheme's leaders can do that.")


# --- Schemes ------------------------------------------------------------------------------


def scheme_create(
    *,
    by: User,
    name: str,
    slug: str,
    description: str,
    aims: str,
    diversity_aims: str = "",
    leaders: Sequence[User] = (),
) -> Scheme:
    """An admin sets up a scheme without a proposal (the Django admin's "add scheme" page):
    paused, as an approved proposal's is, for its leaders to open when ready."""
    if not (by.is_superuser or by.has_perm("mentoring.add_scheme")):
        raise RuleBroken("Only admins set up schemes.")
    with transaction.atomic():
        refusals = scheme_name_refusals(name=name, slug=slug)
        if refusals:
            field, refusal = next(iter(refusals.items()))
            raise RuleBroken(refusal, field=field)
        return set_up_scheme(
            name=name,
            slug=slug,
            description=description,
            aims=aims,
            diversity_aims=diversity_aims,
            leaders=leaders,
        )


def scheme_name_refusals(*, name: str, slug: str) -> dict[str, str]:
    """Why a new scheme may not have this web address name or name, by field (empty when it
    may). `scheme_create` refuses them; the admin's add form asks first, to show them on its
    fields."""
    refusals = {}
    if slug in RESERVED_SLUGS or Scheme.objects.filter(slug=slug).exists():
        refusals["slug"] = "This web address name is taken: choose another."
    if Scheme.objects.filter(name__iexact=name).exists():
        refusals["name"] = "A scheme with this name exists already."
    return refusals


def set_up_scheme(
    *,
    name: str,
    slug: str,
    description: str,
    aims: str,
    diversity_aims: str,
    leaders: Sequence[User],
) -> Scheme:
    """A new scheme, paused for its leaders to open when ready, made at the clock's time (the
    demo's past, at its day); each of `leaders` a leader of it, in the scheme leaders' group.
    Inside the caller's transaction, after its checks (`scheme_create`, `proposal_review`)."""
    scheme = Scheme.objects.create(
        name=name,
        slug=slug,
        description=description,
        aims=aims,
        diversity_aims=diversity_aims,
        status=SchemeStatus.PAUSED,
        created_at=clock.now(),
    )
    group, _ = Group.objects.get_or_create(name=roles.SCHEME_LEADERS)
    for leader in leaders:
        scheme.leaders.add(leader)
        leader.groups.add(group)
    return scheme


def scheme_update(
    *,
    scheme: Scheme,
    by: User,
    description: str,
    aims: str,
    diversity_aims: str,
    how_to_join: str,
    status: str,
    membership_required: bool,
    allowed_grades: Sequence[str],
    required_branch: str,
    required_network: str,
    required_role: str,
    required_setting: str,
    match_length_months: int,
    default_mentor_capacity: int,
    response_days: int,
    minimum_score: int,
) -> Scheme:
    """A leader changes the scheme's details and settings (opening or pausing it too)."""
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        require_manager(scheme=scheme, by=by)
        scheme.description, scheme.aims = description, aims
        scheme.diversity_aims, scheme.how_to_join = diversity_aims, how_to_join
        scheme.status, scheme.membership_required = status, membership_required
        scheme.allowed_grades = list(allowed_grades)
        scheme.required_branch, scheme.required_network = required_branch, required_network
        scheme.required_role, scheme.required_setting = required_role, required_setting
        scheme.match_length_months = match_length_months
        scheme.default_mentor_capacity = default_mentor_capacity
        scheme.response_days, scheme.minimum_score = response_days, minimum_score
        scheme.save()
        return scheme


# --- Applications ------------------------------------------------------------------------


def participant_apply(
    *,
    scheme: Scheme,
    by: User,
    role: str,
    grade: str,
    career_stage: str,
    field: str,
    region: str,
    meeting_mode: str,
    membership_number: str = "",
    topics: Sequence[str] = (),
    goals: str = "",
    capacity: int | None = None,
    availability: str = "",
    branch: str = "",
    network: str = "",
    job_role: str = "",
    setting: str = "",
    characteristics: Sequence[str] = (),
    wanted_shared: Sequence[str] = (),
    share_with_mentor: bool = False,
    share_with_mentee: bool = False,
    current_role: str = "",
    target_role: str = "",
    past_roles: Sequence[str] = (),
    route_roles: Sequence[str] = (),
) -> Participant:
    """Apply to a scheme as a mentor or a mentee. Refused, with the reason, when the scheme is
    not open, the person is not eligible, or they have an application in this role already.
    What only a mentee gives (goals, the characteristics they want to share, sharing with the
    mentor) is dropped for a mentor, and what only a mentor gives (capacity, availability,
    sharing with mentees) for a mentee; a mentor without a capacity gets the scheme's."""
    if role not in (vocab.MENTOR, vocab.MENTEE):
        raise RuleBroken("Apply as a mentor or as a mentee.")
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        closed = eligibility.reasons_closed(scheme.status)
        if closed:
            raise RuleBroken(closed[0])
        participant = Participant(
            scheme=scheme,
            user=by,
            role=role,
            applied_at=clock.now(),
            membership_number=membership_number,
            grade=grade,
            career_stage=career_stage,
            field=field,
            region=region,
            topics=list(topics),
            goals=goals,
            availability=availability,
            meeting_mode=meeting_mode,
            branch=branch,
            network=network,
            job_role=job_role,
            setting=setting,
            characteristics=list(characteristics),
            wanted_shared=list(wanted_shared),
            share_with_mentor=share_with_mentor,
            share_with_mentee=share_with_mentee,
            current_role=current_role,
            target_role=target_role,
            past_roles=list(past_roles),
            route_roles=list(route_roles),
        )
        if role == vocab.MENTEE:
            participant.capacity = 1
            participant.availability = ""
            # A mentee can only ask to match on characteristics they have said they have.
            participant.wanted_shared = [
                c for c in participant.wanted_shared if c in participant.characteristics
            ]
            participant.share_with_mentee = False
        else:
            participant.goals = ""
            participant.wanted_shared = []
            participant.share_with_mentor = False
            participant.capacity = capacity or scheme.default_mentor_capacity
        reasons = eligibility.reasons_not_eligible(scheme.rules, participant.applicant)
        if reasons:
            raise RuleBroken(" ".join(reasons))
        if Participant.objects.active().filter(scheme=scheme, user=by, role=role).exists():
            raise RuleBroken(workflow.already_applied(role))
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError:
            raise RuleBroken(workflow.already_applied(role)) from None
        emails.application_received(participant)
        return participant


def participant_membership_decide(
    *, participant: Participant, by: User, accepted: bool, reason: str = ""
) -> Participant:
    """A leader confirms (or refuses, with the reason) the membership number an applicant gave
    for a scheme that requires membership of a body; the applicant is emailed either way."""
    with transaction.atomic():
        participant = _locked_participant(participant)
        require_manager(scheme=participant.scheme, by=by)
        if participant.status != ParticipantStatus.ACTIVE:
            raise RuleBroken("This application has been withdrawn.")
        if participant.membership_confirmed_at:
            raise RuleBroken("This membership has been confirmed already.")
        if accepted:
            participant.membership_confirmed_at = clock.now()
            participant.membership_confirmed_by = by
            participant.save(update_fields=["membership_confirmed_at", "membership_confirmed_by"])
        else:
            if not reason.strip():
                raise RuleBroken("Give the reason, so the applicant knows what is missing.")
            participant.status = ParticipantStatus.WITHDRAWN
            participant.withdrawn_at = clock.now()
            participant.save(update_fields=["status", "withdrawn_at"])
        emails.application_decided(participant, accepted=accepted, reason=reason.strip())
        return participant


def _locked_participant(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("scheme")
        .get(pk=participant.pk)
    )


def _locked_for_self_or_leaders(participant: Participant, by: User, refusal: str) -> Participant:
    """The application locked, once `by` is shown to be its applicant or one of the scheme's
    leaders (else `refusal`)."""
    participant = _locked_participant(participant)
    if by.pk != participant.user_id and not participant.scheme.is_managed_by(by):
        raise RuleBroken(refusal)
    return participant


def participant_record_preparation(
    *, participant: Participant, by: User, completed_on: dt.date, notes: str = ""
) -> Participant:
    """A mentor records the preparation they have done (or a leader records it for them)."""
    with transaction.atomic():
        participant = _locked_for_self_or_leaders(
            participant, by, "Only the mentor or the scheme's leaders can record preparation."
        )
        if not participant.is_mentor:
            raise RuleBroken("Preparation is recorded for mentors.")
        if completed_on > clock.localdate():
            raise RuleBroken("The preparation date cannot be in the future.")
        participant.preparation_completed_on = completed_on
        participant.preparation_notes = notes
        participant.save(update_fields=["preparation_completed_on", "preparation_notes"])
        return participant


def participant_set_availability(
    *, participant: Participant, by: User, available: bool
) -> Participant:
    with transaction.atomic():
        participant = _locked_for_self_or_leaders(
            participant, by, "Only the mentor or the scheme's leaders can change availability."
        )
        if not participant.is_mentor:
            raise RuleBroken("Only mentors pause their availability.")
        participant.available = available
        participant.save(update_fields=["available"])
        return participant


def participant_withdraw(*, participant: Participant, by: User) -> Participant:
    with transaction.atomic():
        participant = _locked_for_self_or_leaders(
            participant, by, "Only the applicant or the scheme's leaders can withdraw this."
        )
        if participant.status != ParticipantStatus.ACTIVE:
            raise RuleBroken("This application has been withdrawn already.")
        live = Match.objects.filter(status__in=LIVE_STATUSES).filter(
            mentor=participant
        ) | Match.objects.filter(status__in=LIVE_STATUSES, mentee=participant)
        if live.exists():
            raise RuleBroken("End or decline your current matches before withdrawing.")
        participant.status = ParticipantStatus.WITHDRAWN
        participant.withdrawn_at = clock.now()
        participant.save(update_fields=["status", "withdrawn_at"])
        return participant


# --- Proposing matches -------------------------------------------------------------------


def match_propose(*, mentor: Participant, mentee: Participant, by: User) -> Match:
    """Propose a pair. Inside one transaction the mentor's and mentee's rows are locked
    (`SELECT ... FOR UPDATE`, in id order so two proposals cannot deadlock), the mentor's live
    matches are counted against their capacity, and the match takes a free capacity place
    (`mentor_slot`), unique among live matches by a database constraint."""
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Participant.objects.select_for_update(of=("self",))
            .select_related("scheme", "user")
            .filter(pk__in=[mentor.pk, mentee.pk])
            .order_by("pk")
        }
        mentor, mentee = locked.get(mentor.pk), locked.get(mentee.pk)  # type: ignore[assignment]
        if mentor is None or mentee is None:
            raise RuleBroken("That application no longer exists.")
        scheme = mentor.scheme
        require_manager(scheme=scheme, by=by)
        if mentor.role != vocab.MENTOR or mentee.role != vocab.MENTEE:
            raise RuleBroken("A match pairs a mentor with a mentee.")
        if mentor.scheme_id != mentee.scheme_id:
            raise RuleBroken("The mentor and the mentee must be in the same scheme.")
        if mentor.user_id == mentee.user_id:
            raise RuleBroken("Nobody can be matched with themselves.")
        closed = eligibility.reasons_closed(scheme.status)
        if closed:
            raise RuleBroken(closed[0])
        for person, what in ((mentor, "mentor"), (mentee, "mentee")):
            if person.status != ParticipantStatus.ACTIVE:
                raise RuleBroken(f"The {what} has withdrawn from the scheme.")
            reasons = eligibility.reasons_not_eligible(scheme.rules, person.applicant)
            if reasons:
                raise RuleBroken(f"The {what} is no longer eligible: " + " ".join(reasons))
            if scheme.membership_body and not person.membership_confirmed_at:
                raise RuleBroken(
                    f"The {what}'s {scheme.membership_body} membership has not been confirmed."
                )
        if not mentor.is_prepared:
            raise RuleBroken("The mentor has not recorded their preparation yet.")
        if not mentor.available:
            raise RuleBroken("The mentor has paused their availability.")
        mentee_matches = Match.objects.filter(mentee=mentee)
        if mentee_matches.filter(status__in=LIVE_STATUSES).exists():
            raise RuleBroken("The mentee already has a proposed or active match.")
        if mentee_matches.filter(status=MatchStatus.COMPLETED).exists():
            raise RuleBroken("The mentee has completed a match in this scheme.")
        used = set(
            Match.objects.filter(mentor=mentor, status__in=LIVE_STATUSES).values_list(
                "mentor_slot", flat=True
            )
        )
        if len(used) >= mentor.capacity:
            raise RuleBroken(
                f"The mentor is at capacity ({mentor.capacity} "
                f"{'mentee' if mentor.capacity == 1 else 'mentees'})."
            )
        slot = min(set(range(1, mentor.capacity + 1)) - used)
        pair = queries.pair_score(mentor, mentee)
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    scheme=scheme,
                    mentor=mentor,
                    mentee=mentee,
                    mentor_slot=slot,
                    score=pair.score,
                    reasons=[reason.as_dict() for reason in pair.reasons],
                    proposed_by=by,
                    proposed_at=clock.now(),
                )
        except IntegrityError:
            raise RuleBroken("That match clashes with another just made: try again.") from None
        emails.match_proposed(match)
        return match


@dataclass
class BatchResult:
    created: list[Match]
    refused: list[tuple[int, int, str]]  # (mentor id, mentee id, reason)


def match_propose_many(*, scheme: Scheme, pairs: list[tuple[int, int]], by: User) -> BatchResult:
    """Propose several pairs (the leader's confirmed cohort); each pair stands or falls alone.
    Refused when no pair is given."""
    require_manager(scheme=scheme, by=by)
    if not pairs:
        raise RuleBroken("Choose at least one suggested pair to propose.")
    people = Participant.objects.filter(
        scheme=scheme, pk__in={pk for pair in pairs for pk in pair}
    ).in_bulk()
    result = BatchResult(created=[], refused=[])
    for mentor_id, mentee_id in pairs:
        mentor, mentee = people.get(mentor_id), people.get(mentee_id)
        if mentor is None or mentee is None:
            result.refused.append((mentor_id, mentee_id, "Not an application in this scheme."))
            continue
        try:
            result.created.append(match_propose(mentor=mentor, mentee=mentee, by=by))
        except RuleBroken as refusal:
            result.refused.append((mentor_id, mentee_id, refusal.message))
    return result


# --- The life of a match -----------------------------------------------------------------


def _locked_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("scheme", "mentor__user", "mentee__user")
        .get(pk=match.pk)
    )


def require_allowed(action: str, status: str, **facts) -> None:
    """Refuse, in the workflow's words, what mentoring/workflow.py does not allow now."""
    problem = workflow.refusal(action, status, **facts)
    if problem:
        raise RuleBroken(problem)


def _require_side(match: Match, user) -> str:
    side = match.side_of(user)
    if side is None:
        raise RuleBroken("Only the mentor and the mentee in this match can do that.")
    return side


def locked_by_pair(*, match: Match, by: User) -> tuple[Match, str]:
    """The match, locked, and the side `by` is on; refused unless `by` is its mentor or mentee."""
    match = _locked_match(match)
    return match, _require_side(match, by)


def match_respond(*, match: Match, by: User, accept: bool, reason: str = "") -> Match:
    """The mentor or the mentee accepts or declines a proposed match (declining needs a
    reason). When both have accepted the match becomes active and its end date is set."""
    with transaction.atomic():
        match, side = locked_by_pair(match=match, by=by)
        require_allowed(workflow.RESPOND, match.status, accepted=match.has_accepted(side))
        now = clock.now()
        if not accept:
            if not reason.strip():
                raise RuleBroken("Give a reason for declining.")
            match.status = MatchStatus.DECLINED
            match.declined_by = by
            match.decline_reason = reason
            match.save()
            emails.match_declined(match)
            return match
        if side == vocab.MENTOR:
            match.mentor_accepted_at = now
        else:
            match.mentee_accepted_at = now
        if match.mentor_accepted_at and match.mentee_accepted_at:
            match.status = MatchStatus.ACTIVE
            match.started_on = clock.localdate()
            match.ends_on = _add_months(match.started_on, match.scheme.match_length_months)
        match.save()
        if match.status == MatchStatus.ACTIVE:
            emails.match_started(match)
        else:
            emails.match_accepted_by_one(match, side)
        return match


def match_end(*, match: Match, by: User, completed: bool, reason: str = "") -> Match:
    """End an active match: completed, or ended early (with a reason). Either participant or
    the scheme's leaders can end it."""
    with transaction.atomic():
        match = _locked_match(match)
        if match.side_of(by) is None and not match.scheme.is_managed_by(by):
            raise RuleBroken("Only the pair or the scheme's leaders can end this match.")
        require_allowed(workflow.END, match.status)
        if not completed and not reason.strip():
            raise RuleBroken("Give a reason for ending the match early.")
        match.status = MatchStatus.COMPLETED if completed else MatchStatus.ENDED_EARLY
        match.ended_on = clock.localdate()
        match.ended_by = by
        match.end_reason = reason
        match.extension_requested_by = None
        match.extension_months_requested = None
        match.save()
        emails.match_ended(match)
        return match


def match_extension_request(*, match: Match, by: User, months: int) -> Match:
    with transaction.atomic():
        match, _ = locked_by_pair(match=match, by=by)
        require_allowed(workflow.EXTEND, match.status)
        if not 1 <= months <= 12:
            raise RuleBroken("An extension is between 1 and 12 months.")
        match.extension_requested_by = by
        match.extension_months_requested = months
        match.save(update_fields=["extension_requested_by", "extension_months_requested"])
        return match


def match_extension_agree(*, match: Match, by: User) -> Match:
    """The other participant agrees the extension the first asked for."""
    with transaction.atomic():
        match, _ = locked_by_pair(match=match, by=by)
        require_allowed(
            workflow.AGREE_EXTENSION,
            match.status,
            extension_asked_by=workflow.asked_by(match.extension_requested_by_id, by.pk),
        )
        months = cast(int, match.extension_months_requested)  # set with extension_requested_by
        match.ends_on = _add_months(match.ends_on or clock.localdate(), months)
        match.extended_months += months
        match.extension_requested_by = None
        match.extension_months_requested = None
        match.save()
        return match


def meeting_log(
    *, match: Match, by: User, met_on: dt.date, duration_minutes: int, mode: str, notes: str = ""
) -> Meeting:
    with transaction.atomic():
        match, _ = locked_by_pair(match=match, by=by)
        require_allowed(workflow.LOG_MEETING, match.status)
        if met_on > clock.localdate():
            raise RuleBroken("A meeting can only be logged once it has happened.")
        if match.started_on and met_on < match.started_on:
            raise RuleBroken("That date is before the match started.")
        return Meeting.objects.create(
            match=match,
            logged_by=by,
            met_on=met_on,
            duration_minutes=duration_minutes,
            mode=mode,
            notes=notes,
            created_at=clock.now(),
        )


def progress_record(
    *, match: Match, by: User, goal: str, status: str, note: str = ""
) -> ProgressUpdate:
    with transaction.atomic():
        match, _ = locked_by_pair(match=match, by=by)
        require_allowed(workflow.RECORD_PROGRESS, match.status)
        return ProgressUpdate.objects.create(
            match=match,
            author=by,
            goal=goal,
            status=status,
            note=note,
            created_at=clock.now(),
        )


def feedback_give(
    *, match: Match, by: User, ratings: dict[str, int], comment: str = ""
) -> Feedback:
    with transaction.atomic():
        match, side = locked_by_pair(match=match, by=by)
        require_allowed(
            workflow.GIVE_FEEDBACK,
            match.status,
            feedback_given=Feedback.objects.filter(match=match, author=by).exists(),
        )
        if any(not 1 <= int(value) <= 5 for value in ratings.values()):
            raise RuleBroken("Ratings are from 1 to 5.")
        return Feedback.objects.create(
            match=match, author=by, role=side, comment=comment, given_at=clock.now(), **ratings
        )
