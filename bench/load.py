"""Load test: 50 concurrent clients for 60 seconds against `make serve`, on loopback only.

A realistic mix: graduates using the role directory, search, role pages, the map and the route
finder; careers staff on their caseload; trainees submitting self-referrals. Each client waits
0.5-1.5 s between requests, as a person does. The minimal page (the accessibility statement:
the page shell with no database work) is requested in the same mix as the stack's floor.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--url http://127.0.0.1:8000]

Without --url it starts `make serve` itself on a free port (the private cluster, demo data).
Prints per-page requests/s, p50, p95, p99 and errors, then one name=value line.
"""

import argparse
import http.client
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import MakeServe, percentile, summary_line  # noqa: E402

ROLE_SLUGS = [
    "assistant-psychologist",
    "psychological-wellbeing-practitioner",
    "cbt-therapist",
    "clinical-psychologist",
    "counselling-psychologist",
    "clinical-associate-in-psychology",
    "education-mental-health-practitioner",
    "mental-health-nurse",
    "peer-support-worker",
    "counsellor",
    "psychiatrist",
    "occupational-therapist",
]
SEARCHES = ["psychologist", "pyschologist", "talking therapies", "nurse", "children", "cbt"]
ROUTE_TARGETS = [
    "clinical-psychologist",
    "cbt-therapist",
    "counselling-psychologist",
    "clinical-associate-in-psychology",
    "psychological-wellbeing-practitioner",
]
GRADUATE_PAGES = {"directory", "search", "role", "map", "route"}
STAFF_EMAIL, PASSWORD = "careers@example.org", "demo-portal-2026"


class Client:
    """One keep-alive HTTP connection with its own cookies."""

    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, data

    def post_form(self, path, fields):
        status, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        fields = {**fields, "csrfmiddlewaretoken": token.group(1).decode() if token else ""}
        body = urllib.parse.urlencode(fields, doseq=True)
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}{path}",
            },
        )


def self_referral_fields(n):
    return {
        "name": f"Load Test {n}",
        "email": f"load-{n}-{random.randrange(10**9)}@example.net",
        "grade": "trainee_pp",
        "region": "london",
        "reasons": ["direction"],
        "help_wanted": "Which training route suits me after my PWP year?",
        "preferred_contact": "email",
        "privacy_consent": "on",
        "website": "",
    }


def run(base, clients, seconds):
    results = defaultdict(list)  # page -> [(ms, ok)]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    mix = [
        ("directory", 14),
        ("search", 14),
        ("role", 24),
        ("map", 8),
        ("route", 12),
        ("minimal", 6),
        ("caseload", 0),
        ("self_referral", 0),
    ]

    def graduate_request(client, page):
        if page == "directory":
            return client.request("GET", "/pathways/" + random.choice(["", "?page=2", "?entry=on"]))
        if page == "search":
            return client.request(
                "GET", "/pathways/?" + urllib.parse.urlencode({"q": random.choice(SEARCHES)})
            )
        if page == "role":
            return client.request("GET", f"/pathways/roles/{random.choice(ROLE_SLUGS)}/")
        if page == "map":
            return client.request("GET", "/pathways/map/")
        if page == "route":
            return client.request(
                "GET",
                "/pathways/routes/?"
                + urllib.parse.urlencode(
                    {"from": "psychology-graduate", "to": random.choice(ROUTE_TARGETS)}
                ),
            )
        return client.request("GET", "/accessibility/")

    def worker(kind):
        client = Client(base)
        if kind == "staff":
            client.post_form("/accounts/sign-in/", {"username": STAFF_EMAIL, "password": PASSWORD})
        while time.monotonic() < stop_at:
            if kind == "staff":
                page = "caseload"
            elif kind == "trainee":
                page = "self_referral"
            else:
                page = random.choices([m[0] for m in mix], [m[1] for m in mix])[0]
            started = time.perf_counter()
            try:
                if page == "caseload":
                    status, _ = client.request(
                        "GET",
                        random.choice(
                            ["/referrals/", "/referrals/?overdue=on", "/referrals/?state=received"]
                        ),
                    )
                    ok = status == 200
                elif page == "self_referral":
                    status, _ = client.post_form(
                        "/referrals/new/", self_referral_fields(next(counter))
                    )
                    ok = status in (200, 302)
                else:
                    status, _ = graduate_request(client, page)
                    ok = status == 200
            except Exception:  # noqa: BLE001 - a failed request is counted, not fatal
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[page].append((elapsed, ok))
            time.sleep(random.uniform(0.5, 1.5))

    # 50 clients: 42 graduates, 5 careers staff, 3 trainees referring themselves.
    kinds = ["staff"] * max(1, clients // 10) + ["trainee"] * max(1, clients // 16)
    kinds += ["graduate"] * (clients - len(kinds))
    threads = [threading.Thread(target=worker, args=(kind,), daemon=True) for kind in kinds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return results


def report(results, seconds):
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'page':<15}" + "".join(f"{c:>9}" for c in columns))
    figures = {}
    for page in sorted(results):
        times = [ms for ms, _ in results[page]]
        errors = sum(1 for _, ok in results[page] if not ok)
        p50, p95, p99 = (percentile(times, q) for q in (0.5, 0.95, 0.99))
        print(
            f"{page:<15}{len(times):>9}{len(times) / seconds:>8.1f}{p50:>9.1f}{p95:>9.1f}"
            f"{p99:>9.1f}{errors:>8}"
        )
        figures[page] = (len(times), p50, p95, p99, errors)
    total = sum(f[0] for f in figures.values())
    errors = sum(f[4] for f in figures.values())
    graduate_p95 = max((f[2] for p, f in figures.items() if p in GRADUATE_PAGES), default=0)
    print(
        f"\nTotal: {total} requests, {total / seconds:.1f} req/s, {errors} errors; "
        f"worst graduate-page p95 {graduate_p95:.1f} ms (target < 300 ms)"
    )
    minimal = figures.get("minimal", (0, 0, 0, 0, 0))
    summary_line(
        requests=total,
        rps=total / seconds,
        errors=errors,
        graduate_p95_ms=graduate_p95,
        minimal_p50_ms=minimal[1],
        minimal_p95_ms=minimal[2],
        **{f"{page}_p95_ms": f[2] for page, f in figures.items() if page != "minimal"},
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--url", help="an already running server (loopback only)")
    args = parser.parse_args()
    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("Load tests only target this machine (127.0.0.1/localhost).")
        report(run(args.url, args.clients, args.seconds), args.seconds)
        return
    with MakeServe() as server:
        print(f"make serve on {server.url}; {args.clients} clients for {args.seconds} s")
        report(run(server.url, args.clients, args.seconds), args.seconds)


if __name__ == "__main__":
    main()
