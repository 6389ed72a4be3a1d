"""The portal's one rate limit for public forms: how often one client (its address, as
`config.client.client_key` groups it) or one email address may register, ask for a link
(accounts) or send a referral (referrals). Each use is a row of LimitedAction holding the action
and a keyed digest of the value, so neither email nor IP addresses are stored in clear. Counting
and recording run under advisory locks on the digests, so requests that arrive together cannot
all pass; rows older than the window are deleted as new ones are written (and by the referrals'
retention job)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import LimitedAction
from config import client
from config.rules import RateLimited

WINDOW = dt.timedelta(hours=1)


def client_key(request) -> str:
    """The unit a client's limit counts: its address read behind PROXY_COUNT proxies, as the
    sign-in throttle reads it, an IPv6 address by its /64."""
    return client.client_key(client.client_address(request))


def digest(action: str, value: str) -> str:
    return salted_hmac(f"limits:{action}", value.strip().lower(), algorithm="sha256").hexdigest()


def lock(*keys: str) -> None:
    """Transaction-scoped advisory locks, taken in one order, so that two requests never each
    hold a lock the other is waiting for."""
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def allow(
    action: str,
    *values: str,
    limit: int,
    window: dt.timedelta = WINDOW,
    now: dt.datetime | None = None,
) -> bool:
    """Count one use of `action` by each of `values` (blank ones are passed over); False, and
    nothing counted, once any of them has been used `limit` times within `window` (a client
    that waits may go again)."""
    now = now or timezone.now()
    keys = sorted({digest(action, value) for value in values if value.strip()})
    with transaction.atomic():
        lock(*(f"limits:{action}:{key}" for key in keys))
        prune(action, window=window, now=now)
        recent = LimitedAction.objects.filter(action=action, at__gte=now - window)
        if any(recent.filter(key=key).count() >= limit for key in keys):
            return False
        LimitedAction.objects.bulk_create(
            [LimitedAction(action=action, key=key, at=now) for key in keys]
        )
    return True


def require(
    action: str,
    value: str,
    *,
    limit: int,
    message: str,
    window: dt.timedelta = WINDOW,
    now: dt.datetime | None = None,
) -> None:
    """`allow` for a client, who is told: RateLimited with `message` over the limit."""
    if not allow(action, value, limit=limit, window=window, now=now):
        raise RateLimited(message)


def prune(action: str, *, window: dt.timedelta, now: dt.datetime) -> None:
    """Delete the uses of `action` older than `window`: they no longer count."""
    LimitedAction.objects.filter(action=action, at__lt=now - window).delete()


def forget(action: str, *values: str) -> None:
    """Delete every use of `action` by `values` (the demo, making its records again)."""
    LimitedAction.objects.filter(
        action=action, key__in=[digest(action, value) for value in values]
    ).delete()
