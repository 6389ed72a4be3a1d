"""Site-wide request and response rules that belong to no one app.

- RequestSizeLimitMiddleware refuses a request body over the limit from its Content-Length,
  before anything reads it (the CSRF check would otherwise parse, and spool to a temporary
  file, a multipart body of any size). Large uploads are allowed only on the pages named in
  LARGE_REQUEST_URLS, to signed-in users. The reverse proxy should refuse them first
  (docs/deployment.md: nginx client_max_body_size).
- PrivatePagesNoStoreMiddleware sends Cache-Control: no-store on every page served to a
  signed-in user: each shows who is signed in, and the pages behind sign-in are the ones with
  personal or unpublished data (mentoring applications, matches, people, concerns, enquiries,
  referrals, survey analysts' pages). Public pages seen anonymously keep their own caching."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty


def _body_limit(request) -> int:
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if name in settings.LARGE_REQUEST_URLS and _signed_in(request, load=True):
        return settings.LARGE_REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES


def _signed_in(request, *, load: bool) -> bool:
    """Whether the request is from a signed-in user. With load=False only a user already
    looked up counts (no query of its own); database trouble counts as not signed in."""
    user = getattr(request, "user", None)
    if user is None:
        return False
    if not load and getattr(user, "_wrapped", None) is empty:
        return False
    try:
        return bool(user.is_authenticated)
    except DatabaseError:
        return False


def too_large(request, status: int = 413):
    response = render(
        request,
        "errors/413.jinja",
        {
            "title": "The file or form you sent is too large"
            if status == 413
            else "Sorry, there is a problem with the request",
            "limit_mb": max(1, _body_limit(request) // (1024 * 1024)),
            "length_required": status == 411,
        },
        status=status,
    )
    # The unread body stays on the connection: close it rather than read it.
    response["Connection"] = "close"
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            # A body without a length could be of any size: 411 Length Required.
            return too_large(request, status=411)
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return too_large(request, status=400)
        if length > _body_limit(request):
            return too_large(request)
        return None


class PrivatePagesNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request, load=False):
            add_never_cache_headers(response)
        return response
