"""Site-wide pages: the home page, the statements in the footer, and the error pages."""

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
    return _error(request, 500, "Sorry, there is a problem with the service", "errors/500.jinja")
