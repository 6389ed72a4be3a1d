"""Explainable mentor matching: a score for every mentor-mentee pair with its reasons, and the
assignment of a whole cohort that maximises the total score with every mentor's capacity
respected. Plain Python and NumPy/SciPy on plain data; no Django.

Scoring (0 to 100; see docs/mentoring.md):

    field or specialism     20  same field; 10 for a related field (same family)
    topics against goals    30  10 for each topic sought that the mentor offers, at most 3
                                (so asking for more topics never lowers a score)
    career-stage gap        20  mentor 1-2 stages ahead; 12 for 3 ahead; 6 for 4 or more
    region                  10  same region; 5 when both can meet online;
                                -10 (a clash) when the regions differ and one meets in person only
    meeting mode             5  compatible preferences (the same, or either is "either");
                                -5 (a clash) when one wants in person only, the other online only
    shared characteristic   15  the mentee asked for a mentor who shares a characteristic and
                                this mentor does (only counted when the mentee asked)
    made the move           the scheme's career weight (default 20): the mentor holds or held
                                the role the mentee aims for, or the next role on their route
    limit                       a score stays within 0 to 100: points over 100 (the career
                                weight on top of a near-perfect pair) or under 0 (clashes) are
                                taken back by one more reason that says so

Every pair's reasons add up to its score exactly (`score_pair`), and `score_matrix` gives the
same numbers. `waiting_reasons` says truthfully why each mentee the solver left out waits.

`score_pair` explains one pair; `score_matrix` computes the same numbers for a whole cohort at
once (vectorised); `assign_optimal` solves the assignment over capacity slots (each mentor
repeated `capacity` times) with SciPy's `linear_sum_assignment`; `assign_greedy` is the
first-best-pair-first baseline it is compared with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mentoring import vocab

WEIGHTS = {
    "field": 20,
    "topics": 30,
    "stage": 20,
    "region": 10,
    "mode": 5,
    "characteristic": 15,
}
RELATED_FIELD_POINTS = 10
TOPIC_POINTS = 10  # per topic sought that the mentor offers
TOPICS_COUNTED = 3  # at most this many
REGION_CLASH_POINTS = -10
MODE_CLASH_POINTS = -5
DEFAULT_CAREER_WEIGHT = 20
STAGE_POINTS = {1: 20, 2: 20, 3: 12}  # gap -> points; 4 or more: STAGE_FAR_POINTS
STAGE_FAR_POINTS = 6
REGION_ONLINE_POINTS = 5
# Every score is within MIN_SCORE to MAX_SCORE: the points of clashes below 0, or of the
# career weight above 100, are taken back by one "limit" reason (`limit_reason`).
MAX_SCORE = sum(WEIGHTS.values())
MIN_SCORE = 0
LIMIT = "limit"

_FIELDS = [code for code, _ in vocab.FIELDS]
_FAMILIES = sorted(set(vocab.FIELD_FAMILY.values()))
_REGIONS = [code for code, _ in vocab.REGIONS]
_MODES = [vocab.IN_PERSON, vocab.ONLINE, vocab.EITHER]
_TOPICS = [code for code, _ in vocab.TOPICS]
_CHARACTERISTICS = [code for code, _ in vocab.CHARACTERISTICS]


@dataclass(frozen=True)
class _Profile:
    """What matching knows of any participant, mentor or mentee (these fields come first, so
    both profiles are built positionally in this order)."""

    id: int
    field: str
    stage: str
    region: str
    mode: str
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MentorProfile(_Profile):
    characteristics: frozenset[str] = frozenset()
    capacity: int = 1
    # Career-map roles (slugs) the mentor holds or has held.
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MenteeProfile(_Profile):
    # Characteristics the mentee asked their mentor to share (a subset of their own).
    wanted_characteristics: frozenset[str] = frozenset()
    # Career-map roles (slugs): where the mentee is, where they aim to be, and the next role on
    # their route there (from a route-finder result).
    current_role: str = ""
    target_role: str = ""
    next_role: str = ""


@dataclass(frozen=True)
class Reason:
    factor: str  # one of WEIGHTS
    points: float
    text: str

    def as_dict(self) -> dict:
        return {"factor": self.factor, "points": self.points, "text": self.text}


@dataclass(frozen=True)
class PairScore:
    mentor_id: int
    mentee_id: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass
class Assignment:
    # (mentor index, mentee index, score), in mentee order
    pairs: list[tuple[int, int, float]] = field(default_factory=list)
    # mentee indexes left without an acceptable match
    waiting: list[int] = field(default_factory=list)

    @property
    def total(self) -> float:
        return float(sum(score for _, _, score in self.pairs))


def _compatible_modes(a: str, b: str) -> bool:
    return a == b or vocab.EITHER in (a, b)


def _online_ok(mode: str) -> bool:
    return mode in (vocab.ONLINE, vocab.EITHER)


def _role_name(names: dict[str, str], slug: str) -> str:
    return names.get(slug, slug.replace("-", " "))


def career_reason(
    mentor: MentorProfile,
    mentee: MenteeProfile,
    weight: float,
    role_names: dict[str, str] | None = None,
) -> Reason | None:
    """The "made the move" reason, or None when the mentee named no target or route."""
    if not weight or not (mentee.target_role or mentee.next_role):
        return None
    names = role_names or {}
    target = _role_name(names, mentee.target_role)
    if mentee.target_role and mentee.target_role in mentor.roles:
        if mentee.current_role and mentee.current_role in mentor.roles:
            text = f"Has moved from {_role_name(names, mentee.current_role)} to {target}"
        else:
            text = f"Holds or has held {target}, the role the mentee aims for"
        return Reason("career", weight, text)
    if mentee.next_role and mentee.next_role in mentor.roles:
        text = (
            f"Holds or has held {_role_name(names, mentee.next_role)}, the next role on the "
            f"mentee's route to {target}"
        )
        return Reason("career", weight, text)
    aim = target if mentee.target_role else _role_name(names, mentee.next_role)
    return Reason("career", 0, f"Has not held {aim}")


def score_pair(
    mentor: MentorProfile,
    mentee: MenteeProfile,
    career_weight: float = DEFAULT_CAREER_WEIGHT,
    role_names: dict[str, str] | None = None,
) -> PairScore:
    """The score of one pair and the reasons for it, factor by factor; the reasons' points add
    up to the score."""
    reasons = []

    if mentor.field == mentee.field:
        reasons.append(
            Reason(
                "field", WEIGHTS["field"], f"Same field: {vocab.label(vocab.FIELDS, mentee.field)}"
            )
        )
    elif vocab.FIELD_FAMILY.get(mentor.field) == vocab.FIELD_FAMILY.get(mentee.field):
        reasons.append(
            Reason(
                "field",
                RELATED_FIELD_POINTS,
                f"Related field: {vocab.label(vocab.FIELDS, mentor.field)} for a mentee in "
                f"{vocab.label(vocab.FIELDS, mentee.field)}",
            )
        )
    else:
        reasons.append(Reason("field", 0, "Different fields"))

    if mentee.topics:
        shared = mentor.topics & mentee.topics
        points = TOPIC_POINTS * min(len(shared), TOPICS_COUNTED)
        if shared:
            names = ", ".join(sorted(vocab.labels(vocab.TOPICS, shared)))
            text = f"Offers {len(shared)} of the {len(mentee.topics)} topics sought: {names}"
            if len(shared) > TOPICS_COUNTED:
                text += f" ({TOPICS_COUNTED} count, the most that do)"
        else:
            text = "Offers none of the topics the mentee seeks"
        reasons.append(Reason("topics", points, text))
    else:
        reasons.append(Reason("topics", 0, "The mentee chose no topics"))

    gap = vocab.STAGE_RANK[mentor.stage] - vocab.STAGE_RANK[mentee.stage]
    if gap <= 0:
        text = "Mentor is at the same career stage" if gap == 0 else "Mentor is at an earlier stage"
        reasons.append(Reason("stage", 0, text))
    else:
        points = STAGE_POINTS.get(gap, STAGE_FAR_POINTS)
        ahead = "1 stage" if gap == 1 else f"{gap} stages"
        reasons.append(Reason("stage", points, f"Mentor is {ahead} further on"))

    if mentor.region == mentee.region:
        reasons.append(
            Reason(
                "region",
                WEIGHTS["region"],
                f"Same region: {vocab.label(vocab.REGIONS, mentee.region)}",
            )
        )
    elif _online_ok(mentor.mode) and _online_ok(mentee.mode):
        reasons.append(
            Reason("region", REGION_ONLINE_POINTS, "Different regions, but both can meet online")
        )
    else:
        reasons.append(
            Reason(
                "region",
                REGION_CLASH_POINTS,
                f"Clash: different regions ({vocab.label(vocab.REGIONS, mentor.region)} and "
                f"{vocab.label(vocab.REGIONS, mentee.region)}) and one meets in person only",
            )
        )

    if _compatible_modes(mentor.mode, mentee.mode):
        reasons.append(Reason("mode", WEIGHTS["mode"], "Meeting preferences fit"))
    else:
        reasons.append(
            Reason(
                "mode",
                MODE_CLASH_POINTS,
                f"Clash: mentor prefers {vocab.label(vocab.MEETING_MODES, mentor.mode).lower()}, "
                f"mentee {vocab.label(vocab.MEETING_MODES, mentee.mode).lower()}",
            )
        )

    if mentee.wanted_characteristics:
        shared = mentor.characteristics & mentee.wanted_characteristics
        if shared:
            names = "; ".join(sorted(vocab.labels(vocab.CHARACTERISTICS, shared)))
            reasons.append(
                Reason(
                    "characteristic",
                    WEIGHTS["characteristic"],
                    f"Shares what the mentee asked for: {names}",
                )
            )
        else:
            reasons.append(
                Reason(
                    "characteristic", 0, "Does not share the characteristic the mentee asked for"
                )
            )

    career = career_reason(mentor, mentee, career_weight, role_names)
    if career is not None:
        reasons.append(career)

    limit = limit_reason(sum(reason.points for reason in reasons))
    if limit is not None:
        reasons.append(limit)
    score = round(sum(reason.points for reason in reasons), 1)
    score = int(score) if score == int(score) else score
    return PairScore(mentor.id, mentee.id, score, tuple(reasons))


def _whole(value: float) -> float:
    """10.0 as 10, so points read as they are written."""
    return int(value) if value == int(value) else value


def limit_reason(raw: float) -> Reason | None:
    """The reason that keeps a score within 0 to 100 (MIN_SCORE to MAX_SCORE), or None when
    the factors' points already are: clashes can take a pair below 0 and the career weight
    above 100, and the points beyond the limit are taken back in words, so the reasons still
    add up to the score."""
    raw = _whole(round(float(raw), 1))
    if raw > MAX_SCORE:
        over = _whole(round(raw - MAX_SCORE, 1))
        text = f"Scores stop at {MAX_SCORE}: the {_points(over)} points over are not counted"
        return Reason(LIMIT, -over, text)
    if raw < MIN_SCORE:
        under = _whole(round(MIN_SCORE - raw, 1))
        text = (
            f"Scores do not go below {MIN_SCORE}: the clashes cost {_points(under)} points "
            "more than the pair had"
        )
        return Reason(LIMIT, under, text)
    return None


def _codes(values: Sequence[str], vocabulary: list[str]) -> np.ndarray:
    index = {code: i for i, code in enumerate(vocabulary)}
    return np.array([index[value] for value in values], dtype=np.int64)


def _masks(sets: Sequence[frozenset[str]], vocabulary: list[str]) -> np.ndarray:
    bit = {code: 1 << i for i, code in enumerate(vocabulary)}
    return np.array([sum(bit[code] for code in codes) for codes in sets], dtype=np.uint64)


def score_matrix(
    mentors: Sequence[MentorProfile],
    mentees: Sequence[MenteeProfile],
    career_weight: float = DEFAULT_CAREER_WEIGHT,
) -> np.ndarray:
    """Scores of every pair (mentors x mentees), the same numbers as `score_pair`."""
    shape = (len(mentors), len(mentees))
    if not mentors or not mentees:
        return np.zeros(shape)
    family_of = [_FAMILIES.index(vocab.FIELD_FAMILY[code]) for code in _FIELDS]

    m_field = _codes([m.field for m in mentors], _FIELDS)[:, None]
    e_field = _codes([e.field for e in mentees], _FIELDS)[None, :]
    m_family = np.array(family_of)[m_field]
    e_family = np.array(family_of)[e_field]
    score = np.where(
        m_field == e_field,
        WEIGHTS["field"],
        np.where(m_family == e_family, RELATED_FIELD_POINTS, 0),
    ).astype(float)

    m_topics = _masks([m.topics for m in mentors], _TOPICS)[:, None]
    e_topics = _masks([e.topics for e in mentees], _TOPICS)[None, :]
    shared = np.bitwise_count(m_topics & e_topics).astype(float)
    score += TOPIC_POINTS * np.minimum(shared, TOPICS_COUNTED)

    m_stage = np.array([vocab.STAGE_RANK[m.stage] for m in mentors])[:, None]
    e_stage = np.array([vocab.STAGE_RANK[e.stage] for e in mentees])[None, :]
    gap = m_stage - e_stage
    stage_points = np.full(gap.shape, STAGE_FAR_POINTS, dtype=float)
    for step, points in STAGE_POINTS.items():
        stage_points[gap == step] = points
    stage_points[gap <= 0] = 0
    score += stage_points

    m_mode = _codes([m.mode for m in mentors], _MODES)[:, None]
    e_mode = _codes([e.mode for e in mentees], _MODES)[None, :]
    either = _MODES.index(vocab.EITHER)
    in_person = _MODES.index(vocab.IN_PERSON)
    both_online = (m_mode != in_person) & (e_mode != in_person)
    m_region = _codes([m.region for m in mentors], _REGIONS)[:, None]
    e_region = _codes([e.region for e in mentees], _REGIONS)[None, :]
    score += np.where(
        m_region == e_region,
        WEIGHTS["region"],
        np.where(both_online, REGION_ONLINE_POINTS, REGION_CLASH_POINTS),
    )
    compatible = (m_mode == e_mode) | (m_mode == either) | (e_mode == either)
    score += np.where(compatible, WEIGHTS["mode"], MODE_CLASH_POINTS)

    m_chars = _masks([m.characteristics for m in mentors], _CHARACTERISTICS)[:, None]
    e_wanted = _masks([e.wanted_characteristics for e in mentees], _CHARACTERISTICS)[None, :]
    score += np.where((m_chars & e_wanted) != 0, WEIGHTS["characteristic"], 0)

    if career_weight:
        holders: dict[str, np.ndarray] = {}
        for i, mentor in enumerate(mentors):
            for role in mentor.roles:
                holders.setdefault(role, np.zeros(len(mentors), dtype=bool))[i] = True
        nobody = np.zeros(len(mentors), dtype=bool)
        for j, mentee in enumerate(mentees):
            moved = holders.get(mentee.target_role, nobody) | holders.get(mentee.next_role, nobody)
            score[:, j] += np.where(moved, career_weight, 0)
    return np.clip(np.round(score, 1), MIN_SCORE, MAX_SCORE)


def _check(scores: np.ndarray, capacities: Sequence[int]) -> np.ndarray:
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 2 or scores.shape[0] != len(capacities):
        raise ValueError("scores must be a (mentors x mentees) matrix, one row per capacity")
    if any(capacity < 0 for capacity in capacities):
        raise ValueError("capacities cannot be negative")
    return scores


def _checked_and_acceptable(
    scores: np.ndarray,
    capacities: Sequence[int],
    minimum: float,
    forbidden: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The checked scores, and which pairs may be made: at least `minimum` and not forbidden."""
    scores = _check(scores, capacities)
    acceptable = scores >= minimum
    if forbidden is not None:
        acceptable &= ~forbidden
    return scores, acceptable


