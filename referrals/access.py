"""Who may see referral data: members of the careers staff group, and nobody else.

Superusers are not let in by their flag alone: referral data is special-category data, so
an administrator who needs it joins the careers staff group like anyone else (and that
membership is itself visible in the admin).

This module imports no referral model (`referrals.models` asks it who may see what): the
manager flag is read through the user's `referrals_profile` relation."""

from django.contrib.auth import get_user_model

from accounts import roles


def is_careers_staff(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_referrals_careers_staff", None)
    if cached is None:
        cached = user.groups.filter(name=roles.CAREERS_STAFF).exists()
        user._referrals_careers_staff = cached
    return cached


def is_referrals_manager(user) -> bool:
    """Careers staff with the manager flag (AdviserProfile.is_manager) read the audit trail."""
    if not is_careers_staff(user):
        return False
    cached = getattr(user, "_referrals_manager", None)
    if cached is None:
        cached = (
            get_user_model().objects.filter(pk=user.pk, referrals_profile__is_manager=True).exists()
        )
        user._referrals_manager = cached
    return cached
