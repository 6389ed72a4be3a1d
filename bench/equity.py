"""Benchmark: import ten years of entry figures for every section (Clearing House layout) and
six years of staff by band, then render the trends, report, workforce and pipeline pages.

Runs in a scratch database in the private cluster, through the same import service as the
upload page (`careers.equity.services.equity_import`). Prints rows per second for each import
and the median time of each page, ending with one line of name=value pairs.

    .venv/bin/python bench/equity.py [--years 10] [--runs 7]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "portal_bench_equity"


from bench.common import create_scratch, drop_scratch  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    create_scratch(SCRATCH)
    os.environ["PGDATABASE_NAME"] = SCRATCH
    os.environ.setdefault("LOCAL_HTTP", "true")
    os.environ.setdefault("TESTING", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    try:
        call_command("migrate", verbosity=0)
        from careers.demo import ensure_roles
        from careers.equity import demo, services
        from careers.equity.models import Programme

        ensure_roles()
        programme = Programme.objects.create(**demo.PROGRAMME)
        years = tuple(range(2025 - args.years, 2025))
        with tempfile.TemporaryDirectory() as folder:
            entry = demo.write_entry_csv(Path(folder) / "entry.csv", years=years)
            started = time.perf_counter()
            job = services.equity_import(path=entry, programme=programme)
            entry_s = time.perf_counter() - started
            workforce = demo.write_workforce_csv(Path(folder) / "workforce.csv")
            started = time.perf_counter()
            staff = services.equity_import(path=workforce)
            staff_s = time.perf_counter() - started
        print(
            f"entry import: {job.rows_stored:,} rows ({args.years} years, every section) in "
            f"{entry_s:.2f} s ({job.rows_stored / entry_s:,.0f} rows/s)"
        )
        print(
            f"workforce import: {staff.rows_stored:,} rows in {staff_s:.2f} s "
            f"({staff.rows_stored / staff_s:,.0f} rows/s)"
        )
        client = Client(HTTP_HOST="localhost")
        base = "/careers/equity"
        pages = {
            "trends_rl": f"{base}/entry/clinical-psychology/trends/ethnicity/?measure=rl",
            "trends_rate": f"{base}/entry/clinical-psychology/trends/socio-economic-background/"
            "?measure=rate",
            "report": f"{base}/entry/clinical-psychology/2018/ethnicity/",
            "workforce": f"{base}/workforce/?role=clinical-psychologist",
            "pipeline": f"{base}/pipeline/clinical-psychology/",
        }
        timings = {}
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm up
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            timings[name] = statistics.median(times)
            print(f"{name}: {timings[name]:.0f} ms (median of {args.runs}) {url}")
        print(
            f"entry_rows={job.rows_stored} entry_import_s={entry_s:.2f} "
            f"workforce_rows={staff.rows_stored} workforce_import_s={staff_s:.2f} "
            + " ".join(f"{name}_ms={ms:.0f}" for name, ms in timings.items())
        )
    finally:
        drop_scratch(SCRATCH)


if __name__ == "__main__":
    main()
