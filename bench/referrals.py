"""Benchmark for careers-support referrals: the caseload page query, the overdue filter, the
report, opening one referral, and concurrent self-referrals, on a scratch database of N
referrals in the private cluster (created and dropped here; never the portal database).

    .venv/bin/python bench/referrals.py [N]     (default 20000)

Ends with one line of name=value pairs."""

import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "referrals_bench"
os.environ["PGDATABASE_NAME"] = SCRATCH
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.common import create_scratch, drop_scratch  # noqa: E402


def timed(function, repeat=5):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def main(n):
    create_scratch(SCRATCH)
    try:
        run(n)
    finally:
        drop_scratch(SCRATCH)


def run(n):
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts import roles
    from accounts.models import User
    from referrals import choices, queries, services, submissions, workflow
    from referrals.models import Referral

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    staff = User.objects.create_user("bench@example.org", full_name="Bench Adviser")
    staff.groups.add(Group.objects.get_or_create(name=roles.CAREERS_STAFF)[0])
    rng = random.Random(1)
    now = timezone.now()
    start = time.perf_counter()
    batch = []
    states = [s for s, _ in workflow.STATES]
    for i in range(n):
        received = now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440))
        state = rng.choice(states)
        contacted = state in (workflow.IN_SUPPORT, workflow.CLOSED, workflow.RETURNED)
        batch.append(
            Referral(
                reference=f"CS-B{i}",
                source=choices.SELF_WEB,
                name=f"Trainee {i}",
                email=f"t{i}@example.net",
                grade=rng.choice(choices.GRADES)[0],
                region=rng.choice(choices.REGIONS)[0],
                reasons=rng.sample([r for r, _ in choices.REASONS], 2),
                help_wanted="Options",
                preferred_contact="email",
                received_at=received,
                first_contact_due=submissions.first_contact_due(received),
                state=state,
                priority=rng.choice(["routine", "urgent"]) if state != "received" else "",
                adviser=staff if state in ("allocated", "in_support", "closed") else None,
                outcome=rng.choice(workflow.OUTCOMES)[0] if state == "closed" else "",
                closed_at=received + timedelta(days=30) if state == "closed" else None,
                return_reason="incomplete" if state == "returned" else "",
                returned_at=received + timedelta(days=3) if state == "returned" else None,
                first_contact_at=received + timedelta(days=2) if contacted else None,
                first_contact_working_days=rng.randint(0, 9) if contacted else None,
            )
        )
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    Referral.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load_s = time.perf_counter() - start
    print(f"Loaded {n} referrals in {load_s:.1f} s")

    def caseload_page():
        qs = Referral.objects.visible_to(staff).open().worklist_order().select_related("adviser")
        return len(list(qs[:25])), qs.count()

    def overdue():
        return Referral.objects.visible_to(staff).overdue().count()

    def search():
        return list(Referral.objects.visible_to(staff).filter(name__icontains="trainee 1234")[:25])

    def report():
        return queries.referrals_report(user=staff)

    reference = f"CS-B{n // 2}"

    def open_one():
        return services.referral_open(by=staff, reference=reference)

    caseload_ms, _ = timed(caseload_page)
    overdue_ms, overdue_n = timed(overdue)
    search_ms, _ = timed(search)
    report_ms, figures = timed(report, repeat=3)
    open_ms, _ = timed(open_one)
    print(f"Caseload first page (open, worklist order, with count): {caseload_ms:.1f} ms")
    print(f"Overdue count ({overdue_n}): {overdue_ms:.1f} ms")
    print(f"Name search: {search_ms:.1f} ms")
    print(
        f"Report over all {figures.total} referrals: {report_ms:.1f} ms "
        f"(median {figures.median_days} working days)"
    )
    print(f"Open one referral with its audit event: {open_ms:.1f} ms")

    # Concurrent self-referrals through the service (each thread its own connection).
    threads_n = 50
    barrier = threading.Barrier(threads_n)
    references = []

    def submit(i):
        from django.db import connection as thread_connection

        barrier.wait()
        referral = submissions.referral_submit(
            source=choices.SELF_WEB,
            name=f"Concurrent {i}",
            email=f"c{i}@example.net",
            grade="core",
            region="london",
            reasons=["direction"],
            help_wanted="x",
            preferred_contact="email",
            privacy_consent=True,
        )
        references.append(referral.reference)
        thread_connection.close()

    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    start = time.perf_counter()
    workers = [threading.Thread(target=submit, args=(i,)) for i in range(threads_n)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    concurrent_s = time.perf_counter() - start
    unique = len(set(references))
    print(
        f"{threads_n} simultaneous self-referrals: {concurrent_s:.2f} s, {unique} unique references"
    )

    print(
        f"referrals={n} load_s={load_s:.1f} caseload_ms={caseload_ms:.1f} "
        f"overdue_ms={overdue_ms:.1f} search_ms={search_ms:.1f} report_ms={report_ms:.1f} "
        f"open_ms={open_ms:.1f} concurrent50_s={concurrent_s:.2f} unique_refs={unique}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
