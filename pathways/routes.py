"""The route finder: plain Python on plain data, no Django.

A graph has nodes (role and starting-point slugs) and edges (moves between them). Each edge may
go through an entry route (a training programme) with a length, and may need a minimum time in
the current position first.

Entry requirements. A person holds qualifications (credentials such as GBC, NMC registration or
a BABCP core profession; and experience counted in months). A starting point says what a person
holds at the start. An edge needs things (`Need`: any one of its options; all of an edge's needs
must be met when the person leaves for it) and gains things (finishing its training gives its
credentials). Being in a role accrues that role's kinds of experience, month by month. Study
steps (`Study`: a conversion course, graduate-entry medicine, a KSA portfolio) are not jobs:
they take months, need things and gain things; the person stays where they are (working, if
they are in a role) or, if they are at a starting point and the study has `leads_to`, is at that
starting point afterwards (a conversion course makes a graduate in another subject a graduate
with GBC). The search plans the study steps that gain what a later step needs, and never takes
an edge whose needs are not all held by then. When a need is experience that the current role
gives, the search waits in the role until there is enough (and says which need added the time).

Waiting rules. After finishing one of some trainings, a given time must pass before starting
another: NHS England's two-year rule, applied (when the rule is `funded_only`) only when both
trainings are NHS-funded or salaried; self-funded options do not wait.

Because rules and requirements depend on what happened earlier on the route, the search runs
over labels (node, arrival time, rule clocks, what is held, experience) rather than plain nodes:
a best-first (A*) search on (total months, number of steps) over simple paths, expanding each
(node, holdings) pair at most `through` times, so routes come out ranked: shortest total time
first, then fewest steps.

Timeline of one step from node U (arrived at time t) along edge E to node V:
  leave U at   t + E.min_experience_months, or later if a waiting rule holds E's training back
               or a need is experience U gives and there is not enough of it yet
  arrive at V  leave time + E.training_months
  the step's months = arrival at V - t (experience + waiting + training)
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from pathways.route_graph import (
    STEP_FROM_SOURCE,
    Added,
    Edge,
    Graph,
    Result,
    Route,
    Step,
    Study,
)


@dataclass(slots=True, eq=False)
class _Label:
    """A state of the search: the node reached, the months since the start, the steps taken,
    the waiting rules' clocks, what is held and the months of each kind of experience; the
    label it came from and what led here (an edge or a study step, with the months a rule or
    a requirement added)."""

    node: str
    time: int
    steps: int
    clocks: tuple
    held: frozenset
    exp: tuple
    parent: _Label | None
    edge: Edge | None = None
    study: Study | None = None
    waiting: int = 0
    rule: str | None = None
    added: tuple[Added, ...] = ()

    def visits(self, node) -> bool:
        label: _Label | None = self
        while label is not None:
            if label.node == node:
                return True
            label = label.parent
        return False

    def took(self, study_slug) -> bool:
        label: _Label | None = self
        while label is not None:
            if label.study is not None and label.study.slug == study_slug:
                return True
            label = label.parent
        return False

    def _step(self, source: Edge | Study, **own) -> Step:
        """The step that led to this label: the label's own facts, the fields the entry route
        or study step it took gives as they are (STEP_FROM_SOURCE), and `own`, the fields the
        two kinds of step fill differently."""
        parent = self.parent
        assert parent is not None  # a step always has one
        return Step(
            months=self.time - parent.time,
            waiting_months=self.waiting,
            rule=self.rule,
            node=self.node,
            gains=tuple(sorted(self.held - parent.held)),
            added=self.added,
            **{name: getattr(source, name) for name in STEP_FROM_SOURCE},
            **own,
        )

    def route(self) -> Route:
        steps = []
        label = self
        while label.parent is not None:
            if label.study is not None:
                study = label.study
                steps.append(
                    label._step(
                        study,
                        role=None,
                        via=study.name,
                        via_slug=study.slug,
                        kind="study",
                        experience_months=0,
                        training_months=study.months,
                        salaried=False,
                        training_pay="",
                        study=study,
                    )
                )
            else:
                edge = label.edge
                assert edge is not None  # a step is a study step or an edge
                steps.append(
                    label._step(
                        edge,
                        role=edge.target,
                        via=edge.route_name,
                        via_slug=edge.route,
                        kind=edge.kind,
                        experience_months=edge.min_experience_months,
                        training_months=edge.training_months,
                        salaried=edge.salaried,
                        training_pay=edge.training_pay,
                        edge=edge,
                    )
                )
            label = label.parent
        origin = label
        return Route(total_months=self.time, steps=tuple(reversed(steps)), holds=origin.held)


def _allowed(edge: Edge, funded_only: bool) -> bool:
    return edge.funded or not funded_only


def _meet(graph: Graph, label: _Label, needs, base: int):
    """When the person at `label` can meet every need, leaving no earlier than `base`:
    (leave time, time each need added, None) or (None, (), the first need that cannot be met
    from here). Experience the current node gives accrues while waiting."""
    accrue = graph._accrues.get(label.node, ())
    leave = base
    added = []
    for need in needs:
        best = None
        for qual, months in need.options:
            index = graph._exp_index.get(qual)
            if index is None:
                if qual in label.held:
                    best = base
                    break
                continue
            have = label.exp[index] + ((base - label.time) if index in accrue else 0)
            if have >= months:
                best = base
                break
            if index in accrue:
                ready = label.time + months - label.exp[index]
                best = ready if best is None else min(best, ready)
        if best is None:
            return None, (), need
        if best > base:
            added.append(
                Added(
                    rule=need.note or "An entry requirement", months=best - base, source=need.source
                )
            )
        leave = max(leave, best)
    return leave, tuple(added), None


def _accrued(graph: Graph, label: _Label, until: int) -> tuple:
    accrue = graph._accrues.get(label.node, ())
    if not accrue or until <= label.time:
        return label.exp
    exp = list(label.exp)
    for index in accrue:
        exp[index] += until - label.time
    return tuple(exp)


def _advance(graph: Graph, label: _Label, edge: Edge):
    """Take one edge from a label: (arrival, clocks, held, experience, waiting, rule name,
    what added time), or None and the need that blocks it."""
    base = label.time + edge.min_experience_months
    leave_rule = base
    added = []
    clocks = label.clocks
    route = edge.route
    if route is not None:
        for index in graph._held_by.get(route, ()):
            rule = graph.rules[index]
            ended = clocks[index]
            if ended is None or (rule.funded_only and not edge.funded):
                continue
            earliest = ended + rule.months
            if earliest > base:
                added.append(Added(rule=rule.name, months=earliest - base, source=rule.source))
                leave_rule = max(leave_rule, earliest)
    leave_need, need_added, blocked = _meet(graph, label, edge.requires, base)
    if blocked is not None:
        return None, blocked
    leave = max(leave_rule, leave_need)
    added.extend(need_added)
    arrive = leave + edge.training_months
    if route is not None and route in graph._starts_clock:
        changed = list(clocks)
        for index in graph._starts_clock[route]:
            if edge.funded or not graph.rules[index].funded_only:
                changed[index] = arrive
        clocks = tuple(changed)
    held = label.held | edge.gains if edge.gains else label.held
    exp = _accrued(graph, label, leave)
    added.sort(key=lambda a: -a.months)
    rule_name = added[0].rule if added else None
    return (arrive, clocks, held, exp, leave - base, rule_name, tuple(added)), None


def _take_study(graph: Graph, label: _Label, study: Study):
    """Take a study step where the person is: as _advance, plus the node afterwards."""
    leave, added, blocked = _meet(graph, label, study.requires, label.time)
    if blocked is not None:
        return None, blocked
    arrive = leave + study.months
    at_start = label.node in graph.starts
    node = study.leads_to if (at_start and study.leads_to) else label.node
    # In a role, the person keeps working (and gaining experience) alongside the study.
    exp = _accrued(graph, label, leave if at_start else arrive)
    rule_name = added[0].rule if added else None
    return (node, arrive, label.held | study.gains, exp, leave - label.time, rule_name, added), None


def _dominated(seen, time, clocks, exp, limit) -> bool:
    """Whether `limit` labels already queued at a (node, holdings) pair arrived no later, with
    no rule clock running later and no less experience: then this one cannot be among the best
    routes through it (up to the loop-free condition, which this search treats as a
    heuristic)."""
    count = 0
    for other_time, other_clocks, other_exp in seen:
        if (
            other_time <= time
            and all(
                theirs is None or (ours is not None and theirs <= ours)
                for theirs, ours in zip(other_clocks, clocks, strict=True)
            )
            and all(theirs >= ours for theirs, ours in zip(other_exp, exp, strict=True))
        ):
            count += 1
            if count >= limit:
                return True
    return False


def _signature(route: Route):
    """Routes that differ only in the order of their study steps count as one."""
    roles = tuple((s.kind, s.role, s.via_slug) for s in route.steps if not s.is_study)
    return roles, frozenset(s.via_slug for s in route.steps if s.is_study)


def _origin(graph: Graph, start: str, held: frozenset[str]) -> _Label:
    """Where a search begins: at `start` at month 0, holding `held`, with no step taken, no
    waiting rule's clock started and no experience yet."""
    return _Label(start, 0, 0, (None,) * len(graph.rules), held, (0,) * len(graph._exp_slugs), None)


