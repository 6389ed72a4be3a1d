"""Benchmark: import a million survey respondents, publish the wave, and serve its reports.

Generates a file of ROWS respondents in the survey format (careers.demo's generator, in a child
process so its memory is not counted), imports it through `careers.services.survey_import` into
a scratch database in the private cluster, and prints rows per second, peak memory of the
importing process, the time `psql \\copy` takes to load the same stored rows into the same table
(the floor) as a ratio. Then it publishes the wave (`wave_preview` + `wave_publish`: the one
count of the wave, and every allowed report stored), starts gunicorn as `make serve` does (3
workers of 4 threads) on the scratch database, and measures:

- the published report's p95 over every kind of public report request (everyone, each
  breakdown, subgroups, subgroups broken down, CSV and XLSX downloads), after one warm-up pass;
- the hostile load: 16 anonymous clients asking for breakdowns and subgroups as fast as they can
  while a plain report page is timed: its p95.

Targets: the million rows in under 60 s under 2 GB; both p95 under 100 ms.

    .venv/bin/python bench/careers.py [--rows 1000000] [--hostile-seconds 20]
"""

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "portal_bench_careers"

from bench.common import free_port, percentile, wait_for  # noqa: E402

DIMENSIONS = ("gender", "ethnic_group", "disability", "age_band", "region", "first_generation")
SUBGROUPS = [
    "gender=woman",
    "gender=man",
    "ethnic_group=white",
    "ethnic_group=asian",
    "disability=yes",
    "age_band=25_34",
    "region=london",
    "first_generation=yes",
]


def report_urls(slug):
    """Every kind of public report request."""
    base = f"/careers/waves/{slug}/"
    urls = [base] + [f"{base}?by={d}" for d in DIMENSIONS]
    for subgroup in SUBGROUPS:
        urls.append(f"{base}?{subgroup}")
        dimension = subgroup.split("=")[0]
        urls += [f"{base}?{subgroup}&by={d}" for d in DIMENSIONS if d != dimension][:2]
    urls += [f"{base}download/aspired_roles.csv?by=region", f"{base}download/interest.xlsx"]
    return urls


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - started) * 1000


class Gunicorn:
    """gunicorn with `make serve`'s flags, on the scratch database."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        env = {
            **os.environ,
            "DEBUG": "false",
            "LOCAL_HTTP": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PGDATABASE_NAME": SCRATCH,
            "TESTING": "true",
        }
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        self.log = open(ROOT / "bench" / "out" / "careers-serve.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--preload",
                "--workers",
                "3",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.url + "/accessibility/")
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def serve_figures(slug, hostile_seconds):
    """(report p95, report max before warm-up, plain page p95 under hostile load, hostile
    requests served)."""
    urls = report_urls(slug)
    with Gunicorn() as server:
        cold = [fetch(server.url + url) for url in urls]  # each first render (one worker)
        for _ in range(2):  # the other workers' first renders
            for url in urls:
                fetch(server.url + url)
        times = [fetch(server.url + url) for url in urls * 5]
        stop = threading.Event()
        served = [0]
        hostile = [u for u in urls if "by=" in u or "=" in u.split("?")[-1]]

        def attacker(seed):
            rng = random.Random(seed)
            while not stop.is_set():
                try:
                    fetch(server.url + rng.choice(hostile))
                    served[0] += 1
                except OSError:
                    pass

        threads = [threading.Thread(target=attacker, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        plain = []
        deadline = time.monotonic() + hostile_seconds
        time.sleep(1)
        while time.monotonic() < deadline:
            plain.append(fetch(server.url + f"/careers/waves/{slug}/"))
            time.sleep(0.05)
        stop.set()
        for thread in threads:
            thread.join()
    return percentile(times, 0.95), max(cold), percentile(plain, 0.95), served[0], len(plain)


def psql_binary() -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True)
    return str(candidates[0]) if candidates else "psql"


def generate(path: str, rows: int) -> None:
    from careers.demo import write_survey_csv

    write_survey_csv(path, respondents=rows, seed=7, year=2025, trend=0.5)


def xlsx_against_csv(folder: Path, rows: int) -> tuple[float, float, float]:
    """Import the same generated rows as CSV and as XLSX (python-calamine reads it) into two
    waves: the XLSX time, the CSV time and the peak memory so far, in MB. Run before the big
    import, so the peak is this part's."""
    import openpyxl
    import pandas as pd

    from careers.demo import write_survey_csv
    from careers.services import survey_import

    csv_path = write_survey_csv(folder / "small.csv", respondents=rows, seed=11, year=2024)
    xlsx_path = folder / "small.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append(list(values))
    workbook.save(xlsx_path)
    timings = []
    for name, path in (("Bench CSV", csv_path), ("Bench XLSX", xlsx_path)):
        started = time.perf_counter()
        job = survey_import(wave_name=name, path=path)
        timings.append(time.perf_counter() - started)
        assert job.status == "succeeded", (job.status, job.message)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings[1], timings[0], peak


def admin_connection():
    import psycopg

    return psycopg.connect(
        host=str(ROOT / ".pgdata" / "run"), user="postgres", dbname="postgres", autocommit=True
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--hostile-seconds", type=int, default=20)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
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
            xlsx_s, xlsx_csv_s, xlsx_peak = xlsx_against_csv(Path(folder), args.xlsx_rows)
            print(
                f"XLSX: {args.xlsx_rows:,} rows imported in {xlsx_s:.1f} s against "
                f"{xlsx_csv_s:.1f} s for the same rows as CSV ({xlsx_s / xlsx_csv_s:.2f}×), "
                f"peak memory {xlsx_peak:,.0f} MB"
            )
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

        from careers.services import wave_preview, wave_publish

        started = time.perf_counter()
        wave = wave_publish(wave=wave_preview(wave=wave))
        publish_s = time.perf_counter() - started
        print(
            f"publish: {wave.reports.count()} reports stored in {publish_s:.1f} s "
            f"({len(wave.publication['withheld_subgroups'])} subgroups withheld)"
        )
        connections.close_all()
        report_p95, cold_max, hostile_p95, served, timed = serve_figures(
            wave.slug, args.hostile_seconds
        )
        print(
            f"published report p95 {report_p95:.0f} ms over every kind of public request "
            f"(first render at most {cold_max:.0f} ms); under 16 hostile clients "
            f"({served:,} breakdowns served) a plain report page p95 {hostile_p95:.0f} ms "
            f"({timed} timed)"
        )
        print(
            f"rows={job.rows_stored} import_s={seconds:.1f} "
            f"rows_per_s={job.rows_stored / seconds:.0f} "
            f"peak_mb={peak:.0f} copy_floor_s={floor:.1f} ratio={seconds / floor:.2f} "
            f"publish_s={publish_s:.1f} report_p95_ms={report_p95:.0f} "
            f"report_first_render_max_ms={cold_max:.0f} hostile_plain_p95_ms={hostile_p95:.0f} "
            f"xlsx_rows={args.xlsx_rows} xlsx_s={xlsx_s:.1f} xlsx_csv_s={xlsx_csv_s:.1f} "
            f"xlsx_ratio={xlsx_s / xlsx_csv_s:.2f} xlsx_peak_mb={xlsx_peak:.0f}"
        )
    finally:
        connections.close_all()
        with admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")


if __name__ == "__main__":
    main()
