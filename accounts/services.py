"""Self-service accounts: registering, confirming, resetting a password, changing the address,
downloading one's data and deleting the account. Every email goes through the outbox in the
same transaction as the change. No answer says whether an address has an account: the callers
show the same page whatever these functions find.

Other apps hold data about members too. Each may have a `personal_data` module with
`export(user) -> dict[str, list[dict]]`, `refusals(user) -> list[str]` (why the account cannot
be deleted now) and `erase(user)` (remove personal details, keep anonymised records); they are
found the way `load_demo` finds demo modules, so accounts imports no other app.

Registering, asking for a link and changing the address are limited per client (network
address) and per address, an hour at a time (accounts.limits): over the client's limit the
service raises `RateLimited` and the page says so; over the address's it sends nothing and the
caller shows the same page, so the limit reveals nothing about the address. A caller with no
client (the demo, a command) is not limited."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse

from accounts import limits, mail, roles, tokens
from accounts.models import User
from config import clock
from config.app_modules import app_modules
from config.member_data import iso
from config.rules import RuleBroken


class AccountRefused(RuleBroken):
    """A self-service change the rules do not allow; the message is written for the member."""


def _within_limits(action: str, *, client: str, email: str | None = None) -> bool:
    """Count one use of `action` by `client` (and `email`, when given). Raises RateLimited
    over the client's limit; False over the address's (send nothing, answer the same). Counted
    in their own transaction, before the change's, so a refused use is still counted."""
    if not client:
        return True
    limits.require(
        f"{action}:client",
        client,
        limit=settings.ACCOUNT_LIMIT_PER_CLIENT,
        message="You have asked too many times. Wait an hour and try again.",
    )
    if email is None:
        return True
    return limits.allow(f"{action}:address", email, limit=settings.ACCOUNT_LIMIT_PER_ADDRESS)


