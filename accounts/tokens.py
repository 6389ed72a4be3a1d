"""Links sent by email: confirming an account, confirming a new address, resetting a password.
Each is Django's token generator with its own salt, so a token for one purpose is worthless for
another; each stops working once used (the state it hashes changes) and after
`settings.ACCOUNT_LINK_DAYS` days."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode


class _Generator(PasswordResetTokenGenerator):
    def __init__(self, salt: str):
        super().__init__()
        self.key_salt = f"accounts.tokens.{salt}"

    @property
    def timeout(self):  # read at check time, so tests and settings can change it
        return settings.ACCOUNT_LINK_DAYS * 24 * 3600

    @timeout.setter
    def timeout(self, value):  # PasswordResetTokenGenerator.__init__ assigns it
        pass

    def _make_hash_value(self, user, timestamp):
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0)
        return (
            f"{user.pk}{user.password}{login}{timestamp}{user.email}{user.pending_email}"
            f"{user.is_active}{user.confirmed_at}"
        )

    def is_expired(self, token: str) -> bool:
        """True when the token is well formed but older than the timeout."""
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return (self._num_seconds(self._now()) - ts) > self.timeout

    def check(self, user, token: str) -> bool:
        return user is not None and bool(token) and self.check_token(user, token)


confirm_account = _Generator("confirm-account")
confirm_email = _Generator("confirm-email")
reset_password = _Generator("reset-password")


def uid_for(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_for(uidb64: str):
    from accounts.models import User

    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, deleted_at__isnull=True).first()
