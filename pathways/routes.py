"""The route finder: plain Python on plain data, no Django.

A graph has nodes (role and starting-point slugs) and edges (moves between them). Each edge may
go through an entry route (a training programme) with a length, and may need a minimum time in
the current position first. Waiting rules say that after finishing one of some trainings, a
given time must pass before starting another (in England since April 2022: two years between
an NHS-funded psychological professions training and NHS-funded clinical psychology training).

Because a waiting rule depends on what happened earlier on the route, the search runs over
labels (node, arrival time, when each rule's clock last started) rather than plain nodes: a
best-first search on (total months, number of steps) over simple paths, popping each node at
most `limit` times, so routes come out ranked: shortest total time first, then fewest steps.

Timeline of one step from node U (arrived at time t) along edge E to node V:
  leave U at   t + E.min_experience_months, or later if a waiting rule holds E's training back
  arrive at V  leave time + E.training_months
  the step's months = arrival at V - t (experience + waiting + training)
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str = "route"  # route, direct, promotion, sideways
    route: str | None = None  # entry route slug
    route_name: str | None = None
    training_months: int = 0
    min_experience_months: int = 0
    funded: bool = True  # salaried or NHS/employer funded, or no training at all
    salaried: bool = False
    funding: str = ""
    training_pay: str = ""


@dataclass(frozen=True, slots=True)
class WaitRule:
    name: str
    after: frozenset[str]  # entry route slugs whose end starts the clock
    before: frozenset[str]  # entry route slugs that cannot start until the wait is over
    months: int


@dataclass
class Graph:
    names: dict[str, str]
    edges: list[Edge]
    rules: list[WaitRule] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # role slug -> profession group
    starts: frozenset[str] = frozenset()  # slugs that are starting points, not roles

    def __post_init__(self):
        self.out: dict[str, list[Edge]] = defaultdict(list)
        self.into: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            self.out[edge.source].append(edge)
            self.into[edge.target].append(edge)
        # For each entry route, the indices of the rules it starts or is held back by.
        self._starts_clock: dict[str, tuple[int, ...]] = {}
        self._held_by: dict[str, tuple[int, ...]] = {}
        for index, rule in enumerate(self.rules):
            for route in rule.after:
                self._starts_clock[route] = (*self._starts_clock.get(route, ()), index)
            for route in rule.before:
                self._held_by[route] = (*self._held_by.get(route, ()), index)
        self._bounds: dict[tuple[str, bool], dict[str, int]] = {}

    def bounds(self, target: str, funded_only: bool) -> dict[str, int]:
        """The fewest months from every node that can reach `target` to `target`, ignoring
        waiting rules (which only add time): an admissible A* heuristic. Cached per target."""
        key = (target, funded_only)
        if key not in self._bounds:
            if len(self._bounds) > 512:
                self._bounds.clear()
            best = {target: 0}
            heap = [(0, target)]
            while heap:
                cost, node = heapq.heappop(heap)
                if cost > best.get(node, cost):
                    continue
                for edge in self.into.get(node, ()):
                    if funded_only and not edge.funded:
                        continue
                    total = cost + edge.min_experience_months + edge.training_months
                    if total < best.get(edge.source, total + 1):
                        best[edge.source] = total
                        heapq.heappush(heap, (total, edge.source))
            self._bounds[key] = best
        return self._bounds[key]


@dataclass(frozen=True, slots=True)
class Step:
    role: str
    via: str | None
    via_slug: str | None
    kind: str
    months: int
    experience_months: int
    waiting_months: int
    training_months: int
    funded: bool
    salaried: bool
    funding: str
    training_pay: str
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    total_months: int
    steps: tuple[Step, ...]

    @property
    def slugs(self) -> list[str]:
        return [step.role for step in self.steps]


@dataclass
class Result:
    routes: list[Route]
    reason: str | None = None
    nearest: list[tuple[str, int]] = field(default_factory=list)


class _Label:
    __slots__ = ("node", "time", "steps", "clocks", "parent", "edge", "waiting", "rule")

    def __init__(self, node, time, steps, clocks, parent, edge=None, waiting=0, rule=None):
        self.node = node
        self.time = time
        self.steps = steps
        self.clocks = clocks
        self.parent = parent
        self.edge = edge
        self.waiting = waiting
        self.rule = rule

    def visits(self, node) -> bool:
        label = self
        while label is not None:
            if label.node == node:
                return True
            label = label.parent
        return False

    def route(self) -> Route:
        steps = []
        label = self
        while label.parent is not None:
            edge = label.edge
            steps.append(
                Step(
                    role=edge.target,
                    via=edge.route_name,
                    via_slug=edge.route,
                    kind=edge.kind,
                    months=label.time - label.parent.time,
                    experience_months=edge.min_experience_months,
                    waiting_months=label.waiting,
                    training_months=edge.training_months,
                    funded=edge.funded,
                    salaried=edge.salaried,
                    funding=edge.funding,
                    training_pay=edge.training_pay,
                    rule=label.rule,
                )
            )
            label = label.parent
        return Route(total_months=self.time, steps=tuple(reversed(steps)))


def _allowed(edge: Edge, funded_only: bool) -> bool:
    return edge.funded or not funded_only


def _advance(graph: Graph, label: _Label, edge: Edge):
    """Take one edge from a label: the arrival time, rule clocks, wait and rule applied."""
    leave = label.time + edge.min_experience_months
    waiting = 0
    rule_name = None
    clocks = label.clocks
    route = edge.route
    if route is not None:
        for index in graph._held_by.get(route, ()):
            ended = clocks[index]
            if ended is not None:
                earliest = ended + graph.rules[index].months
                if earliest > leave:
                    waiting += earliest - leave
                    leave = earliest
                    rule_name = graph.rules[index].name
    arrive = leave + edge.training_months
    if route is not None and route in graph._starts_clock:
        changed = list(clocks)
        for index in graph._starts_clock[route]:
            changed[index] = arrive
        clocks = tuple(changed)
    return arrive, clocks, waiting, rule_name


def _dominated(seen, time, clocks, limit) -> bool:
    """Whether `limit` labels already queued at a node arrived no later, with no rule clock
    running later: then this one cannot be among the best routes through the node (up to the
    loop-free condition, which this search treats as a heuristic)."""
    count = 0
    for other_time, other_clocks in seen:
        if other_time <= time and all(
            theirs is None or (ours is not None and theirs <= ours)
            for theirs, ours in zip(other_clocks, clocks, strict=True)
        ):
            count += 1
            if count >= limit:
                return True
    return False


def find_routes(
    graph: Graph,
    start: str,
    target: str,
    *,
    funded_only: bool = False,
    limit: int = 5,
    through: int = 2,
    within_months: int = 60,
) -> Result:
    """Up to `limit` routes from `start` to `target`, ranked by total months then steps.
    With none, `reason` says why and `nearest` lists the nearest roles reachable instead.

    Each role on the way is expanded at most `through` times (the target up to `limit`), which
    keeps the search fast on large maps: the best route is always found, and the others are
    the best ones that share no more than `through` ways of reaching any one role. Routes
    more than `within_months` longer than the best one are not listed."""
    if start == target:
        return Result(routes=[], reason="The starting point and the goal are the same.")
    if start not in graph.names or target not in graph.names:
        return Result(routes=[], reason="The starting point or the goal is not on the map.")

    bounds = graph.bounds(target, funded_only)
    routes: list[Route] = []
    if start in bounds:
        pops: dict[str, int] = defaultdict(int)
        pushed: dict[str, list] = defaultdict(list)
        counter = 0
        origin = _Label(start, 0, 0, (None,) * len(graph.rules), None)
        heap = [(bounds[start], 0, counter, origin)]
        ceiling = None
        while heap and len(routes) < limit:
            estimate, _, _, label = heapq.heappop(heap)
            if ceiling is not None and estimate > ceiling:
                break
            node = label.node
            if pops[node] >= (limit if node == target else through):
                continue
            pops[node] += 1
            if node == target:
                routes.append(label.route())
                if ceiling is None:
                    ceiling = label.time + within_months
                continue
            for edge in graph.out.get(node, ()):
                bound = bounds.get(edge.target)
                if bound is None or (funded_only and not edge.funded):
                    continue
                cap = limit if edge.target == target else through
                if pops[edge.target] >= cap or label.visits(edge.target):
                    continue
                time, clocks, waiting, rule = _advance(graph, label, edge)
                if ceiling is not None and time + bound > ceiling:
                    continue
                seen = pushed[edge.target]
                if len(seen) >= cap and _dominated(seen, time, clocks, cap):
                    continue
                seen.append((time, clocks))
                counter += 1
                child = _Label(
                    edge.target, time, label.steps + 1, clocks, label, edge, waiting, rule
                )
                heapq.heappush(heap, (time + bound, child.steps, counter, child))
    if routes:
        return Result(routes=routes)

    name = graph.names[target]
    if not graph.into.get(target):
        reason = f"No link on the map leads into {name} yet."
    elif funded_only and start in graph.bounds(target, False):
        reason = (
            f"Every way from here into {name} includes self-funded training. "
            "Clear the funded-only option to see those routes."
        )
    else:
        reason = f"{name} cannot be reached from {graph.names[start]} on the map."
    return Result(
        routes=[], reason=reason, nearest=nearest_roles(graph, start, target, funded_only)
    )


def reachable(graph: Graph, start: str, *, funded_only: bool = False) -> dict[str, int]:
    """The fewest months to reach every node from `start` (one best label per node)."""
    best = {start: 0}
    origin = _Label(start, 0, 0, (None,) * len(graph.rules), None)
    heap = [(0, 0, origin)]
    counter = 0
    done = set()
    while heap:
        time, _, label = heapq.heappop(heap)
        if label.node in done:
            continue
        done.add(label.node)
        for edge in graph.out.get(label.node, ()):
            if edge.target in done or not _allowed(edge, funded_only):
                continue
            arrive, clocks, _, _ = _advance(graph, label, edge)
            if arrive < best.get(edge.target, arrive + 1):
                best[edge.target] = arrive
                counter += 1
                child = _Label(edge.target, arrive, label.steps + 1, clocks, label)
                heapq.heappush(heap, (arrive, counter, child))
    return best


def nearest_roles(
    graph: Graph, start: str, target: str, funded_only: bool = False, count: int = 5
) -> list[tuple[str, int]]:
    """Roles reachable from `start` instead of `target`: those in the target's profession group
    first, then the quickest to reach."""
    group = graph.groups.get(target)
    times = reachable(graph, start, funded_only=funded_only)
    candidates = [
        (slug, months)
        for slug, months in times.items()
        if slug not in (start, target) and slug not in graph.starts
    ]
    candidates.sort(key=lambda item: (graph.groups.get(item[0]) != group, item[1], item[0]))
    return candidates[:count]
