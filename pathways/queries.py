"""Read models that span several tables: the open-data export, the route graph, the map."""

from django.db.models import F, Q

from pathways import models
from pathways.reference import FORMAT
from pathways.route_graph import Graph, graph_from_data


def _iso(value):
    return value.isoformat() if value else None


def published_links():
    """Links whose both ends are on the public map."""
    return models.Link.objects.filter(to_role__status=models.Role.Status.PUBLISHED).filter(
        Q(from_start__isnull=False) | Q(from_role__status=models.Role.Status.PUBLISHED)
    )


def export_data() -> dict:
    """Everything public on the map, in the format reference_data_load reads."""
    bands = list(models.PayBand.objects.all())
    pay_year = bands[0].pay_year if bands else None
    roles = (
        models.Role.objects.published()
        .select_related("band_min", "band_max", "trainee_band")
        .prefetch_related("sources")
        .order_by("slug")
    )
    links = published_links().select_related("from_role", "from_start", "to_role", "entry_route")
    rules = models.WaitingRule.objects.prefetch_related("after_routes", "before_routes")
    code = lambda band: band.code if band else None  # noqa: E731
    return {
        "format": FORMAT,
        "pay_year": pay_year,
        "pay_bands": [
            {
                "code": b.code,
                "name": b.name,
                "order": b.order,
                "min_pay": b.min_pay,
                "max_pay": b.max_pay,
                "pay_year": b.pay_year,
                "source_url": b.source_url,
                "checked_on": _iso(b.checked_on),
                "unchecked": b.unchecked,
            }
            for b in bands
        ],
        "starting_points": [
            {"slug": s.slug, "name": s.name, "description": s.description, "order": s.order}
            for s in models.StartingPoint.objects.all()
        ],
        "entry_routes": [
            {
                "slug": r.slug,
                "name": r.name,
                "kind": r.kind,
                "length_months": r.length_months,
                "salaried": r.salaried,
                "funding": r.funding,
                "training_band": code(r.training_band),
                "training_pay_note": r.training_pay_note,
                "requirements": r.requirements,
                "academic_level": r.academic_level,
                "source_url": r.source_url,
                "checked_on": _iso(r.checked_on),
            }
            for r in models.EntryRoute.objects.select_related("training_band").order_by("slug")
        ],
        "roles": [
            {
                "slug": r.slug,
                "name": r.name,
                "status": r.status,
                "profession_group": r.profession_group,
                "also_known_as": r.also_known_as,
                "summary": r.summary,
                "work": r.work,
                "settings": list(r.settings),
                "band_min": code(r.band_min),
                "band_max": code(r.band_max),
                "trainee_band": code(r.trainee_band),
                "other_pay": r.other_pay,
                "pay_note": r.pay_note,
                "regulator": r.regulator,
                "registration": r.registration,
                "entry_requirements": r.entry_requirements,
                "unchecked": r.unchecked,
                "reviewed_on": _iso(r.reviewed_on),
                "sources": [
                    {"title": s.title, "url": s.url, "checked_on": _iso(s.checked_on)}
                    for s in r.sources.all()
                ],
            }
            for r in roles
        ],
        "links": [
            {
                "from": (link.from_role or link.from_start).slug,
                "from_kind": "role" if link.from_role_id else "start",
                "to": link.to_role.slug,
                "kind": link.kind,
                "entry_route": link.entry_route.slug if link.entry_route else None,
                "min_experience_months": link.min_experience_months,
                "note": link.note,
                "source_url": link.source_url,
            }
            for link in links
        ],
        "rules": [
            {
                "name": rule.name,
                "description": rule.description,
                "after_routes": sorted(r.slug for r in rule.after_routes.all()),
                "before_routes": sorted(r.slug for r in rule.before_routes.all()),
                "wait_months": rule.wait_months,
                "funded_only": rule.funded_only,
                "active": rule.active,
                "source_url": rule.source_url,
                "checked_on": _iso(rule.checked_on),
            }
            for rule in rules
        ],
        **export_requirements(),
    }


def _link_ref(link):
    return {
        "from": (link.from_role or link.from_start).slug,
        "to": link.to_role.slug,
        "entry_route": link.entry_route.slug if link.entry_route else None,
    }


def _requirements_with_owners():
    """Every requirement with what `_owner_ref` and its options read (the owner is a role, an
    entry route, a study step or a link), in one query and one for the options."""
    return models.Requirement.objects.select_related(
        "role",
        "entry_route",
        "study_step",
        "link__from_role",
        "link__from_start",
        "link__to_role",
        "link__entry_route",
    ).prefetch_related("options__qualification")