def _normalise(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def _find(email: str) -> User | None:
    return User.objects.filter(email__iexact=_normalise(email), deleted_at__isnull=True).first()


# --- Links ----------------------------------------------------------------------------------


def _token_link(url_name: str, generator, user: User) -> str:
    """A link that works once: the page `url_name` with the account's id and a token from
    `generator` (accounts.tokens)."""
    return reverse(url_name, args=[tokens.uid_for(user), generator.make_token(user)])


def _send_confirmation(user: User) -> None:
    mail.send(
        to=user.email,
        subject="Confirm your email address",
        paragraphs=[
            "You (or someone using your address) created an account on the mental health "
            "careers portal.",
            "Follow the link to confirm your address and start using your account. The link "
            f"works once, for {_days()}. If you did not ask for an account, ignore this email.",
        ],
        link=_token_link("accounts:confirm", tokens.confirm_account, user),
        link_text="Confirm your email address",
        category="account",
    )


def _days() -> str:
    from django.conf import settings

    days = settings.ACCOUNT_LINK_DAYS
    return f"{days} day{'s' if days != 1 else ''}"


def _send_already_registered(user: User) -> None:
    mail.send(
        to=user.email,
        subject="You already have an account",
        paragraphs=[
            "Someone tried to create an account on the mental health careers portal with "
            "this address, which already has one.",
            "If it was you, sign in, or reset your password if you have forgotten it. If not, "
            "you need do nothing: your account has not changed.",
        ],
        link=reverse("accounts:password-reset"),
        link_text="Reset your password",
        category="account",
    )


# --- Registering and confirming -------------------------------------------------------------


def account_register(
    *, email: str, password: str, full_name: str = "", client: str = ""
) -> User | None:
    """Create an inactive account and email its confirmation link. If the address already has
    an account, that account's owner is told instead, and nothing changes (the caller shows
    the same page either way). Staff roles are never given here."""
    if not _within_limits("register", client=client, email=email):
        return None
    email = _normalise(email)
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None:
            if existing.deleted_at is None:
                if existing.is_active or existing.confirmed_at:
                    _send_already_registered(existing)
                else:
                    _send_confirmation(existing)
            return None
        user = User(
            email=email, full_name=full_name.strip(), is_active=False, date_joined=clock.now()
        )
        validate_password(password, user)
        user.set_password(password)
        user.save()
        _send_confirmation(user)
    return user


def _link_account(uidb64: str, *, lock: bool) -> User | None:
    """The account a link names, locked for the change that follows when `lock`."""
    user = tokens.user_for(uidb64)
    if user is not None and lock:
        user = User.objects.select_for_update().get(pk=user.pk)
    return user


def account_confirm_user(*, uidb64: str, token: str, lock: bool = False) -> User:
    """The account a confirmation link is for, without acting on it (the page a link opens
    asks for a press of a button first, so a mail scanner that opens links ahead of the reader
    does not use it up); refused when the link is expired or used."""
    user = _link_account(uidb64, lock=lock)
    if not tokens.confirm_account.check(user, token):
        raise AccountRefused(_link_refusal(tokens.confirm_account, token))
    return user


def account_confirm(*, uidb64: str, token: str) -> User:
    """Activate the account the link names; refused when the link is expired or used."""
    with transaction.atomic():
        user = account_confirm_user(uidb64=uidb64, token=token, lock=True)
        user.is_active = True
        user.confirmed_at = clock.now()
        user.save(update_fields=["is_active", "confirmed_at"])
    return user


def _link_refusal(generator, token: str) -> str:
    if generator.is_expired(token):
        return "This link has expired."
    return "This link has already been used or is not valid."


def confirmation_resend(*, email: str, client: str = "") -> None:
    """Send a new confirmation link if the address has an unconfirmed account."""
    if not _within_limits("confirm-resend", client=client, email=email):
        return
    with transaction.atomic():
        user = _find(email)
        if user is not None and not user.is_active and not user.confirmed_at:
            _send_confirmation(user)


# --- Accounts an administrator makes -------------------------------------------------------
# Staff accounts are made by operators, not by sign-up: the first administrator with
# `manage.py createsuperuser`, everyone else by an administrator on the Django admin's "add
# user" page, which calls `account_create` (as the demo does).


def _require_admin(by: User) -> None:
    if not (by.is_active and (by.is_superuser or by.has_perm("accounts.add_user"))):
        raise AccountRefused("Only administrators make accounts and give staff roles.")


def account_create(
    *,
    by: User,
    email: str,
    full_name: str,
    password: str | None = None,
    staff_roles: Sequence[str] = (),
) -> User:
    """An administrator makes a confirmed account for someone, with the staff roles given.
    Without a password the account has an unusable one (it cannot sign in with a password)."""
    _require_admin(by)
    email = _normalise(email)
    with transaction.atomic():
        refusal = account_create_refusal(email=email, lock=True)
        if refusal:
            raise AccountRefused(refusal)
        now = clock.now()
        user = User(email=email, full_name=full_name.strip(), date_joined=now, confirmed_at=now)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        for role in staff_roles:
            _grant(user, role)
    return user


def account_create_refusal(*, email: str, lock: bool = False) -> str | None:
    """Why an account cannot be made for `email` (one exists already, in any letter case), or
    None; the admin's add-user form asks this before it calls `account_create`."""
    accounts = User.objects.filter(email__iexact=_normalise(email))
    if (accounts.select_for_update() if lock else accounts).exists():
        return "An account with this email address exists already."
    return None


def _grant(user: User, role: str) -> None:
    if role not in roles.STAFF_ROLES:
        raise AccountRefused(f"{role} is not a staff role.")
    # get_or_create: the groups come from a data migration, which a flushed database lacks.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if role == roles.ROLE_EDITORS and not user.is_staff:
        # Role editors work in the Django admin, which needs is_staff.
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def staff_role_grant(*, by: User, user: User, role: str) -> User:
    """Give an account one of the staff roles (`accounts.roles.STAFF_ROLES`)."""
    _require_admin(by)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _grant(user, role)
    return user


# --- Passwords ------------------------------------------------------------------------------


def password_reset_request(*, email: str, client: str = "") -> None:
    """Email a reset link if the address has a confirmed account; nothing otherwise."""
    if not _within_limits("password-reset", client=client, email=email):
        return
    with transaction.atomic():
        user = _find(email)
        if user is None or not user.is_active or not user.has_usable_password():
            return
        link = _token_link("accounts:password-reset-confirm", tokens.reset_password, user)
        mail.send(
            to=user.email,
            subject="Reset your password",
            paragraphs=[
                "Someone asked to reset the password of your account on the mental health "
                "careers portal.",
                f"Follow the link to choose a new password. It works once, for {_days()}. If "
                "you did not ask, ignore this email: your password has not changed.",
            ],
            link=link,
            link_text="Choose a new password",
            category="account",
        )


def password_reset_user(*, uidb64: str, token: str) -> User:
    """The account a reset link is for; refused when the link is expired or used."""
    user = tokens.user_for(uidb64)
    if user is None or not user.is_active or not tokens.reset_password.check(user, token):
        raise AccountRefused(_link_refusal(tokens.reset_password, token))
    return user


def password_set(*, user: User, password: str, reason: str) -> User:
    """Set a new password (already validated by the form) and tell the account's owner."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        mail.send(
            to=user.email,
            subject="Your password has changed",
            paragraphs=[
                f"The password of your account on the mental health careers portal was {reason}.",
                "If you did not do this, reset your password now and tell the careers team.",
            ],
            link=reverse("accounts:password-reset"),
            link_text="Reset your password",
            category="account",
        )
    return user


# --- Changing the address -------------------------------------------------------------------


def email_change_request(*, by: User, new_email: str, client: str = "") -> None:
    """Send a confirmation link to the new address; the address changes when it is followed.
    If the new address has an account already, nothing is sent to it (and the page says the
    same thing), so this cannot be used to find out who has an account."""
    _within_limits("email-change", client=client)
    new_email = _normalise(new_email)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=by.pk)
        if new_email == user.email:
            raise AccountRefused("This is already your email address.")
        user.pending_email = new_email
        user.save(update_fields=["pending_email"])
        if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
            return
        link = _token_link("accounts:email-confirm", tokens.confirm_email, user)
        mail.send(
            to=new_email,
            subject="Confirm your new email address",
            paragraphs=[
                "You asked to change the email address of your account on the mental health "
                "careers portal to this one.",
                f"Follow the link to confirm it. It works once, for {_days()}.",
            ],
            link=link,
            link_text="Confirm your new email address",
            category="account",
        )
        mail.send(
            to=user.email,
            subject="A change of email address was asked for",
            paragraphs=[
                f"Someone signed in to your account asked to change its address to {new_email}. "
                "It changes only when the link sent there is followed.",
                "If this was not you, change your password now.",
            ],
            link=reverse("accounts:account"),
            link_text="Your account",
            category="account",
        )


def email_change_user(*, uidb64: str, token: str, lock: bool = False) -> User:
    """The account a new-address link is for, without acting on it (as for
    `account_confirm_user`); refused when the link is expired or used."""
    user = _link_account(uidb64, lock=lock)
    if not user or not user.pending_email or not tokens.confirm_email.check(user, token):
        raise AccountRefused(_link_refusal(tokens.confirm_email, token))
    return user


def email_change_confirm(*, uidb64: str, token: str) -> User:
    """Change the account's address to the new one the link confirms."""
    with transaction.atomic():
        user = email_change_user(uidb64=uidb64, token=token, lock=True)
        if User.objects.filter(email__iexact=user.pending_email).exclude(pk=user.pk).exists():
            raise AccountRefused("This address is not available. Choose another one.")
        user.email, user.pending_email = user.pending_email, ""
        user.save(update_fields=["email", "pending_email"])
    return user


# --- Preferences ----------------------------------------------------------------------------


def email_preferences_set(*, by: User, wanted: list[str]) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=by.pk)
        user.email_opt_outs = sorted(mail.OPTIONAL_KEYS - set(wanted))
        user.save(update_fields=["email_opt_outs"])
    return user


