"""The life of a match and of a scheme proposal as plain data: which action may be taken from
which status, and why not. One home for these rules: `services.py` refuses with `refusal`'s
message (as its RuleBroken) inside its transactions, and the pages ask `match_actions` and
`refusal` which actions to offer, so a page never offers what the service would refuse, and
the wording is written once."""

from __future__ import annotations

from mentoring.models import MatchStatus, ProposalStatus

# Actions on a match.
RESPOND = "respond"
LOG_MEETING = "log_meeting"
RECORD_PROGRESS = "record_progress"
END = "end"
EXTEND = "extend"
AGREE_EXTENSION = "agree_extension"
GIVE_FEEDBACK = "give_feedback"
RAISE_CONCERN = "raise_concern"

# Actions on a scheme proposal.
REVIEW = "review"
RESUBMIT = "resubmit"

FINISHED = (MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY)

ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    RESPOND: (MatchStatus.PROPOSED,),
    LOG_MEETING: (MatchStatus.ACTIVE,),
    RECORD_PROGRESS: (MatchStatus.ACTIVE,),
    END: (MatchStatus.ACTIVE,),
    EXTEND: (MatchStatus.ACTIVE,),
    AGREE_EXTENSION: (MatchStatus.ACTIVE,),
    GIVE_FEEDBACK: FINISHED,
    RAISE_CONCERN: (MatchStatus.PROPOSED, MatchStatus.ACTIVE, *FINISHED),
    REVIEW: (ProposalStatus.SUBMITTED,),
    RESUBMIT: (ProposalStatus.CHANGES_REQUESTED,),
}

# What the person was trying to do, for "This match is active: you cannot ...".
DOING = {
    RESPOND: "accept or decline it now",
    LOG_MEETING: "log a meeting",
    RECORD_PROGRESS: "record progress",
    END: "end it",
    EXTEND: "extend it",
    AGREE_EXTENSION: "extend it",
    GIVE_FEEDBACK: "give feedback yet",
}

# Actions only the mentor and the mentee take; the scheme's leaders may also end a match.
PAIR_ACTIONS = (
    RESPOND,
    LOG_MEETING,
    RECORD_PROGRESS,
    EXTEND,
    AGREE_EXTENSION,
    GIVE_FEEDBACK,
    RAISE_CONCERN,
)
LEADER_ACTIONS = (END,)

MATCH_LABELS = dict(MatchStatus.choices)
PROPOSAL_LABELS = dict(ProposalStatus.choices)


def refusal(
    action: str,
    status: str,
    *,
    accepted: bool = False,
    extension_asked_by: str | None = None,
    feedback_given: bool = False,
) -> str | None:
    """Why `action` cannot be taken on a match (or proposal) in `status`, or None when it can.
    `accepted`: the person has accepted the proposed match already; `extension_asked_by`:
    "me", "other" or None, who asked for the extension waiting to be agreed;
    `feedback_given`: the person has given feedback on the match already."""
    if status not in ALLOWED_FROM[action]:
        if action == RAISE_CONCERN:
            return "This match was declined: send the scheme a query instead."
        if action == REVIEW:
            return (
                f"This proposal is {PROPOSAL_LABELS[status].lower()}: "
                "only proposals waiting for review can be reviewed."
            )
        if action == RESUBMIT:
            return "You can change a proposal only when the admins ask for changes."
        return f"This match is {MATCH_LABELS[status].lower()}: you cannot {DOING[action]}."
    if action == RESPOND and accepted:
        return "You have accepted this match already."
    if action == AGREE_EXTENSION and extension_asked_by is None:
        return "Nobody has asked to extend this match."
    if action == AGREE_EXTENSION and extension_asked_by == "me":
        return "The other person in the match needs to agree the extension."
    if action == GIVE_FEEDBACK and feedback_given:
        return "You have given feedback on this match already."
    return None


def already_applied(role: str) -> str:
    """Why someone cannot apply again in a role they have an active application in."""
    return f"You have already applied to this scheme as a {role}."


def asked_by(requested_by_id: int | None, user_id: int) -> str | None:
    """Who asked for the extension waiting to be agreed, seen by `user_id`: "me", "other" or
    None (nobody has asked), as `refusal` takes it."""
    if not requested_by_id:
        return None
    return "me" if requested_by_id == user_id else "other"


def match_actions(
    status: str,
    *,
    in_pair: bool,
    leads: bool,
    accepted: bool = False,
    extension_asked_by: str | None = None,
    feedback_given: bool = False,
) -> frozenset[str]:
    """The actions to offer on a match's page to someone in the pair (`in_pair`) and/or
    leading its scheme (`leads`): those `refusal` lets through."""
    offered = [*(PAIR_ACTIONS if in_pair else ()), *(LEADER_ACTIONS if in_pair or leads else ())]
    return frozenset(
        action
        for action in offered
        if refusal(
            action,
            status,
            accepted=accepted,
            extension_asked_by=extension_asked_by,
            feedback_given=feedback_given,
        )
        is None
    )
