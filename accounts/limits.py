"""A small database-backed rate limit for the self-service account pages: how often one client
(IP address) or one email address may register or ask for a link. Rows older than the window
are deleted as new ones are written, so the table stays small."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import LimitedAction
from config.client import client_address

WINDOW = dt.timedelta(hours=1)


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode()).hexdigest()


def client_key(request) -> str:
    """The client's address, read behind PROXY_COUNT proxies as the sign-in throttle reads it."""
    return client_address(request) or "unknown"


def allow(action: str, value: str, *, limit: int, now: dt.datetime | None = None) -> bool:
    """Count one use of `action` by `value`; False once it has been used `limit` times in the
    last hour (the refused use is not counted, so a client waiting an hour may go again)."""
    now = now or timezone.now()
    key = _digest(value)
    with transaction.atomic():
        LimitedAction.objects.filter(action=action, at__lt=now - WINDOW).delete()
        used = LimitedAction.objects.filter(action=action, key=key, at__gte=now - WINDOW).count()
        if used >= limit:
            return False
        LimitedAction.objects.create(action=action, key=key, at=now)
    return True