def _replay(graph: Graph, start: str, holds: frozenset[str], steps) -> int | None:
    """The total months of `steps` taken in order from `start`, or None if some step's needs
    are not met or a move does not start where the person is."""
    label = _origin(graph, start, holds)
    for step in steps:
        if step.study is not None:
            taken, _ = _take_study(graph, label, step.study)
            if taken is None:
                return None
            node, time, held, exp, *_ = taken
            label = _Label(node, time, 0, label.clocks, held, exp, label)
        else:
            edge = step.edge
            if edge.source != label.node:
                return None
            taken, _ = _advance(graph, label, edge)
            if taken is None:
                return None
            time, clocks, held, exp, *_ = taken
            label = _Label(edge.target, time, 0, clocks, held, exp, label)
    return label.time


def _all_study_needed(graph: Graph, start: str, route: Route) -> bool:
    """Whether every study step on the route is needed: without it, the rest of the route is
    impossible or takes longer. (A study step that gains only what nothing later needs is not
    advice.)"""
    for index, step in enumerate(route.steps):
        if not step.is_study:
            continue
        rest = route.steps[:index] + route.steps[index + 1 :]
        total = _replay(graph, start, route.holds, rest)
        if total is not None and total <= route.total_months:
            return False
    return True


def find_routes(
    graph: Graph,
    start: str,
    target: str,
    *,
    funded_only: bool = False,
    limit: int = 5,
    through: int = 2,
    within_months: int = 60,
    holds: frozenset[str] | None = None,
    lacks: frozenset[str] = frozenset(),
) -> Result:
    """Up to `limit` routes from `start` to `target`, ranked by total months then steps.
    With none, `reason` says why (for a requirement, which one no route can gain: `missing`)
    and `nearest` lists the nearest roles reachable instead.

    `holds` is what the person holds at the start (by default what the starting point says);
    `lacks` removes some of it (for example a graduate with a 2:2: `lacks={"degree-2-1"}`).

    Each (role, holdings) on the way is expanded at most `through` times (the target up to
    `limit`), which keeps the search fast on large maps: the best route is always found, and
    the others are the best ones that share no more than `through` ways of reaching any one
    role. Routes more than `within_months` longer than the best one are not listed."""
    if start == target:
        return Result(routes=[], reason="The starting point and the goal are the same.")
    if start not in graph.names or target not in graph.names:
        return Result(routes=[], reason="The starting point or the goal is not on the map.")

    held = frozenset(graph.holds.get(start, frozenset()) if holds is None else holds) - lacks
    bounds = graph.bounds(target, funded_only)
    needed = graph.needed(target, funded_only)
    studies = [s for s in graph.study if (s.funded or not funded_only) and s.gains & needed]
    routes: list[Route] = []
    signatures = set()
    blocked: dict = {}  # need -> (distance to goal, where)
    if start in bounds:
        pops: dict = defaultdict(int)
        pushed: dict = defaultdict(list)
        counter = 0
        origin = _origin(graph, start, held)
        heap = [(bounds[start], 0, counter, origin)]
        ceiling = None

        def push(child, bound):
            nonlocal counter
            counter += 1
            heapq.heappush(heap, (child.time + bound, child.steps, counter, child))

        def admitted(child_key, time, clocks, exp, cap) -> bool:
            """Whether a label reaching `child_key` is worth pushing: fewer than `cap` were
            expanded there and it is not dominated by `cap` already pushed (then it counts
            as pushed)."""
            if pops[child_key] >= cap:
                return False
            seen = pushed[child_key]
            if len(seen) >= cap and _dominated(seen, time, clocks, exp, cap):
                return False
            seen.append((time, clocks, exp))
            return True

        while heap and len(routes) < limit:
            estimate, _, _, label = heapq.heappop(heap)
            if ceiling is not None and estimate > ceiling:
                break
            node = label.node
            key = node if node == target else (node, label.held)
            if pops[key] >= (limit if node == target else through):
                continue
            if node == target:
                route = label.route()
                signature = _signature(route)
                if signature in signatures or not _all_study_needed(graph, start, route):
                    continue
                pops[key] += 1
                signatures.add(signature)
                routes.append(route)
                if ceiling is None:
                    ceiling = label.time + within_months
                continue
            pops[key] += 1
            for edge in graph.out.get(node, ()):
                bound = bounds.get(edge.target)
                if bound is None or (funded_only and not edge.funded):
                    continue
                cap = limit if edge.target == target else through
                if label.visits(edge.target):
                    continue
                step, need = _advance(graph, label, edge)
                if step is None:
                    where = edge.route_name or graph.names.get(edge.target, edge.target)
                    seen_at = blocked.get(need)
                    if seen_at is None or bound < seen_at[0]:
                        blocked[need] = (bound, where)
                    continue
                time, clocks, new_held, exp, waiting, rule, added = step
                if ceiling is not None and time + bound > ceiling:
                    continue
                child_key = edge.target if edge.target == target else (edge.target, new_held)
                if not admitted(child_key, time, clocks, exp, cap):
                    continue
                child = _Label(
                    edge.target,
                    time,
                    label.steps + 1,
                    clocks,
                    new_held,
                    exp,
                    label,
                    edge=edge,
                    waiting=waiting,
                    rule=rule,
                    added=added,
                )
                push(child, bound)
            for study in studies:
                if study.gains <= label.held or label.took(study.slug):
                    continue
                if study.available_from and node not in study.available_from:
                    continue
                if study.not_for & label.held:
                    continue
                if not (study.gains - label.held) & needed:
                    continue
                step, need = _take_study(graph, label, study)
                if step is None:
                    continue
                new_node, time, new_held, exp, waiting, rule, added = step
                if new_node != node and label.visits(new_node):
                    continue
                bound = bounds.get(new_node)
                if bound is None or (ceiling is not None and time + bound > ceiling):
                    continue
                if not admitted((new_node, new_held), time, label.clocks, exp, through):
                    continue
                child = _Label(
                    new_node,
                    time,
                    label.steps + 1,
                    label.clocks,
                    new_held,
                    exp,
                    label,
                    study=study,
                    waiting=waiting,
                    rule=rule,
                    added=added,
                )
                push(child, bound)
    if routes:
        return Result(routes=routes)

    name = graph.names[target]
    missing, missing_for = [], None
    if not graph.into.get(target):
        reason = f"No link on the map leads into {name} yet."
    elif blocked:
        need, (_, where) = min(blocked.items(), key=lambda item: item[1][0])
        missing = [q for q, _ in need.options]
        missing_for = where
        wanted = " or ".join(_describe(graph, q, m) for q, m in need.options)
        reason = (
            f"No route from {graph.names[start]} to {name} can gain what {where} needs: {wanted}."
        )
        if need.note:
            reason += f" ({need.note})"
        if funded_only:
            reason += " Some study that gains it may be self-funded: clear the funded-only option."
    elif funded_only and start in graph.bounds(target, False):
        reason = (
            f"Every way from here into {name} includes self-funded training. "
            "Clear the funded-only option to see those routes."
        )
    else:
        reason = f"{name} cannot be reached from {graph.names[start]} on the map."
    return Result(
        routes=[],
        reason=reason,
        nearest=nearest_roles(graph, start, target, funded_only),
        missing=missing,
        missing_for=missing_for,
    )


