"""Mentoring's models, one module for each part of a scheme's life:

- `schemes`: schemes and the proposals that lead to them;
- `participants`: applications (mentors and mentees) and their enquiries to the leaders;
- `matches`: matches, meetings, progress, feedback and the cohort's stored suggestions;
- `safeguarding`: concerns and data-breach records;
- `guidance`: the leaders' guidance for mentors and mentees, in versions;
- `community`: the mentor community's posts and its audit trail.

Everything is imported from `mentoring.models` (the app label and the migrations are the
same as when it was one module). Reads that depend on who is asking go through the
`visible_to(user)` / `managed_by(user)` queryset methods (each a `ScopedQuerySet.scoped_to`:
nothing for a visitor, everything for an admin, else the user's own); writes that carry rules
go through `mentoring.services`."""

from mentoring.models.community import (
    CommunityAccess,
    CommunityPost,
    CommunityPostQuerySet,
    in_community,
)
from mentoring.models.guidance import (
    GuidanceAudience,
    GuidanceMoment,
    GuidanceQuerySet,
    GuidanceVersion,
)
from mentoring.models.matches import (
    FINISHED_STATUSES,
    LIVE_STATUSES,
    RATING_QUESTIONS,
    Feedback,
    Match,
    MatchQuerySet,
    MatchStatus,
    Meeting,
    ProgressStatus,
    ProgressUpdate,
    SuggestionCache,
)
from mentoring.models.participants import (
    Enquiry,
    EnquiryQuerySet,
    Participant,
    ParticipantQuerySet,
    ParticipantStatus,
)
from mentoring.models.safeguarding import Concern, ConcernQuerySet, DataBreach
from mentoring.models.schemes import (
    SCHEME_SETTINGS,
    ProposalQuerySet,
    ProposalStatus,
    Scheme,
    SchemeProposal,
    SchemeQuerySet,
    SchemeStatus,
    default_grades,
)

__all__ = [
    "FINISHED_STATUSES",
    "LIVE_STATUSES",
    "RATING_QUESTIONS",
    "SCHEME_SETTINGS",
    "CommunityAccess",
    "CommunityPost",
    "CommunityPostQuerySet",
    "Concern",
    "ConcernQuerySet",
    "DataBreach",
    "Enquiry",
    "EnquiryQuerySet",
    "Feedback",
    "GuidanceAudience",
    "GuidanceMoment",
    "GuidanceQuerySet",
    "GuidanceVersion",
    "Match",
    "MatchQuerySet",
    "MatchStatus",
    "Meeting",
    "Participant",
    "ParticipantQuerySet",
    "ParticipantStatus",
    "ProgressStatus",
    "ProgressUpdate",
    "ProposalQuerySet",
    "ProposalStatus",
    "Scheme",
    "SchemeProposal",
    "SchemeQuerySet",
    "SchemeStatus",
    "SuggestionCache",
    "default_grades",
    "in_community",
]
