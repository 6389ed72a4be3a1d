"""The database goes away: with load running against `make serve`, PostgreSQL (the private
cluster) is stopped and started again. Shows that while it is down the pages that need it answer
503 with the
"service unavailable" page and no stack trace; that the portal serves normally again soon after
the database is back, without restarting it; and that nothing submitted before the outage is lost.

    .venv/bin/python bench/outage.py [--clients 10] [--down-seconds 8]

Loopback only; stops by itself. Needs the private cluster (not DATABASE_URL).
Prints a timeline and one name=value line; exits non-zero if a promise is broken.
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, MakeServe, summary_line  # noqa: E402
from bench.load import Client, self_referral_fields  # noqa: E402

PAGES = [
    "/pathways/",
    "/pathways/roles/clinical-psychologist/",
    "/pathways/map/",
    "/careers/",
    "/mentoring/",
    "/referrals/new/",
]


def db(action):
    subprocess.run([str(ROOT / "scripts/db.sh"), action], check=True, capture_output=True)


def count_referrals(emails):
    """Referrals stored for the given addresses, read straight from PostgreSQL."""
    bindir = subprocess.run(
        [str(ROOT / "scripts/pg_bin.sh")], capture_output=True, text=True, check=True
    ).stdout.strip()
    values = ",".join("'" + e.replace("'", "''") + "'" for e in emails) or "''"
    out = subprocess.run(
        [
            f"{bindir}/psql",
            "-h",
            str(ROOT / ".pgdata/run"),
            "-U",
            "postgres",
            "-d",
            "portal",
            "-tAc",
            f"select count(*) from referrals_referral where email in ({values})",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--down-seconds", type=float, default=8)
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL"):
        sys.exit("outage.py restarts the private cluster; unset DATABASE_URL.")

    events = []  # (time, kind, status, body_ok)
    submitted = []  # emails of referrals confirmed (302) by the portal
    lock = threading.Lock()
    stop = threading.Event()

    def worker(n):
        client = Client(server.url)
        while not stop.is_set():
            trainee = n == 0 and random.random() < 0.5
            path = "/referrals/new/ (POST)" if trainee else random.choice(PAGES)
            started = time.monotonic()
            try:
                if trainee:
                    fields = self_referral_fields(f"outage-{n}")
                    status, body = client.post_form("/referrals/new/", fields)
                    if status == 302:
                        with lock:
                            submitted.append((started, fields["email"]))
                else:
                    status, body = client.request("GET", path)
            except Exception:  # noqa: BLE001 - counted as a failed request
                status, body = 0, b""
            clean = b"Traceback" not in body and b"psycopg" not in body
            unavailable = status == 503 and b"Sorry, the service is unavailable" in body
            with lock:
                events.append((started, status, clean, unavailable, path))
            time.sleep(random.uniform(0.05, 0.2))

    with MakeServe() as server:
        print(f"make serve on {server.url}; {args.clients} clients")
        threads = [
            threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(8)
        stopping_at = time.monotonic()
        db("stop")  # a fast shutdown: sessions ended, then a checkpoint
        down_at = time.monotonic()
        print(f"  0.0 s  PostgreSQL stopped (the shutdown took {down_at - stopping_at:.1f} s)")
        time.sleep(args.down_seconds)
        starting_at = time.monotonic()
        db("start")  # returns once PostgreSQL accepts connections (polled each second)
        up_at = time.monotonic()
        print(f"  {up_at - down_at:6.1f} s  PostgreSQL started again")
        time.sleep(10)
        stop.set()
        for thread in threads:
            thread.join(10)

    before = [e for e in events if e[0] < stopping_at]
    during = [e for e in events if down_at <= e[0] < starting_at]
    after = [e for e in events if e[0] >= up_at]
    ok_before = sum(1 for e in before if e[1] in (200, 302))
    unavailable_during = sum(1 for e in during if e[3])
    # Pages that need no database (the blank self-referral form) may still be served.
    served_during = {}
    for e in during:
        if not e[3]:
            served_during[(e[1], e[4])] = served_during.get((e[1], e[4]), 0) + 1
    failed_during = sum(n for (status, _), n in served_during.items() if status not in (200, 302))
    first_ok = min((e[0] for e in after if e[1] in (200, 302)), default=None)
    last_bad = max((e[0] for e in after if e[1] not in (200, 302)), default=up_at)
    recovery = (max(first_ok, last_bad) - up_at) if first_ok else float("inf")
    traces = sum(1 for e in events if not e[2])
    before_outage = [email for t, email in submitted if t < stopping_at]
    stored = count_referrals([email for _, email in submitted])
    stored_before = count_referrals(before_outage)

    print(f"before the outage: {ok_before}/{len(before)} requests served")
    print(f"while down: {unavailable_during}/{len(during)} answered 503 'service unavailable'")
    for (status, path), n in sorted(served_during.items()):
        print(f"    and {n} x {status} for {path}")
    print(
        f"after restart: normal service {recovery:.2f} s after PostgreSQL was back"
        f" ({len(after)} requests after)"
    )
    print(f"stack traces shown: {traces}")
    print(
        f"self-referrals confirmed: {len(submitted)} ({len(before_outage)} before the outage);"
        f" stored: {stored}; of those before the outage stored: {stored_before}"
    )
    summary_line(
        requests=len(events),
        down_s=args.down_seconds,
        during=len(during),
        unavailable_503=unavailable_during,
        errors_during=failed_during,
        recovery_s=recovery,
        traces=traces,
        referrals_confirmed=len(submitted),
        referrals_stored=stored,
        lost=len(submitted) - stored,
    )
    ok = (
        unavailable_during > 0
        and failed_during == 0
        and recovery <= 5
        and traces == 0
        and stored == len(submitted)
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
