"""Referrals as they arrive: from the public forms (a trainee, or a trainer or supervisor for
a trainee) and as careers staff log them from a phone call or an email. One transaction each:
the per-address and per-client limits, the reference, the first-contact date, the emails.
The workflow that follows is `referrals/services.py`."""

from __future__ import annotations

import inspect
import logging
import secrets
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import limits
from accounts.models import User
from config import clock
from config.workdays import add_working_days
from referrals import audit, choices, emails, workflow
from referrals.access import is_careers_staff
from referrals.models import (
    AuditEvent,
    Referral,
    StateChange,
)
from referrals.services import (
    AS_SUBMITTED,
    PERSONAL_FIELDS,
    EmailLimitReached,
    ReferralRefused,
    decline_token,
)

logger = logging.getLogger(__name__)

# --- Creating referrals -------------------------------------------------------------------


# The actions the public referral forms count (accounts/limits.py, the portal's one limit).
LIMIT_CLIENT = "referral:client"
LIMIT_ADDRESS = "referral:address"


def limit_email(email: str) -> str:
    """An email address as the per-address limit counts it: lower case, and without a
    `+tag` (name+1@example.org and name+2@example.org are one mailbox)."""
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    return f"{local.split('+', 1)[0]}@{domain}"


def _window(action: str) -> timedelta:
    if action == LIMIT_CLIENT:
        return timedelta(minutes=settings.REFERRALS_CLIENT_RATE_WINDOW_MINUTES)
    return timedelta(hours=settings.REFERRALS_RATE_WINDOW_HOURS)


def limits_prune(now: datetime) -> None:
    """Delete the public forms' counts past their windows (the retention job: they are keyed
    digests of addresses, kept no longer than they count)."""
    for action in (LIMIT_CLIENT, LIMIT_ADDRESS):
        limits.prune(action, window=_window(action), now=now)


def _check_client_limit(client: str, now: datetime) -> None:
    """At most REFERRALS_CLIENT_RATE_LIMIT public referrals from one client (its address, an
    IPv6 /64) in REFERRALS_CLIENT_RATE_WINDOW_MINUTES, whatever email addresses they give."""
    limits.require(
        LIMIT_CLIENT,
        client,
        limit=settings.REFERRALS_CLIENT_RATE_LIMIT,
        message="We have received several referrals from your network in a short time. "
        "Please try again later, or email the careers support team instead.",
        window=_window(LIMIT_CLIENT),
        now=now,
    )


def _email_limit_reached(email_addresses: list[str], now: datetime) -> bool:
    """At most REFERRALS_RATE_LIMIT public referrals per email address (case and `+tag`
    ignored) per window. Counted only when the referral is stored."""
    return not limits.allow(
        LIMIT_ADDRESS,
        *(limit_email(address) for address in email_addresses if address),
        limit=settings.REFERRALS_RATE_LIMIT,
        window=_window(LIMIT_ADDRESS),
        now=now,
    )


def next_reference() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('referrals_reference_seq')")
        (number,) = cursor.fetchone()
    return f"CS-{number}"


def first_contact_due(received: datetime) -> date:
    return add_working_days(
        timezone.localdate(received), settings.REFERRALS_FIRST_CONTACT_TARGET_DAYS
    )


def answers(cleaned_data: dict) -> dict:
    """The answers of a referral form (each form has some of them) that referral_submit takes,
    for `referral_submit(**answers(form.cleaned_data), ...)`."""
    return {name: value for name, value in cleaned_data.items() if name in SUBMISSION_FIELDS}


