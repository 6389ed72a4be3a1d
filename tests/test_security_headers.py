"""Security headers and the Content-Security-Policy on every kind of page, checked against the
production-like server (gunicorn as `make serve` runs it, DEBUG off: tests/servers.py).

The server runs behind a pretend TLS proxy (BEHIND_PROXY, `X-Forwarded-Proto: https`), as in
production, so that HSTS is sent; one server for the whole test, one request per page kind."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass

import pytest
from django.test import Client, override_settings

from tests import servers
from tests.factories import PASSWORD, server_user
from tests.world import build_world

HTML_PAGES = "text/html"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def header(self, name) -> str:
        return self.headers.get(name, "")


class Browser:
    """Plain HTTP to the server, as if through the TLS proxy; a session cookie if signed in."""

    def __init__(self, base: str, session: str | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {"sessionid": session} if session else {}

    def request(self, method, path, data=None) -> Answer:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": f"{self.host}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = Answer(
            response.status, response.headers, response.read().decode("utf-8", "replace")
        )
        connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer

    def get(self, path) -> Answer:
        return self.request("GET", path)

    def post_form(self, path, data) -> Answer:
        """GET the form (for the CSRF cookie and token), then POST it."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **data})


def session_for(user) -> str:
    """A database session for `user`, signed with the server's secret key."""
    with override_settings(SECRET_KEY=servers.SECRET):
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def header_problems(answer: Answer, *, html: bool, no_store: bool, nonce: bool) -> list[str]:
    """What is wrong with a response's headers. `nonce`: the page is built on base.jinja,
    whose NHS.UK scripts carry the CSP nonce; other responses (the admin, downloads, JSON,
    redirects) allow no inline script at all: script-src 'self' alone."""
    problems = []

    def expect(name, wanted):
        if answer.header(name) != wanted:
            problems.append(f"{name}: {answer.header(name)!r}, wanted {wanted!r}")

    expect("X-Content-Type-Options", "nosniff")
    expect("Referrer-Policy", "same-origin")
    expect("X-Frame-Options", "DENY")
    expect("Cross-Origin-Opener-Policy", "same-origin")
    hsts = answer.header("Strict-Transport-Security")
    match = re.search(r"max-age=(\d+)", hsts)
    if not (match and int(match.group(1)) >= 31_536_000 and "includeSubDomains" in hsts):
        problems.append(f"Strict-Transport-Security: {hsts!r}")
    csp = csp_directives(answer.header("Content-Security-Policy"))
    if not csp:
        problems.append("no Content-Security-Policy")
    else:
        scripts = csp.get("script-src", [])
        has_nonce = any(source.startswith("'nonce-") for source in scripts)
        if "'self'" not in scripts or (nonce and not has_nonce) or len(scripts) > 2:
            problems.append(f"script-src {scripts}")
        for directive, sources in csp.items():
            if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources:
                problems.append(f"{directive} allows {sources}")
        for directive, wanted in [
            ("frame-ancestors", ["'none'"]),
            ("object-src", ["'none'"]),
            ("base-uri", ["'self'"]),
            ("default-src", ["'self'"]),
            ("form-action", ["'self'"]),
        ]:
            if csp.get(directive) != wanted:
                problems.append(f"{directive} {csp.get(directive)}, wanted {wanted}")
        if html:
            nonce = next((s[7:-1] for s in scripts if s.startswith("'nonce-")), None)
            for tag in re.findall(r"<script\b[^>]*>", answer.body):
                if "src=" not in tag and f'nonce="{nonce}"' not in tag:
                    problems.append(f"inline script without the page's nonce: {tag}")
                if re.search(r'src="(?:https?:)?//', tag):
                    problems.append(f"script from another origin: {tag}")
            if re.search(
                r"\son[a-z]+\s*=", re.sub(r"<script.*?</script>", "", answer.body, flags=re.S)
            ):
                problems.append("an inline event handler attribute")
            if re.search(r'\sstyle="', answer.body):
                problems.append("an inline style attribute")
    if no_store and "no-store" not in answer.header("Cache-Control"):
        problems.append(f"Cache-Control: {answer.header('Cache-Control')!r}, wanted no-store")
    return problems


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_page_sends_the_security_headers_and_the_csp():
    world = build_world()
    server_user(email="signs-in@example.org")
    with servers.gunicorn(BEHIND_PROXY="true") as base:
        anonymous = Browser(base)
        as_user = {kind: Browser(base, session_for(user)) for kind, user in world.users.items()}
        role, wave, scheme = world.role, world.wave, world.scheme_a
        referral = world.referral.reference
        # (who, method, path, form data, expected status, content type, must be no-store)
        pages = [
            ("home", anonymous, "/", 200, HTML_PAGES),
            ("career map", anonymous, "/pathways/", 200, HTML_PAGES),
            ("role page", anonymous, f"/pathways/roles/{role.slug}/", 200, HTML_PAGES),
            ("map", anonymous, "/pathways/map/", 200, HTML_PAGES),
            ("route finder", anonymous, "/pathways/routes/", 200, HTML_PAGES),
            ("aspirations", anonymous, "/careers/", 200, HTML_PAGES),
            ("wave report", anonymous, f"/careers/waves/{wave.slug}/", 200, HTML_PAGES),
            ("mentoring", anonymous, "/mentoring/", 200, HTML_PAGES),
            ("scheme", anonymous, f"/mentoring/{scheme.slug}/", 200, HTML_PAGES),
            ("referrals about", anonymous, "/referrals/about/", 200, HTML_PAGES),
            ("self-referral form", anonymous, "/referrals/new/", 200, HTML_PAGES),
            ("sign-in", anonymous, "/accounts/sign-in/", 200, HTML_PAGES),
            (
                "role editor's admin",
                as_user["role_editor"],
                "/admin/pathways/role/",
                200,
                HTML_PAGES,
            ),
            ("analyst's imports", as_user["survey_analyst"], "/careers/imports/", 200, HTML_PAGES),
            (
                "analyst's responses",
                as_user["survey_analyst"],
                f"/careers/waves/{wave.slug}/responses/",
                200,
                HTML_PAGES,
            ),
            (
                "leader's dashboard",
                as_user["scheme_leader"],
                f"/mentoring/{scheme.slug}/manage/",
                200,
                HTML_PAGES,
            ),
            ("caseload", as_user["careers_staff"], "/referrals/", 200, HTML_PAGES),
            ("referral", as_user["careers_staff"], f"/referrals/{referral}/", 200, HTML_PAGES),
            (
                "referral action",
                as_user["careers_staff"],
                f"/referrals/{referral}/triage/",
                200,
                HTML_PAGES,
            ),
            ("audit trail", as_user["careers_manager"], "/referrals/audit/", 200, HTML_PAGES),
            ("404 page", anonymous, "/no-such-page/", 404, HTML_PAGES),
            ("403 page", as_user["member"], "/careers/imports/", 403, HTML_PAGES),
            ("sign-in redirect", anonymous, "/referrals/log/", 302, None),
            ("map CSV", anonymous, "/pathways/export/roles.csv", 200, "text/csv"),
            (
                "report CSV",
                anonymous,
                f"/careers/waves/{wave.slug}/download/interest.csv",
                200,
                "text/csv",
            ),
            ("caseload CSV", as_user["careers_staff"], "/referrals/caseload.csv", 200, "text/csv"),
            (
                "dashboard CSV",
                as_user["scheme_leader"],
                f"/mentoring/{scheme.slug}/manage/dashboard.csv",
                200,
                "text/csv",
            ),
            ("map JSON", anonymous, "/pathways/export.json", 200, "application/json"),
            (
                "routes JSON",
                anonymous,
                "/pathways/routes.json?from=psychology-graduate&to=clinical-psychologist",
                200,
                "application/json",
            ),
        ]
        problems = []
        nonces = []
        for label, browser, path, status, content_type in pages:
            answer = browser.get(path)
            problems += _check(label, path, answer, status, content_type)
            if "'nonce-" in answer.header("Content-Security-Policy"):
                nonces.append(answer.header("Content-Security-Policy"))
        # Forms with errors (each GET first for its CSRF token).
        for label, browser, path, data in [
            ("self-referral with errors", anonymous, "/referrals/new/", {"name": ""}),
            (
                "sign-in with errors",
                anonymous,
                "/accounts/sign-in/",
                {"username": "x@example.org", "password": "no"},
            ),
            (
                "log with errors",
                as_user["careers_staff"],
                "/referrals/log/",
                {"email": "not an email"},
            ),
        ]:
            answer = browser.post_form(path, data)
            problems += _check(label, path, answer, 200, HTML_PAGES)
            if "Error: " not in answer.body:
                problems.append(f"{label}: not the page with errors")
        # A real sign-in: the session cookie is HttpOnly and SameSite=Lax.
        browser = Browser(base)
        answer = browser.post_form(
            "/accounts/sign-in/", {"username": "signs-in@example.org", "password": PASSWORD}
        )
        session_cookie = next(
            (c for c in answer.headers.get_all("Set-Cookie") or [] if c.startswith("sessionid=")),
            "",
        )
        if answer.status != 302 or not re.search(r"(?i)httponly", session_cookie):
            problems.append(f"sign-in: {answer.status}, session cookie {session_cookie!r}")
        elif "samesite=lax" not in session_cookie.lower():
            problems.append(f"session cookie not SameSite=Lax: {session_cookie!r}")
        problems += _check("signed in home", "/", browser.get("/"), 200, HTML_PAGES)
    assert not problems, "\n".join(problems)
    assert len(nonces) >= 20 and len(set(nonces)) == len(nonces), "a fresh nonce each time"


def _check(label, path, answer, status, content_type) -> list[str]:
    found = []
    if answer.status != status:
        found.append(f"status {answer.status}, wanted {status}")
    if content_type and not answer.header("Content-Type").startswith(content_type):
        found.append(f"Content-Type {answer.header('Content-Type')!r}")
    if content_type in ("text/csv",) and "attachment" not in answer.header("Content-Disposition"):
        found.append("a download not sent as an attachment")
    no_store = path.startswith("/referrals/") or content_type == "text/csv"
    html = content_type == HTML_PAGES
    found += header_problems(
        answer, html=html, no_store=no_store, nonce=html and not path.startswith("/admin/")
    )
    if "Traceback" in answer.body:
        found.append("a stack trace in the page")
    return [f"{label} ({path}): {problem}" for problem in found]
