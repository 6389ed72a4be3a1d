"""What every referral page shares: who may see it, the breadcrumb home, a plan."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from config.breadcrumbs import section
from referrals.access import is_careers_staff, is_referrals_manager
from referrals.models import SupportPlan


def careers_staff_required(view):
    """Anonymous visitors go to sign-in; signed-in users who are not careers staff get 403,
    or 404 on a page for one referral, exactly as for a reference that does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_careers_staff(request.user):
            if "reference" in kwargs:
                raise Http404("No such referral")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_referrals_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


CASELOAD = section("referrals:index", "Careers support")


def plan_of(referral):
    """A referral's support plan, or None."""
    try:
        return referral.plan
    except SupportPlan.DoesNotExist:
        return None