def referral_submit(
    *,
    source: str,
    by: User | None = None,
    site_url: str = "",
    client: str = "",
    now: datetime | None = None,
    name: str,
    email: str,
    grade: str,
    region: str,
    reasons: list[str],
    help_wanted: str,
    preferred_contact: str,
    phone: str = "",
    specialty: str = "",
    reasons_other: str = "",
    privacy_consent: bool = False,
    referrer_name: str = "",
    referrer_email: str = "",
    referrer_role: str = "",
    referrer_organisation: str = "",
    trainee_agreed: bool = False,
    submission_key: uuid.UUID | None = None,
) -> Referral:
    """A new referral: from the public forms (self or educator) or logged by careers staff on
    the trainee's behalf (phone or email). Sends the confirmation emails after the transaction
    commits.

    Public referrals are limited per client address (`client`, refused with RateLimited) and
    per email address (EmailLimitReached: nothing stored or sent, to be answered as success).
    The same form sent again (the same `submission_key`, the form's one-time hidden key)
    returns the referral already stored, without counting or emailing again."""
    given = locals()  # the form's fields, as given
    now = now or clock.now()
    if source in (choices.STAFF_PHONE, choices.STAFF_EMAIL):
        if not is_careers_staff(by):
            raise PermissionDenied
    elif source not in (choices.SELF_WEB, choices.EDUCATOR_WEB):
        raise ReferralRefused(f"Unknown source {source!r}")
    if source == choices.EDUCATOR_WEB and not (referrer_email and trainee_agreed):
        raise ReferralRefused("An educator referral needs the referrer and the trainee's agreement")
    if source == choices.SELF_WEB and not privacy_consent:
        raise ReferralRefused("A self-referral needs consent to the privacy notice")

    key = submission_key
    addresses = [email, referrer_email]
    limit_reached = False
    with transaction.atomic():
        if by is None and key:
            # One transaction under this lock (and the limits' own): a retry of the same form
            # waits for the first and finds its referral, without counting again.
            limits.lock(f"referral-key:{key}")
        if key:
            existing = Referral.objects.filter(submission_key=key).first()
            if existing is not None:
                return existing
        if by is None:
            _check_client_limit(client, now)
            limit_reached = _email_limit_reached(addresses, now)
        if not limit_reached:
            referral = Referral(
                reference=next_reference(),
                source=source,
                logged_by=by,
                received_at=now,
                first_contact_due=first_contact_due(now),
                email=email.strip().lower(),
                referrer_email=referrer_email.strip().lower(),
                **{field: given[field] for field in AS_SUBMITTED},
                last_action="create",
                last_changed_at=now,
                last_changed_by=by,
                submission_key=key,
                decline_nonce=secrets.token_urlsafe(16) if source == choices.EDUCATOR_WEB else "",
            )
            referral.save()
            StateChange.objects.create(
                referral=referral,
                action="create",
                to_state=workflow.RECEIVED,
                by=by,
                at=now,
                note=dict(choices.SOURCES)[source],
            )
            audit.record(
                user=by,
                action=AuditEvent.CREATE,
                what=f"Referral received: {dict(choices.SOURCES)[source]}",
                referral=referral,
                after=audit.snapshot(referral, ("source", "state", *PERSONAL_FIELDS)),
                fallback_actor="online form",
            )
            # Written to the outbox in the same transaction as the referral.
            messages = [emails.team_told_of_new_referral(referral)]
            if source == choices.SELF_WEB:
                messages.append(emails.self_referral_received(referral))
            elif source == choices.EDUCATOR_WEB:
                decline_url = site_url.rstrip("/") + reverse(
                    "referrals:decline", args=[decline_token(referral)]
                )
                messages.append(emails.educator_referral_received(referral))
                messages.append(emails.trainee_told_of_referral(referral, decline_url))
            emails.send(messages)

    if limit_reached:
        # The client's attempt is kept (committed above); nothing else is stored or sent.
        logger.warning("A public referral was not stored: the email address's limit is reached")
        raise EmailLimitReached("Too many referrals for this email address today.")
    return referral


# The form's fields referral_submit takes: its keyword arguments but the call's own.
SUBMISSION_FIELDS = frozenset(inspect.signature(referral_submit).parameters) - {
    "source",
    "by",
    "site_url",
    "client",
    "now",
}
