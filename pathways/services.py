"""Writes to the career map that do more than save one form."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.roles import ROLE_EDITORS
from config.rules import RuleBroken
from pathways.models import (
    EntryRoute,
    Gain,
    Link,
    PayBand,
    Qualification,
    Requirement,
    RequirementOption,
    Role,
    RoleSource,
    SearchSynonym,
    SlugHistory,
    StartingPoint,
    StartingPointHolds,
    StudyStep,
    WaitingRule,
)
from pathways.reference import FORMAT, PAY_YEAR_FORMAT

FIXTURE = Path(django_settings.BASE_DIR) / "fixtures" / "pathways" / "career-map.json"


class ReferenceDataError(RuleBroken):
    """Reference data (a career-map or pay-year file) that the loader refuses, and why."""


class SlugRefused(RuleBroken):
    """A new slug that cannot be used."""


@transaction.atomic
def role_rename_slug(*, role: Role, new_slug: str, by: User) -> Role:
    """Give a role a new slug (its public address): the old slug goes into the slug history,
    so old links and bookmarks redirect to the new address. `by` is the role editor."""
    from django.core.validators import validate_slug

    try:
        validate_slug(new_slug)
    except ValidationError:
        raise SlugRefused("Use lower-case letters, digits and hyphens only.") from None
    if new_slug == role.slug:
        raise SlugRefused("That is already the role's slug.")
    taken = (
        Role.objects.filter(slug=new_slug).exclude(pk=role.pk).exists()
        or StartingPoint.objects.filter(slug=new_slug).exists()
        or SlugHistory.objects.filter(old_slug=new_slug).exclude(role=role).exists()
    )
    if taken:
        raise SlugRefused("Another role or starting point uses (or used) that slug.")
    role = Role.objects.select_for_update().get(pk=role.pk)
    SlugHistory.objects.filter(old_slug=new_slug, role=role).delete()
    SlugHistory.objects.create(old_slug=role.slug, role=role)
    role.slug = new_slug
    role._change_reason = f"Slug changed by {by}"  # type: ignore[attr-defined]  # simple-history
    role.save()
    return role


def _date(value):
    return date.fromisoformat(value) if value else None


def _upsert(model, lookup: dict, values: dict):
    """Create or update one row, saving only when something changed (so history stays
    meaningful when the same file is loaded again)."""
    obj = model._base_manager.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.save()
    return obj, changed


def _set_related(related, wanted: set) -> bool:
    """Set a many-to-many relation to `wanted` when it holds something else (so history stays
    meaningful when the same file is loaded again); whether it changed."""
    if set(related.all()) == wanted:
        return False
    related.set(wanted)
    return True


@transaction.atomic
def reference_data_load(*, data: dict) -> dict[str, int]:
    """Load (create or update) the career map from data in the open-data export format.
    Idempotent: loading the same data twice changes nothing the second time. Rows that are
    not in the data are left alone, so editors' additions survive."""
    if data.get("format") != FORMAT:
        raise ReferenceDataError(f"Expected format {FORMAT!r}, found {data.get('format')!r}")
    changes = {"pay_bands": 0, "starting_points": 0, "entry_routes": 0, "roles": 0}
    changes.update({"links": 0, "rules": 0})

    pay_year = data.get("pay_year")
    bands = {}
    for row in data["pay_bands"]:
        pay_band, changed = _upsert(PayBand, *_pay_band_row(row))
        if pay_band.pay_year == pay_year:
            bands[pay_band.code] = pay_band
        changes["pay_bands"] += changed

    def band(code):
        if code is None:
            return None
        if code not in bands:
            bands[code] = PayBand.every_year.get(code=code, pay_year=pay_year)
        return bands[code]

    starts = {}
    for row in data["starting_points"]:
        start, changed = _upsert(
            StartingPoint,
            {"slug": row["slug"]},
            {"name": row["name"], "description": row["description"], "order": row["order"]},
        )
        starts[start.slug] = start
        changes["starting_points"] += changed

    routes = {}
    for row in data["entry_routes"]:
        route, changed = _upsert(
            EntryRoute,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "length_months": row["length_months"],
                "salaried": row["salaried"],
                "funding": row["funding"],
                "training_band": band(row["training_band"]),
                "training_pay_note": row["training_pay_note"],
                "requirements": row["requirements"],
                "academic_level": row["academic_level"],
                "source_url": row["source_url"],
                "checked_on": _date(row["checked_on"]),
            },
        )
        routes[route.slug] = route
        changes["entry_routes"] += changed

    roles = {}
    for row in data["roles"]:
        role, changed = _upsert(
            Role,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "status": row.get("status", Role.Status.PUBLISHED),
                "profession_group": row["profession_group"],
                "also_known_as": row["also_known_as"],
                "summary": row["summary"],
                "work": row["work"],
                "settings": list(row["settings"]),
                "band_min": band(row["band_min"]),
                "band_max": band(row["band_max"]),
                "trainee_band": band(row["trainee_band"]),
                "other_pay": row["other_pay"],
                "pay_note": row["pay_note"],
                "regulator": row["regulator"],
                "registration": row["registration"],
                "entry_requirements": row["entry_requirements"],
                "unchecked": row["unchecked"],
                "reviewed_on": _date(row["reviewed_on"]),
            },
        )
        roles[role.slug] = role
        changes["roles"] += changed
        wanted = [(s["title"], s["url"], _date(s["checked_on"])) for s in row["sources"]]
        have = [(s.title, s.url, s.checked_on) for s in role.sources.all()]
        if wanted != have:
            role.sources.all().delete()
            for title, url, checked_on in wanted:
                RoleSource.objects.create(role=role, title=title, url=url, checked_on=checked_on)
            changes["roles"] += not changed

    def role_by_slug(slug):
        if slug not in roles:
            roles[slug] = Role.objects.get(slug=slug)
        return roles[slug]

    for row in data["links"]:
        if row["from_kind"] == "start":
            source = {"from_start": starts.get(row["from"])}
            if source["from_start"] is None:
                source["from_start"] = StartingPoint.objects.get(slug=row["from"])
            source["from_role"] = None
        else:
            source = {"from_role": role_by_slug(row["from"]), "from_start": None}
        route = routes.get(row["entry_route"]) if row["entry_route"] else None
        if row["entry_route"] and route is None:
            route = EntryRoute.objects.get(slug=row["entry_route"])
        _, changed = _upsert(
            Link,
            {
                **source,
                "to_role": role_by_slug(row["to"]),
                "kind": row["kind"],
                "entry_route": route,
            },
            {
                "min_experience_months": row["min_experience_months"],
                "note": row["note"],
                "source_url": row["source_url"],
            },
        )
        changes["links"] += changed

    for row in data["rules"]:
        # A renamed rule keeps its row (and history): "replaces" names its old name.
        if row.get("replaces") and not WaitingRule.objects.filter(name=row["name"]).exists():
            WaitingRule.objects.filter(name=row["replaces"]).update(name=row["name"])
        rule, changed = _upsert(
            WaitingRule,
            {"name": row["name"]},
            {
                "description": row["description"],
                "wait_months": row["wait_months"],
                "funded_only": row.get("funded_only", True),
                "active": row["active"],
                "source_url": row["source_url"],
                "checked_on": _date(row["checked_on"]),
            },
        )
        after = set(EntryRoute.objects.filter(slug__in=row["after_routes"]))
        before = set(EntryRoute.objects.filter(slug__in=row["before_routes"]))
        changed |= _set_related(rule.after_routes, after)
        changed |= _set_related(rule.before_routes, before)
        changes["rules"] += changed
    _load_requirements(data, changes)
    changes["roles"] += _point_at_current_pay_year()
    return changes


