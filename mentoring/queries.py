"""Read models that span several tables: the cohort to match, suggestions for one mentee, and
the leader's dashboard. Each costs a fixed number of queries whatever the scheme's size."""

from __future__ import annotations

import hashlib
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Avg, Count, Min, Q
from django.utils import timezone

from careers.disclosure import publish_count, publish_percent
from mentoring import matching, vocab
from mentoring.models import (
    LIVE_STATUSES,
    RATING_QUESTIONS,
    Feedback,
    Match,
    MatchStatus,
    Participant,
    Scheme,
    SuggestionCache,
)


def matchable_mentors(scheme: Scheme, *, with_full: bool = False) -> list[Participant]:
    """Mentors who can take a mentee now: active, prepared, available and below capacity;
    each with `room` (capacity left). `with_full` keeps those with no room too (room 0), so the
    waiting list can say when capacity ran out."""
    mentors = (
        Participant.objects.mentors()
        .active()
        .filter(scheme=scheme, available=True, preparation_completed_on__isnull=False)
        .with_live_count()
        .select_related("user")
        .order_by("pk")
    )
    if scheme.membership_body:
        mentors = mentors.filter(membership_confirmed_at__isnull=False)
    result = []
    for mentor in mentors:
        mentor.room = max(mentor.capacity - mentor.live_count, 0)
        if mentor.room > 0 or with_full:
            result.append(mentor)
    return result


def _declined_pairs(scheme: Scheme) -> set[tuple[int, int]]:
    """Pairs that did not work out before (declined or ended early): never suggested again."""
    return set(
        Match.objects.filter(
            scheme=scheme, status__in=[MatchStatus.DECLINED, MatchStatus.ENDED_EARLY]
        ).values_list("mentor_id", "mentee_id")
    )


def _forbidden(mentors, mentees, declined) -> np.ndarray:
    """Pairs never to suggest: a person with themselves, or a pair that did not work out."""
    forbidden = np.zeros((len(mentors), len(mentees)), dtype=bool)
    mentee_index = {m.pk: j for j, m in enumerate(mentees)}
    mentee_by_user: dict[int, list[int]] = {}
    for j, mentee in enumerate(mentees):
        mentee_by_user.setdefault(mentee.user_id, []).append(j)
    for i, mentor in enumerate(mentors):
        for j in mentee_by_user.get(mentor.user_id, []):
            forbidden[i, j] = True
    mentor_index = {m.pk: i for i, m in enumerate(mentors)}
    for mentor_id, mentee_id in declined:
        if mentor_id in mentor_index and mentee_id in mentee_index:
            forbidden[mentor_index[mentor_id], mentee_index[mentee_id]] = True
    return forbidden


@dataclass
class Suggestion:
    mentor: Participant
    mentee: Participant
    pair: matching.PairScore


@dataclass
class Cohort:
    suggestions: list[Suggestion] = field(default_factory=list)
    waiting: list[Participant] = field(default_factory=list)
    # (mentee, the true reason they wait), in the waiting list's order
    waiting_reasons: list[tuple[Participant, str]] = field(default_factory=list)
    mentors: list[Participant] = field(default_factory=list)  # with a free place
    mentees: list[Participant] = field(default_factory=list)
    total: float = 0.0
    greedy_total: float = 0.0
    from_cache: bool = False


# --- What matching reads about a participant -----------------------------------------------


def _profile_facts(participant: Participant) -> dict[str, Any]:
    """What a mentor's and a mentee's profiles both say about the participant."""
    return {
        "id": participant.pk,
        "field": participant.field,
        "stage": participant.career_stage,
        "region": participant.region,
        "mode": participant.meeting_mode,
        "topics": frozenset(participant.topics),
    }


def mentor_profile(participant: Participant) -> matching.MentorProfile:
    return matching.MentorProfile(
        **_profile_facts(participant),
        characteristics=frozenset(participant.characteristics),
        capacity=participant.capacity,
        roles=frozenset(filter(None, [participant.current_role, *participant.past_roles])),
    )


