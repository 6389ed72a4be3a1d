"""Sign-in throttling on top of django-axes.

- Failures count per (email address, client address) pair: five wrong passwords from one place
  lock that account from that place only, so an attacker cannot lock the real user out from
  everywhere (AXES_LOCKOUT_PARAMETERS).
- Failures also count per client address across every account: one client trying many accounts
  is stopped after SIGN_IN_ADDRESS_FAILURE_LIMIT failures within the cool-off.
- The email address is counted under one spelling (accounts.models.normalise_email), whichever
  form it came through: the portal's sign-in page or the admin's.
- The client address comes from config.client (X-Forwarded-For behind PROXY_COUNT proxies)."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from accounts.models import normalise_email


def attempted_email(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the email address tried, in its one spelling."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get(field)
    return normalise_email(value) if value else value


def address_failures(ip_address: str | None) -> int:
    """Failed sign-ins from this client address within the cool-off, all accounts together."""
    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class SignInThrottle(AxesDatabaseHandler):
    """The axes database handler with a second, address-wide limit."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        ip_address = getattr(request, "axes_ip_address", None)
        return address_failures(ip_address) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if address_failures(request.axes_ip_address) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials


__all__ = ["SignInThrottle", "address_failures", "attempted_email"]
