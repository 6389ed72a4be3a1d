"""Retention: closed and returned referrals are anonymised after the retention period
(`manage.py anonymise_referrals`, on the schedule in settings)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from config import clock
from referrals import audit, submissions, workflow
from referrals.models import (
    AuditEvent,
    EducatorUpdate,
    Referral,
    Session,
    Signpost,
    StateChange,
    SupportPlan,
)

logger = logging.getLogger(__name__)

# --- Retention ----------------------------------------------------------------------------

ANONYMISED_TEXT = {
    "name": "(anonymised)",
    "decline_nonce": "",
    "email": "",
    "phone": "",
    "specialty": "",
    "reasons_other": "",
    "help_wanted": "",
    "referrer_name": "",
    "referrer_email": "",
    "referrer_organisation": "",
    "closing_note": "",
    "return_note": "",
}


def retention_cutoff(now: datetime | None = None, years: int | None = None) -> datetime:
    now = now or clock.now()
    years = settings.REFERRALS_RETENTION_YEARS if years is None else years
    return now - timedelta(days=round(365.25 * years))


def referrals_anonymise(
    *, apply: bool = False, now: datetime | None = None, years: int | None = None
) -> list[str]:
    """Remove personal details from referrals closed or returned before the retention cutoff,
    keeping what the reports count (dates, grade, region, reasons, source, outcome). Returns
    the references concerned; with apply=False nothing changes (a dry run)."""
    now = now or clock.now()
    cutoff = retention_cutoff(now, years)
    # A system job: it acts on every finished referral past retention, not on a user's view.
    due = (
        Referral.objects.filter(state__in=workflow.FINISHED_STATES, anonymised_at__isnull=True)
        .filter(_finished_before(cutoff))
        .order_by("id")
    )
    references = list(due.values_list("reference", flat=True))
    if apply:
        submissions.limits_prune(now)
    if not apply or not references:
        logger.info(
            "anonymise_referrals: %d referral(s) due%s",
            len(references),
            "" if apply else " (dry run)",
        )
        return references
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("id", flat=True))
        Referral.objects.filter(id__in=ids).update(**ANONYMISED_TEXT, anonymised_at=now)
        Session.objects.filter(referral_id__in=ids).update(notes="")
        SupportPlan.objects.filter(referral_id__in=ids).update(goals="", actions="")
        Signpost.objects.filter(referral_id__in=ids).update(note="")
        EducatorUpdate.objects.filter(referral_id__in=ids).update(text="")
        StateChange.objects.filter(referral_id__in=ids).update(note="")
        # Before-and-after values in the trail can hold personal details too.
        AuditEvent.objects.filter(referral_id__in=ids).update(before=None, after=None)
        anonymised = Referral.objects.filter(id__in=ids).only("id", "reference")
        audit.record_many(
            user=None,
            action=AuditEvent.ANONYMISE,
            what=f"Personal details removed (closed before {cutoff:%-d %B %Y})",
            referrals=anonymised,
        )
    logger.info("anonymise_referrals: anonymised %d referral(s)", len(ids))
    return references


def _finished_before(cutoff: datetime) -> Q:
    return Q(state=workflow.CLOSED, closed_at__lt=cutoff) | Q(
        state=workflow.RETURNED, returned_at__lt=cutoff
    )
