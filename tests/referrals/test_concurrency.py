"""Several people at once, on real connections: one allocation wins, references stay unique."""

import pytest

from referrals import choices, services, submissions
from referrals.models import Referral
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory, submission


@pytest.mark.django_db(transaction=True)
def test_two_staff_allocating_at_once_cannot_both_succeed():
    from accounts import roles
    from accounts.models import User

    priya = UserFactory(full_name="Priya Shah", roles=[roles.CAREERS_STAFF])
    jordan = UserFactory(full_name="Jordan Ellis", roles=[roles.CAREERS_STAFF])
    referral = ReferralFactory(state="triaged", priority="routine")

    def allocate(actor_id, adviser_id):
        def run():
            actor = User.objects.get(pk=actor_id)
            return services.referral_allocate(
                by=actor,
                referral=Referral(pk=referral.pk),
                version=1,
                adviser=User.objects.get(pk=adviser_id),
            )

        return run

    results = run_together([allocate(priya.pk, priya.pk), allocate(jordan.pk, jordan.pk)])
    wins = [r for r in results if isinstance(r, Referral)]
    conflicts = [r for r in results if isinstance(r, services.ReferralConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    winner = wins[0].adviser
    referral.refresh_from_db()
    assert referral.adviser == winner and referral.version == 2
    assert referral.steps.filter(action="allocate").count() == 1
    # The loser is told who acted.
    assert winner.full_name in str(conflicts[0])


def self_refer(name, email, help_wanted):
    """A core trainee in London refers themselves on the website."""
    return submissions.referral_submit(
        **submission(
            name=name, email=email, grade="core", reasons=["direction"], help_wanted=help_wanted
        ),
        source=choices.SELF_WEB,
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_self_referrals_get_fifty_unique_references(mailoutbox):
    def submit(n):
        def run():
            return self_refer(f"Trainee {n}", f"trainee{n}@example.net", "Options").reference

        return run

    references = run_together([submit(n) for n in range(50)])
    assert all(isinstance(r, str) for r in references), references
    assert len(set(references)) == 50
    assert Referral.objects.count() == 50
    assert set(Referral.objects.values_list("reference", flat=True)) == set(references)


@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_when_one_address_submits_many_times_at_once(settings):
    settings.REFERRALS_RATE_LIMIT = 3

    def submit():
        return self_refer("Bot", "same@example.net", "x")

    results = run_together([submit for _ in range(8)])
    assert sum(isinstance(r, Referral) for r in results) == 3
    assert sum(isinstance(r, services.EmailLimitReached) for r in results) == 5
