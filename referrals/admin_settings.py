"""The careers-support settings: a member of careers staff's referral settings
(`adviser_profile_set`, operators only) and the services of the signposting directory
(`support_service_add`, `support_service_change`: careers staff keep it, operators may too).
The staff directory pages, the Django admin's add pages (referrals/admin.py) and the demo call
these. Services as in `referrals/services.py`."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from config.rules import RuleBroken
from referrals.access import is_careers_staff
from referrals.models import AdviserProfile, SupportService


def _require_operator(by: User, permission: str) -> None:
    if not (by.is_active and (by.is_superuser or by.has_perm(permission))):
        raise RuleBroken("Only administrators change the careers-support settings.")


def adviser_profile_set(
    *, by: User, adviser: User, is_manager: bool, takes_referrals: bool = True
) -> AdviserProfile:
    """A member of careers staff's referral settings: whether they read the audit trail (a
    manager) and whether referrals are allocated to them. Setting them for the first time
    takes the right to add them; changing them, the right to change them."""
    with transaction.atomic():
        exists = AdviserProfile.objects.filter(user=adviser).exists()
        _require_operator(by, f"referrals.{'change' if exists else 'add'}_adviserprofile")
        profile, _ = AdviserProfile.objects.update_or_create(
            user=adviser,
            defaults={"is_manager": is_manager, "takes_referrals": takes_referrals},
        )
        return profile


# What a service of the signposting directory holds, as the forms and the admin name it.
SERVICE_FIELDS = (
    "name",
    "kind",
    "purpose",
    "eligibility",
    "how_to_contact",
    "coverage",
    "region",
    "website",
    "is_active",
)


def _require_directory_keeper(by: User, permission: str) -> None:
    if not (by.is_active and (is_careers_staff(by) or by.is_superuser or by.has_perm(permission))):
        raise RuleBroken("Only careers staff and administrators change the signposting directory.")


def service_name_refusal(name: str, *, other_than: SupportService | None = None) -> str | None:
    """Why a service may not have this name (another has it, in any letter case), or None.
    The services refuse it; the admin's form asks first, to show it on the name field."""
    taken = SupportService.objects.filter(name__iexact=name)
    if other_than is not None and other_than.pk:
        taken = taken.exclude(pk=other_than.pk)
    return "The directory has a service with this name already." if taken.exists() else None


def _require_name_free(name: str, *, other_than: SupportService | None = None) -> None:
    refusal = service_name_refusal(name, other_than=other_than)
    if refusal:
        raise RuleBroken(refusal, field="name")


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
    """A new service in the signposting directory (careers staff keep it, from their pages;
    operators may too, in the Django admin)."""
    _require_directory_keeper(by, "referrals.add_supportservice")
    with transaction.atomic():
        _require_name_free(name)
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


def support_service_change(
    *,
    by: User,
    service: SupportService,
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
    """A service of the signposting directory as careers staff have corrected it (or taken
    off the list: `is_active`)."""
    _require_directory_keeper(by, "referrals.change_supportservice")
    with transaction.atomic():
        service = SupportService.objects.select_for_update().get(pk=service.pk)
        _require_name_free(name, other_than=service)
        service.name = name
        service.kind = kind
        service.purpose = purpose
        service.eligibility = eligibility
        service.how_to_contact = how_to_contact
        service.coverage = coverage
        service.region = region
        service.website = website
        service.is_active = is_active
        service.save()
        return service
