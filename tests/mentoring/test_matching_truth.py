"""Matching tells the truth: each waiting mentee's real reason (checked against the solver's
own result), and the reward for a mentor who has made the move the mentee wants. No database."""

import numpy as np

from mentoring import matching
from mentoring.matching import (
    BELOW_MINIMUM,
    GIVEN_TO_OTHERS,
    NO_CAPACITY,
    assign_optimal,
    score_matrix,
    score_pair,
    waiting_reasons,
)
from tests.mentoring.profiles import mentee, mentor


def solve(scores, capacities, minimum=40):
    scores = np.array(scores, dtype=float)
    assignment = assign_optimal(scores, capacities, minimum)
    return assignment, waiting_reasons(scores, capacities, minimum, assignment)


def test_a_mentee_who_lost_the_only_place_is_told_so_with_the_best_score_not_the_minimum():
    # One mentor, one place: mentee 0 scores 51, mentee 1 scores 80 and wins the place.
    assignment, reasons = solve([[51, 80]], [1])
    assert assignment.pairs == [(0, 1, 80.0)]
    assert assignment.waiting == [0]
    assert reasons[0].kind == GIVEN_TO_OTHERS
    assert reasons[0].best_score == 51
    assert "scored 51" in reasons[0].text and "minimum" in reasons[0].text


def test_no_mentor_reaching_the_minimum_is_the_reason_only_when_it_is_true():
    assignment, reasons = solve([[30, 80], [35, 10]], [1, 1])
    assert assignment.waiting == [0]
    assert reasons[0].kind == BELOW_MINIMUM
    assert reasons[0].text == "No mentor reaches the minimum score of 40; the best scores 35."


def test_capacity_ran_out_when_the_mentors_who_reach_the_minimum_are_full():
    # Mentor 0 reaches the minimum for both but has no free place; mentor 1 is too far off.
    assignment, reasons = solve([[70, 60], [20, 45]], [0, 1])
    assert assignment.pairs == [(1, 1, 45.0)]
    assert reasons[0].kind == NO_CAPACITY
    assert "have no free place" in reasons[0].text


def test_every_waiting_reason_agrees_with_the_solver_on_a_random_cohort():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 100, size=(6, 15)).astype(float)
    capacities = [int(c) for c in rng.integers(0, 3, size=6)]
    assignment, reasons = solve(scores, capacities, minimum=55)
    assert set(reasons) == set(assignment.waiting)
    taken = dict.fromkeys(range(6), 0)
    for i, _j, _score in assignment.pairs:
        taken[i] += 1
    for j, reason in reasons.items():
        reaching = [i for i in range(6) if scores[i, j] >= 55]
        if reason.kind == BELOW_MINIMUM:
            assert not reaching
        elif reason.kind == NO_CAPACITY:
            assert reaching and all(capacities[i] == 0 for i in reaching)
        else:
            with_room = [i for i in reaching if capacities[i] > 0]
            assert with_room and all(taken[i] == capacities[i] for i in with_room)
            assert reason.best_score == max(scores[i, j] for i in with_room)


# --- A mentor who has made the move ---------------------------------------------------------

NAMES = {
    "assistant-psychologist": "assistant psychologist",
    "trainee-clinical-psychologist": "trainee clinical psychologist",
    "clinical-psychologist": "clinical psychologist",
}


def aiming(**changes):
    return mentee(
        current_role="assistant-psychologist",
        target_role="clinical-psychologist",
        next_role="trainee-clinical-psychologist",
        **changes,
    )


def test_a_mentor_who_moved_from_the_mentees_role_to_their_target_says_so_in_words():
    # No topics in common (62 points), so the reward does not meet the limit of 100.
    moved = mentor(
        topics=frozenset(), roles=frozenset({"assistant-psychologist", "clinical-psychologist"})
    )
    pair = score_pair(moved, aiming(), career_weight=20, role_names=NAMES)
    career = next(r for r in pair.reasons if r.factor == "career")
    assert career.points == 20
    assert career.text == "Has moved from assistant psychologist to clinical psychologist"
    plain = mentor(topics=frozenset())
    assert pair.score == score_pair(plain, aiming(), career_weight=20).score + 20


def test_the_next_role_on_the_route_counts_too_and_a_mentor_who_has_not_held_either_does_not():
    next_step = mentor(roles=frozenset({"trainee-clinical-psychologist"}))
    reason = matching.career_reason(next_step, aiming(), 20, NAMES)
    assert reason.points == 20 and "the next role on the mentee's route" in reason.text
    other = matching.career_reason(mentor(roles=frozenset({"nurse"})), aiming(), 20, NAMES)
    assert other.points == 0 and other.text == "Has not held clinical psychologist"


def test_the_career_weight_is_the_schemes_setting_and_zero_turns_it_off():
    moved = mentor(topics=frozenset(), roles=frozenset({"clinical-psychologist"}))  # 62 points
    assert (
        score_pair(moved, aiming(), career_weight=35).score
        - score_pair(moved, aiming(), career_weight=0).score
        == 35
    )
    assert "career" not in {r.factor for r in score_pair(moved, aiming(), career_weight=0).reasons}


def test_the_matrix_rewards_the_move_exactly_as_the_pair_score_does():
    mentors = [mentor(1, roles=frozenset({"clinical-psychologist"})), mentor(2)]
    mentees = [aiming(id=1), mentee(2)]
    matrix = score_matrix(mentors, mentees, career_weight=25)
    for i, m in enumerate(mentors):
        for j, e in enumerate(mentees):
            pair = score_pair(m, e, career_weight=25)
            assert matrix[i, j] == pair.score == sum(r.points for r in pair.reasons)
