"""Plain matching profiles for the pure tests (no database): a mentor and a mentee who fit on
every factor by default; each test changes what it is about."""

from mentoring import vocab
from mentoring.matching import MenteeProfile, MentorProfile

# What the default mentor and mentee have in common.
SHARED = {
    "field": "clinical_psychology",
    "region": "london",
    "topics": frozenset({"applications", "interviews", "clinical_training"}),
}


def mentor(id=1, **changes) -> MentorProfile:
    values = {
        "id": id,
        **SHARED,
        "stage": "established",
        "mode": vocab.ONLINE,
        "characteristics": frozenset({"first_in_family"}),
        "capacity": 1,
    }
    return MentorProfile(**{**values, **changes})


def mentee(id=1, **changes) -> MenteeProfile:
    values = {
        "id": id,
        **SHARED,
        "stage": "graduate",
        "mode": vocab.EITHER,
        "wanted_characteristics": frozenset({"first_in_family"}),
    }
    return MenteeProfile(**{**values, **changes})
