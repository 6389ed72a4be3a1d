"""The service standard in working days: weekends and England and Wales bank holidays."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from referrals import services, submissions
from tests.referrals.factories import ReferralFactory


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_referral_before_christmas_is_due_after_the_bank_holidays():
    # Wed 23 Dec 2026: 24, 29, 30, 31 Dec and 4 Jan (25, 28 Dec and 1 Jan are holidays).
    assert submissions.first_contact_due(at(date(2026, 12, 23))) == date(2027, 1, 4)


def test_a_referral_before_easter_is_due_after_good_friday_and_easter_monday():
    # Thu 2 Apr 2026: 7, 8, 9, 10, 13 Apr.
    assert submissions.first_contact_due(at(date(2026, 4, 2))) == date(2026, 4, 13)


def test_the_target_is_configurable(settings):
    settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS = 10
    assert submissions.first_contact_due(at(date(2026, 4, 2))) == date(2026, 4, 20)


@pytest.mark.django_db
def test_waiting_days_and_overdue_count_working_days_only():
    referral = ReferralFactory(received_at=at(date(2026, 12, 23)))
    assert referral.first_contact_due == date(2027, 1, 4)
    assert referral.waiting_working_days(date(2026, 12, 31)) == 4
    assert not referral.is_overdue(date(2027, 1, 4))
    assert referral.is_overdue(date(2027, 1, 5))


@pytest.mark.django_db
def test_first_contact_stops_the_clock(careers_staff, adviser):
    referral = ReferralFactory(
        received_at=at(date(2026, 12, 23)), state="allocated", priority="routine", adviser=adviser
    )
    services._stamp_first_contact(referral, at(date(2026, 12, 29)))
    assert referral.first_contact_working_days == 2  # 24 and 29 December
    assert referral.waiting_working_days(date(2027, 3, 1)) == 2
    assert not referral.contacted_late()
