"""anonymise_referrals: dry run by default, --apply removes personal details past retention
and keeps the figures."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import limits
from accounts.models import LimitedAction
from referrals import retention, submissions
from referrals.models import AuditEvent, Referral
from tests.referrals.factories import (
    ReferralFactory,
    SessionFactory,
    closed_with_a_plan,
    past_retention,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_closed(adviser):
    long_ago = past_retention()
    referral = closed_with_a_plan(
        long_ago,
        email="patricia@example.net",
        phone="07700 900123",
        help_wanted="Retirement options",
        adviser=adviser,
        first_contact_at=long_ago + timedelta(days=1),
        first_contact_working_days=1,
        closing_note="Plan agreed with Patricia",
    )
    SessionFactory(
        referral=referral,
        held_on=long_ago.date(),
        mode="phone",
        adviser=adviser,
        notes="Patricia spoke about her health",
    )
    AuditEvent.objects.create(
        actor_label="x",
        action="change",
        what="Details edited",
        referral=referral,
        before={"email": "old@example.net"},
        after={"email": "patricia@example.net"},
    )
    return referral


def test_the_dry_run_lists_what_is_due_and_changes_nothing(old_closed, capsys):
    recent = ReferralFactory(state="closed", outcome="withdrawn", closed_at=timezone.now())
    open_old = ReferralFactory(received_at=timezone.now() - timedelta(days=365 * 4))
    call_command("anonymise_referrals")
    out = capsys.readouterr().out
    assert "Would anonymise" in out and old_closed.reference in out
    assert recent.reference not in out and open_old.reference not in out
    old_closed.refresh_from_db()
    assert old_closed.name == "Patricia Lewis" and old_closed.anonymised_at is None


def test_apply_removes_personal_details_and_keeps_the_figures(old_closed, capsys):
    call_command("anonymise_referrals", "--apply")
    assert "Anonymised 1 referral(s)" in capsys.readouterr().out
    referral = Referral.objects.get(pk=old_closed.pk)
    assert referral.anonymised_at is not None
    assert (referral.name, referral.email, referral.phone, referral.help_wanted) == (
        "(anonymised)",
        "",
        "",
        "",
    )
    assert referral.closing_note == ""
    assert referral.sessions.get().notes == ""
    # Kept for reporting.
    assert (referral.grade, referral.region, referral.outcome) == ("core", "london", "plan_agreed")
    assert referral.first_contact_working_days == 1 and referral.sessions.get().minutes == 30
    # The audit trail keeps who and when, not the old values.
    edited = AuditEvent.objects.get(referral=referral, what="Details edited")
    assert edited.before is None and edited.after is None
    assert AuditEvent.objects.filter(referral=referral, action="anonymise").count() == 1
    # Running again finds nothing more to do.
    assert retention.referrals_anonymise(apply=True) == []


def test_the_retention_period_is_configurable(old_closed, settings):
    settings.REFERRALS_RETENTION_YEARS = 5
    assert retention.referrals_anonymise() == []
    assert retention.referrals_anonymise(years=3) == [old_closed.reference]


def test_returned_referrals_are_anonymised_too(adviser):
    long_ago = past_retention()
    returned = ReferralFactory(
        state="returned", return_reason="incomplete", returned_at=long_ago, received_at=long_ago
    )
    assert retention.referrals_anonymise(apply=True) == [returned.reference]


def test_the_command_logs_what_it_did(old_closed, caplog):
    with caplog.at_level("INFO"):
        call_command("anonymise_referrals", "--apply")
    assert any(old_closed.reference in record.getMessage() for record in caplog.records)


def test_applying_deletes_the_public_forms_counts_that_no_longer_count(settings):
    now = timezone.now()
    window = timedelta(hours=settings.REFERRALS_RATE_WINDOW_HOURS)
    old, recent = now - window - timedelta(minutes=1), now - window + timedelta(minutes=1)
    limits.allow(submissions.LIMIT_ADDRESS, "old@example.net", limit=9, window=window, now=old)
    limits.allow(submissions.LIMIT_ADDRESS, "new@example.net", limit=9, window=window, now=recent)
    retention.referrals_anonymise()  # a dry run changes nothing
    assert LimitedAction.objects.count() == 2
    retention.referrals_anonymise(apply=True)  # with no referral due, too
    assert list(LimitedAction.objects.values_list("key", flat=True)) == [
        limits.digest(submissions.LIMIT_ADDRESS, "new@example.net")
    ]
