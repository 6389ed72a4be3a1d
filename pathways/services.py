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
        band, changed = _upsert(PayBand, *_pay_band_row(row))
        if band.pay_year == pay_year:
            bands[band.code] = band
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
        rows = model.objects.select_related(*names)
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


PAY_YEAR_FORMAT = "nhs-agenda-for-change-pay-year/1"


@transaction.atomic
def pay_year_load(*, data: dict, by=None) -> dict[str, int]:
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


def pay_year_load_file(*, path: Path, by=None) -> dict[str, int]:
    return pay_year_load(data=json.loads(Path(path).read_text(encoding="utf-8")), by=by)


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
