"""Audit events, written explicitly by the services that read or change referral data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from config import clock
from referrals.models import AuditEvent, Referral

# Free text that is itself confidential is not copied into the audit trail: the trail
# records that it changed and its length.
CONFIDENTIAL_TEXT = {
    "help_wanted",
    "notes",
    "goals",
    "actions",
    "text",
    "closing_note",
    "return_note",
    "note",
    "reason",
}


def actor_label(user, fallback: str) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return user.email
    return fallback


def plain(value):
    """A JSON-friendly form of a model field value."""
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def snapshot(instance: models.Model, field_names: Iterable[str]) -> dict:
    values = {}
    for name in field_names:
        value = getattr(instance, name)
        if name in CONFIDENTIAL_TEXT:
            value = f"[{len(value or '')} characters]" if value else ""
        values[name] = plain(value)
    return values


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def record(
    *,
    user,
    action: str,
    what: str,
    referral: Referral | None = None,
    before: dict | None = None,
    after: dict | None = None,
    fallback_actor: str = "system",
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=user if user is not None and getattr(user, "is_authenticated", False) else None,
        actor_label=actor_label(user, fallback_actor),
        action=action,
        what=what[:200],
        referral=referral,
        reference=referral.reference if referral else "",
        before=before or None,
        after=after or None,
    )


def record_many(*, user, action: str, what: str, referrals: Iterable[Referral]) -> int:
    """One event per referral (a list page or a download), in one insert."""
    events = [
        AuditEvent(
            at=clock.now(),
            actor=user,
            actor_label=actor_label(user, "system"),
            action=action,
            what=what[:200],
            referral_id=referral.pk,
            reference=referral.reference,
        )
        for referral in referrals
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
