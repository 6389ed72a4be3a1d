"""The pure matching module: scores with reasons, and the optimal assignment against greedy.
No database."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring import matching, vocab
from mentoring.matching import (
    LIMIT,
    MAX_SCORE,
    MIN_SCORE,
    WEIGHTS,
    MenteeProfile,
    MentorProfile,
    assign_greedy,
    assign_optimal,
    score_matrix,
    score_pair,
)
from tests.mentoring.profiles import mentee, mentor


def test_weights_add_up_to_one_hundred():
    assert MAX_SCORE == 100 == sum(WEIGHTS.values())


def test_a_pair_that_fits_on_every_factor_scores_the_maximum_with_a_reason_for_each():
    # Mentor 3 stages ahead would score less; 'established' is 3 ahead of 'graduate'.
    pair = score_pair(mentor(stage="early"), mentee())  # 2 stages ahead: the ideal gap
    assert pair.score == 100
    factors = {reason.factor: reason for reason in pair.reasons}
    assert set(factors) == set(WEIGHTS)
    assert factors["field"].text == "Same field: Clinical psychology"
    assert "3 of the 3 topics" in factors["topics"].text
    assert factors["stage"].text == "Mentor is 2 stages further on"
    assert factors["characteristic"].text.startswith("Shares what the mentee asked for")


def test_each_factor_scores_as_documented():
    base = mentor(stage="early")
    assert (
        score_pair(
            base.__class__(**{**base.__dict__, "field": "forensic_psychology"}), mentee()
        ).score
        == 90
    )
    assert score_pair(mentor(stage="early", field="cbt"), mentee()).score == 80
    assert (
        score_pair(mentor(stage="early", topics=frozenset({"applications"})), mentee()).score == 80
    )
    assert score_pair(mentor(stage="established"), mentee()).score == 92  # 3 ahead: 12
    assert score_pair(mentor(stage="lead"), mentee()).score == 86  # 5 ahead: 6
    assert score_pair(mentor(stage="graduate"), mentee()).score == 80  # same stage: 0
    # Different region, both can meet online: 5 of 10.
    assert score_pair(mentor(stage="early", region="north_west"), mentee()).score == 95
    # Different region and the mentor only meets in person: a clash, -10, said in words; modes
    # still fit because the mentee said "either".
    in_person = mentor(stage="early", region="north_west", mode=vocab.IN_PERSON)
    clash = score_pair(in_person, mentee())
    assert clash.score == 80
    assert any(
        r.points == -10 and r.text.startswith("Clash: different regions") for r in clash.reasons
    )
    # Incompatible modes clash too: -5 instead of 5.
    both = score_pair(in_person, mentee(mode=vocab.ONLINE))
    assert both.score == 70
    assert any(r.points == -5 and r.text.startswith("Clash: mentor prefers") for r in both.reasons)
    assert score_pair(mentor(stage="early", characteristics=frozenset()), mentee()).score == 85


def test_topic_points_are_ten_for_each_topic_sought_that_the_mentor_offers_up_to_three():
    sought = frozenset({"applications", "interviews", "research"})
    pair = score_pair(mentor(stage="early"), mentee(topics=sought))
    topics = next(r for r in pair.reasons if r.factor == "topics")
    assert topics.points == 20
    assert topics.text.startswith("Offers 2 of the 3 topics sought")


@settings(max_examples=80)
@given(
    st.frozensets(st.sampled_from([code for code, _ in vocab.TOPICS])),
    st.frozensets(st.sampled_from([code for code, _ in vocab.TOPICS])),
    st.frozensets(st.sampled_from([code for code, _ in vocab.TOPICS])),
)
def test_asking_for_more_topics_never_lowers_a_score(offered, sought, more):
    base = score_pair(mentor(topics=offered), mentee(topics=sought)).score
    assert score_pair(mentor(topics=offered), mentee(topics=sought | more)).score >= base


def test_a_shared_characteristic_counts_only_when_the_mentee_asked_for_one():
    pair = score_pair(mentor(stage="early"), mentee(wanted_characteristics=frozenset()))
    assert pair.score == 85
    assert "characteristic" not in {reason.factor for reason in pair.reasons}


def test_the_vectorised_matrix_gives_the_same_scores_as_one_pair_at_a_time():
    mentors = [
        mentor(1, stage="early"),
        mentor(2, field="cbt", region="east_of_england", mode=vocab.IN_PERSON),
    ]
    mentees = [mentee(1), mentee(2, topics=frozenset()), mentee(3, stage="senior")]
    matrix = score_matrix(mentors, mentees)
    for i, m in enumerate(mentors):
        for j, e in enumerate(mentees):
            assert matrix[i, j] == pytest.approx(score_pair(m, e).score)


# Anyone's answers, drawn from the vocabularies (the mentor's characteristics or what a mentee
# asks to share are "chars").
ANSWERS = {
    "field": st.sampled_from([code for code, _ in vocab.FIELDS]),
    "stage": st.sampled_from([code for code, _ in vocab.CAREER_STAGES]),
    "region": st.sampled_from([code for code, _ in vocab.REGIONS]),
    "mode": st.sampled_from([code for code, _ in vocab.MEETING_MODES]),
    "topics": st.frozensets(st.sampled_from([code for code, _ in vocab.TOPICS])),
    "chars": st.frozensets(st.sampled_from([code for code, _ in vocab.CHARACTERISTICS])),
}
profiles = st.fixed_dictionaries(ANSWERS)


@settings(max_examples=60)
@given(st.lists(profiles, min_size=1, max_size=5), st.lists(profiles, min_size=1, max_size=5))
def test_matrix_and_pair_scores_agree_for_any_profiles(mentor_data, mentee_data):
    mentors = [
        MentorProfile(i, d["field"], d["stage"], d["region"], d["mode"], d["topics"], d["chars"])
        for i, d in enumerate(mentor_data)
    ]
    mentees = [
        MenteeProfile(i, d["field"], d["stage"], d["region"], d["mode"], d["topics"], d["chars"])
        for i, d in enumerate(mentee_data)
    ]
    matrix = score_matrix(mentors, mentees)
    for i, m in enumerate(mentors):
        for j, e in enumerate(mentees):
            assert matrix[i, j] == pytest.approx(score_pair(m, e).score)
            pair = score_pair(m, e)
            assert sum(reason.points for reason in pair.reasons) == pytest.approx(pair.score)
            assert 0 <= matrix[i, j] <= MAX_SCORE


# --- Every score within 0 to 100 --------------------------------------------------------------

ROLES = ["assistant-psychologist", "trainee-clinical-psychologist", "clinical-psychologist"]


def test_the_career_weight_on_top_of_a_perfect_pair_stops_at_100_and_says_so():
    moved = mentor(stage="early", roles=frozenset({"clinical-psychologist"}))
    pair = score_pair(moved, mentee(target_role="clinical-psychologist"), career_weight=20)
    assert pair.score == 100
    limit = next(r for r in pair.reasons if r.factor == LIMIT)
    assert limit.points == -20
    assert limit.text == "Scores stop at 100: the 20 points over are not counted"
    assert sum(r.points for r in pair.reasons) == 100


def test_clashes_never_take_a_score_below_0_and_say_so():
    nothing_shared = mentor(
        field="research",
        stage="graduate",
        region="north_west",
        mode=vocab.IN_PERSON,
        characteristics=frozenset(),
    )
    lonely = mentee(topics=frozenset({"wellbeing"}), mode=vocab.ONLINE)
    pair = score_pair(nothing_shared, lonely)
    assert pair.score == 0
    limit = next(r for r in pair.reasons if r.factor == LIMIT)
    assert limit.points == 15  # the two clashes, -10 and -5
    assert limit.text.startswith("Scores do not go below 0")
    assert sum(r.points for r in pair.reasons) == 0
    assert score_matrix([nothing_shared], [lonely])[0, 0] == 0


def test_a_score_inside_the_limits_has_no_limit_reason():
    assert LIMIT not in {r.factor for r in score_pair(mentor(), mentee()).reasons}


def test_the_limit_reason_is_hidden_with_the_characteristic_reason_it_would_give_away():
    pair = score_pair(
        mentor(stage="early", roles=frozenset({"clinical-psychologist"})),
        mentee(target_role="clinical-psychologist"),
        career_weight=40,
    )
    stored = [r.as_dict() for r in pair.reasons]
    hidden = matching.reasons_visible(
        stored, is_leader=False, side=vocab.MENTEE, mentor_shares=False, mentee_shares=False
    )
    assert {r["factor"] for r in hidden} == set(WEIGHTS) - {"characteristic"} | {"career"}
    shown = matching.reasons_visible(
        stored, is_leader=True, side=None, mentor_shares=False, mentee_shares=False
    )
    assert shown == stored


everyone = st.fixed_dictionaries(
    {
        **ANSWERS,
        "roles": st.frozensets(st.sampled_from(ROLES)),
        "current": st.sampled_from(["", *ROLES]),
        "target": st.sampled_from(["", *ROLES]),
        "next": st.sampled_from(["", *ROLES]),
    }
)


def _shared(d):
    """The first answers of either profile, in its order: field, stage, region, mode, topics and
    characteristics (a mentor's own, or those a mentee asks for)."""
    return d["field"], d["stage"], d["region"], d["mode"], d["topics"], d["chars"]


@settings(max_examples=150)
@given(
    st.lists(everyone, min_size=1, max_size=4),
    st.lists(everyone, min_size=1, max_size=4),
    st.integers(min_value=0, max_value=40),  # the scheme setting's range
)
def test_every_score_is_within_0_and_100_and_its_reasons_add_up_to_it(
    mentor_data, mentee_data, career_weight
):
    mentors = [MentorProfile(i, *_shared(d), 1, d["roles"]) for i, d in enumerate(mentor_data)]
    mentees = [
        MenteeProfile(i, *_shared(d), d["current"], d["target"], d["next"])
        for i, d in enumerate(mentee_data)
    ]
    matrix = score_matrix(mentors, mentees, career_weight=career_weight)
    for i, m in enumerate(mentors):
        for j, e in enumerate(mentees):
            pair = score_pair(m, e, career_weight=career_weight)
            assert MIN_SCORE <= pair.score <= MAX_SCORE
            assert sum(reason.points for reason in pair.reasons) == pytest.approx(pair.score)
            assert matrix[i, j] == pytest.approx(pair.score)
            factors = [reason.factor for reason in pair.reasons]
            assert len(factors) == len(set(factors))  # one reason per factor
            unlimited = sum(r.points for r in pair.reasons if r.factor != LIMIT)
            assert (LIMIT in factors) == (not MIN_SCORE <= unlimited <= MAX_SCORE)


# --- The assignment --------------------------------------------------------------------------


def test_optimal_assignment_beats_greedy_where_the_best_pair_first_blocks_a_better_whole():
    # Mentor A suits both mentees; mentor B suits only mentee x. Greedy gives A to x (90) and
    # leaves y waiting; the optimum gives A to y and B to x: 80 + 70 = 150.
    scores = np.array([[90.0, 80.0], [70.0, 10.0]])
    greedy = assign_greedy(scores, [1, 1], minimum=40)
    optimal = assign_optimal(scores, [1, 1], minimum=40)
    assert greedy.pairs == [(0, 0, 90.0)] and greedy.waiting == [1]
    assert optimal.pairs == [(1, 0, 70.0), (0, 1, 80.0)]
    assert optimal.total == 150 > greedy.total == 90
    assert optimal.waiting == []


def test_capacity_slots_let_one_mentor_take_several_mentees_but_never_more_than_capacity():
    scores = np.array([[90.0, 85.0, 80.0], [50.0, 45.0, 41.0]])
    optimal = assign_optimal(scores, [2, 1], minimum=40)
    per_mentor = [sum(1 for m, _, _ in optimal.pairs if m == i) for i in range(2)]
    assert per_mentor == [2, 1]
    assert optimal.total == 90 + 85 + 41
    assert assign_optimal(scores, [0, 1], minimum=40).total == 50


def test_mentees_with_no_pair_above_the_minimum_go_to_the_waiting_list():
    scores = np.array([[90.0, 30.0, 55.0]])
    optimal = assign_optimal(scores, [3], minimum=40)
    assert [mentee for _, mentee, _ in optimal.pairs] == [0, 2]
    assert optimal.waiting == [1]


def test_forbidden_pairs_are_never_suggested():
    scores = np.array([[90.0, 80.0], [60.0, 50.0]])
    forbidden = np.array([[True, False], [False, False]])
    optimal = assign_optimal(scores, [1, 1], minimum=40, forbidden=forbidden)
    assert (0, 0, 90.0) not in optimal.pairs
    assert optimal.total == 80 + 60


def test_optimal_over_real_profiles_differs_from_greedy():
    # The near-perfect fit for mentee 1 is also the only acceptable mentor for mentee 2.
    generalist = mentor(
        1, stage="early", topics=frozenset({"applications", "interviews", "research"})
    )
    forensic = mentor(
        2,
        field="forensic_psychology",
        stage="early",
        region="south_west",
        mode=vocab.IN_PERSON,
        characteristics=frozenset(),
    )
    easy = mentee(1)
    picky = mentee(
        2, topics=frozenset({"research"}), region="north_west", wanted_characteristics=frozenset()
    )
    scores = score_matrix([generalist, forensic], [easy, picky])
    optimal = assign_optimal(scores, [1, 1], minimum=50)
    greedy = assign_greedy(scores, [1, 1], minimum=50)
    assert {(m, e) for m, e, _ in optimal.pairs} == {(0, 1), (1, 0)}
    assert greedy.waiting == [1]
    assert optimal.total > greedy.total


def brute_force_best(scores, capacities, minimum):
    n_mentors, n_mentees = scores.shape
    best = 0.0
    # Each mentee: a mentor index or None (waiting).
    for choice in itertools.product([None, *range(n_mentors)], repeat=n_mentees):
        load = [0] * n_mentors
        total = 0.0
        for mentee_index, mentor_index in enumerate(choice):
            if mentor_index is None:
                continue
            score = scores[mentor_index, mentee_index]
            if score < minimum:
                break
            load[mentor_index] += 1
            total += score
        else:
            if all(load[i] <= capacities[i] for i in range(n_mentors)):
                best = max(best, total)
    return best


@settings(max_examples=80)
@given(
    st.integers(1, 3).flatmap(
        lambda n_mentors: st.tuples(
            st.lists(st.integers(0, 3), min_size=n_mentors, max_size=n_mentors),
            st.integers(1, 4).flatmap(
                lambda n_mentees: st.lists(
                    st.lists(st.integers(0, 100), min_size=n_mentees, max_size=n_mentees),
                    min_size=n_mentors,
                    max_size=n_mentors,
                )
            ),
        )
    )
)
def test_optimal_is_the_true_optimum_and_never_below_greedy(case):
    capacities, rows = case
    scores = np.array(rows, dtype=float)
    optimal = assign_optimal(scores, capacities, minimum=40)
    greedy = assign_greedy(scores, capacities, minimum=40)
    assert optimal.total == pytest.approx(brute_force_best(scores, capacities, 40))
    assert optimal.total >= greedy.total - 1e-9
    for i, capacity in enumerate(capacities):
        assert sum(1 for m, _, _ in optimal.pairs if m == i) <= capacity
    assert all(score >= 40 for _, _, score in optimal.pairs)
    matched = [e for _, e, _ in optimal.pairs]
    assert len(matched) == len(set(matched))
    assert sorted(matched + optimal.waiting) == list(range(scores.shape[1]))


def test_an_empty_cohort_is_fine():
    assert assign_optimal(np.zeros((0, 2)), [], minimum=40).waiting == [0, 1]
    assert assign_optimal(np.zeros((2, 0)), [1, 1], minimum=40).pairs == []
    assert score_matrix([], [mentee()]).shape == (0, 1)