def assign_optimal(
    scores: np.ndarray,
    capacities: Sequence[int],
    minimum: float,
    forbidden: np.ndarray | None = None,
) -> Assignment:
    """The assignment with the largest total score in which no mentor has more mentees than
    their capacity and no pair scores below `minimum`; mentees left over wait.

    Each mentor is repeated once per unit of capacity ("slots") and SciPy's
    `linear_sum_assignment` solves slots against mentees. Pairs below the minimum (or
    `forbidden`) are worth 0, which is what leaving the mentee unmatched is worth, so the
    solver never needs them; any it returns are dropped, which changes no total.
    """
    scores, acceptable = _checked_and_acceptable(scores, capacities, minimum, forbidden)
    assignment = Assignment()
    n_mentees = scores.shape[1]
    slot_owner = np.repeat(np.arange(len(capacities)), np.asarray(capacities, dtype=int))
    matched = set()
    if len(slot_owner) and n_mentees:
        # Imported here: scipy.optimize takes half a second to import, and only a matching run
        # needs it, not every process that loads the models (they import this module).
        from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

        weights = np.where(acceptable, scores, 0.0)[slot_owner]
        rows, cols = linear_sum_assignment(weights, maximize=True)
        for row, col in zip(rows, cols, strict=True):
            mentor = int(slot_owner[row])
            if acceptable[mentor, col]:
                assignment.pairs.append((mentor, int(col), float(scores[mentor, col])))
                matched.add(int(col))
    assignment.pairs.sort(key=lambda pair: pair[1])
    assignment.waiting = [col for col in range(n_mentees) if col not in matched]
    return assignment


