"""Layout of the career map as an SVG: plain Python on plain data, no Django.

Columns are pay bands left to right (starting points first, other pay scales last); rows are
lanes, one per profession group; each role a box that links to its page; links are arrows.

Links never cross a box. Boxes sit on a grid: in a lane every column uses the same rows, so
the gap between two rows is free from one side of the map to the other (a corridor), and the
gap between two columns is free from top to bottom (a channel). A link leaves its role on the
right into the channel there, runs up or down the channel to the corridor just above the
target's row, along it to the channel left of the target's column, and down into the target
from the left: straight lines in free space only. Small offsets per link keep lines that
share a channel apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COL_W = 176
NODE_W = 156
NODE_H = 46
GAP = 10
HEADER_H = 34
LANE_LABEL_H = 32
LEFT = 8
CHARS_PER_LINE = 22

START_COLUMN = ("start", "Starting points")
OTHER_COLUMN = ("other", "Other pay scale")


@dataclass
class MapNode:
    slug: str
    name: str
    href: str
    lane: str | None  # profession group; None for starting points
    column: str  # band code, "start" or "other"
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)
    highlighted: bool = False

    @property
    def is_start(self):
        return self.column == "start"


@dataclass
class MapEdge:
    source: str
    target: str
    path: str = ""
    highlighted: bool = False


@dataclass
class MapLayout:
    width: float
    height: float
    columns: list[dict]
    lanes: list[dict]
    nodes: list[MapNode]
    edges: list[MapEdge]


def wrap(name: str, width: int = CHARS_PER_LINE, lines: int = 2) -> list[str]:
    words, out, line = name.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    if len(out[-1]) > width:
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def layout(
    nodes: list[MapNode],
    edges: list[tuple[str, str]],
    *,
    bands: list[tuple[str, str]],
    lanes: list[tuple[str, str]],
    highlight_nodes: set[str] = frozenset(),
    highlight_edges: set[tuple[str, str]] = frozenset(),
) -> MapLayout:
    """Place nodes in band columns and lane rows. `bands` and `lanes` are ordered (key, label)
    pairs; columns and lanes without nodes are left out."""
    used_columns = {node.column for node in nodes}
    column_keys = [START_COLUMN, *bands, OTHER_COLUMN]
    columns = [key for key in column_keys if key[0] in used_columns]
    col_x = {key: LEFT + i * COL_W for i, (key, _) in enumerate(columns)}
    used_lanes = {node.lane for node in nodes if node.lane}
    lane_list = [lane for lane in lanes if lane[0] in used_lanes]

    # Count the boxes in each cell to size each lane.
    cells: dict[tuple[str, str], list[MapNode]] = {}
    starts: list[MapNode] = []
    for node in nodes:
        node.lines = wrap(node.name)
        node.highlighted = node.slug in highlight_nodes
        if node.is_start:
            starts.append(node)
        else:
            cells.setdefault((node.lane, node.column), []).append(node)

    lane_info = []
    y = HEADER_H
    for key, label in lane_list:
        depth = max((len(v) for (lane, _), v in cells.items() if lane == key), default=1)
        height = LANE_LABEL_H + depth * (NODE_H + GAP) + GAP
        lane_info.append({"key": key, "label": label, "y": y, "height": height})
        for (lane, column), members in cells.items():
            if lane != key:
                continue
            for i, node in enumerate(members):
                node.x = col_x[column] + (COL_W - NODE_W) / 2
                node.y = y + LANE_LABEL_H + i * (NODE_H + GAP)
        y += height
    for i, node in enumerate(starts):
        node.x = col_x["start"] + (COL_W - NODE_W) / 2
        node.y = HEADER_H + LANE_LABEL_H + i * (NODE_H + GAP)
    height = max(y, HEADER_H + LANE_LABEL_H + len(starts) * (NODE_H + GAP)) + GAP
    width = LEFT * 2 + len(columns) * COL_W

    by_slug = {node.slug: node for node in nodes}
    column_of = {key: i for i, (key, _) in enumerate(columns)}
    map_edges = []
    for index, (source, target) in enumerate(edges):
        a, b = by_slug.get(source), by_slug.get(target)
        if a is None or b is None:
            continue
        map_edges.append(
            MapEdge(
                source=source,
                target=target,
                path=_route_path(a, b, col_x, column_of, index),
                highlighted=(source, target) in highlight_edges,
            )
        )
    # Highlighted arrows last, so they are drawn on top.
    map_edges.sort(key=lambda edge: edge.highlighted)
    return MapLayout(
        width=width,
        height=height,
        columns=[
            {"key": key, "label": label, "x": col_x[key], "width": COL_W} for key, label in columns
        ],
        lanes=lane_info,
        nodes=nodes,
        edges=map_edges,
    )


def _route_path(a: MapNode, b: MapNode, col_x: dict, column_of: dict, index: int) -> str:
    """The link from box a to box b through channels and corridors only (see the module
    docstring)."""
    spread = COL_W - NODE_W  # the channel's width
    channel_offset = ((index % 7) - 3) * (spread - 6) / 12  # within ±7 of the middle
    corridor_offset = ((index % 5) - 2) * 1.5  # within ±3 of the middle
    y1 = a.y + NODE_H / 2
    y2 = b.y + NODE_H / 2
    x1 = a.x + NODE_W
    x_out = col_x[a.column] + COL_W + channel_offset
    x_in = col_x[b.column] + channel_offset
    x_end = b.x - 6
    if column_of[b.column] == column_of[a.column] + 1:
        # Next column: one channel between them, no corridor needed.
        return f"M{_n(x1)},{_n(y1)} H{_n(x_in)} V{_n(y2)} H{_n(x_end)}"
    corridor = b.y - GAP / 2 + corridor_offset
    return f"M{_n(x1)},{_n(y1)} H{_n(x_out)} V{_n(corridor)} H{_n(x_in)} V{_n(y2)} H{_n(x_end)}"


def _n(value: float) -> str:
    """A coordinate as short as it can be written (the big map has 10,000 links)."""
    return f"{value:.1f}".removesuffix(".0")
