"""Plain matching profiles for the pure tests (no database): a mentor and a mentee who fit on
every factor by default; each test changes what it is about."""

from mentoring import vocab
from mentoring.matching import MenteeProfile, MentorProfile

# What the default mentor and mentee have in common, then what is each one's own.
SHARED = {
    "field": "clinical_psychology",
    "region": "london",
    "topics": frozenset({"applications", "interviews", "clinical_training"}),
}
MENTOR = {
    "stage": "established",
    "mode": vocab.ONLINE,
    "characteristics": frozenset({"first_in_family"}),
    "capacity": 1,
}
MENTEE = {
    "stage": "graduate",
    "mode": vocab.EITHER,
    "wanted_characteristics": frozenset({"first_in_family"}),
}


def mentor(id=1, **changes) -> MentorProfile:
    return MentorProfile(**{"id": id, **SHARED, **MENTOR, **changes})


def mentee(id=1, **changes) -> MenteeProfile:
    return MenteeProfile(**{"id": id, **SHARED, **MENTEE, **changes})
