"""The trainee declines a referral a trainer or supervisor made for them, through the signed link
in their email (`decline_token`, in `referrals/services.py`, makes it): which referral a link
is for, and closing it as withdrawn. The link is the only way in without an account."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction

from config import clock
from referrals import workflow
from referrals.models import Referral
from referrals.services import DECLINE_SALT, _close


def _decline_claim(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(
            token, salt=DECLINE_SALT, max_age=timedelta(days=settings.REFERRALS_DECLINE_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not data.get("r") or not data.get("n"):
        return None
    return str(data["r"]), str(data["n"])


def _declinable(claim: tuple[str, str]):
    reference, nonce = claim
    return Referral.objects.filter(
        reference=reference, decline_nonce=nonce, state__in=workflow.OPEN_STATES
    ).exclude(decline_nonce="")


def decline_reference(token: str) -> str | None:
    """The reference a decline link is for, or None if the link is bad, expired, used, or the
    referral has changed state since."""
    claim = _decline_claim(token)
    if claim is None or not _declinable(claim).exists():
        return None
    return claim[0]


def referral_decline(*, token: str) -> bool:
    """Close the referral as withdrawn, from the link in the trainee's email. Returns False
    if the link no longer acts (used, or the referral has changed state since)."""
    claim = _decline_claim(token)
    if claim is None:
        raise PermissionDenied
    now = clock.now()
    with transaction.atomic():
        # The link proves who the trainee is; it is the only way in without an account.
        referral = _declinable(claim).select_for_update().first()
        if referral is None:
            return False
        _close(
            referral,
            user=None,
            outcome=workflow.WITHDRAWN,
            note="The trainee declined the referral through the link in their email.",
            now=now,
        )
    return True
