"""The rules, enforced in the services whatever the caller."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import roles
from config.workdays import add_working_days
from mentoring import concerns, proposals, services, vocab
from mentoring.models import SCHEME_SETTINGS, DataBreach, Match, MatchStatus, Scheme
from mentoring.services import RuleBroken
from outbox.sending import outbox_send_due
from tests.factories import UserFactory
from tests.mentoring.factories import APPLICATION, MatchFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def propose(mentor, mentee, leader):
    return services.match_propose(mentor=mentor, mentee=mentee, by=leader)


# --- Applying ----------------------------------------------------------------------------


def test_a_member_applies_as_a_mentee_and_can_only_ask_to_share_what_they_said(scheme, member):
    participant = services.participant_apply(
        scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION
    )
    assert participant.role == vocab.MENTEE and participant.status == "active"
    assert participant.wanted_shared == ["first_in_family"]


def test_a_mentor_gets_the_schemes_default_capacity_when_they_give_none(scheme, member):
    data = {k: v for k, v in APPLICATION.items() if k not in {"goals", "wanted_shared"}}
    participant = services.participant_apply(
        scheme=scheme, by=member, role=vocab.MENTOR, **data | {"grade": "full"}
    )
    assert participant.capacity == scheme.default_mentor_capacity == 2
    assert participant.share_with_mentor is False


@pytest.mark.parametrize("status", ["paused", "closed"])
def test_an_application_to_a_scheme_that_is_not_open_is_refused_with_the_reason(
    scheme, member, status
):
    scheme.status = status
    scheme.save()
    with pytest.raises(RuleBroken, match=status):
        services.participant_apply(scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION)


def test_an_ineligible_member_is_refused_with_the_reason(scheme, member):
    with pytest.raises(RuleBroken, match="You gave Student member"):
        services.participant_apply(
            scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION | {"grade": "student"}
        )


def test_nobody_applies_twice_in_the_same_role(scheme, member):
    services.participant_apply(scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION)
    with pytest.raises(RuleBroken, match="already applied"):
        services.participant_apply(scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION)


# --- Proposing matches -------------------------------------------------------------------


def test_a_leader_proposes_a_match_scored_with_its_reasons(scheme, leader, mentor, mentee):
    match = propose(mentor, mentee, leader)
    assert match.status == MatchStatus.PROPOSED
    assert match.mentor_slot == 1
    assert match.score > 0
    assert {reason["factor"] for reason in match.reasons} >= {"field", "topics", "stage"}


def test_a_mentors_capacity_is_never_exceeded(scheme, leader, mentor):
    first, second, third = (MenteeFactory(scheme=scheme) for _ in range(3))
    propose(mentor, first, leader)
    propose(mentor, second, leader)
    with pytest.raises(RuleBroken, match="at capacity"):
        propose(mentor, third, leader)
    assert Match.objects.filter(mentor=mentor).count() == 2


def test_a_declined_match_frees_the_mentors_place(scheme, leader, mentor):
    mentor.capacity = 1
    mentor.save()
    first, second = MenteeFactory(scheme=scheme), MenteeFactory(scheme=scheme)
    match = propose(mentor, first, leader)
    services.match_respond(match=match, by=first.user, accept=False, reason="Wrong field for me")
    assert propose(mentor, second, leader).mentor_slot == 1


def test_the_database_refuses_two_live_matches_in_one_mentor_place(scheme, mentor):
    MatchFactory(scheme=scheme, mentor=mentor, mentor_slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(scheme=scheme, mentor=mentor, mentor_slot=1)


def test_the_database_refuses_a_second_live_match_for_a_mentee(scheme, mentee):
    MatchFactory(scheme=scheme, mentee=mentee)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(scheme=scheme, mentee=mentee)


def test_nobody_is_matched_with_themselves(scheme, leader, member):
    as_mentor = MentorFactory(scheme=scheme, user=member)
    as_mentee = MenteeFactory(scheme=scheme, user=member)
    with pytest.raises(RuleBroken, match="themselves"):
        propose(as_mentor, as_mentee, leader)


@pytest.mark.parametrize("status", ["paused", "closed"])
def test_nobody_is_matched_outside_an_open_scheme(scheme, leader, mentor, mentee, status):
    Scheme.objects.filter(pk=scheme.pk).update(status=status)
    with pytest.raises(RuleBroken, match=status):
        propose(mentor, mentee, leader)


def test_mentor_and_mentee_must_be_in_the_same_scheme(scheme, other_scheme, leader, mentor):
    elsewhere = MenteeFactory(scheme=other_scheme)
    with pytest.raises(RuleBroken):
        propose(mentor, elsewhere, leader)


def test_eligibility_is_checked_again_at_match_time(scheme, leader, mentor, mentee):
    mentee.grade = "student"  # their grade changed after they applied
    mentee.save()
    with pytest.raises(RuleBroken, match="mentee is no longer eligible"):
        propose(mentor, mentee, leader)


def test_a_mentor_must_be_prepared_and_available(scheme, leader, mentee):
    unprepared = MentorFactory(scheme=scheme, preparation_completed_on=None)
    with pytest.raises(RuleBroken, match="preparation"):
        propose(unprepared, mentee, leader)
    paused = MentorFactory(scheme=scheme, available=False)
    with pytest.raises(RuleBroken, match="paused"):
        propose(paused, mentee, leader)


def test_a_withdrawn_participant_cannot_be_matched(scheme, leader, mentor, mentee):
    services.participant_withdraw(participant=mentee, by=mentee.user)
    with pytest.raises(RuleBroken, match="withdrawn"):
        propose(mentor, mentee, leader)


def test_only_this_schemes_leaders_propose_its_matches(
    scheme, other_leader, mentor, mentee, superuser
):
    with pytest.raises(RuleBroken, match="leaders"):
        propose(mentor, mentee, other_leader)
    with pytest.raises(RuleBroken, match="leaders"):
        propose(mentor, mentee, mentee.user)
    assert propose(mentor, mentee, superuser).pk


def test_a_batch_proposes_what_it_can_and_reports_the_rest(scheme, leader, mentor):
    mentor.capacity = 1
    mentor.save()
    a, b = MenteeFactory(scheme=scheme), MenteeFactory(scheme=scheme)
    result = services.match_propose_many(
        scheme=scheme,
        pairs=[(mentor.pk, a.pk), (mentor.pk, b.pk), (mentor.pk, 999999)],
        by=leader,
    )
    assert len(result.created) == 1
    assert [reason for _, _, reason in result.refused] == [
        "The mentor is at capacity (1 mentee).",
        "Not an application in this scheme.",
    ]


# --- The life of a match -----------------------------------------------------------------


def test_a_match_becomes_active_when_both_accept_and_ends_after_the_schemes_length(
    scheme, leader, mentor, mentee
):
    match = propose(mentor, mentee, leader)
    match = services.match_respond(match=match, by=mentor.user, accept=True)
    assert match.status == MatchStatus.PROPOSED
    with pytest.raises(RuleBroken, match="already"):
        services.match_respond(match=match, by=mentor.user, accept=True)
    match = services.match_respond(match=match, by=mentee.user, accept=True)
    assert match.status == MatchStatus.ACTIVE
    today = timezone.localdate()
    assert match.started_on == today
    assert (match.ends_on.year - today.year) * 12 + match.ends_on.month - today.month == 12


def test_declining_needs_a_reason(scheme, leader, mentor, mentee):
    match = propose(mentor, mentee, leader)
    with pytest.raises(RuleBroken, match="reason"):
        services.match_respond(match=match, by=mentee.user, accept=False, reason=" ")
    match = services.match_respond(
        match=match, by=mentee.user, accept=False, reason="Moving abroad"
    )
    assert match.status == MatchStatus.DECLINED
    assert match.declined_by == mentee.user


def test_only_the_pair_answers_a_proposed_match(match, leader, outsider):
    for user in (leader, outsider):
        with pytest.raises(RuleBroken, match="Only the mentor and the mentee"):
            services.match_respond(match=match, by=user, accept=True)


def active(match):
    services.match_respond(match=match, by=match.mentor.user, accept=True)
    return services.match_respond(match=match, by=match.mentee.user, accept=True)


def test_actions_in_the_wrong_state_are_refused_with_a_message(match):
    with pytest.raises(RuleBroken, match="This match is proposed: you cannot end it"):
        services.match_end(match=match, by=match.mentor.user, completed=True)
    with pytest.raises(RuleBroken, match="cannot log a meeting"):
        services.meeting_log(
            match=match,
            by=match.mentor.user,
            met_on=timezone.localdate(),
            duration_minutes=60,
            mode="online",
        )
    with pytest.raises(RuleBroken, match="cannot give feedback yet"):
        services.feedback_give(match=match, by=match.mentee.user, ratings={"rating_goals": 5})
    match = active(match)
    with pytest.raises(RuleBroken, match="This match is active: you cannot accept or decline"):
        services.match_respond(match=match, by=match.mentee.user, accept=False, reason="x")


def test_ending_early_needs_a_reason_and_then_both_give_feedback_once(match):
    match = active(match)
    with pytest.raises(RuleBroken, match="reason"):
        services.match_end(match=match, by=match.mentee.user, completed=False)
    match = services.match_end(
        match=match, by=match.mentee.user, completed=False, reason="Changed job"
    )
    assert match.status == MatchStatus.ENDED_EARLY and match.ended_on == timezone.localdate()
    ratings = {"rating_goals": 4, "rating_relationship": 5, "rating_scheme": 5}
    services.feedback_give(match=match, by=match.mentee.user, ratings=ratings, comment="Great")
    services.feedback_give(match=match, by=match.mentor.user, ratings=ratings)
    with pytest.raises(RuleBroken, match="already"):
        services.feedback_give(match=match, by=match.mentor.user, ratings=ratings)
    assert {f.role for f in match.feedback.all()} == {"mentor", "mentee"}


def test_an_extension_needs_the_other_persons_agreement(match):
    match = active(match)
    ends = match.ends_on
    services.match_extension_request(match=match, by=match.mentee.user, months=3)
    with pytest.raises(RuleBroken, match="other person"):
        services.match_extension_agree(match=match, by=match.mentee.user)
    match = services.match_extension_agree(match=match, by=match.mentor.user)
    assert match.extended_months == 3
    assert (match.ends_on.year - ends.year) * 12 + match.ends_on.month - ends.month == 3
    assert match.extension_requested_by is None


def test_meetings_and_progress_are_logged_by_the_pair_in_an_active_match(match, leader):
    match = active(match)
    today = timezone.localdate()
    meeting = services.meeting_log(
        match=match, by=match.mentee.user, met_on=today, duration_minutes=45, mode="online"
    )
    assert meeting.logged_by == match.mentee.user
    with pytest.raises(RuleBroken, match="once it has happened"):
        services.meeting_log(
            match=match,
            by=match.mentee.user,
            met_on=today + dt.timedelta(days=1),
            duration_minutes=45,
            mode="online",
        )
    with pytest.raises(RuleBroken, match="Only the mentor and the mentee"):
        services.progress_record(match=match, by=leader, goal="Get a job", status="under_way")
    update = services.progress_record(
        match=match, by=match.mentor.user, goal="Get a job", status="achieved", note="Offer!"
    )
    assert update.status == "achieved"


def test_a_completed_mentee_is_not_matched_again(scheme, leader, match):
    match = active(match)
    services.match_end(match=match, by=leader, completed=True)
    with pytest.raises(RuleBroken, match="completed"):
        propose(MentorFactory(scheme=scheme), match.mentee, leader)


# --- Enquiries, concerns, breaches ----------------------------------------------------------


def test_a_query_is_due_within_the_schemes_response_time_in_working_days(scheme, mentee):
    enquiry = concerns.enquiry_send(
        scheme=scheme, by=mentee.user, subject="Meeting rooms", message="Can we book rooms?"
    )
    assert enquiry.due_on == add_working_days(timezone.localdate(), scheme.response_days)
    assert not enquiry.is_overdue()
    assert enquiry.is_overdue(today=enquiry.due_on + dt.timedelta(days=1))


def test_only_participants_send_queries_and_only_leaders_answer(
    scheme, mentee, outsider, leader, other_leader
):
    with pytest.raises(RuleBroken):
        concerns.enquiry_send(scheme=scheme, by=outsider, subject="Hi", message="Hello")
    enquiry = concerns.enquiry_send(scheme=scheme, by=mentee.user, subject="Hi", message="Hello")
    with pytest.raises(RuleBroken):
        concerns.enquiry_answer(enquiry=enquiry, by=other_leader, answer="No")
    enquiry = concerns.enquiry_answer(enquiry=enquiry, by=leader, answer="Yes")
    assert enquiry.answered_at is not None


def test_a_concern_is_raised_by_someone_in_the_match_and_closed_by_a_leader(match, leader):
    concern = concerns.concern_raise(
        match=match, by=match.mentee.user, description="Missed sessions"
    )
    with pytest.raises(RuleBroken):
        concerns.concern_close(concern=concern, by=match.mentee.user, notes="x")
    concern = concerns.concern_close(concern=concern, by=leader, notes="Spoke to both")
    assert not concern.is_open


def test_a_data_breach_is_recorded_with_timestamps_and_emails_the_careers_team(
    scheme, leader, mailoutbox, settings
):
    settings.CAREERS_TEAM_EMAIL = "careers-team@example.org"
    discovered = timezone.now() - dt.timedelta(hours=2)
    breach = concerns.breach_record(
        scheme=scheme,
        by=leader,
        discovered_at=discovered,
        description="A spreadsheet of mentee names was emailed to the wrong list",
        people_affected="12 mentees",
        actions_taken="Recall requested",
    )
    assert DataBreach.objects.get().pk == breach.pk
    assert breach.recorded_at and breach.careers_team_notified_at >= breach.recorded_at
    assert outbox_send_due().sent == 1  # written with the breach, sent by the worker
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["careers-team@example.org"]
    assert "wrong list" in mailoutbox[0].body


def test_only_a_schemes_leaders_record_its_breaches(scheme, other_leader, mailoutbox):
    with pytest.raises(RuleBroken):
        concerns.breach_record(
            scheme=scheme,
            by=other_leader,
            discovered_at=timezone.now(),
            description="x",
            people_affected="x",
            actions_taken="x",
        )
    assert mailoutbox == []


# --- Proposals -----------------------------------------------------------------------------

PROPOSAL = {
    "name": "Neurodivergent psychologists mentoring",
    "description": "Peer mentoring",
    "aims": "Support neurodivergent colleagues",
    "mentor_experience": "Five years",
    "support": "The neurodiversity network",
    "time_commitment": "4 hours a month",
}


def test_approving_a_proposal_creates_the_scheme_led_by_the_proposer(member, superuser):
    proposal = proposals.proposal_submit(by=member, **PROPOSAL)
    proposal = proposals.proposal_review(
        proposal=proposal, by=superuser, decision="approved", notes=""
    )
    scheme = proposal.scheme
    assert (
        scheme.name == PROPOSAL["name"] and scheme.slug == "neurodivergent-psychologists-mentoring"
    )
    assert list(scheme.leaders.all()) == [member]
    assert member.groups.filter(name=roles.SCHEME_LEADERS).exists()
    assert scheme.status == "paused"


def test_a_scheme_approved_in_the_demo_past_is_created_at_that_time(member, superuser):
    from config import clock

    when = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    with clock.at(when):
        proposal = proposals.proposal_submit(by=member, **PROPOSAL)
        proposal = proposals.proposal_review(proposal=proposal, by=superuser, decision="approved")
    assert proposal.scheme.created_at == when == proposal.reviewed_at


def test_asking_for_changes_needs_notes_and_the_proposer_resubmits(member, superuser):
    proposal = proposals.proposal_submit(by=member, **PROPOSAL)
    with pytest.raises(RuleBroken):
        proposals.proposal_review(proposal=proposal, by=superuser, decision="declined")
    proposal = proposals.proposal_review(
        proposal=proposal, by=superuser, decision="changes_requested", notes="Say more"
    )
    with pytest.raises(RuleBroken, match="only proposals waiting"):
        proposals.proposal_review(proposal=proposal, by=superuser, decision="approved")
    proposal = proposals.proposal_resubmit(
        proposal=proposal, by=member, **(PROPOSAL | {"aims": "Support and advocacy"})
    )
    assert proposal.status == "submitted" and proposal.aims == "Support and advocacy"


def test_only_admins_review_proposals(member, scheme_leader):
    proposal = proposals.proposal_submit(by=member, **PROPOSAL)
    with pytest.raises(RuleBroken, match="admins"):
        proposals.proposal_review(proposal=proposal, by=scheme_leader, decision="approved")
    assert not Group.objects.filter(name=roles.SCHEME_LEADERS, user=member).exists()


def test_a_scheme_never_takes_a_reserved_slug(superuser):
    proposer = UserFactory()
    proposal = proposals.proposal_submit(by=proposer, **(PROPOSAL | {"name": "Matches"}))
    proposal = proposals.proposal_review(proposal=proposal, by=superuser, decision="approved")
    assert proposal.scheme.slug == "matches-2"


def test_an_admin_sets_up_a_scheme_paused_and_its_leader_opens_it():
    from accounts import roles
    from mentoring.models import Scheme
    from tests.factories import UserFactory

    admin, leader = UserFactory(is_superuser=True), UserFactory()
    fields = {"name": "Returners", "slug": "returners", "description": "D", "aims": "A"}
    with pytest.raises(services.RuleBroken, match="Only admins"):
        services.scheme_create(by=leader, **fields)
    with pytest.raises(services.RuleBroken, match="web address name is taken"):
        services.scheme_create(by=admin, **{**fields, "slug": "propose"})
    scheme = services.scheme_create(by=admin, leaders=[leader], **fields)
    assert scheme.status == "paused" and leader.in_group(roles.SCHEME_LEADERS)
    settings = {name: getattr(scheme, name) for name in SCHEME_SETTINGS}
    with pytest.raises(services.RuleBroken, match="leaders"):
        services.scheme_update(scheme=scheme, by=UserFactory(), **settings)
    services.scheme_update(scheme=scheme, by=leader, **{**settings, "status": "open"})
    assert Scheme.objects.get(pk=scheme.pk).status == "open"


def test_the_admins_add_scheme_page_sets_the_scheme_up_through_scheme_create(rf):
    from django.contrib import admin

    from mentoring.models import Scheme
    from tests.factories import UserFactory

    request = rf.post("/admin/mentoring/scheme/add/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    obj = Scheme(name="Returners", slug="propose", description="D", aims="A", status="open")
    model_admin = admin.site._registry[Scheme]
    with pytest.raises(services.RuleBroken, match="web address name is taken"):
        model_admin.save_model(request, obj, form=None, change=False)
    obj.slug = "returners"
    model_admin.save_model(request, obj, form=None, change=False)
    # The record scheme_create wrote, then the admin form's own fields saved on it.
    assert list(Scheme.objects.values_list("pk", "slug", "status")) == [
        (obj.pk, "returners", "open")
    ]
