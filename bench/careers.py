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

    .venv/bin/python bench/careers.py [--rows 1000000] [--xlsx-rows 100000]
        [--hostile-seconds 20] [--no-serve]

The last line holds every figure as name=value pairs (ratio, xlsx_ratio, peak_mb,
xlsx_peak_mb, report_p95_ms, hostile_plain_p95_ms, ...), with the load average (1 minute)
before and after the run: on a shared machine read the ratios beside it.
"""

import argparse
import http.client
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "portal_bench_careers"

from bench.common import (  # noqa: E402
    ServerProcess,
    create_scratch,
    drop_scratch,
    free_port,
    percentile,
)

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


class Gunicorn(ServerProcess):
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
        return self.start(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "-c",
                "config/gunicorn.py",  # as `make serve`: the preloaded objects frozen
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
            env=env,
            log_path=ROOT / "bench" / "out" / "careers-serve.log",
        )


class Client:
    """One HTTP/1.1 client on one kept-alive connection, as a browser or a script would use: the
    load generator then spends its CPU on requests, not on opening a connection for each."""

    def __init__(self, base):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = None

    def get(self, path):
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                response.read()
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None  # the server closed a kept-alive connection: again
                if attempt == 2:
                    raise
        if response.will_close:
            self.connection.close()
            self.connection = None
        assert response.status == 200, (path, response.status)
        return (time.perf_counter() - started) * 1000


def attack(base, paths, seconds, clients=16):
    """The hostile clients, run in a process of their own (`--attack`) so that their threads do
    not share the timing process's interpreter lock: each asks for breakdowns and subgroups as
    fast as the server answers. Prints the number of requests served."""
    stop = threading.Event()
    served = [0] * clients

    def attacker(number):
        rng, client = random.Random(number), Client(base)
        while not stop.is_set():
            try:
                client.get(rng.choice(paths))
                served[number] += 1
            except (OSError, http.client.HTTPException, AssertionError):
                pass

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    print(sum(served))


def serve_figures(slug, hostile_seconds):
    """(report p95, report max before warm-up, plain page p95 under hostile load, hostile
    requests served, plain pages timed)."""
    urls = report_urls(slug)
    with Gunicorn() as server:
        cold = [fetch(server.url + url) for url in urls]  # each first render (one worker)
        for _ in range(2):  # the other workers' first renders
            for url in urls:
                fetch(server.url + url)
        times = [fetch(server.url + url) for url in urls * 5]
        hostile = [u for u in urls if "by=" in u or "=" in u.split("?")[-1]]
        # The attackers in a separate process: in this one, 16 busy threads would hold the
        # interpreter lock while a timed response waits to be read, and the figure would be
        # the load generator's queue, not the server's answer.
        attackers = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--attack",
                server.url,
                "--hostile-seconds",
                str(hostile_seconds + 2),
                *hostile,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        plain, client = [], Client(server.url)
        time.sleep(1)
        deadline = time.monotonic() + hostile_seconds
        while time.monotonic() < deadline:
            plain.append(client.get(f"/careers/waves/{slug}/"))
            time.sleep(0.05)
        served = int(attackers.communicate(timeout=120)[0].strip() or 0)
    return percentile(times, 0.95), max(cold), percentile(plain, 0.95), served, len(plain)


def psql_binary() -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True)
    return str(candidates[0]) if candidates else "psql"


def generate(path: str, rows: int) -> None:
    from careers.demo import write_survey_csv

    write_survey_csv(path, respondents=rows, seed=7, year=2025, trend=0.5)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx_as_excel_does(path: Path, header: list[str], rows) -> None:
    """An XLSX written the way Excel and LibreOffice save one: text in the shared strings
    table, whole numbers as numbers. (openpyxl's write-only mode writes every text cell inline,
    five times the XML of a saved workbook, which no spreadsheet program produces.)"""
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}

    def cell(ref, value):
        if value.isdigit() and len(value) < 10 and not value.startswith("0"):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    letters = [_column_letter(k) for k in range(len(header))]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            for number, values in enumerate([header, *rows], start=1):
                cells = "".join(
                    cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, values, strict=True)
                    if value != ""
                )
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        shared = "".join(f'<si><t xml:space="preserve">{escape(v)}</t></si>' for v in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        package = "http://schemas.openxmlformats.org/package/2006/relationships"
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{package}"><Relationship Id="rId1" Type="{relationships}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" '
            f'xmlns:r="{relationships}"><sheets><sheet name="Responses" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{package}"><Relationship Id="rId1" Type="{relationships}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{relationships}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )


def generate_small(folder: Path, rows: int) -> None:
    """The same rows as CSV and as XLSX (small.csv, small.xlsx), for `xlsx_against_csv`."""
    import pandas as pd

    from careers.demo import write_survey_csv

    csv_path = write_survey_csv(folder / "small.csv", respondents=rows, seed=11, year=2024)
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    write_xlsx_as_excel_does(
        folder / "small.xlsx", list(frame.columns), frame.itertuples(index=False)
    )


def xlsx_against_csv(folder: Path, rows: int) -> tuple[float, float, float]:
    """Import the same generated rows as CSV and as XLSX (python-calamine reads it) into two
    waves: the XLSX time, the CSV time and the peak memory so far, in MB. The files are written
    by a child process, and this runs before the big import, so the peak is these imports'."""
    from careers.services import survey_import

    subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--generate-small", str(folder)],
        check=True,
    )
    csv_path, xlsx_path = folder / "small.csv", folder / "small.xlsx"
    timings = []
    for name, path in (("Bench CSV", csv_path), ("Bench XLSX", xlsx_path)):
        started = time.perf_counter()
        job = survey_import(wave_name=name, path=path)
        timings.append(time.perf_counter() - started)
        assert job.status == "succeeded", (job.status, job.message)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings[1], timings[0], peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--hostile-seconds", type=int, default=20)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="only the import figures (ratio, xlsx_ratio): no publishing, no serving",
    )
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--generate-small", help=argparse.SUPPRESS)
    parser.add_argument("--attack", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        attack(args.attack, args.paths, args.hostile_seconds)
        return
    if args.generate:
        generate(args.generate, args.rows)
        return
    if args.generate_small:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        generate_small(Path(args.generate_small), args.rows)
        return
    load_before = os.getloadavg()[0]

    create_scratch(SCRATCH)
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
            from careers.services import survey_import
            from careers.storing import COPY_COLUMNS

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

        figures = (
            f"rows={job.rows_stored} import_s={seconds:.1f} "
            f"rows_per_s={job.rows_stored / seconds:.0f} "
            f"peak_mb={peak:.0f} copy_floor_s={floor:.1f} ratio={seconds / floor:.2f} "
            f"xlsx_rows={args.xlsx_rows} xlsx_s={xlsx_s:.1f} xlsx_csv_s={xlsx_csv_s:.1f} "
            f"xlsx_ratio={xlsx_s / xlsx_csv_s:.2f} xlsx_peak_mb={xlsx_peak:.0f}"
        )
        if args.no_serve:
            print(f"{figures} load_before={load_before:.1f} load_after={os.getloadavg()[0]:.1f}")
            return

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
            f"{figures} publish_s={publish_s:.1f} report_p95_ms={report_p95:.0f} "
            f"report_first_render_max_ms={cold_max:.0f} hostile_plain_p95_ms={hostile_p95:.0f} "
            f"load_before={load_before:.1f} load_after={os.getloadavg()[0]:.1f}"
        )
    finally:
        drop_scratch(SCRATCH)


if __name__ == "__main__":
    main()