def _pay_band_row(row: dict) -> tuple[dict, dict]:
    return (
        {"code": row["code"], "pay_year": row["pay_year"]},
        {
            "name": row["name"],
            "order": row["order"],
            "min_pay": row.get("min_pay"),
            "max_pay": row.get("max_pay"),
            "source_url": row["source_url"],
            "checked_on": _date(row.get("checked_on")),
            "unchecked": row.get("unchecked", ""),
        },
    )


def _point_at_current_pay_year() -> int:
    """Point every role's and entry route's bands at the same band codes in the current pay
    year (the latest loaded), so pages show one year's pay. Returns the rows changed."""
    current = {band.code: band for band in PayBand.objects.all()}
    if not current:
        return 0
    changed = 0
    fields = {Role: ("band_min", "band_max", "trainee_band"), EntryRoute: ("training_band",)}
    for model, names in fields.items():
        rows = model._default_manager.select_related(*names)
        for obj in rows:
            dirty = False
            for name in names:
                band = getattr(obj, name)
                if band is not None and band.pk != getattr(current.get(band.code), "pk", band.pk):
                    setattr(obj, name, current[band.code])
                    dirty = True
            if dirty:
                obj.save()
                changed += model is Role
    return changed


@transaction.atomic
def pay_year_load(*, data: dict, by: User | None = None) -> dict[str, int]:
    """Load one pay year's Agenda for Change table (bands with annual ranges, the source and
    the date checked). Earlier years are kept; when this is the latest year, roles and entry
    routes are pointed at its bands. `by` is the person loading it (None for a command)."""
    if data.get("format") != PAY_YEAR_FORMAT:
        raise ReferenceDataError(
            f"Expected format {PAY_YEAR_FORMAT!r}, found {data.get('format')!r}"
        )
    year = data["pay_year"]
    if not (len(year) == 7 and year[4] == "/" and year[:4].isdigit() and year[5:].isdigit()):
        raise ReferenceDataError(f"A pay year reads like 2026/27, not {year!r}")
    if int(year[5:]) != (int(year[:4]) + 1) % 100:
        raise ReferenceDataError(f"{year} is not a pay year (April to March)")
    bands = 0
    for row in data["bands"]:
        full = {
            "source_url": data["source_url"],
            "checked_on": data.get("checked_on"),
            **row,
            "pay_year": year,
        }
        if (full.get("min_pay") is None) != (full.get("max_pay") is None):
            raise ReferenceDataError(f"Band {row['code']}: give both ends of the range or neither")
        if full.get("min_pay") is not None and full["min_pay"] > full["max_pay"]:
            raise ReferenceDataError(f"Band {row['code']}: the lowest pay is above the highest")
        _, changed = _upsert(PayBand, *_pay_band_row(full))
        bands += changed
    return {"pay_bands": bands, "roles": _point_at_current_pay_year()}


