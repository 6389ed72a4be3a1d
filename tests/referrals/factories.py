from datetime import datetime, timedelta

import factory
from django.utils import timezone

from referrals import choices, workflow
from referrals.models import AdviserProfile, Referral, Session, SupportService
from referrals.submissions import first_contact_due, next_reference


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral as the online form leaves it (received); pass state and friends to place it
    further along (for example state="allocated", priority="routine", adviser=user)."""

    class Meta:
        model = Referral

    reference = factory.LazyFunction(next_reference)
    source = choices.SELF_WEB
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"trainee{n}@example.net")
    grade = "core"
    specialty = "General adult psychiatry"
    region = "london"
    reasons = factory.LazyFunction(lambda: ["direction"])
    help_wanted = "I would like to talk about my options."
    preferred_contact = "email"
    privacy_consent = True
    received_at = factory.LazyFunction(timezone.now)
    first_contact_due = factory.LazyAttribute(lambda o: first_contact_due(o.received_at))
    state = workflow.RECEIVED

    class Params:
        from_educator = factory.Trait(
            source=choices.EDUCATOR_WEB,
            referrer_name="Dr Helen Marsh",
            referrer_email=factory.Sequence(lambda n: f"educator{n}@example.net"),
            referrer_role="educational_supervisor",
            decline_nonce=factory.Faker("pystr", min_chars=22, max_chars=22),
            trainee_agreed=True,
        )


# What the public referral forms are sent: a trainee's self-referral, and (educator_referral)
# the same trainee referred by their educational supervisor.
SELF_REFERRAL = {
    "name": "Aisha Rahman",
    "email": "aisha@example.net",
    "phone": "07700 900982",
    "grade": "foundation",
    "specialty": "Foundation year 2",
    "region": "london",
    "reasons": ["direction", "explore"],
    "help_wanted": "Psychiatry or general practice?",
    "preferred_contact": "either",
    "privacy_consent": "on",
    "website": "",
}


def educator_referral(**changes):
    data = {
        **SELF_REFERRAL,
        "referrer_name": "Dr Helen Marsh",
        "referrer_email": "helen.marsh@example.net",
        "referrer_role": "educational_supervisor",
        "trainee_agreed": "on",
    }
    data.pop("privacy_consent")
    data.update(changes)
    return data


def submission(**changes) -> dict:
    """A trainee's self-referral as referral_submit takes it (`**submission()`): Aisha
    Rahman, a foundation doctor in London, her email typed in mixed case (`changes` replace
    any field)."""
    data = {
        "name": "Aisha Rahman",
        "email": "Aisha@Example.net",
        "grade": "foundation",
        "region": "london",
        "reasons": ["direction", "explore"],
        "help_wanted": "Psychiatry or general practice?",
        "preferred_contact": "email",
        "privacy_consent": True,
    }
    data.update(changes)
    return data


def past_retention() -> datetime:
    """A moment a little over three years ago: a referral closed then is due to be anonymised."""
    return timezone.now() - timedelta(days=365 * 3 + 30)


def closed_with_a_plan(received_at: datetime, **fields) -> Referral:
    """Patricia Lewis's referral, received at `received_at` and closed with a plan agreed 20
    days later."""
    return ReferralFactory(
        name="Patricia Lewis",
        state="closed",
        outcome="plan_agreed",
        priority="routine",
        received_at=received_at,
        closed_at=received_at + timedelta(days=20),
        **fields,
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A support session held today (pass the referral and the adviser)."""

    class Meta:
        model = Session

    held_on = factory.LazyFunction(timezone.localdate)
    mode = "video"
    minutes = 30


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportService

    name = factory.Sequence(lambda n: f"Support service {n}")
    kind = "counselling"
    purpose = "Confidential counselling for health professionals."
    eligibility = "Doctors and psychological practitioners."
    how_to_contact = "Through its website."
    coverage = "england"


class AdviserProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviserProfile

    is_manager = False
