"""Permission helpers for views: anonymous visitors go to sign-in, the signed-in without the
role get the 403 page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(*group_names):
    """Allow superusers and members of any of the named staff groups."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(user.in_group(name) for name in group_names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
