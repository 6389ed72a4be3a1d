"""The career map's models, one module for each part:

- `pay`: Agenda for Change pay bands, by pay year;
- `career_map`: roles, starting points, entry routes, the links between them and waiting rules;
- `requirements`: qualifications, study steps, what steps give and what they need;
- `names`: earlier slugs and search synonyms.

Everything is imported from `pathways.models` (the app label and the migrations are the same
as when it was one module). Reads live on the managers; writes that do more than save one
form live in services.py."""

from pathways.models.career_map import (
    EntryRoute,
    Link,
    ProfessionGroup,
    Role,
    RoleQuerySet,
    RoleReviewDue,
    RoleSource,
    Setting,
    SourceCheck,
    StartingPoint,
    WaitingRule,
)
from pathways.models.names import SearchSynonym, SlugHistory
from pathways.models.pay import CurrentPayBandManager, PayBand, PayBandQuerySet, optional_pay_band
from pathways.models.requirements import (
    Gain,
    Qualification,
    Requirement,
    RequirementOption,
    StartingPointHolds,
    StudyStep,
)

__all__ = [
    "CurrentPayBandManager",
    "EntryRoute",
    "Gain",
    "Link",
    "PayBand",
    "PayBandQuerySet",
    "ProfessionGroup",
    "Qualification",
    "Requirement",
    "RequirementOption",
    "Role",
    "RoleQuerySet",
    "RoleReviewDue",
    "RoleSource",
    "SearchSynonym",
    "Setting",
    "SlugHistory",
    "SourceCheck",
    "StartingPoint",
    "StartingPointHolds",
    "StudyStep",
    "WaitingRule",
    "optional_pay_band",
]
