"""Every step of mentoring is announced by email through the outbox: each trigger writes its
emails in the step's transaction, each has a text and an HTML part and a link to the page, a
step repeated sends nothing twice, and non-essential emails respect the member's choices."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring import concerns, services, vocab
from mentoring.models import Enquiry, Match, Meeting
from outbox.models import Email
from outbox.sending import outbox_send_due
from tests.factories import UserFactory
from tests.mentoring.factories import APPLICATION, MatchFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def EnquiryFactory(*, scheme, sender=None, due_on=None):  # noqa: N802 - reads like a factory
    return Enquiry.objects.create(
        scheme=scheme,
        sender=sender or UserFactory(),
        subject="Can I change mentor?",
        message="My mentor moved away.",
        due_on=due_on or timezone.localdate() + dt.timedelta(days=5),
    )


def subjects(to) -> list[str]:
    return list(Email.objects.filter(to=to).order_by("pk").values_list("subject", flat=True))


def assert_well_formed(email: Email, path: str):
    assert path in email.text_body
    assert f'href="http://localhost:8000{path}"' in email.html_body
    assert email.html_body.startswith("<!doctype html>")


def test_applying_emails_the_applicant(scheme, member):
    participant = services.participant_apply(
        scheme=scheme, by=member, role=vocab.MENTEE, **APPLICATION
    )
    (email,) = Email.objects.filter(to=member.email)
    assert email.subject == f"Your application to {scheme.name}"
    assert_well_formed(email, participant.get_absolute_url())


def test_a_leader_confirming_or_refusing_membership_emails_the_applicant(scheme, leader):
    scheme.membership_body = "British Psychological Society (BPS)"
    scheme.save()
    accepted = MenteeFactory(scheme=scheme)
    refused = MenteeFactory(scheme=scheme)
    services.participant_membership_decide(participant=accepted, by=leader, accepted=True)
    services.participant_membership_decide(
        participant=refused, by=leader, accepted=False, reason="No such BPS number."
    )
    assert subjects(accepted.user.email) == [f"Your application to {scheme.name} is accepted"]
    (email,) = Email.objects.filter(to=refused.user.email)
    assert "No such BPS number." in email.text_body
    refused.refresh_from_db()
    assert refused.status == "withdrawn"


def test_a_proposed_match_emails_both_and_each_step_after_it(scheme, mentor, mentee, leader):
    match = services.match_propose(mentor=mentor, mentee=mentee, by=leader)
    proposed = f"A mentoring match is proposed in {scheme.name}"
    assert subjects(mentor.user.email) == [proposed]
    assert subjects(mentee.user.email) == [proposed]
    assert_well_formed(Email.objects.filter(to=mentee.user.email).get(), match.get_absolute_url())

    services.match_respond(match=match, by=mentor.user, accept=True)
    assert subjects(mentee.user.email)[-1] == "Your mentor has accepted the match"
    services.match_respond(match=match, by=mentee.user, accept=True)
    started = f"Your mentoring match in {scheme.name} has started"
    assert subjects(mentor.user.email)[-1] == started
    assert subjects(mentee.user.email)[-1] == started

    services.match_end(match=match, by=mentor.user, completed=True)
    ended = f"Your mentoring match in {scheme.name} has ended"
    feedback = f"How did your match in {scheme.name} go?"
    assert subjects(mentee.user.email)[-2:] == [ended, feedback]


def test_a_declined_match_emails_both(match, mentor, mentee):
    services.match_respond(match=match, by=mentee.user, accept=False, reason="Timing")
    for person in (mentor, mentee):
        assert subjects(person.user.email)[-1].startswith("A proposed match in")


def test_an_answered_query_emails_its_sender(scheme, leader, mentee):
    enquiry = EnquiryFactory(scheme=scheme, sender=mentee.user)
    concerns.enquiry_answer(enquiry=enquiry, by=leader, answer="Yes, you can.")
    (email,) = Email.objects.filter(to=mentee.user.email)
    assert email.subject == f"Your query to {scheme.name} is answered"
    assert_well_formed(email, enquiry.get_absolute_url())


def test_feedback_requests_respect_the_members_choice_but_the_end_is_always_told(
    match, mentor, mentee
):
    mentee.user.email_opt_outs = ["mentoring-feedback"]
    mentee.user.save()
    Match.objects.filter(pk=match.pk).update(status="active", started_on=timezone.localdate())
    services.match_end(match=match, by=mentor.user, completed=True)
    assert len(subjects(mentee.user.email)) == 1  # "ended", essential; no feedback request
    assert len(subjects(mentor.user.email)) == 2


def active_match(scheme, *, started_days_ago, ends_in_days):
    today = timezone.localdate()
    return MatchFactory(
        scheme=scheme,
        status="active",
        started_on=today - dt.timedelta(days=started_days_ago),
        ends_on=today + dt.timedelta(days=ends_in_days),
    )


def test_reminders_go_once_for_quiet_matches_ending_matches_and_overdue_queries(
    scheme, leader, settings
):
    settings.MENTORING_QUIET_DAYS = 42
    quiet = active_match(scheme, started_days_ago=60, ends_in_days=200)
    met = active_match(scheme, started_days_ago=60, ends_in_days=200)
    Meeting.objects.create(
        match=met,
        logged_by=met.mentor.user,
        met_on=timezone.localdate(),
        mode="online",
        duration_minutes=60,
    )
    ending = active_match(scheme, started_days_ago=10, ends_in_days=14)
    EnquiryFactory(scheme=scheme, due_on=timezone.localdate() - dt.timedelta(days=2))
    call_command("send_reminders")
    call_command("send_reminders")  # again the same day: nothing twice
    assert subjects(quiet.mentee.user.email) == ["No meeting recorded in your match for 60 days"]
    assert subjects(met.mentee.user.email) == []
    assert subjects(ending.mentor.user.email) == [
        f"Your mentoring match in {scheme.name} ends soon"
    ]
    assert subjects(leader.email) == [f"Overdue queries in {scheme.name}"]


def test_referrals_overdue_for_first_contact_are_digested_to_the_careers_team(settings):
    from tests.referrals.factories import ReferralFactory

    settings.CAREERS_TEAM_EMAIL = "team@example.org"
    overdue = ReferralFactory(first_contact_due=timezone.localdate() - dt.timedelta(days=3))
    call_command("send_reminders")
    (email,) = Email.objects.filter(to="team@example.org")
    assert overdue.reference in email.text_body
    assert overdue.name not in email.text_body  # no personal details in email


def test_mentoring_emails_wait_while_the_mail_server_is_down_and_go_when_it_is_back(
    scheme, mentor, mentee, leader, settings, mailoutbox
):
    from tests.servers import closed_port

    services.match_propose(mentor=mentor, mentee=mentee, by=leader)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    assert outbox_send_due().failed == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + dt.timedelta(minutes=5)
    assert outbox_send_due(now=later).sent == 2
    assert {m.to[0] for m in mailoutbox} == {mentor.user.email, mentee.user.email}
    assert {m.alternatives[0][1] for m in mailoutbox} == {"text/html"}


def test_a_deleted_member_gets_no_more_mentoring_email(scheme, leader):
    mentor = MentorFactory(scheme=scheme)
    mentee = MenteeFactory(scheme=scheme, user=UserFactory(deleted_at=timezone.now()))
    services.match_propose(mentor=mentor, mentee=mentee, by=leader)
    assert not Email.objects.filter(to=mentee.user.email).exists()