def first_steps(graph: Graph) -> dict[str, list[str]]:
    """For each role, the starting points from which a single move reaches it with everything
    the move needs already held (no earlier job, no study first). Cached on the graph."""
    cached = graph._first_steps
    if cached is not None:
        return cached
    found: dict[str, list[str]] = defaultdict(list)
    for start in sorted(graph.starts):
        origin = _origin(graph, start, frozenset(graph.holds.get(start, frozenset())))
        for edge in graph.out.get(start, ()):
            step, _ = _advance(graph, origin, edge)
            if step is not None and start not in found[edge.target]:
                found[edge.target].append(start)
    graph._first_steps = dict(found)
    return graph._first_steps


def _describe(graph: Graph, qual: str, months: int) -> str:
    name = graph.name_of(qual)
    if qual in graph._exp_index and months:
        return f"{name} (at least {months} months)"
    return name


def reachable(graph: Graph, start: str, *, funded_only: bool = False) -> dict[str, int]:
    """The fewest months to reach every node from `start` (one best label per node), by moves
    whose requirements are met on the way (no study planned)."""
    best = {start: 0}
    origin = _origin(graph, start, frozenset(graph.holds.get(start, frozenset())))
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
            step, _ = _advance(graph, label, edge)
            if step is None:
                continue
            arrive, clocks, held, exp = step[:4]
            if arrive < best.get(edge.target, arrive + 1):
                best[edge.target] = arrive
                counter += 1
                child = _Label(edge.target, arrive, label.steps + 1, clocks, held, exp, label)
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
