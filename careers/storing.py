"""Storing checked survey rows: the COPY text of a chunk, the thread that copies chunks
into careers_response while the next is checked, and the heartbeat that shows an import's
progress from its own connection."""

import logging
import queue
import threading
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection
from django.utils import timezone

from careers import survey_rows
from careers.models import SurveyImport

logger = logging.getLogger(__name__)

COPY_COLUMNS = (
    "wave_id",
    "survey_import_id",
    "row_number",
    "respondent_id",
    "submitted_on",
    "graduation_year",
    "degree_route",
    "bps_accredited",
    "current_status",
    "interest",
    "aspired_roles",
    "barriers",
    "gender",
    "ethnic_group",
    "disability",
    "age_band",
    "region",
    "first_generation",
    "comments",
)


# Storage column <- checked column of survey_format.
SOURCE = {"interest": "interest_nhs_mh", "row_number": "_row"}


# --- COPY text -----------------------------------------------------------------------------

_NULL = "\\N"


def _escape(text: str) -> str:
    return (
        text.replace("\x00", "")
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _scalar(value) -> str:
    if value is None or value != value:  # None or NaN
        return _NULL
    if isinstance(value, float):
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _array(value) -> str:
    # Codes and slugs hold only letters, digits, "-" and "_": no quoting needed.
    return "{" + ",".join(value) + "}" if isinstance(value, tuple) else "{}"


def _text_column(series) -> list[str]:
    values = series.tolist()
    joined = "".join(values)
    if not any(special in joined for special in ("\\", "\t", "\n", "\r", "\x00")):
        return values  # nothing to escape (the usual case), found at C speed
    return [
        _escape(v) if ("\\" in v or "\t" in v or "\n" in v or "\r" in v or "\x00" in v) else v
        for v in values
    ]


def _mapped_column(rows, name, convert, factors) -> list[str]:
    """Convert through the column's distinct values (a survey column has few of them), then
    spread them over the rows by their codes (the checker's, when given)."""
    codes, values = survey_rows.factorized(rows, name, factors)
    converted = np.array([convert(value) for value in values], dtype=object)
    return converted[codes].tolist()


def copy_text(
    rows: pd.DataFrame, *, wave_id: int, import_id: int, factors: dict | None = None
) -> str:
    """The checked rows of a chunk as PostgreSQL COPY text (`factors`: the checker's codes of
    the coded columns, `CheckedChunk.factors`)."""
    if not len(rows):
        return ""
    columns = []
    for name in COPY_COLUMNS[2:]:  # wave and import: the same on every line, a prefix
        if name == "row_number":
            columns.append(list(map(str, rows["_row"].tolist())))
        elif name in ("respondent_id", "comments"):
            columns.append(_text_column(rows[name]))
        elif name in ("aspired_roles", "barriers"):
            columns.append(_mapped_column(rows, name, _array, factors))
        else:
            columns.append(_mapped_column(rows, SOURCE.get(name, name), _scalar, factors))
    prefix = f"{wave_id}\t{import_id}\t"
    return prefix + ("\n" + prefix).join(map("\t".join, zip(*columns, strict=True))) + "\n"


class ChunkCopier:
    """Stores checked chunks in careers_response with one COPY each, from a thread on the
    import's own connection and transaction: PostgreSQL stores a chunk (and checks its foreign
    keys, made immediate here so the check is not all left to the commit) while the next chunk
    is read and checked. At most two chunks wait; an error stops it and is raised in the
    importing thread."""

    SQL = f"COPY careers_response ({', '.join(COPY_COLUMNS)}) FROM STDIN"

    def __init__(self, cursor):
        self.cursor = cursor
        self.wrap_errors = connection.wrap_database_errors  # Django's exception classes
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.abandoned = False
        self.thread = threading.Thread(target=self._run, name="import-copy", daemon=True)

    def __enter__(self):
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.thread.start()
        return self

    def write(self, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(text)

    def __exit__(self, kind, error, traceback):
        self.abandoned = kind is not None  # rolled back anyway: pending chunks are not stored
        self.queue.put(None)
        self.thread.join()
        if kind is None:
            if self.error is not None:
                raise self.error
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return False

    def _run(self):
        raw = self.cursor.cursor  # the psycopg cursor (Django's wrapper is per thread)
        while (text := self.queue.get()) is not None:
            if self.error is not None or self.abandoned:
                continue  # keep taking chunks so the importing thread never waits for room
            try:
                with self.wrap_errors, raw.copy(self.SQL) as copy:
                    copy.write(text)
            except BaseException as error:  # noqa: BLE001 - raised in the importing thread
                self.error = error


# --- Progress ------------------------------------------------------------------------------


@dataclass
class Progress:
    """What the import has done so far; the heartbeat writes it to the job record."""

    total: int = 0
    checked: int = 0
    stored: int = 0
    phase: str = "Checking rows"


class Heartbeat:
    """Writes the job's progress and a heartbeat from a thread with its own database
    connection, so the page sees it while the import's transaction is still open."""

    def __init__(self, job_id: int, progress: Progress, interval: float | None = None):
        self.job_id, self.progress = job_id, progress
        self.interval = interval or settings.CAREERS_IMPORT_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-{job_id}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()

    def _run(self):
        from django.db import connection as thread_connection

        # Each beat is a new version of the job row, and every row the import stores has its
        # foreign key to the job checked against it: with the import's transaction open no
        # version can be cleaned up, so each check walks all of them. Beating every 2 s made a
        # million-row import take 1.5 times `psql \copy` instead of 1.0 (docs/benchmarks.md).
        # The interval doubles after each beat, up to a sixth of the stale limit (10 s).
        longest = max(self.interval, settings.CAREERS_IMPORT_STALE_SECONDS / 6)
        wait = self.interval
        try:
            while not self._stop.wait(wait):
                self.beat()
                wait = min(wait * 2, longest)
        finally:
            thread_connection.close()

    def beat(self):
        progress = self.progress
        try:
            SurveyImport.objects.filter(pk=self.job_id, status=SurveyImport.Status.RUNNING).update(
                rows_total=progress.total,
                rows_checked=progress.checked,
                rows_stored=progress.stored,
                phase=progress.phase,
                heartbeat_at=timezone.now(),
            )
        except Exception:  # a heartbeat must never break the import
            logger.exception("Could not record the progress of import %s", self.job_id)
