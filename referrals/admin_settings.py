"""The careers-support settings only operators change: a member of careers staff's referral
settings (`adviser_profile_set`) and the services of the signposting directory
(`support_service_add`). The Django admin's add pages (referrals/admin.py) and the demo call
these. Services as in `referrals/services.py`."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from config.rules import RuleBroken
from referrals.models import AdviserProfile, SupportService


def _require_operator(by: User, permission: str) -> None:
    if not (by.is_active and (by.is_superuser or by.has_perm(permission))):
        raise RuleBroken("Only administrators change the careers-support settings.")


def adviser_profile_set(
    *, by: User, adviser: User, is_manager: bool, takes_referrals: bool = True
) -> AdviserProfile:
    """A member of careers staff's referral settings: whether they read the audit trail (a
    manager) and whether referrals are allocated to them."""
    _require_operator(by, "referrals.change_adviserprofile")
    with transaction.atomic():
        profile, _ = AdviserProfile.objects.select_for_update().update_or_create(
            user=adviser,
            defaults={"is_manager": is_manager, "takes_referrals": takes_referrals},
        )
        return profile


def support_service_add(
    *,
    by: User,
    name: str,
    kind: str,
    purpose: str,
    eligibility: str,
    how_to_contact: str,
    coverage: str,
    region: str = "",
    website: str = "",
    is_active: bool = True,
) -> SupportService:
    """A new service in the signposting directory."""
    _require_operator(by, "referrals.add_supportservice")
    with transaction.atomic():
        if SupportService.objects.filter(name__iexact=name).exists():
            raise RuleBroken("The directory has a service with this name already.")
        return SupportService.objects.create(
            name=name,
            kind=kind,
            purpose=purpose,
            eligibility=eligibility,
            how_to_contact=how_to_contact,
            coverage=coverage,
            region=region,
            website=website,
            is_active=is_active,
        )
