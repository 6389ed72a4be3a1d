"""The map's layout as pure code: no link is drawn through a role's box, and a highlighted
route highlights exactly its own links."""

import json
import random
import re
from pathlib import Path

from pathways.mapsvg import NODE_H, NODE_W, MapNode, layout
from pathways.route_graph import graph_from_data
from pathways.routes import find_routes

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "pathways" / "career-map.json"
LANES = [
    ("psychological", "Psychological professions"),
    ("nursing", "Nursing"),
    ("medicine", "Medicine"),
    ("allied", "Allied health professions"),
    ("social", "Social care"),
    ("peer", "Peer and support roles"),
]
BANDS = [
    (code, f"Band {code}") for code in ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
]


def segments(path):
    """The straight segments of a path made of M, H and V commands."""
    x = y = None
    out = []
    for command, value in re.findall(r"([MHV])([-\d.,]+)", path):
        if command == "M":
            x, y = (float(v) for v in value.split(","))
            continue
        nx, ny = (float(value), y) if command == "H" else (x, float(value))
        out.append((x, y, nx, ny))
        x, y = nx, ny
    return out


def crosses(segment, node):
    """Whether a horizontal or vertical segment enters the inside of a node's box."""
    x1, y1, x2, y2 = segment
    left, right, top, bottom = node.x, node.x + NODE_W, node.y, node.y + NODE_H
    if y1 == y2:
        low, high = sorted((x1, x2))
        return (
            top < y1 < bottom and low < right and high > left and not (high <= left or low >= right)
        )
    low, high = sorted((y1, y2))
    return left < x1 < right and low < bottom and high > top


def real_map():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    nodes = [MapNode(s["slug"], s["name"], "#", None, "start") for s in data["starting_points"]]
    nodes += [
        MapNode(r["slug"], r["name"], "#", r["profession_group"], r["band_min"] or "other")
        for r in data["roles"]
    ]
    edges = [(link["from"], link["to"]) for link in data["links"]]
    return data, nodes, edges


def assert_no_link_crosses_a_box(the_map):
    for edge in the_map.edges:
        for segment in segments(edge.path):
            for node in the_map.nodes:
                assert not crosses(segment, node), (edge.source, edge.target, node.slug, segment)


def test_no_link_on_the_real_map_is_drawn_through_a_box():
    _, nodes, edges = real_map()
    the_map = layout(nodes, edges, bands=BANDS, lanes=LANES)
    assert len(the_map.edges) == len(edges)
    assert_no_link_crosses_a_box(the_map)


def test_no_link_on_a_random_crowded_map_is_drawn_through_a_box():
    rng = random.Random(11)
    nodes = [MapNode(f"s{i}", f"Start {i}", "#", None, "start") for i in range(4)]
    for i in range(120):
        lane = rng.choice(LANES)[0]
        nodes.append(MapNode(f"r{i}", f"Role {i}", "#", lane, rng.choice(BANDS)[0]))
    slugs = [n.slug for n in nodes]
    edges = {(rng.choice(slugs), f"r{rng.randrange(120)}") for _ in range(400)}
    edges = sorted((a, b) for a, b in edges if a != b)
    the_map = layout(nodes, edges, bands=BANDS, lanes=LANES)
    assert_no_link_crosses_a_box(the_map)


def test_a_links_ends_touch_its_own_boxes():
    _, nodes, edges = real_map()
    the_map = layout(nodes, edges, bands=BANDS, lanes=LANES)
    by_slug = {n.slug: n for n in the_map.nodes}
    for edge in the_map.edges:
        parts = segments(edge.path)
        a, b = by_slug[edge.source], by_slug[edge.target]
        assert parts[0][:2] == (a.x + NODE_W, a.y + NODE_H / 2)
        assert parts[-1][2:] == (b.x - 6, b.y + NODE_H / 2)


def test_a_highlighted_route_highlights_exactly_its_own_links():
    data, nodes, edges = real_map()
    graph = graph_from_data(data)
    route = next(
        r
        for r in find_routes(graph, "other-graduate", "clinical-psychologist").routes
        if "assistant-psychologist" in r.slugs
    )
    links = set(route.links("other-graduate"))
    the_map = layout(
        nodes,
        edges,
        bands=BANDS,
        lanes=LANES,
        highlight_nodes=set(route.path("other-graduate")),
        highlight_edges=links,
    )
    highlighted = {(e.source, e.target) for e in the_map.edges if e.highlighted}
    assert (
        highlighted
        == links
        == {
            ("psychology-graduate", "assistant-psychologist"),
            ("assistant-psychologist", "clinical-psychologist"),
        }
    )