def mentee_profile(participant: Participant) -> matching.MenteeProfile:
    return matching.MenteeProfile(
        **_profile_facts(participant),
        wanted_characteristics=frozenset(participant.wanted_shared),
        current_role=participant.current_role,
        target_role=participant.target_role,
        next_role=next_role_on_route(participant),
    )


def next_role_on_route(participant: Participant) -> str:
    """The role after the mentee's current one on the route they chose ("" if none)."""
    route = participant.route_roles
    if participant.current_role in route:
        after = route.index(participant.current_role) + 1
        return route[after] if after < len(route) else ""
    return route[0] if route else ""


def role_names() -> dict[str, str]:
    """Names of the career map's roles, for the reasons in words (one query)."""
    from pathways.queries import published_role_choices

    return dict(published_role_choices())


def pair_score(
    mentor: Participant, mentee: Participant, names: dict[str, str] | None = None
) -> matching.PairScore:
    """One pair's score with its reasons, with the scheme's career weight (`match_propose`
    stores it on the match)."""
    return matching.score_pair(
        mentor_profile(mentor),
        mentee_profile(mentee),
        career_weight=mentor.scheme.career_weight,
        role_names=names if names is not None else role_names(),
    )


def _explain(
    scheme: Scheme, mentor: Participant, mentee: Participant, names: _RoleNames
) -> matching.PairScore:
    profile = mentee_profile(mentee)
    wants_names = scheme.career_weight and (profile.target_role or profile.next_role)
    return matching.score_pair(
        mentor_profile(mentor),
        profile,
        career_weight=scheme.career_weight,
        role_names=names.get() if wants_names else None,
    )


class _RoleNames:
    """The career map's role names, read once and only if a reason needs them."""

    def __init__(self):
        self._names: dict[str, str] | None = None

    def get(self) -> dict[str, str]:
        if self._names is None:
            self._names = role_names()
        return self._names


# --- The cohort's suggested assignment, stored once per state of the cohort ------------------

# The stored result's shape and the scoring code it came from: a new version of either makes
# every stored suggestion stale. (Pairs are stored without their reasons: a page explains only
# its own rows, from the same participants' rows, which the state guarantees unchanged.)
STORE_FORMAT = "pairs-without-reasons"
try:
    _SCORING = Path(matching.__file__).read_bytes()
except OSError:  # pragma: no cover - no source beside the module
    _SCORING = repr(sorted(vars(matching).items())).encode()
VERSION = hashlib.sha256(_SCORING + STORE_FORMAT.encode()).hexdigest()[:16]

# The cohort's state and the suggestion stored for it, in one query. The state is a digest of
# every input of the solver, computed by PostgreSQL: the scheme's row (minimum score, career
# weight), every participant's row version, every match's row, and VERSION. A participant's
# row version is its id, `xmin` (the transaction that wrote it) and `ctid` (where it is
# stored): every insert, update (even in the same transaction: the new version is stored
# elsewhere) and delete changes them, and reading them costs a third of turning whole rows
# into text. (VACUUM FULL moves rows, which only makes the next page solve again.)
_STATE_SQL = """
    WITH state AS (
        SELECT md5(
            (SELECT s::text FROM mentoring_scheme s WHERE s.id = %(scheme)s)
            || coalesce((SELECT string_agg(p.id || ':' || p.xmin || ':' || p.ctid, '|'
                                           ORDER BY p.id)
                         FROM mentoring_participant p WHERE p.scheme_id = %(scheme)s), '')
            || coalesce((SELECT string_agg(m.id || ':' || m.status || ':' || m.mentor_id
                                           || ':' || m.mentee_id, '|' ORDER BY m.id)
                         FROM mentoring_match m WHERE m.scheme_id = %(scheme)s), '')
        ) || ':' || %(version)s AS value
    )
    SELECT state.value, c.id, (c.result->'counts')::text, (c.result->>'total')::float8,
           (c.result->>'greedy_total')::float8, jsonb_array_length(c.result->'pairs'),
           jsonb_array_length(c.result->'waiting')
    FROM state LEFT JOIN mentoring_suggestioncache c
         ON c.scheme_id = %(scheme)s AND c.state = state.value
"""


