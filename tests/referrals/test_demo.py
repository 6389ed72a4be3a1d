"""The demo shows the whole workflow at once, and loading it twice changes nothing."""

import pytest

from referrals import demo, workflow
from referrals.access import is_referrals_manager
from referrals.models import Referral, Session, SupportPlan, SupportService

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_outcome_and_kind_of_service_and_is_idempotent():
    demo.load()
    counts = (Referral.objects.count(), Session.objects.count(), SupportService.objects.count())
    demo.load()
    assert (
        Referral.objects.count(),
        Session.objects.count(),
        SupportService.objects.count(),
    ) == counts

    states = set(Referral.objects.values_list("state", flat=True))
    assert states == {state for state, _ in workflow.STATES}
    outcomes = set(Referral.objects.filter(state="closed").values_list("outcome", flat=True))
    assert outcomes == {outcome for outcome, _ in workflow.OUTCOMES}
    assert set(Referral.objects.values_list("priority", flat=True)) >= {"routine", "urgent"}
    assert Referral.objects.overdue().exists()
    assert Referral.objects.filter(reopened_count__gt=0).exists()
    assert Referral.objects.filter(state="returned", signposts__isnull=False).exists()
    assert SupportPlan.objects.exists()
    kinds = set(SupportService.objects.values_list("kind", flat=True))
    assert kinds >= {
        "psu",
        "counselling",
        "peer",
        "benevolent",
        "occupational_health",
        "professional_body",
    }

    from accounts.models import User

    assert is_referrals_manager(User.objects.get(email="careers@example.org"))
    assert not is_referrals_manager(User.objects.get(email=demo.ADVISER_EMAIL))
