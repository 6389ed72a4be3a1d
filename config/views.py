"""Site-wide pages: the home page, the statements in the footer, and the error pages."""

import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import engines
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
    """The database cannot be reached: say so with a 503. Rendered straight from the Jinja2
    environment, without context processors, so that nothing on the page needs the database
    (no signed-in user, no session-backed messages)."""
    request.user = AnonymousUser()
    template = engines["jinja2"].env.get_template("errors/503.jinja")
    html = template.render(request=request, title="Sorry, the service is unavailable", messages=[])
    return HttpResponse(html, status=503, headers={"Retry-After": "10"})
