"""Read models that span several tables: the cohort to match, suggestions for one mentee, and
the leader's dashboard. Each costs a fixed number of queries whatever the scheme's size."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

import numpy as np
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
)
from mentoring.services import mentee_profile, mentor_profile


def matchable_mentors(scheme: Scheme) -> list[Participant]:
    """Mentors who can take a mentee now: active, prepared, available and below capacity;
    each with `room` (capacity left)."""
    mentors = (
        Participant.objects.mentors()
        .active()
        .filter(scheme=scheme, available=True, preparation_completed_on__isnull=False)
        .with_live_count()
        .select_related("user")
        .order_by("pk")
    )
    result = []
    for mentor in mentors:
        mentor.room = mentor.capacity - mentor.live_count
        if mentor.room > 0:
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
    mentors: list[Participant] = field(default_factory=list)
    mentees: list[Participant] = field(default_factory=list)
    total: float = 0.0
    greedy_total: float = 0.0


def cohort(scheme: Scheme) -> Cohort:
    """The optimal assignment of every waiting mentee to mentors with room, explained."""
    mentors = matchable_mentors(scheme)
    mentees = list(
        Participant.objects.filter(scheme=scheme)
        .waiting_mentees()
        .select_related("user")
        .order_by("applied_at", "pk")
    )
    result = Cohort(mentors=mentors, mentees=mentees)
    if not mentees:
        return result
    scores = matching.score_matrix(
        [mentor_profile(m) for m in mentors], [mentee_profile(m) for m in mentees]
    )
    forbidden = _forbidden(mentors, mentees, _declined_pairs(scheme))
    capacities = [m.room for m in mentors]  # type: ignore[attr-defined]  # annotated
    optimal = matching.assign_optimal(scores, capacities, scheme.minimum_score, forbidden)
    greedy = matching.assign_greedy(scores, capacities, scheme.minimum_score, forbidden)
    for i, j, _score in optimal.pairs:
        pair = matching.score_pair(mentor_profile(mentors[i]), mentee_profile(mentees[j]))
        result.suggestions.append(Suggestion(mentors[i], mentees[j], pair))
    result.waiting = [mentees[j] for j in optimal.waiting]
    result.total = optimal.total
    result.greedy_total = greedy.total
    return result


def suggestions_for(scheme: Scheme, mentee: Participant) -> list[Suggestion]:
    """Every mentor with room for this mentee, best first, each with the score's reasons."""
    declined = _declined_pairs(scheme)
    profile = mentee_profile(mentee)
    found = [
        Suggestion(mentor, mentee, matching.score_pair(mentor_profile(mentor), profile))
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