# --- Your data, and deleting the account ----------------------------------------------------


def _providers():
    return app_modules("personal_data")  # accounts has none: its part is below


def account_export(*, by: User) -> dict[str, list[dict]]:
    """Everything the portal holds about this member, by section."""
    data = {
        "account": [
            {
                "email": by.email,
                "full_name": by.full_name,
                "date_joined": by.date_joined.isoformat(),
                "confirmed_at": iso(by.confirmed_at),
                "last_login": iso(by.last_login),
                "pending_email": by.pending_email,
                "emails_turned_off": ", ".join(by.email_opt_outs),
                "staff_roles": ", ".join(by.groups.values_list("name", flat=True)),
            }
        ]
    }
    for provider in _providers():
        data.update(provider.export(by))
    return data


def account_deletion_refusals(*, by: User) -> list[str]:
    reasons = []
    if by.is_superuser:
        reasons.append("Administrator accounts are removed by another administrator.")
    for provider in _providers():
        reasons.extend(provider.refusals(by))
    return reasons


def account_delete(*, by: User) -> None:
    """Remove the member's personal details; their records stay only in anonymised form."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=by.pk)
        reasons = account_deletion_refusals(by=user)
        if reasons:
            raise AccountRefused(" ".join(reasons))
        goodbye_to = user.email
        for provider in _providers():
            provider.erase(user)
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.full_name = ""
        user.pending_email = ""
        user.email_opt_outs = []
        user.is_active = False
        user.is_staff = False
        user.deleted_at = clock.now()
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        mail.send(
            to=goodbye_to,
            subject="Your account has been deleted",
            paragraphs=[
                "Your account on the mental health careers portal has been deleted, as you "
                "asked. Your personal details have been removed, and your places on workshops to "
                "come given up; what remains of your mentoring and workshop records is kept "
                "without your name, for the figures.",
            ],
            category="account",
        )
