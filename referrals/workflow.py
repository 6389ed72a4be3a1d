"""The referral workflow as plain data: states, actions, which action is allowed from which
state, and who must act next. No Django here; services.py enforces it inside transactions."""

from __future__ import annotations

from dataclasses import dataclass

from config import rules

RECEIVED = "received"
TRIAGED = "triaged"
ALLOCATED = "allocated"
IN_SUPPORT = "in_support"
CLOSED = "closed"
RETURNED = "returned"

STATES = [
    (RECEIVED, "Received"),
    (TRIAGED, "Triaged"),
    (ALLOCATED, "Allocated"),
    (IN_SUPPORT, "In support"),
    (CLOSED, "Closed"),
    (RETURNED, "Returned"),
]
STATE_LABELS = dict(STATES)
OPEN_STATES = (RECEIVED, TRIAGED, ALLOCATED, IN_SUPPORT)
FINISHED_STATES = (CLOSED, RETURNED)
# Waiting for first contact: the service standard clock runs in these states.
AWAITING_CONTACT_STATES = (RECEIVED, TRIAGED, ALLOCATED)

ROUTINE = "routine"
URGENT = "urgent"
PRIORITIES = [(ROUTINE, "Routine"), (URGENT, "Urgent")]

PLAN_AGREED = "plan_agreed"
RESOLVED = "resolved"
REFERRED_ELSEWHERE = "referred_elsewhere"
DID_NOT_ENGAGE = "did_not_engage"
WITHDRAWN = "withdrawn"
OUTCOMES = [
    (PLAN_AGREED, "Plan agreed"),
    (RESOLVED, "Resolved"),
    (REFERRED_ELSEWHERE, "Referred elsewhere"),
    (DID_NOT_ENGAGE, "Did not engage"),
    (WITHDRAWN, "Withdrawn"),
]
# Outcomes that need support to have started (an adviser has been in contact).
OUTCOMES_AFTER_CONTACT = {PLAN_AGREED, RESOLVED, REFERRED_ELSEWHERE}

INCOMPLETE = "incomplete"
NOT_FOR_SERVICE = "not_for_service"
RETURN_REASONS = [
    (INCOMPLETE, "Incomplete: not enough information to act on"),
    (NOT_FOR_SERVICE, "Not for this service: better met elsewhere"),
]

# Actions and the states they may start from.
TRIAGE = "triage"
ALLOCATE = "allocate"
RECORD_CONTACT = "record_contact"
RECORD_SESSION = "record_session"
SAVE_PLAN = "save_plan"
SIGNPOST = "signpost"
RETURN = "return"
CLOSE = "close"
REOPEN = "reopen"
EDIT = "edit"
SHARE_UPDATE = "share_update"
SET_SHARING = "set_sharing"

ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    TRIAGE: (RECEIVED, TRIAGED, ALLOCATED, IN_SUPPORT),
    ALLOCATE: (TRIAGED, ALLOCATED, IN_SUPPORT),
    RECORD_CONTACT: (ALLOCATED,),
    RECORD_SESSION: (ALLOCATED, IN_SUPPORT),
    SAVE_PLAN: (IN_SUPPORT,),
    SIGNPOST: (RECEIVED, TRIAGED, ALLOCATED, IN_SUPPORT),
    RETURN: (RECEIVED, TRIAGED),
    CLOSE: (RECEIVED, TRIAGED, ALLOCATED, IN_SUPPORT),
    REOPEN: (CLOSED, RETURNED),
    EDIT: OPEN_STATES,
    SHARE_UPDATE: (ALLOCATED, IN_SUPPORT, CLOSED),
    SET_SHARING: (RECEIVED, TRIAGED, ALLOCATED, IN_SUPPORT, CLOSED),
}

ACTION_LABELS = {
    TRIAGE: "Triage",
    ALLOCATE: "Allocate an adviser",
    RECORD_CONTACT: "Record first contact",
    RECORD_SESSION: "Record a session",
    SAVE_PLAN: "Support plan",
    SIGNPOST: "Signpost a service",
    RETURN: "Return the referral",
    CLOSE: "Close with an outcome",
    REOPEN: "Reopen",
    EDIT: "Edit details",
    SHARE_UPDATE: "Share an update with the referrer",
    SET_SHARING: "Record what the trainee agreed to share",
}


class TransitionNotAllowed(rules.RuleBroken):
    """The action cannot be taken from the referral's current state."""