def pay_year_load_file(*, path: Path, by: User | None = None) -> dict[str, int]:
    return pay_year_load(data=json.loads(Path(path).read_text(encoding="utf-8")), by=by)


def _link_for(ref: dict) -> Link:
    """The link a requirement names: {"from": slug, "to": slug, "entry_route": slug|null}."""
    links = Link.objects.filter(to_role__slug=ref["to"]).filter(
        Q(from_role__slug=ref["from"]) | Q(from_start__slug=ref["from"])
    )
    if ref.get("entry_route"):
        links = links.filter(entry_route__slug=ref["entry_route"])
    link = links.order_by("pk").first()
    if link is None:
        raise ReferenceDataError(f"No link {ref['from']} → {ref['to']} for a requirement")
    return link


def _owner(row: dict) -> dict:
    """The owner of a requirement or gain row: {"role": slug} or {"entry_route": slug} or
    {"study_step": slug} or {"link": {...}}, as model field values."""
    if row.get("role"):
        return {"role": Role.objects.get(slug=row["role"])}
    if row.get("entry_route"):
        return {"entry_route": EntryRoute.objects.get(slug=row["entry_route"])}
    if row.get("study_step"):
        return {"study_step": StudyStep.objects.get(slug=row["study_step"])}
    if row.get("link"):
        return {"link": _link_for(row["link"])}
    raise ReferenceDataError(f"A requirement or gain names no owner: {row!r}")


def _by_owner(rows: list[dict], wanted) -> list[tuple[dict, list]]:
    """Gain or requirement rows grouped by their owner (`_owner`), in the file's order: for
    each owner, its field values and what its rows want (`wanted(row)`, a list each)."""
    grouped: dict = {}
    for row in rows:
        owner = _owner(row)
        key = tuple((name, obj.pk) for name, obj in owner.items())
        grouped.setdefault(key, (owner, []))[1].extend(wanted(row))
    return list(grouped.values())


