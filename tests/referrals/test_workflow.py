"""The workflow rules as plain data, without the database."""

import pytest

from referrals import workflow as w


@pytest.mark.parametrize(
    ("action", "state", "after"),
    [
        (w.TRIAGE, w.RECEIVED, w.TRIAGED),
        (w.TRIAGE, w.ALLOCATED, w.ALLOCATED),  # re-prioritising keeps the state
        (w.ALLOCATE, w.TRIAGED, w.ALLOCATED),
        (w.ALLOCATE, w.IN_SUPPORT, w.IN_SUPPORT),  # reallocation
        (w.RECORD_CONTACT, w.ALLOCATED, w.IN_SUPPORT),
        (w.RECORD_SESSION, w.ALLOCATED, w.IN_SUPPORT),
        (w.RECORD_SESSION, w.IN_SUPPORT, w.IN_SUPPORT),
        (w.RETURN, w.RECEIVED, w.RETURNED),
        (w.RETURN, w.TRIAGED, w.RETURNED),
        (w.CLOSE, w.IN_SUPPORT, w.CLOSED),
        (w.CLOSE, w.RECEIVED, w.CLOSED),
    ],
)
def test_allowed_transitions_move_to_the_expected_state(action, state, after):
    assert w.state_after(action, state) == after


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (w.ALLOCATE, w.RECEIVED),  # triage first
        (w.RECORD_CONTACT, w.TRIAGED),
        (w.RECORD_SESSION, w.RECEIVED),
        (w.SAVE_PLAN, w.ALLOCATED),
        (w.RETURN, w.ALLOCATED),
        (w.RETURN, w.IN_SUPPORT),
        (w.CLOSE, w.CLOSED),
        (w.CLOSE, w.RETURNED),
        (w.REOPEN, w.IN_SUPPORT),
        (w.TRIAGE, w.CLOSED),
        (w.SIGNPOST, w.CLOSED),
        (w.EDIT, w.RETURNED),
    ],
)
def test_refused_transitions_raise_with_a_plain_message(action, state):
    assert not w.is_allowed(action, state)
    with pytest.raises(w.TransitionNotAllowed, match="You cannot"):
        w.state_after(action, state)


def test_reopening_goes_back_to_the_adviser_or_to_the_start():
    assert w.state_after(w.REOPEN, w.CLOSED, has_adviser=True) == w.ALLOCATED
    assert w.state_after(w.REOPEN, w.RETURNED, has_adviser=False) == w.RECEIVED


def test_outcomes_that_need_support_are_refused_before_support_started():
    for outcome in (w.PLAN_AGREED, w.RESOLVED, w.REFERRED_ELSEWHERE):
        with pytest.raises(w.TransitionNotAllowed):
            w.check_outcome(outcome, w.TRIAGED)
        w.check_outcome(outcome, w.IN_SUPPORT)
    for outcome in (w.DID_NOT_ENGAGE, w.WITHDRAWN):
        w.check_outcome(outcome, w.ALLOCATED)


def test_next_step_says_who_must_act():
    assert w.next_step(w.RECEIVED).who == "Careers team"
    assert w.next_step(w.ALLOCATED, "Jordan Ellis").who == "Jordan Ellis"
    assert w.next_step(w.CLOSED) is None


def test_updates_to_the_referrer_stay_within_what_the_trainee_agreed():
    assert not w.may_share(w.SHARE_ENGAGEMENT, w.SHARE_NOTHING)
    assert w.may_share(w.SHARE_ENGAGEMENT, w.SHARE_ENGAGEMENT)
    assert not w.may_share(w.SHARE_SUMMARY, w.SHARE_ENGAGEMENT)
    assert w.may_share(w.SHARE_SUMMARY, w.SHARE_SUMMARY)


def test_the_actions_offered_are_the_ones_check_lets_through():
    """The detail page asks the workflow what to offer; the services ask the same function."""
    assert w.SET_SHARING in w.available_actions(w.IN_SUPPORT, from_educator=True)
    assert w.SET_SHARING not in w.available_actions(w.IN_SUPPORT, from_educator=False)
    assert w.SHARE_UPDATE not in w.available_actions(w.IN_SUPPORT, from_educator=False)
    assert w.REOPEN in w.available_actions(w.CLOSED)
    assert w.REOPEN not in w.available_actions(w.CLOSED, anonymised=True)
    for state in w.STATE_LABELS:
        for educator in (True, False):
            for anonymised in (True, False):
                offered = w.available_actions(state, from_educator=educator, anonymised=anonymised)
                for action in w.ACTION_LABELS:
                    problem = w.refusal(
                        action, state, from_educator=educator, anonymised=anonymised
                    )
                    assert (action in offered) == (problem is None)


def test_educator_only_and_anonymised_refusals_keep_their_wording():
    with pytest.raises(w.TransitionNotAllowed, match="Only educator referrals have a referrer."):
        w.check(w.SET_SHARING, w.IN_SUPPORT, from_educator=False)
    with pytest.raises(w.TransitionNotAllowed, match="An anonymised referral cannot be reopened."):
        w.check(w.REOPEN, w.CLOSED, anonymised=True)


def test_an_action_page_for_a_referral_that_moved_on_names_it_and_its_state():
    assert w.not_now(w.TRIAGE, state=w.CLOSED, reference="CS-2026-0007") == (
        "You cannot triage now: CS-2026-0007 is closed."
    )
