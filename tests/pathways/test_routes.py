"""The route finder on small hand-made graphs: plain data, no database."""

from pathways.route_graph import Edge, Graph, WaitRule
from pathways.routes import find_routes, nearest_roles, reachable

SLUGS = ["start", "a", "b", "c", "d", "e", "goal"]
NAMES = {slug: slug.replace("-", " ").title() for slug in SLUGS}


def graph(edges, rules=(), groups=None):
    return Graph(
        names=dict(NAMES),
        edges=list(edges),
        rules=list(rules),
        groups=groups or {},
        starts=frozenset({"start"}),
    )


def test_single_route_counts_training_and_experience():
    g = graph(
        [
            Edge("start", "a", route="ra", route_name="Training A", training_months=12),
            Edge("a", "goal", kind="promotion", min_experience_months=24),
        ]
    )
    result = find_routes(g, "start", "goal")
    assert len(result.routes) == 1
    route = result.routes[0]
    assert route.total_months == 36
    assert route.slugs == ["a", "goal"]
    assert [s.months for s in route.steps] == [12, 24]
    assert route.steps[0].via == "Training A"
    assert route.steps[1].via is None and route.steps[1].experience_months == 24


def test_routes_are_ranked_by_total_time_then_fewest_steps():
    g = graph(
        [
            Edge("start", "a", training_months=6),
            Edge("a", "b", training_months=6),
            Edge("b", "goal", training_months=6),  # 18 months, 3 steps
            Edge("start", "c", training_months=12),
            Edge("c", "goal", training_months=6),  # 18 months, 2 steps
            Edge("start", "goal", training_months=30),  # 30 months, 1 step
        ]
    )
    routes = find_routes(g, "start", "goal").routes
    assert [(r.total_months, len(r.steps)) for r in routes] == [(18, 2), (18, 3), (30, 1)]
    assert routes[0].slugs == ["c", "goal"]


def test_cycles_do_not_loop_or_repeat_a_role():
    g = graph(
        [
            Edge("start", "a", training_months=1),
            Edge("a", "b", kind="sideways"),
            Edge("b", "a", kind="sideways"),
            Edge("b", "goal", training_months=1),
        ]
    )
    routes = find_routes(g, "start", "goal").routes
    assert [r.slugs for r in routes] == [["a", "b", "goal"]]
    for route in routes:
        assert len(set(route.slugs)) == len(route.slugs)


def test_sideways_moves_are_followed():
    g = graph(
        [
            Edge("start", "a", training_months=12),
            Edge("a", "b", kind="sideways", min_experience_months=6),
            Edge("b", "goal", kind="promotion", min_experience_months=12),
        ]
    )
    route = find_routes(g, "start", "goal").routes[0]
    assert route.slugs == ["a", "b", "goal"]
    assert route.steps[1].kind == "sideways"
    assert route.total_months == 30


def test_unreachable_target_says_why_and_suggests_reachable_roles():
    g = graph(
        [Edge("start", "a", training_months=3), Edge("a", "b", training_months=3)],
        groups={"a": "nursing", "b": "psychological", "goal": "psychological"},
    )
    result = find_routes(g, "start", "goal")
    assert result.routes == []
    assert "No link on the map leads into Goal" in result.reason
    # Same profession group as the goal first, then the quickest.
    assert result.nearest == [("b", 6), ("a", 3)]


def test_target_with_links_but_not_from_here_is_unreachable():
    g = graph([Edge("start", "a", training_months=3), Edge("c", "goal", training_months=3)])
    result = find_routes(g, "start", "goal")
    assert result.routes == []
    assert "cannot be reached from Start" in result.reason
    assert result.nearest == [("a", 3)]


def test_two_year_rule_delays_the_second_funded_training():
    rule = WaitRule("Two-year rule", frozenset({"pwp"}), frozenset({"dclin"}), 24)
    g = graph(
        [
            Edge("start", "a", route="pwp", route_name="PWP training", training_months=12),
            Edge("a", "goal", route="dclin", route_name="Doctorate", training_months=36),
        ],
        rules=[rule],
    )
    route = find_routes(g, "start", "goal").routes[0]
    assert route.total_months == 12 + 24 + 36
    assert route.steps[1].waiting_months == 24
    assert route.steps[1].rule == "Two-year rule"