def assign_greedy(
    scores: np.ndarray,
    capacities: Sequence[int],
    minimum: float,
    forbidden: np.ndarray | None = None,
) -> Assignment:
    """First come best served: take the highest-scoring remaining pair while the mentor has
    room and the mentee is unmatched. The baseline the optimal assignment never falls below."""
    scores, acceptable = _checked_and_acceptable(scores, capacities, minimum, forbidden)
    room = list(capacities)
    taken = np.zeros(scores.shape[1], dtype=bool)
    assignment = Assignment()
    flat = np.flatnonzero(acceptable)
    order = flat[np.argsort(-scores.ravel()[flat], kind="stable")]
    n_mentees = scores.shape[1]
    for index in order:
        mentor, mentee = divmod(int(index), n_mentees)
        if room[mentor] > 0 and not taken[mentee]:
            room[mentor] -= 1
            taken[mentee] = True
            assignment.pairs.append((mentor, mentee, float(scores[mentor, mentee])))
    assignment.pairs.sort(key=lambda pair: pair[1])
    assignment.waiting = [col for col in range(n_mentees) if not taken[col]]
    return assignment


# --- Who may see a pair's reasons -------------------------------------------------------------


def characteristic_reason_visible(
    *, is_leader: bool, side: str | None, mentor_shares: bool, mentee_shares: bool
) -> bool:
    """Whether someone may see a pair's characteristic reason: it names the mentor's
    characteristics that the mentee asked for (or says there are none), so it is made of both
    people's private answers. The scheme's leaders see it; the mentee only if the mentor chose
    to share their characteristics; the mentor only if the mentee chose to share theirs;
    nobody else."""
    if is_leader:
        return True
    if side == vocab.MENTEE:
        return mentor_shares
    if side == vocab.MENTOR:
        return mentee_shares
    return False