def _load_requirements(data: dict, changes: dict) -> None:
    """The entry-requirement keys (format 1 files without them load as before): qualifications,
    study steps, what starting points hold, gains, requirements, search synonyms, slug history.
    For each owner named in the file, its requirements (or gains, or holds) are replaced when
    they differ; owners not named are left alone."""
    for key in ("qualifications", "study_steps", "holds", "gains", "requirements"):
        changes.setdefault(key, 0)
    changes.setdefault("search_synonyms", 0)
    quals = {}
    for row in data.get("qualifications", []):
        qualification, changed = _upsert(
            Qualification,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "kind": row.get("kind", Qualification.Kind.CREDENTIAL),
                "every_role_gives": row.get("every_role_gives", False),
                "description": row.get("description", ""),
                "source_url": row.get("source_url", ""),
                "checked_on": _date(row.get("checked_on")),
            },
        )
        quals[qualification.slug] = qualification
        changes["qualifications"] += changed

    def qual(slug):
        if slug not in quals:
            try:
                quals[slug] = Qualification.objects.get(slug=slug)
            except Qualification.DoesNotExist:
                raise ReferenceDataError(f"Unknown qualification {slug!r}") from None
        return quals[slug]

    for row in data.get("study_steps", []):
        leads_to = row.get("leads_to")
        step, changed = _upsert(
            StudyStep,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "months": row["months"],
                "funding": row.get("funding", EntryRoute.Funding.SELF),
                "description": row.get("description", ""),
                "leads_to": StartingPoint.objects.get(slug=leads_to) if leads_to else None,
                "competition": row.get("competition", ""),
                "competition_source_url": row.get("competition_source_url", ""),
                "source_url": row.get("source_url", ""),
                "checked_on": _date(row.get("checked_on")),
            },
        )
        starts = set(StartingPoint.objects.filter(slug__in=row.get("available_from", [])))
        changed |= _set_related(step.available_from, starts)
        changed |= _set_related(step.gains, {qual(slug) for slug in row.get("gains", [])})
        changed |= _set_related(step.not_for, {qual(slug) for slug in row.get("not_for", [])})
        changes["study_steps"] += changed

    for row in data.get("holds", []):
        start = StartingPoint.objects.get(slug=row["starting_point"])
        wanted = [qual(slug) for slug in row["qualifications"]]
        have = [h.qualification for h in start.holds.select_related("qualification")]
        if set(wanted) != set(have):
            start.holds.exclude(qualification__in=wanted).delete()
            for q in wanted:
                if q not in have:
                    StartingPointHolds.objects.create(starting_point=start, qualification=q)
            changes["holds"] += 1

    def gains_of(row):
        return [
            (qual(slug), row.get("source_url", ""), _date(row.get("checked_on")))
            for slug in row["qualifications"]
        ]

    for owner, gains_wanted in _by_owner(data.get("gains", []), gains_of):
        gains_existing = Gain.objects.filter(**owner).select_related("qualification")
        gains_have = [(g.qualification, g.source_url, g.checked_on) for g in gains_existing]
        if sorted(gains_have, key=str) != sorted(gains_wanted, key=str):
            gains_existing.delete()
            for q, url, checked in gains_wanted:
                Gain.objects.create(**owner, qualification=q, source_url=url, checked_on=checked)
            changes["gains"] += 1

    def requirements_of(row):
        options = tuple(
            (qual(option["qualification"]).pk, option.get("months", 0)) for option in row["any_of"]
        )
        return [(options, row.get("note", ""), row["source_url"], _date(row["checked_on"]))]

    for owner, reqs_wanted in _by_owner(data.get("requirements", []), requirements_of):
        reqs_existing = Requirement.objects.filter(**owner).prefetch_related("options")
        reqs_have = [
            (
                tuple((o.qualification_id, o.months) for o in r.options.all()),
                r.note,
                r.source_url,
                r.checked_on,
            )
            for r in reqs_existing
        ]
        if reqs_have != reqs_wanted:
            reqs_existing.delete()
            for options, note, url, checked in reqs_wanted:
                requirement = Requirement.objects.create(
                    **owner, note=note, source_url=url, checked_on=checked
                )
                for qual_pk, months in options:
                    RequirementOption.objects.create(
                        requirement=requirement, qualification_id=qual_pk, months=months
                    )
            changes["requirements"] += 1

    changes.setdefault("competition", 0)
    for row in data.get("competition", []):
        _, changed = _upsert(
            EntryRoute,
            {"slug": row["entry_route"]},
            {"competition": row["text"], "competition_source_url": row["source_url"]},
        )
        changes["competition"] += changed

    for row in data.get("search_synonyms", []):
        _, changed = _upsert(
            SearchSynonym,
            {"term": row["term"]},
            {"means": row["means"], "note": row.get("note", "")},
        )
        changes["search_synonyms"] += changed

    for row in data.get("slug_history", []):
        target = (
            {"role": Role.objects.get(slug=row["role"]), "starting_point": None}
            if row.get("role")
            else {
                "role": None,
                "starting_point": StartingPoint.objects.get(slug=row["starting_point"]),
            }
        )
        _upsert(SlugHistory, {"old_slug": row["old_slug"]}, target)


def reference_data_load_file(*, path: Path = FIXTURE) -> dict[str, int]:
    return reference_data_load(data=json.loads(Path(path).read_text(encoding="utf-8")))


@transaction.atomic
def role_editors_grant_permissions() -> int:
    """Give the Role editors group every permission on the career map models (as the data
    migration does; for databases flushed by tests or created before the group existed)."""
    group, _ = Group.objects.get_or_create(name=ROLE_EDITORS)
    permissions = Permission.objects.filter(content_type__app_label="pathways")
    group.permissions.add(*permissions)
    return permissions.count()
