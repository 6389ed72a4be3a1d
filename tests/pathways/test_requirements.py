"""The requirement planner as pure code, no database: the real career map read straight from
fixtures/pathways/career-map.json, and small hand-made graphs. Routes a careers adviser knows
to be impossible must never appear; the real ones must."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pathways.route_graph import Edge, Graph, Need, Study, WaitRule, graph_from_data
from pathways.routes import find_routes

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "pathways" / "career-map.json"


@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real(data):
    return graph_from_data(data)


def shape(route):
    """A route as a list of ("study", slug) and ("role", slug) pairs."""
    return [("study", s.via_slug) if s.is_study else ("role", s.role) for s in route.steps]


def credentials_met(graph, route):
    """An independent check that every credential a step needs is held before the step:
    walks the route from what the person held at the start, adding what each step gained."""
    held = set(route.holds)
    for step in route.steps:
        for need in step.requires:
            credentials = [q for q, _ in need.options if q not in graph.experience]
            experience = [q for q, _ in need.options if q in graph.experience]
            if not experience and not any(q in held for q in credentials):
                return False, step, need
        held |= set(step.gains)
    return True, None, None


# --- The impossible routes in the issue: none may appear. ---


def test_other_subject_graduate_cannot_go_from_pwp_to_the_doctorate_without_gbc(real):
    result = find_routes(real, "other-graduate", "clinical-psychologist", limit=10)
    assert result.routes
    for route in result.routes:
        assert shape(route) != [
            ("role", "psychological-wellbeing-practitioner"),
            ("role", "clinical-psychologist"),
        ]
        before_doctorate = route.steps[: [s.via_slug for s in route.steps].index("dclinpsy")]
        assert "gbc" in route.holds or any("gbc" in s.gains for s in before_doctorate)


def test_school_leaver_cannot_go_nurse_then_cbt_then_clinical_psychologist(real):
    for route in find_routes(real, "school-leaver", "clinical-psychologist", limit=10).routes:
        assert shape(route) != [
            ("role", "mental-health-nurse"),
            ("role", "cbt-therapist"),
            ("role", "clinical-psychologist"),
        ]
        assert any("gbc" in s.gains for s in route.steps)


def test_registered_nurse_cannot_go_cbt_then_clinical_psychologist(real):
    for route in find_routes(real, "registered-nurse", "clinical-psychologist", limit=10).routes:
        roles_only = [pair for pair in shape(route) if pair[0] == "role"]
        if roles_only == [("role", "cbt-therapist"), ("role", "clinical-psychologist")]:
            assert ("study", "psychology-conversion") in shape(route)
        assert any("gbc" in s.gains for s in route.steps)


def test_without_a_way_to_gain_gbc_there_is_no_route_and_the_reason_names_gbc(data):
    data = dict(data, study_steps=[s for s in data["study_steps"] if "gbc" not in s["gains"]])
    graph = graph_from_data(data)
    result = find_routes(graph, "other-graduate", "clinical-psychologist")
    assert result.routes == []
    assert result.missing == ["gbc"]
    assert "Graduate Basis for Chartered Membership" in result.reason
    assert result.missing_for == "Doctorate in Clinical Psychology"


def test_no_route_on_the_real_map_skips_a_credential(real):
    roles = sorted(set(real.names) - real.starts)
    checked = 0
    for start in sorted(real.starts):
        for goal in roles:
            for route in find_routes(real, start, goal).routes:
                ok, step, need = credentials_met(real, route)
                assert ok, (start, goal, shape(route), step.via, need)
                checked += 1
    assert checked > 200


# --- Real routes that must appear. ---


def test_psychology_graduate_reaches_psychiatrist_through_graduate_entry_medicine(real):
    result = find_routes(real, "psychology-graduate", "psychiatrist")
    assert result.routes, result.reason
    assert shape(result.routes[0]) == [
        ("study", "graduate-entry-medicine"),
        ("role", "foundation-doctor"),
        ("role", "psychiatrist"),
    ]
    gem = result.routes[0].steps[0]
    assert gem.role is None and gem.months == 48 and "medical-degree" in gem.gains
    assert gem.node == "doctor"


def test_other_subject_graduate_takes_a_conversion_course_then_assistant_then_doctorate(real):
    routes = find_routes(real, "other-graduate", "clinical-psychologist").routes
    best = min(r.total_months for r in routes)
    wanted = [
        ("study", "psychology-conversion"),
        ("role", "assistant-psychologist"),
        ("role", "clinical-psychologist"),
    ]
    route = next(r for r in routes if shape(r) == wanted)
    assert route.total_months == best == 12 + 12 + 36
    assert route.steps[0].gains == ("gbc",)
    doctorate = route.steps[2]
    assert doctorate.competition.startswith("About 1 applicant in 4 or 5")


def test_psychology_graduate_reaches_the_doctorate_as_an_assistant_in_four_years(real):
    best = find_routes(real, "psychology-graduate", "clinical-psychologist").routes[0]
    assert shape(best) == [
        ("role", "assistant-psychologist"),
        ("role", "clinical-psychologist"),
    ]
    assert best.total_months == 12 + 36


def test_psychology_graduate_with_a_2_2_plans_a_research_masters(real):
    best = find_routes(
        real, "psychology-graduate", "clinical-psychologist", lacks=frozenset({"degree-2-1"})
    ).routes[0]
    assert ("study", "research-masters") in shape(best)


def test_registered_adult_nurse_reaches_cbt_through_a_ksa_portfolio(real):
    best = find_routes(real, "registered-nurse", "cbt-therapist").routes[0]
    assert shape(best) == [("study", "ksa-portfolio"), ("role", "cbt-therapist")]


def test_mental_health_nurse_needs_twelve_months_of_mental_health_work_before_cbt(real):
    result = find_routes(real, "school-leaver", "cbt-therapist", limit=10)
    wanted = [("role", "mental-health-nurse"), ("role", "cbt-therapist")]
    via_nurse = next(r for r in result.routes if shape(r) == wanted)
    cbt = via_nurse.steps[1]
    assert cbt.experience_months + cbt.waiting_months >= 12
    assert cbt.months == 12 + cbt.training_months
    # A core professional never needs a KSA portfolio.
    for route in result.routes:
        assert ("study", "ksa-portfolio") not in shape(route)


def test_the_twelve_months_rule_adds_time_when_the_link_asks_for_none(data):
    links = [dict(link) for link in data["links"]]
    for link in links:
        if link["from"] == "mental-health-nurse" and link["to"] == "cbt-therapist":
            link["min_experience_months"] = 0
    graph = graph_from_data(dict(data, links=links))
    result = find_routes(graph, "school-leaver", "cbt-therapist", limit=10)
    wanted = [("role", "mental-health-nurse"), ("role", "cbt-therapist")]
    cbt = next(r for r in result.routes if shape(r) == wanted).steps[1]
    assert cbt.waiting_months == 12
    assert "12 months of mental health work" in cbt.rule


def test_counsellor_needs_accreditation_before_cbt(real):
    result = find_routes(real, "psychology-graduate", "cbt-therapist", limit=10)
    via_counsellor = [r for r in result.routes if ("role", "counsellor") in shape(r)]
    for route in via_counsellor:
        assert ("study", "counsellor-accreditation") in shape(route)


def test_pwp_to_cbt_waits_two_years_by_the_rule_as_nhs_england_states_it(real):
    routes = find_routes(real, "psychology-graduate", "cbt-therapist", limit=10).routes
    wanted = [("role", "psychological-wellbeing-practitioner"), ("role", "cbt-therapist")]
    cbt = next(r for r in routes if shape(r) == wanted).steps[1]
    assert cbt.waiting_months == 24
    assert {a.rule for a in cbt.added} >= {
        "NHS England's two-year psychological professions funding rule"
    }


def test_funded_only_psychiatrist_says_graduate_entry_medicine_is_self_funded(real):
    result = find_routes(real, "psychology-graduate", "psychiatrist", funded_only=True)
    assert result.routes == []
    assert "self-funded" in result.reason


# --- Hand-made graphs: the rules exactly. ---

NAMES = {s: s for s in ["start", "pwp", "cbt", "goal", "nurse"]}


def g(edges, rules=(), study=(), holds=None, accrues=None, experience=()):
    return Graph(
        names=dict(NAMES),
        edges=list(edges),
        rules=list(rules),
        starts=frozenset({"start"}),
        study=list(study),
        holds=holds or {},
        accrues=accrues or {},
        experience=frozenset(experience),
        qualification_names={"core": "A core profession", "gbc": "GBC"},
    )


PWP_24 = Need((("core", 0), ("pwp-exp", 24)), note="Two years as a PWP")


def test_pwp_needs_24_months_as_a_pwp_before_high_intensity_training():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12),
            Edge("pwp", "cbt", route="cbt-t", training_months=12, requires=(PWP_24,)),
        ],
        accrues={"pwp": frozenset({"pwp-exp"})},
        experience={"pwp-exp"},
    )
    route = find_routes(graph, "start", "cbt").routes[0]
    assert route.steps[1].waiting_months == 24
    assert route.steps[1].rule == "Two years as a PWP"
    assert route.total_months == 12 + 24 + 12


def test_a_pwp_with_a_core_profession_does_not_wait():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12),
            Edge("pwp", "cbt", route="cbt-t", training_months=12, requires=(PWP_24,)),
        ],
        holds={"start": frozenset({"core"})},
        accrues={"pwp": frozenset({"pwp-exp"})},
        experience={"pwp-exp"},
    )
    route = find_routes(graph, "start", "cbt").routes[0]
    assert route.steps[1].waiting_months == 0 and route.total_months == 24


TWO_YEAR = WaitRule(
    "Two-year rule", frozenset({"pwp-t", "cbt-t"}), frozenset({"pwp-t", "cbt-t"}), 24
)


def test_two_year_rule_applies_before_every_listed_training_not_only_the_doctorate():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12),
            Edge("pwp", "cbt", route="cbt-t", training_months=12),
        ],
        rules=[TWO_YEAR],
    )
    step = find_routes(graph, "start", "cbt").routes[0].steps[1]
    assert step.waiting_months == 24 and step.rule == "Two-year rule"


def test_self_funded_training_does_not_wait_for_the_two_year_rule():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12),
            Edge("pwp", "cbt", route="cbt-t", training_months=12, funded=False, funding="self"),
        ],
        rules=[TWO_YEAR],
    )
    step = find_routes(graph, "start", "cbt").routes[0].steps[1]
    assert step.waiting_months == 0


def test_a_self_funded_first_training_starts_no_clock():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12, funded=False),
            Edge("pwp", "cbt", route="cbt-t", training_months=12),
        ],
        rules=[TWO_YEAR],
    )
    assert find_routes(graph, "start", "cbt").routes[0].steps[1].waiting_months == 0


GBC = Need((("gbc", 0),), note="GBC is essential")
CONVERSION = Study("conversion", "Conversion course", 12, gains=frozenset({"gbc"}))


def test_a_study_step_is_planned_where_a_later_step_needs_what_it_gains():
    graph = g(
        [
            Edge("start", "pwp", route="pwp-t", training_months=12),
            Edge("pwp", "goal", route="dclin", training_months=36, requires=(GBC,)),
        ],
        study=[CONVERSION],
    )
    route = find_routes(graph, "start", "goal").routes[0]
    assert shape(route) == [("role", "pwp"), ("study", "conversion"), ("role", "goal")]
    assert route.steps[1].role is None and route.steps[1].node == "pwp"
    assert route.total_months == 12 + 12 + 36


def test_a_study_step_nothing_needs_is_never_planned():
    graph = g([Edge("start", "goal", route="x", training_months=6)], study=[CONVERSION])
    routes = find_routes(graph, "start", "goal").routes
    assert [shape(r) for r in routes] == [[("role", "goal")]]


def test_a_requirement_nothing_can_gain_blocks_the_route_and_says_which():
    graph = g([Edge("start", "goal", route="dclin", route_name="Doctorate", requires=(GBC,))])
    result = find_routes(graph, "start", "goal")
    assert result.routes == [] and result.missing == ["gbc"]
    assert "GBC" in result.reason and "Doctorate" in result.reason


def test_a_study_step_limited_to_some_starting_points_is_not_taken_elsewhere():
    graph = g(
        [Edge("start", "goal", route="dclin", requires=(GBC,))],
        study=[replace(CONVERSION, available_from=frozenset({"elsewhere"}))],
    )
    assert find_routes(graph, "start", "goal").routes == []
