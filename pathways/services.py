"""Writes to the career map that do more than save one form."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.roles import ROLE_EDITORS
from pathways.models import (
    EntryRoute,
    Link,
    PayBand,
    Role,
    RoleSource,
    StartingPoint,
    WaitingRule,
)

FORMAT = "nhs-mental-health-career-map/1"
FIXTURE = Path(django_settings.BASE_DIR) / "fixtures" / "pathways" / "career-map.json"


class ReferenceDataError(ValueError):
    pass


def _date(value):
    return date.fromisoformat(value) if value else None


def _upsert(model, lookup: dict, values: dict):
    """Create or update one row, saving only when something changed (so history stays
    meaningful when the same file is loaded again)."""
    obj = model.objects.filter(**lookup).first()
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


@transaction.atomic
def reference_data_load(*, data: dict) -> dict[str, int]:
    """Load (create or update) the career map from data in the open-data export format.
    Idempotent: loading the same data twice changes nothing the second time. Rows that are
    not in the data are left alone, so editors' additions survive."""
    if data.get("format") != FORMAT:
        raise ReferenceDataError(f"Expected format {FORMAT!r}, found {data.get('format')!r}")
    changes = {"pay_bands": 0, "starting_points": 0, "entry_routes": 0, "roles": 0}
    changes.update({"links": 0, "rules": 0})

    bands = {}
    for row in data["pay_bands"]:
        pay_band, changed = _upsert(
            PayBand,
            {"code": row["code"]},
            {
                "name": row["name"],
                "order": row["order"],
                "min_pay": row["min_pay"],
                "max_pay": row["max_pay"],
                "pay_year": row["pay_year"],
                "source_url": row["source_url"],
                "checked_on": _date(row["checked_on"]),
            },
        )
        bands[pay_band.code] = pay_band
        changes["pay_bands"] += changed

    def band(code):
        if code is None:
            return None
        if code not in bands:
            bands[code] = PayBand.objects.get(code=code)
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
        rule, changed = _upsert(
            WaitingRule,
            {"name": row["name"]},
            {
                "description": row["description"],
                "wait_months": row["wait_months"],
                "active": row["active"],
                "source_url": row["source_url"],
                "checked_on": _date(row["checked_on"]),
            },
        )
        after = set(EntryRoute.objects.filter(slug__in=row["after_routes"]))
        before = set(EntryRoute.objects.filter(slug__in=row["before_routes"]))
        if set(rule.after_routes.all()) != after:
            rule.after_routes.set(after)
            changed = True
        if set(rule.before_routes.all()) != before:
            rule.before_routes.set(before)
            changed = True
        changes["rules"] += changed
    return changes


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