def _owner_ref(row) -> dict:
    if row.role_id:
        return {"role": row.role.slug}
    if row.entry_route_id:
        return {"entry_route": row.entry_route.slug}
    if getattr(row, "study_step_id", None):
        return {"study_step": row.study_step.slug}
    return {"link": _link_ref(row.link)}


def _public(row) -> bool:
    """Whether a requirement's or gain's owner is on the public map."""
    if row.role_id:
        return row.role.status == models.Role.Status.PUBLISHED
    if getattr(row, "link_id", None):
        link = row.link
        return link.to_role.status == models.Role.Status.PUBLISHED and (
            link.from_role_id is None or link.from_role.status == models.Role.Status.PUBLISHED
        )
    return True


def export_requirements() -> dict:
    """The entry-requirement keys of the open-data format (see docs/pathways.md)."""
    holds: dict[str, list[str]] = {}
    for start_slug, qual_slug in models.StartingPointHolds.objects.order_by(
        "starting_point__order", "pk"
    ).values_list("starting_point__slug", "qualification__slug"):
        holds.setdefault(start_slug, []).append(qual_slug)
    gains: dict = {}
    with_owners = models.Gain.objects.select_related("role", "entry_route", "qualification")
    for gain in with_owners.order_by("pk"):
        if not _public(gain):
            continue
        key = json_key(_owner_ref(gain))
        row = gains.setdefault(
            key,
            {
                **_owner_ref(gain),
                "qualifications": [],
                "source_url": gain.source_url,
                "checked_on": _iso(gain.checked_on),
            },
        )
        row["qualifications"].append(gain.qualification.slug)
    requirements = _requirements_with_owners().order_by("pk")
    studies = models.StudyStep.objects.select_related("leads_to").prefetch_related(
        "available_from", "gains", "not_for"
    )
    return {
        "qualifications": [
            {
                "slug": q.slug,
                "name": q.name,
                "kind": q.kind,
                "every_role_gives": q.every_role_gives,
                "description": q.description,
                "source_url": q.source_url,
                "checked_on": _iso(q.checked_on),
            }
            for q in models.Qualification.objects.order_by("pk")
        ],
        "study_steps": [
            {
                "slug": s.slug,
                "name": s.name,
                "months": s.months,
                "funding": s.funding,
                "description": s.description,
                "available_from": sorted(start.slug for start in s.available_from.all()),
                "leads_to": s.leads_to.slug if s.leads_to else None,
                "not_for": sorted(q.slug for q in s.not_for.all()),
                "gains": sorted(q.slug for q in s.gains.all()),
                "competition": s.competition,
                "competition_source_url": s.competition_source_url,
                "source_url": s.source_url,
                "checked_on": _iso(s.checked_on),
            }
            for s in studies.order_by("pk")
        ],
        "holds": [
            {"starting_point": start, "qualifications": quals} for start, quals in holds.items()
        ],
        "gains": list(gains.values()),
        "requirements": [
            {
                **_owner_ref(r),
                "any_of": [
                    {"qualification": o.qualification.slug, "months": o.months}
                    for o in r.options.all()
                ],
                "note": r.note,
                "source_url": r.source_url,
                "checked_on": _iso(r.checked_on),
            }
            for r in requirements
            if _public(r)
        ],
        "competition": [
            {
                "entry_route": r.slug,
                "text": r.competition,
                "source_url": r.competition_source_url,
            }
            for r in models.EntryRoute.objects.exclude(competition="").order_by("slug")
        ],
        "search_synonyms": [
            {"term": s.term, "means": s.means, "note": s.note}
            for s in models.SearchSynonym.objects.all()
        ],
        "slug_history": [
            {
                "old_slug": h.old_slug,
                **(
                    {"role": h.role.slug}  # type: ignore[union-attr]  # role_id is set
                    if h.role_id
                    else {"starting_point": h.starting_point.slug}  # type: ignore[union-attr]
                ),
            }
            for h in models.SlugHistory.objects.select_related("role", "starting_point")
            if h.starting_point_id or h.role.status == models.Role.Status.PUBLISHED  # type: ignore[union-attr]
        ],
    }