def _state_and_stored(scheme: Scheme) -> tuple:
    """(state, stored id or None, counts as JSON, total, greedy total, pairs, waiting)."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, {"scheme": scheme.pk, "version": VERSION})
        return cursor.fetchone()


def cohort_state(scheme: Scheme) -> str:
    """The state of the cohort: any change (a participant, a capacity, a live or declined
    match, a weight, the scoring code) gives another."""
    return _state_and_stored(scheme)[0]


def _solve(scheme, mentors, mentees, declined) -> dict:
    profiles_m = [mentor_profile(m) for m in mentors]
    profiles_e = [mentee_profile(e) for e in mentees]
    scores = matching.score_matrix(profiles_m, profiles_e, career_weight=scheme.career_weight)
    forbidden = _forbidden(mentors, mentees, declined)
    capacities = [m.room for m in mentors]
    optimal = matching.assign_optimal(scores, capacities, scheme.minimum_score, forbidden)
    greedy = matching.assign_greedy(scores, capacities, scheme.minimum_score, forbidden)
    reasons = matching.waiting_reasons(scores, capacities, scheme.minimum_score, optimal, forbidden)
    return {
        "pairs": [
            {"mentor": mentors[i].pk, "mentee": mentees[j].pk, "score": _number(score)}
            for i, j, score in optimal.pairs
        ],
        "waiting": [[mentees[j].pk, reasons[j].text] for j in optimal.waiting],
        "total": optimal.total,
        "greedy_total": greedy.total,
    }


def _number(value: float) -> float | int:
    value = round(float(value), 1)
    return int(value) if value == int(value) else value


def _load_and_solve(scheme: Scheme) -> dict:
    everyone = matchable_mentors(scheme, with_full=True)
    mentees = _waiting_mentees(scheme)
    solved = (
        _solve(scheme, everyone, mentees, _declined_pairs(scheme))
        if mentees
        else {"pairs": [], "waiting": [], "total": 0.0, "greedy_total": 0.0}
    )
    solved["counts"] = {
        "mentees": len(mentees),
        # `room` (free places) is set on each mentor by matchable_mentors.
        "mentors": sum(1 for m in everyone if m.room > 0),  # type: ignore[attr-defined,misc]
        "places": sum(m.room for m in everyone),  # type: ignore[attr-defined]
    }
    return solved


def _store(scheme: Scheme, state: str) -> dict:
    solved = _load_and_solve(scheme)
    SuggestionCache.objects.update_or_create(
        scheme=scheme, defaults={"state": state, "result": solved, "computed_at": timezone.now()}
    )
    return solved


def _waiting_mentees(scheme: Scheme) -> list[Participant]:
    mentees = list(
        Participant.objects.filter(scheme=scheme)
        .waiting_mentees()
        .select_related("user")
        .order_by("applied_at", "pk")
    )
    if scheme.membership_body:
        mentees = [m for m in mentees if m.membership_confirmed_at]
    return mentees


def cohort_solution(scheme: Scheme) -> tuple[dict, bool]:
    """The cohort's whole suggestion as stored data (pairs of ids with their score, the
    waiting list with each true reason, totals and counts) and whether it came from the store.
    Solved once per state of the cohort (`cohort_state`). The leader's page reads only its own
    rows of it, through `cohort_page`."""
    state, stored_id, *_summary = _state_and_stored(scheme)
    if stored_id is not None:
        return SuggestionCache.objects.get(pk=stored_id).result, True
    return _store(scheme, state), False


def cohort_pairs(scheme: Scheme) -> list[tuple[int, int]]:
    """(mentor id, mentee id) of every suggested pair: what "Propose all" proposes."""
    solved, _from_store = cohort_solution(scheme)
    return [(item["mentor"], item["mentee"]) for item in solved["pairs"]]


@dataclass
class CohortPage:
    """One page of the cohort's suggestion: the summary, a page of suggested pairs (with their
    reasons) and a page of the waiting list (with each true reason)."""

    counts: dict
    total: float
    greedy_total: float
    pair_count: int
    waiting_count: int
    page: Page
    waiting_page: Page
    from_store: bool


def cohort_page(
    scheme: Scheme, *, page: str | None, waiting_page: str | None, per_page: int
) -> CohortPage:
    """The leader's cohort page in a fixed number of queries whatever the cohort's size: the
    state and the stored summary in one, the page's rows of both lists in one (PostgreSQL
    slices the stored JSON: the rest is never read), the page's people in one; and the
    career map's role names when a reason on the page names a role. Solved and stored first
    when the cohort's state has changed."""
    state, stored_id, counts, total, greedy_total, n_pairs, n_waiting = _state_and_stored(scheme)
    solved = None
    if stored_id is None:
        solved = _store(scheme, state)
        counts, total, greedy_total = solved["counts"], solved["total"], solved["greedy_total"]
        n_pairs, n_waiting = len(solved["pairs"]), len(solved["waiting"])
    else:
        counts = json.loads(counts)
    # Pages of positions in the stored lists; their rows are put in below.
    pairs: Page[Any] = Paginator(range(n_pairs), per_page).get_page(page)
    waiting: Page[Any] = Paginator(range(n_waiting), per_page).get_page(waiting_page)
    pair_range, waiting_range = _positions(pairs), _positions(waiting)
    if solved is not None:
        pair_items = solved["pairs"][pair_range.start : pair_range.stop]
        waiting_items = solved["waiting"][waiting_range.start : waiting_range.stop]
    elif pair_range or waiting_range:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT jsonb_path_query_array(result->'pairs', '$[$first to $last]',
                                              jsonb_build_object('first', %s, 'last', %s))::text,
                       jsonb_path_query_array(result->'waiting', '$[$first to $last]',
                                              jsonb_build_object('first', %s, 'last', %s))::text
                FROM mentoring_suggestioncache WHERE id = %s
                """,
                [
                    pair_range.start,
                    pair_range.stop - 1,
                    waiting_range.start,
                    waiting_range.stop - 1,
                    stored_id,
                ],
            )
            pair_json, waiting_json = cursor.fetchone()
        pair_items = json.loads(pair_json) if pair_range else []
        waiting_items = json.loads(waiting_json) if waiting_range else []
    else:
        pair_items, waiting_items = [], []
    people = _people(
        scheme,
        {pk for item in pair_items for pk in (item["mentor"], item["mentee"])}
        | {pk for pk, _text in waiting_items},
    )
    pairs.object_list = _suggestions(scheme, pair_items, people)
    waiting.object_list = [(people[pk], text) for pk, text in waiting_items if pk in people]
    return CohortPage(
        counts=counts,
        total=total,
        greedy_total=greedy_total,
        pair_count=n_pairs,
        waiting_count=n_waiting,
        page=pairs,
        waiting_page=waiting,
        from_store=solved is None,
    )


def _positions(page: Page) -> range:
    """The positions in the whole list of the rows on this page."""
    if not page.paginator.count:
        return range(0)
    return range(page.start_index() - 1, page.end_index())


def _people(scheme: Scheme, ids: set[int]) -> dict[int, Participant]:
    if not ids:
        return {}
    return Participant.objects.filter(scheme=scheme, pk__in=ids).select_related("user").in_bulk()


def _suggestions(
    scheme: Scheme, items: list[dict], people: dict[int, Participant]
) -> list[Suggestion]:
    """Stored pairs made into suggestions with their people and the reasons for the score
    (the same participants' rows give the same score, which the reasons add up to)."""
    names = _RoleNames()
    return [
        Suggestion(
            people[item["mentor"]],
            people[item["mentee"]],
            _explain(scheme, people[item["mentor"]], people[item["mentee"]], names),
        )
        for item in items
        if item["mentor"] in people and item["mentee"] in people
    ]


def suggestions_from(scheme: Scheme, items: list[dict]) -> list[Suggestion]:
    """Stored pairs made into suggestions with their people (one query for the lot)."""
    return _suggestions(
        scheme, items, _people(scheme, {pk for i in items for pk in (i["mentor"], i["mentee"])})
    )


def waiting_from(scheme: Scheme, items: list) -> list[tuple[Participant, str]]:
    people = _people(scheme, {pk for pk, _ in items})
    return [(people[pk], text) for pk, text in items if pk in people]


def cohort(scheme: Scheme) -> Cohort:
    """The whole suggestion with every person loaded (the command line and the demo); the
    leader's page reads one page of it through `cohort_page`."""
    solved, from_cache = cohort_solution(scheme)
    result = Cohort(
        mentors=matchable_mentors(scheme),
        mentees=_waiting_mentees(scheme),
        from_cache=from_cache,
    )
    result.suggestions = suggestions_from(scheme, solved["pairs"])
    result.waiting_reasons = waiting_from(scheme, solved["waiting"])
    result.waiting = [mentee for mentee, _text in result.waiting_reasons]
    result.total = solved["total"]
    result.greedy_total = solved["greedy_total"]
    return result


def suggestions_for(scheme: Scheme, mentee: Participant) -> list[Suggestion]:
    """Every mentor with room for this mentee, best first, each with the score's reasons."""
    declined = _declined_pairs(scheme)
    profile = mentee_profile(mentee)
    names = role_names()
    found = [
        Suggestion(
            mentor,
            mentee,
            matching.score_pair(
                mentor_profile(mentor),
                profile,
                career_weight=scheme.career_weight,
                role_names=names,
            ),
        )
        for mentor in matchable_mentors(scheme)
        if mentor.user_id != mentee.user_id and (mentor.pk, mentee.pk) not in declined
    ]
    found.sort(key=lambda s: (-s.pair.score, s.mentor.pk))
    return found


def _days(delta) -> float:
    return delta.total_seconds() / 86400


def _median(values):
    return round(statistics.median(values), 1) if values else None


def dashboard(scheme: Scheme) -> dict:
    """The leader's figures for one scheme. Participation by characteristic passes the
    disclosure rule (careers.disclosure): counts of 1 to 7 shown as *, others rounded to 5."""
    now = timezone.now()
    waiting = list(
        Participant.objects.filter(scheme=scheme)
        .waiting_mentees()
        .select_related("user")
        .order_by("applied_at")
    )
    waiting_days = [_days(now - p.applied_at) for p in waiting]

    first_match = (
        Participant.objects.mentees()
        .filter(scheme=scheme)
        .annotate(first=Min("mentee_matches__proposed_at"))
        .filter(first__isnull=False)
        .values_list("applied_at", "first")
    )
    time_to_match = [_days(first - applied) for applied, first in first_match]

    by_status = dict(
        Match.objects.filter(scheme=scheme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = (
        Participant.objects.filter(scheme=scheme)
        .active()
        .aggregate(
            mentors=Count("pk", filter=Q(role=vocab.MENTOR)),
            mentees=Count("pk", filter=Q(role=vocab.MENTEE)),
            unprepared=Count(
                "pk", filter=Q(role=vocab.MENTOR, preparation_completed_on__isnull=True)
            ),
            paused=Count("pk", filter=Q(role=vocab.MENTOR, available=False)),
        )
    )
    averages = Feedback.objects.filter(match__scheme=scheme).aggregate(
        responses=Count("pk"), **{name: Avg(name) for name, _ in RATING_QUESTIONS}
    )
    feedback = [
        {
            "question": question,
            "average": round(averages[name], 1) if averages[name] is not None else None,
        }
        for name, question in RATING_QUESTIONS
    ]

    participation = participation_by_characteristic(scheme)
    return {
        "waiting": waiting,
        "waiting_days": [round(d) for d in waiting_days],
        "waiting_count": len(waiting),
        "longest_wait_days": round(max(waiting_days)) if waiting_days else None,
        "median_wait_days": _median(waiting_days),
        "median_days_to_match": _median(time_to_match),
        "matched_count": len(time_to_match),
        "matches": {status.label: by_status.get(status.value, 0) for status in MatchStatus},
        "live_count": sum(by_status.get(s, 0) for s in LIVE_STATUSES),
        "mentors": counts["mentors"],
        "mentees": counts["mentees"],
        "unprepared_mentors": counts["unprepared"],
        "paused_mentors": counts["paused"],
        "feedback_responses": averages["responses"],
        "feedback": feedback,
        "participation": participation,
    }


def participation_by_characteristic(scheme: Scheme) -> dict:
    """Active participants who told us each characteristic, mentors and mentees, published
    through the disclosure rule (never the raw counts)."""
    active = Participant.objects.filter(scheme=scheme).active()
    totals = active.aggregate(
        mentors=Count("pk", filter=Q(role=vocab.MENTOR)),
        mentees=Count("pk", filter=Q(role=vocab.MENTEE)),
    )
    aggregates = {}
    for code, _ in vocab.CHARACTERISTICS:
        for role in (vocab.MENTOR, vocab.MENTEE):
            aggregates[f"{code}__{role}"] = Count(
                "pk", filter=Q(role=role, characteristics__contains=[code])
            )
    raw = active.aggregate(**aggregates)
    rows = []
    for code, label in vocab.CHARACTERISTICS:
        row: dict[str, Any] = {"code": code, "label": label}
        for role, total_key in ((vocab.MENTOR, "mentors"), (vocab.MENTEE, "mentees")):
            count = raw[f"{code}__{role}"]
            row[f"{role}_count"] = publish_count(count)
            row[f"{role}_percent"] = publish_percent(count, totals[total_key])
        rows.append(row)
    return {
        "rows": rows,
        "mentors_total": publish_count(totals["mentors"]),
        "mentees_total": publish_count(totals["mentees"]),
    }


def dashboard_csv_rows(scheme: Scheme, figures: dict) -> list[list]:
    rows = [
        ["summary", "applicants waiting", figures["waiting_count"]],
        ["summary", "longest wait (days)", figures["longest_wait_days"]],
        ["summary", "median wait (days)", figures["median_wait_days"]],
        ["summary", "median days from application to match", figures["median_days_to_match"]],
        ["summary", "active mentors", figures["mentors"]],
        ["summary", "active mentees", figures["mentees"]],
    ]
    rows += [["matches", label, count] for label, count in figures["matches"].items()]
    rows.append(["feedback", "responses", figures["feedback_responses"]])
    rows += [
        ["feedback", f"average: {item['question']}", item["average"]]
        for item in figures["feedback"]
    ]
    participation = figures["participation"]
    rows.append(["participation", "mentors (published count)", participation["mentors_total"]])
    rows.append(["participation", "mentees (published count)", participation["mentees_total"]])
    for row in participation["rows"]:
        for role in (vocab.MENTOR, vocab.MENTEE):
            rows.append(
                [
                    "participation",
                    f"{row['label']}: {role}s (published count)",
                    row[f"{role}_count"],
                ]
            )
            rows.append(
                [
                    "participation",
                    f"{row['label']}: {role}s (% of published total)",
                    row[f"{role}_percent"],
                ]
            )
    return rows
