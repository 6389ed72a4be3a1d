"""The route graph and the routes found in it, as plain data with no Django: a graph has nodes
(role and starting-point slugs) and edges (moves between them, perhaps through an entry route
with a length and after a minimum time in the current position); `Need` is one requirement of
a step (any one of its options), `Study` a step that is not a job (a conversion course), and
`WaitRule` a time that must pass between two trainings. `graph_from_data` builds a graph from
the open-data export format, for tests and tools with no database. The search over it is
`pathways/routes.py`."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

FUNDED = frozenset({"nhs", "employer", "public"})


@dataclass(frozen=True, slots=True)
class Need:
    """One requirement: met by any one option, a (qualification slug, months) pair; months
    count only for experience qualifications (at least that many months of it)."""

    options: tuple[tuple[str, int], ...]
    note: str = ""
    source: str = ""


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
    requires: tuple[Need, ...] = ()
    gains: frozenset[str] = frozenset()  # credentials held on arrival
    competition: str = ""
    competition_source: str = ""


@dataclass(frozen=True, slots=True)
class Study:
    """Study that is not a job. `available_from`: the only starting points it can be taken
    from (empty: anywhere its needs are met). `leads_to`: the starting point a person who took
    it from a starting point is at afterwards (None: where they were)."""

    slug: str
    name: str
    months: int
    requires: tuple[Need, ...] = ()
    gains: frozenset[str] = frozenset()
    available_from: frozenset[str] = frozenset()
    leads_to: str | None = None
    not_for: frozenset[str] = frozenset()  # not taken by someone who holds any of these
    funded: bool = False
    funding: str = "self"
    competition: str = ""
    competition_source: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class WaitRule:
    name: str
    after: frozenset[str]  # entry route slugs whose end starts the clock
    before: frozenset[str]  # entry route slugs that cannot start until the wait is over
    months: int
    funded_only: bool = True  # only NHS-funded (or salaried) trainings start it or wait
    source: str = ""


@dataclass
class Graph:
    names: dict[str, str]
    edges: list[Edge]
    rules: list[WaitRule] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # role slug -> profession group
    starts: frozenset[str] = frozenset()  # slugs that are starting points, not roles
    study: list[Study] = field(default_factory=list)
    holds: dict[str, frozenset[str]] = field(default_factory=dict)  # start -> held at start
    accrues: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> experience
    experience: frozenset[str] = frozenset()  # qualification slugs counted in months
    qualification_names: dict[str, str] = field(default_factory=dict)

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
        # Experience as a vector: one slot per experience qualification.
        self._exp_slugs = tuple(sorted(self.experience))
        self._exp_index = {slug: i for i, slug in enumerate(self._exp_slugs)}
        self._accrues = {
            node: tuple(sorted(self._exp_index[q] for q in quals if q in self._exp_index))
            for node, quals in self.accrues.items()
        }
        # Study steps that move a person from a starting point to another, for the bounds.
        self._study_moves: dict[str, list[tuple[str, int, Study]]] = defaultdict(list)
        for study in self.study:
            if study.leads_to is None:
                continue
            for start in study.available_from or self.starts:
                if start != study.leads_to:
                    self._study_moves[study.leads_to].append((start, study.months, study))
        self._bounds: dict[tuple[str, bool], dict[str, int]] = {}
        self._needed: dict[tuple[str, bool], frozenset[str]] = {}
        self._first_steps: dict[str, list[str]] | None = None

    def name_of(self, slug: str) -> str:
        return self.qualification_names.get(slug) or self.names.get(slug) or slug

    def bounds(self, target: str, funded_only: bool) -> dict[str, int]:
        """The fewest months from every node that can reach `target` to `target`, ignoring
        waiting rules and requirements (which only add time or remove moves): an admissible
        A* heuristic. Cached per target."""
        key = (target, funded_only)
        if key not in self._bounds:
            if len(self._bounds) > 512:
                self._bounds.clear()
                self._needed.clear()
            best = {target: 0}
            heap = [(0, target)]
            while heap:
                cost, node = heapq.heappop(heap)
                if cost > best.get(node, cost):
                    continue
                moves = [
                    (edge.source, edge.min_experience_months + edge.training_months)
                    for edge in self.into.get(node, ())
                    if edge.funded or not funded_only
                ]
                moves += [
                    (source, months)
                    for source, months, study in self._study_moves.get(node, ())
                    if study.funded or not funded_only
                ]
                for source, months in moves:
                    total = cost + months
                    if total < best.get(source, total + 1):
                        best[source] = total
                        heapq.heappush(heap, (total, source))
            self._bounds[key] = best
        return self._bounds[key]

    def needed(self, target: str, funded_only: bool) -> frozenset[str]:
        """Every credential some step on a way to `target` needs (and, in turn, what the study
        steps that gain them need): the study steps worth planning."""
        key = (target, funded_only)
        if key not in self._needed:
            bounds = self.bounds(target, funded_only)
            wanted: set[str] = set()
            for edge in self.edges:
                if edge.target in bounds and edge.source in bounds:
                    for need in edge.requires:
                        wanted.update(q for q, _ in need.options if q not in self._exp_index)
            changed = True
            while changed:
                changed = False
                for study in self.study:
                    if study.gains & wanted:
                        for need in study.requires:
                            for q, _ in need.options:
                                if q not in self._exp_index and q not in wanted:
                                    wanted.add(q)
                                    changed = True
            self._needed[key] = frozenset(wanted)
        return self._needed[key]


@dataclass(frozen=True, slots=True)
class Added:
    """Time a rule or a requirement added to a step, counted from when it could otherwise
    have started."""

    rule: str
    months: int
    source: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    role: str | None  # the role moved into; None for a study step
    via: str | None  # the entry route's (or the study step's) name
    via_slug: str | None
    kind: str  # route, direct, promotion, sideways, or study
    months: int
    experience_months: int
    waiting_months: int
    training_months: int
    funded: bool
    salaried: bool
    funding: str
    training_pay: str
    rule: str | None = None
    node: str = ""  # where the person is after the step (a role or a starting point)
    requires: tuple[Need, ...] = ()
    gains: tuple[str, ...] = ()  # what the step gave that was not held before
    added: tuple[Added, ...] = ()
    competition: str = ""
    competition_source: str = ""
    edge: Edge | None = field(default=None, compare=False, repr=False)
    study: Study | None = field(default=None, compare=False, repr=False)

    @property
    def is_study(self) -> bool:
        return self.kind == "study"


# The fields of a Step copied as they are from the Edge or Study it takes (both have them).
STEP_FROM_SOURCE = ("funded", "funding", "requires", "competition", "competition_source")


@dataclass(frozen=True, slots=True)
class Route:
    total_months: int
    steps: tuple[Step, ...]
    holds: frozenset[str] = frozenset()  # what the person held at the start

    @property
    def slugs(self) -> list[str]:
        """The roles on the route, in order (study steps left out)."""
        return [step.role for step in self.steps if step.role is not None]

    def path(self, start: str) -> list[str]:
        """Every node the person is at, from the start, without repeats in a row."""
        nodes = [start]
        for step in self.steps:
            if step.node and step.node != nodes[-1]:
                nodes.append(step.node)
        return nodes

    def links(self, start: str) -> list[tuple[str, str]]:
        """The links (from, to) the route moves along (study steps draw no link)."""
        pairs = []
        here = start
        for step in self.steps:
            if step.role is not None:
                pairs.append((here, step.role))
            if step.node:
                here = step.node
        return pairs


@dataclass
class Result:
    routes: list[Route]
    reason: str | None = None
    nearest: list[tuple[str, int]] = field(default_factory=list)
    # With no route because of a requirement: what no route from here can gain.
    missing: list[str] = field(default_factory=list)  # qualification slugs (any one would do)
    missing_for: str | None = None  # the name of the step that needs it


# --- Building a graph from the open-data format, with no database. ---


def _needs(rows) -> tuple[Need, ...]:
    return tuple(
        Need(
            options=tuple((o["qualification"], o.get("months", 0)) for o in row["any_of"]),
            note=row.get("note", ""),
            source=row.get("source_url", ""),
        )
        for row in rows
    )


def graph_from_data(data: dict) -> Graph:
    """The route graph from data in the open-data export format (fixtures/pathways/
    career-map.json or /pathways/export.json): what queries.build_graph builds from the
    database, for tests and tools that need no database."""
    roles = [r for r in data["roles"] if r.get("status", "published") == "published"]
    names = {r["slug"]: r["name"] for r in roles}
    groups = {r["slug"]: r["profession_group"] for r in roles}
    starts = {s["slug"]: s["name"] for s in data["starting_points"]}
    names.update(starts)
    routes = {r["slug"]: r for r in data["entry_routes"]}
    band_names = {b["code"]: b["name"] for b in data.get("pay_bands", [])}
    competition = {c["entry_route"]: c for c in data.get("competition", [])}
    quals = {q["slug"]: q for q in data.get("qualifications", [])}
    by_owner: dict = defaultdict(list)
    for row in data.get("requirements", []):
        if row.get("link"):
            link = row["link"]
            by_owner[("link", link["from"], link["to"], link.get("entry_route"))].append(row)
        else:
            kind = next(k for k in ("role", "entry_route", "study_step") if row.get(k))
            by_owner[(kind, row[kind])].append(row)
    gains: dict = defaultdict(set)
    for row in data.get("gains", []):
        kind = "role" if row.get("role") else "entry_route"
        gains[(kind, row[kind])].update(row["qualifications"])
    experience = frozenset(s for s, q in quals.items() if q.get("kind") == "experience")
    everyone = {s for s, q in quals.items() if q.get("every_role_gives")}
    edges = []
    for link in data["links"]:
        source, target = link["from"], link["to"]
        if target not in names or source not in names:
            continue
        route = routes.get(link["entry_route"]) if link["entry_route"] else None
        needs = list(by_owner.get(("role", target), ()))
        if route is not None:
            needs += by_owner.get(("entry_route", route["slug"]), ())
        needs += by_owner.get(("link", source, target, link["entry_route"]), ())
        edge_gains = set(gains.get(("role", target), ())) - experience
        if route is not None:
            edge_gains |= gains.get(("entry_route", route["slug"]), set()) - experience
        funded = route is None or bool(route["salaried"]) or route["funding"] in FUNDED
        comp = competition.get(route["slug"], {}) if route is not None else {}
        edges.append(
            Edge(
                source=source,
                target=target,
                kind=link["kind"],
                route=route["slug"] if route else None,
                route_name=route["name"] if route else None,
                training_months=route["length_months"] if route else 0,
                min_experience_months=link["min_experience_months"],
                funded=funded,
                salaried=bool(route and route["salaried"]),
                funding=route["funding"] if route else "",
                training_pay=(
                    band_names.get(route.get("training_band"))
                    or route.get("training_pay_note")
                    or ""
                )
                if route
                else "",
                requires=_needs(needs),
                gains=frozenset(edge_gains),
                competition=comp.get("text", ""),
                competition_source=comp.get("source_url", ""),
            )
        )
    study = [
        Study(
            slug=s["slug"],
            name=s["name"],
            months=s["months"],
            requires=_needs(by_owner.get(("study_step", s["slug"]), ())),
            gains=frozenset(s.get("gains", ())),
            available_from=frozenset(s.get("available_from", ())),
            leads_to=s.get("leads_to"),
            not_for=frozenset(s.get("not_for", ())),
            funded=s.get("funding", "self") in FUNDED,
            funding=s.get("funding", "self"),
            competition=s.get("competition", ""),
            competition_source=s.get("competition_source_url", ""),
            source=s.get("source_url", ""),
        )
        for s in data.get("study_steps", [])
    ]
    accrues = {
        slug: frozenset(everyone | (gains.get(("role", slug), set()) & experience))
        for slug in groups
    }
    rules = [
        WaitRule(
            name=r["name"],
            after=frozenset(r["after_routes"]),
            before=frozenset(r["before_routes"]),
            months=r["wait_months"],
            funded_only=r.get("funded_only", True),
            source=r.get("source_url", ""),
        )
        for r in data["rules"]
        if r.get("active", True)
    ]
    return Graph(
        names=names,
        edges=edges,
        rules=rules,
        groups=groups,
        starts=frozenset(starts),
        study=study,
        holds={h["starting_point"]: frozenset(h["qualifications"]) for h in data.get("holds", [])},
        accrues=accrues,
        experience=experience,
        qualification_names={s: q["name"] for s, q in quals.items()},
    )
