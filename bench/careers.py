"""Benchmark: import a million survey respondents and render the wave's report.

Generates a file of ROWS respondents in the survey format (careers.demo's generator, in a child
process so its memory is not counted), imports it through `careers.services.survey_import` into
a scratch database in the private cluster, and prints rows per second, peak memory of the
importing process, the time `psql \\copy` takes to load the same stored rows into the same table
(the floor) as a ratio, and the time to render the report page (as stored at import, and for a
subgroup counted live). Targets: the million rows in under 60 s under 2 GB; the page under
500 ms.

    .venv/bin/python bench/careers.py [--rows 1000000]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "portal_bench_careers"


def psql_binary() -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True)
    return str(candidates[0]) if candidates else "psql"


def generate(path: str, rows: int) -> None:
    from careers.demo import write_survey_csv

    write_survey_csv(path, respondents=rows, seed=7, year=2025, trend=0.5)


def admin_connection():
    import psycopg

    return psycopg.connect(
        host=str(ROOT / ".pgdata" / "run"), user="postgres", dbname="postgres", autocommit=True
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.rows)
        return

    with admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.execute(f"CREATE DATABASE {SCRATCH}")
    os.environ["PGDATABASE_NAME"] = SCRATCH
    os.environ.setdefault("LOCAL_HTTP", "true")
    os.environ.setdefault("TESTING", "true")  # plain static files storage, no manifest needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    try:
        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "survey.csv"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--rows", str(args.rows), "--generate", str(source)],
                check=True,
            )
            print(
                f"generated {args.rows:,} rows ({source.stat().st_size / 1024**2:,.0f} MB) "
                f"in {time.perf_counter() - started:.1f} s"
            )

            from careers.demo import ensure_roles
            from careers.models import Wave
            from careers.services import COPY_COLUMNS, survey_import

            ensure_roles()
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            started = time.perf_counter()
            job = survey_import(wave_name="Bench wave", path=source)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            assert job.status == "succeeded", (job.status, job.message, job.problems[:5])
            print(
                f"import: {job.rows_stored:,} rows in {seconds:.1f} s "
                f"({job.rows_stored / seconds:,.0f} rows/s), peak memory {peak:,.0f} MB "
                f"(before the import {baseline:,.0f} MB)"
            )

            # The floor: psql \copy of the same stored rows into the same table.
            wave = Wave.objects.get(name="Bench wave")
            floor_wave = Wave.objects.create(name="Floor wave", slug="floor-wave")
            dump = Path(folder) / "stored.tsv"
            other = ", ".join(COPY_COLUMNS[1:])
            with connection.cursor() as cursor, open(dump, "wb") as out:
                query = (
                    f"COPY (SELECT {floor_wave.pk}, {other} FROM careers_response "
                    f"WHERE wave_id = {wave.pk}) TO STDOUT"
                )
                with cursor.copy(query) as copy:
                    for block in copy:
                        out.write(block)
            columns = ", ".join(COPY_COLUMNS)
            started = time.perf_counter()
            subprocess.run(
                [
                    psql_binary(),
                    "-h",
                    str(ROOT / ".pgdata" / "run"),
                    "-U",
                    "postgres",
                    "-d",
                    SCRATCH,
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    f"\\copy careers_response ({columns}) FROM '{dump}'",
                ],
                check=True,
            )
            floor = time.perf_counter() - started
            print(
                f"psql \\copy floor: {floor:.1f} s; the import takes {seconds / floor:.1f}× "
                "(it also reads, checks every row, and computes the report)"
            )

        client = Client(HTTP_HOST="localhost")
        url = f"/careers/waves/{wave.slug}/"

        def timed(path, runs):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            return statistics.median(times)

        timed(url, 1)  # warm up
        report_ms = timed(url, 7)
        by_ms = timed(url + "?by=region", 5)
        subgroup_ms = timed(url + "?gender=man", 3)
        print(
            f"report page: {report_ms:.0f} ms (median of 7); broken down by region "
            f"{by_ms:.0f} ms; subgroup counted live over {job.rows_stored:,} rows "
            f"{subgroup_ms:.0f} ms"
        )
        print(
            f"rows={job.rows_stored} import_s={seconds:.1f} "
            f"rows_per_s={job.rows_stored / seconds:.0f} "
            f"peak_mb={peak:.0f} copy_floor_s={floor:.1f} ratio={seconds / floor:.2f} "
            f"report_ms={report_ms:.0f} report_by_ms={by_ms:.0f} subgroup_ms={subgroup_ms:.0f}"
        )
    finally:
        connections.close_all()
        with admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")


if __name__ == "__main__":
    main()
