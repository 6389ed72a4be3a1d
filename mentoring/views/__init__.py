"""Mentoring pages, one module per audience. Thin: each finds its objects through a user-scoped
queryset (404 for what the user may not see) or a permission check (403), and calls a service for
every change.

- `public`: the scheme list and a scheme's page, open to everyone;
- `member`: a member's own pages (applying, their mentoring page, their application, queries);
- `proposals`: proposing a scheme and careers staff's review of proposals;
- `matches`: the pages of one match, for its mentor, mentee and the scheme's leaders;
- `leaders`: managing a scheme (people, cohort matching, queries, concerns, breaches);
- `guidance`: the scheme's guidance for mentors and mentees, written by its leaders;
- `community`: the scheme's mentor community (its active mentors and leaders only).
"""

from mentoring.views.community import community, community_post, community_post_create
from mentoring.views.guidance import guidance_edit, guidance_list, guidance_version
from mentoring.views.leaders import (
    breach_create,
    breach_list,
    cohort,
    concern_detail,
    concern_list,
    enquiry_list,
    match_list,
    membership_decide,
    mentee_suggestions,
    participant_list,
    scheme_dashboard_csv,
    scheme_edit,
    scheme_manage,
)
from mentoring.views.matches import (
    match_concern,
    match_detail,
    match_end,
    match_extend,
    match_extension_agree,
    match_feedback,
    match_meeting,
    match_progress,
    match_respond,
)
from mentoring.views.member import (
    apply,
    enquiry_create,
    enquiry_detail,
    my_mentoring,
    participant_availability,
    participant_detail,
    participant_preparation,
    participant_withdraw,
)
from mentoring.views.proposals import (
    proposal_create,
    proposal_detail,
    proposal_edit,
    proposal_list,
)
from mentoring.views.public import find_mentor, index, scheme_detail

__all__ = [
    "apply",
    "breach_create",
    "breach_list",
    "cohort",
    "community",
    "community_post",
    "community_post_create",
    "concern_detail",
    "concern_list",
    "enquiry_create",
    "enquiry_detail",
    "enquiry_list",
    "find_mentor",
    "guidance_edit",
    "guidance_list",
    "guidance_version",
    "index",
    "match_concern",
    "match_detail",
    "match_end",
    "match_extend",
    "match_extension_agree",
    "match_feedback",
    "match_list",
    "match_meeting",
    "match_progress",
    "match_respond",
    "membership_decide",
    "mentee_suggestions",
    "my_mentoring",
    "participant_availability",
    "participant_detail",
    "participant_list",
    "participant_preparation",
    "participant_withdraw",
    "proposal_create",
    "proposal_detail",
    "proposal_edit",
    "proposal_list",
    "scheme_dashboard_csv",
    "scheme_detail",
    "scheme_edit",
    "scheme_manage",
]