# Actions about the referrer, so only for referrals an educator made.
EDUCATOR_ONLY = frozenset({SET_SHARING, SHARE_UPDATE})


def is_allowed(action: str, state: str) -> bool:
    return state in ALLOWED_FROM[action]


def not_now(action: str, *, state: str, reference: str) -> str:
    """What an action's page says when the referral has moved on from the states it is for."""
    return (
        f"You cannot {ACTION_LABELS[action].lower()} now: {reference} is "
        f"{STATE_LABELS[state].lower()}."
    )


def refusal(
    action: str, state: str, *, from_educator: bool = True, anonymised: bool = False
) -> str | None:
    """Why `action` cannot be taken on a referral in `state`, or None when it can."""
    if not is_allowed(action, state):
        return (
            f"You cannot {ACTION_LABELS[action].lower()} a referral that is "
            f"{STATE_LABELS[state].lower()}."
        )
    if action in EDUCATOR_ONLY and not from_educator:
        return "Only educator referrals have a referrer."
    if action == REOPEN and anonymised:
        return "An anonymised referral cannot be reopened."
    return None


def check(action: str, state: str, *, from_educator: bool = True, anonymised: bool = False) -> None:
    problem = refusal(action, state, from_educator=from_educator, anonymised=anonymised)
    if problem:
        raise TransitionNotAllowed(problem)


def check_outcome(outcome: str, state: str) -> None:
    check(CLOSE, state)
    if outcome in OUTCOMES_AFTER_CONTACT and state != IN_SUPPORT:
        raise TransitionNotAllowed(
            f"The outcome “{dict(OUTCOMES)[outcome]}” needs support to have started; "
            "close it as withdrawn or did not engage, or return it instead."
        )


def state_after(action: str, state: str, *, has_adviser: bool = False) -> str:
    """The state a referral moves to when `action` is taken from `state`."""
    check(action, state)
    if action == TRIAGE:
        return TRIAGED if state == RECEIVED else state
    if action == ALLOCATE:
        return ALLOCATED if state == TRIAGED else state
    if action == RECORD_CONTACT:
        return IN_SUPPORT
    if action == RECORD_SESSION:
        return IN_SUPPORT
    if action == RETURN:
        return RETURNED
    if action == CLOSE:
        return CLOSED
    if action == REOPEN:
        # Back to the adviser who had it, or to the start of the queue.
        return ALLOCATED if has_adviser else RECEIVED
    return state


def available_actions(
    state: str, *, from_educator: bool = True, anonymised: bool = False
) -> list[str]:
    """The actions to offer on a referral: those `check` lets through."""
    return [
        action
        for action in ALLOWED_FROM
        if refusal(action, state, from_educator=from_educator, anonymised=anonymised) is None
    ]


@dataclass(frozen=True)
class NextStep:
    who: str
    what: str


def next_step(state: str, adviser_name: str | None = None) -> NextStep | None:
    """Who must act next, and what they must do (None when the referral is finished)."""
    if state == RECEIVED:
        return NextStep("Careers team", "Triage: set the priority, or return it with advice")
    if state == TRIAGED:
        return NextStep("Careers team", "Allocate an adviser")
    if state == ALLOCATED:
        return NextStep(adviser_name or "The adviser", "Make first contact with the trainee")
    if state == IN_SUPPORT:
        return NextStep(adviser_name or "The adviser", "Hold sessions, agree a plan, close")
    return None


# What the trainee can agree to share with the educator who referred them.
SHARE_NOTHING = "nothing"
SHARE_ENGAGEMENT = "engagement"
SHARE_SUMMARY = "summary"
SHARING_LEVELS = [
    (SHARE_NOTHING, "Nothing: the referrer hears nothing from us"),
    (SHARE_ENGAGEMENT, "Whether they are engaging with support (no content)"),
    (SHARE_SUMMARY, "Engagement and a short summary the trainee has agreed"),
]
SHARING_RANK = {SHARE_NOTHING: 0, SHARE_ENGAGEMENT: 1, SHARE_SUMMARY: 2}
UPDATE_KINDS = [
    (SHARE_ENGAGEMENT, "Engagement only (for example: “has met an adviser”)"),
    (SHARE_SUMMARY, "A summary the trainee has agreed"),
]


def may_share(update_kind: str, consented_level: str) -> bool:
    """An update may go to the referrer only within what the trainee agreed to share."""
    return SHARING_RANK[update_kind] <= SHARING_RANK[consented_level] and update_kind != (
        SHARE_NOTHING
    )
