"""Site-wide pages: the home page, the statements in the footer, and the error pages."""

import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "home.jinja", {"title": "Mental health careers in the NHS"})


@require_safe
def accessibility(request):
    return render(request, "accessibility.jinja", {"title": "Accessibility statement"})


@require_safe
def privacy(request):
    return render(request, "privacy.jinja", {"title": "Privacy notice"})


def _error(request, status, title, template):
    return render(request, template, {"title": title}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Sorry, there is a problem with the request", "errors/400.jinja")


def permission_denied(request, exception=None):
    return _error(request, 403, "You do not have permission to see this page", "errors/403.jinja")


def page_not_found(request, exception=None):
    return _error(request, 404, "Page not found", "errors/404.jinja")


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    try:
        return _error(
            request, 500, "Sorry, there is a problem with the service", "errors/500.jinja"
        )
    except Exception:
        # The page shell itself failed: answer plainly rather than not at all.
        return HttpResponseServerError(
            "Sorry, there is a problem with the service.", content_type="text/plain"
        )


def service_unavailable(request):
    """The database cannot be reached: say so with a 503, rendering nothing that needs it."""
    request.user = AnonymousUser()
    request._messages = []
    response = _error(request, 503, "Sorry, the service is unavailable", "errors/503.jinja")
    response["Retry-After"] = "10"
    return response