def reasons_visible(
    reasons: list[dict],
    *,
    is_leader: bool,
    side: str | None,
    mentor_shares: bool,
    mentee_shares: bool,
) -> list[dict]:
    """The reasons (as stored on a match: dicts with factor, points, text) this person may
    see. Pages show the total score only when every reason is visible (the total would give a
    hidden one away). The limit reason goes with the characteristic one: what it takes back
    depends on the hidden points, so it would give them away too."""
    if characteristic_reason_visible(
        is_leader=is_leader, side=side, mentor_shares=mentor_shares, mentee_shares=mentee_shares
    ):
        return list(reasons)
    if not any(reason.get("factor") == "characteristic" for reason in reasons):
        return list(reasons)
    return [reason for reason in reasons if reason.get("factor") not in ("characteristic", LIMIT)]


@dataclass(frozen=True)
class WaitingReason:
    kind: str  # BELOW_MINIMUM, GIVEN_TO_OTHERS or NO_CAPACITY
    text: str
    best_score: float | None


BELOW_MINIMUM = "below-minimum"
GIVEN_TO_OTHERS = "given-to-others"
NO_CAPACITY = "no-capacity"


def _points(value: float) -> str:
    value = round(float(value), 1)
    return str(int(value)) if value == int(value) else str(value)


