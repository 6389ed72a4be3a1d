import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last request's time is written to the session at most this often: writing it on every
# request made every signed-in page (the caseload, say) a database write and a commit. A
# session therefore ends after between SESSION_IDLE_SECONDS minus this and SESSION_IDLE_SECONDS
# without a request: never later than the limit.
LAST_SEEN_REFRESH_SECONDS = 30


class StaffSessionLimitMiddleware:
    """Ends a signed-in session after SESSION_IDLE_SECONDS without a request and
    SESSION_MAX_SECONDS after sign-in, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.SESSION_IDLE_SECONDS
            too_long = now - signed_in_at > settings.SESSION_MAX_SECONDS
            if idle or too_long:
                logout(request)
                messages.info(request, "You were signed out to keep the portal secure.")
                return redirect_to_login(request.get_full_path())
            if SIGNED_IN_AT not in session:
                session[SIGNED_IN_AT] = now
            if LAST_SEEN_AT not in session or now - last_seen_at >= LAST_SEEN_REFRESH_SECONDS:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)