def json_key(value) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def build_graph(*, starts_only: bool = False) -> Graph:
    """The route graph from the database (kept per process by pathways/cache.py route_graph):
    the parts of the open-data format the route finder
    reads, in a fixed number of queries, through the same builder as the data file
    (route_graph.graph_from_data), so the database and the file can never plan differently.
    `starts_only`: only the links from starting points, which is all routes.first_steps
    reads (an edge is built from its own link, target and entry route alone), for the
    directory (cache.first_steps_graph)."""
    roles = list(
        models.Role.objects.published().values("slug", "name", "profession_group", "status")
    )
    published = {row["slug"] for row in roles}
    starts = list(models.StartingPoint.objects.values("slug", "name"))
    entry_routes = list(
        models.EntryRoute.objects.values(
            "slug",
            "name",
            "length_months",
            "salaried",
            "funding",
            "training_pay_note",
            "competition",
            "competition_source_url",
            band=F("training_band__name"),
            band_year=F("training_band__pay_year"),
        )
    )
    for row in entry_routes:  # pay while training names the pay year
        band, year = row.pop("band"), row.pop("band_year")  # type: ignore[misc]
        row["training_pay_note"] = f"{band} ({year})" if band else row["training_pay_note"]
    links = [
        {
            "from": from_role or from_start,
            "to": to_role,
            "kind": kind,
            "entry_route": route,
            "min_experience_months": experience,
        }
        for from_role, from_start, to_role, kind, route, experience in (
            published_links().filter(from_start__isnull=False) if starts_only else published_links()
        )
        .order_by("pk")
        .values_list(
            "from_role__slug",
            "from_start__slug",
            "to_role__slug",
            "kind",
            "entry_route__slug",
            "min_experience_months",
        )
    ]
    rules = [
        {
            "name": rule.name,
            "after_routes": [r.slug for r in rule.after_routes.all()],
            "before_routes": [r.slug for r in rule.before_routes.all()],
            "wait_months": rule.wait_months,
            "funded_only": rule.funded_only,
            "active": rule.active,
            "source_url": rule.source_url,
        }
        for rule in models.WaitingRule.objects.filter(active=True).prefetch_related(
            "after_routes", "before_routes"
        )
    ]
    data = {
        "roles": roles,
        "starting_points": starts,
        "entry_routes": entry_routes,
        "links": links,
        "rules": rules,
        "competition": [
            {
                "entry_route": row["slug"],
                "text": row["competition"],
                "source_url": row["competition_source_url"],
            }
            for row in entry_routes
            if row["competition"]
        ],
        **_requirement_data(published),
    }
    return graph_from_data(data)


def _requirement_data(published: set[str]) -> dict:
    """Qualifications, study steps, holds, gains and requirements for the route graph."""
    qualifications = list(
        models.Qualification.objects.values("slug", "name", "kind", "every_role_gives")
    )
    studies = []
    for step in models.StudyStep.objects.select_related("leads_to").prefetch_related(
        "available_from", "gains", "not_for"
    ):
        studies.append(
            {
                "slug": step.slug,
                "name": step.name,
                "months": step.months,
                "funding": step.funding,
                "available_from": [s.slug for s in step.available_from.all()],
                "leads_to": step.leads_to.slug if step.leads_to else None,
                "not_for": [q.slug for q in step.not_for.all()],
                "gains": [q.slug for q in step.gains.all()],
                "competition": step.competition,
                "competition_source_url": step.competition_source_url,
                "source_url": step.source_url,
            }
        )
    holds: dict[str, list[str]] = {}
    for start, qual in models.StartingPointHolds.objects.values_list(
        "starting_point__slug", "qualification__slug"
    ):
        holds.setdefault(start, []).append(qual)
    gains = [
        {"role": role, "entry_route": route, "qualifications": [qual]}
        for role, route, qual in models.Gain.objects.values_list(
            "role__slug", "entry_route__slug", "qualification__slug"
        )
        if role is None or role in published
    ]
    requirements = []
    for requirement in _requirements_with_owners():
        requirements.append(
            {
                **_owner_ref(requirement),
                "any_of": [
                    {"qualification": o.qualification.slug, "months": o.months}
                    for o in requirement.options.all()
                ],
                "note": requirement.note,
                "source_url": requirement.source_url,
            }
        )
    return {
        "qualifications": qualifications,
        "study_steps": studies,
        "holds": [{"starting_point": k, "qualifications": v} for k, v in holds.items()],
        "gains": gains,
        "requirements": requirements,
    }


def published_role_choices() -> list[tuple[str, str]]:
    """(slug, name) of every published role, by name: the one way other apps (mentoring's
    current and target roles) read the career map's roles."""
    return list(models.Role.objects.published().order_by("name").values_list("slug", "name"))