def test_two_year_rule_counts_experience_already_gained():
    rule = WaitRule("Two-year rule", frozenset({"pwp"}), frozenset({"dclin"}), 24)
    g = graph(
        [
            Edge("start", "a", route="pwp", training_months=12),
            Edge("a", "b", kind="sideways", min_experience_months=18),
            Edge("b", "goal", route="dclin", training_months=36),
        ],
        rules=[rule],
    )
    route = find_routes(g, "start", "goal").routes[0]
    # 18 months after PWP training, 6 more to wait before the doctorate starts.
    assert route.steps[2].waiting_months == 6
    assert route.total_months == 12 + 24 + 36


def test_two_year_rule_does_not_touch_unrelated_trainings():
    rule = WaitRule("Two-year rule", frozenset({"pwp"}), frozenset({"dclin"}), 24)
    g = graph(
        [
            Edge("start", "a", route="other", training_months=12),
            Edge("a", "goal", route="dclin", training_months=36),
        ],
        rules=[rule],
    )
    assert find_routes(g, "start", "goal").routes[0].total_months == 48


def test_rule_changes_the_ranking():
    rule = WaitRule("Two-year rule", frozenset({"pwp"}), frozenset({"dclin"}), 24)
    g = graph(
        [
            Edge("start", "a", route="pwp", training_months=12),
            Edge("a", "goal", route="dclin", training_months=36),  # 72 with the rule
            Edge("start", "b", kind="direct"),
            Edge("b", "goal", route="dclin", training_months=36, min_experience_months=24),
        ],
        rules=[rule],
    )
    routes = find_routes(g, "start", "goal").routes
    assert [r.slugs[0] for r in routes] == ["b", "a"]
    assert [r.total_months for r in routes] == [60, 72]


def test_funded_only_skips_self_funded_training():
    g = graph(
        [
            Edge("start", "goal", route="msc", training_months=12, funded=False),
            Edge("start", "a", route="app", training_months=18, funded=True, salaried=True),
            Edge("a", "goal", kind="promotion", min_experience_months=12),
        ]
    )
    assert find_routes(g, "start", "goal").routes[0].slugs == ["goal"]
    funded = find_routes(g, "start", "goal", funded_only=True).routes
    assert [r.slugs for r in funded] == [["a", "goal"]]
    assert all(step.funded for r in funded for step in r.steps)


def test_funded_only_with_no_funded_way_in_says_so():
    g = graph([Edge("start", "goal", route="msc", training_months=12, funded=False)])
    result = find_routes(g, "start", "goal", funded_only=True)
    assert result.routes == []
    assert "self-funded" in result.reason


def test_same_start_and_goal_is_refused():
    g = graph([Edge("start", "a")])
    result = find_routes(g, "a", "a")
    assert result.routes == [] and "same" in result.reason


def test_unknown_node_is_refused():
    result = find_routes(graph([]), "start", "nowhere")
    assert result.routes == [] and "not on the map" in result.reason


def test_limit_caps_the_number_of_routes():
    edges = [Edge("start", f"n{i}", training_months=i) for i in range(10)]
    edges += [Edge(f"n{i}", "goal", training_months=1) for i in range(10)]
    g = Graph(names={**NAMES, **{f"n{i}": f"N{i}" for i in range(10)}}, edges=edges)
    routes = find_routes(g, "start", "goal", limit=3).routes
    assert [r.total_months for r in routes] == [1, 2, 3]


def test_reachable_gives_fewest_months_per_node():
    g = graph(
        [
            Edge("start", "a", training_months=5),
            Edge("start", "b", training_months=1),
            Edge("b", "a", training_months=1),
        ]
    )
    assert reachable(g, "start") == {"start": 0, "a": 2, "b": 1}
    assert nearest_roles(g, "start", "goal") == [("b", 1), ("a", 2)]