def waiting_reasons(
    scores: np.ndarray,
    capacities: Sequence[int],
    minimum: float,
    assignment: Assignment,
    forbidden: np.ndarray | None = None,
) -> dict[int, WaitingReason]:
    """Why each waiting mentee (column) of `assignment` waits, truthfully:

    - no mentor at all reaches the minimum score (the best score is given);
    - mentors reach it, but none had a free place (capacity ran out);
    - mentors reach it and had free places, but every one was given to other mentees, whose
      pairs made the larger total (the best such mentor's score is given).
    `capacities` are free places, 0 for a mentor who is full."""
    scores = _check(scores, capacities)
    allowed = np.ones(scores.shape, dtype=bool) if forbidden is None else ~forbidden
    free = np.asarray(capacities, dtype=int) > 0
    reasons = {}
    for j in assignment.waiting:
        column = np.where(allowed[:, j], scores[:, j], -np.inf)
        reaching = column >= minimum
        if not reaching.any():
            best = float(column.max()) if np.isfinite(column).any() else None
            text = f"No mentor reaches the minimum score of {_points(minimum)}"
            text += f"; the best scores {_points(best)}." if best is not None else "."
            reasons[j] = WaitingReason(BELOW_MINIMUM, text, best)
        elif not (reaching & free).any():
            count = int(reaching.sum())
            best = float(column[reaching].max())
            reasons[j] = WaitingReason(
                NO_CAPACITY,
                f"Capacity ran out: the {count} mentor{'s' if count != 1 else ''} who reach the "
                f"minimum score (best {_points(best)}) have no free place.",
                best,
            )
        else:
            best = float(column[reaching & free].max())
            reasons[j] = WaitingReason(
                GIVEN_TO_OTHERS,
                "Every mentor with a free place who reaches the minimum score was given to "
                f"other mentees; the best of them scored {_points(best)} with this mentee.",
                best,
            )
    return reasons
