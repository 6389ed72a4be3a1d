import datetime as dt

import factory
from django.utils import timezone

from mentoring import proposals, vocab
from mentoring.models import Match, Participant, Scheme
from tests.factories import UserFactory

# A mentee's application as the services take it (`participant_apply(..., **APPLICATION)`):
# they ask to share "disabled", which they did not say of themselves.
APPLICATION = {
    "membership_number": "M900001",
    "grade": "graduate",
    "career_stage": "graduate",
    "field": "clinical_psychology",
    "region": "london",
    "topics": ["applications"],
    "goals": "Get a job",
    "meeting_mode": "online",
    "characteristics": ["first_in_family"],
    "wanted_shared": ["first_in_family", "disabled"],
    "share_with_mentor": True,
}


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Scheme {n}")
    slug = factory.Sequence(lambda n: f"scheme-{n}")
    description = "Mentoring for people starting out in psychological professions."
    aims = "Help people into training and qualified posts."
    status = "open"

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        for user in extracted or []:
            self.leaders.add(user)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    scheme = factory.SubFactory(SchemeFactory)
    user = factory.SubFactory(UserFactory)
    role = vocab.MENTEE
    membership_number = factory.Sequence(lambda n: f"M{100000 + n}")
    grade = "graduate"
    career_stage = "graduate"
    field = "clinical_psychology"
    region = "london"
    topics = factory.LazyFunction(lambda: ["applications", "interviews"])
    goals = "Get an assistant psychologist post\nPrepare for clinical training interviews"
    meeting_mode = vocab.ONLINE
    capacity = 1


class MentorFactory(ParticipantFactory):
    role = vocab.MENTOR
    grade = "full"
    career_stage = "established"
    capacity = 2
    goals = ""
    availability = "One hour a month"
    topics = factory.LazyFunction(lambda: ["applications", "interviews", "clinical_training"])
    preparation_completed_on = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=30)
    )


class MenteeFactory(ParticipantFactory):
    pass


class MatchFactory(factory.django.DjangoModelFactory):
    """A match made directly (for page and permission tests); the rules are tested through
    the services."""

    class Meta:
        model = Match

    scheme = factory.SubFactory(SchemeFactory)
    mentor = factory.SubFactory(MentorFactory, scheme=factory.SelfAttribute("..scheme"))
    mentee = factory.SubFactory(MenteeFactory, scheme=factory.SelfAttribute("..scheme"))
    mentor_slot = 1
    status = "proposed"
    score = 75
    reasons = factory.LazyFunction(
        lambda: [
            {"factor": "field", "points": 20, "text": "Same field: Clinical psychology"},
            {
                "factor": "characteristic",
                "points": 15,
                "text": "Shares what the mentee asked for: LGBTQ+",
            },
        ]
    )


# A scheme proposal as the proposal form posts it and as proposal_submit takes it.
PROPOSAL = {
    "name": "Returners",
    "description": "d",
    "aims": "a",
    "mentor_experience": "m",
    "support": "s",
    "time_commitment": "t",
}


def proposal_submitted(by, **changes):
    """A proposal submitted by `by` through the service, from PROPOSAL with `changes`."""
    return proposals.proposal_submit(by=by, **(PROPOSAL | changes))
