"""Writes for the careers app: importing survey files, publishing, withdrawing and deleting
waves.

`survey_import` is the one way responses are stored, whether from the upload page (through the
background task or inline for small files) or `manage.py import_survey`. The file is checked
row by row in chunks while valid rows stream into PostgreSQL with `COPY`, all inside one
transaction: a file with an invalid row (unless invalid rows are skipped), a crash or a killed
process leaves nothing stored. The wave's figures are computed in the same transaction.

Imports into one wave run one at a time (a transaction-level advisory lock on the wave's name,
taken before anything else), so each is judged on its own rows against what is already stored.

A wave is published by an analyst, never by an import: `wave_preview` counts the wave once and
stores its reports with disclosure control applied (careers.publication), `wave_publish` makes
them public, `wave_withdraw` takes them down. The web pages and `manage.py publish_wave` call
the same services.

The job record (`SurveyImport`) is written outside that transaction, so it survives a rollback
and the upload page can follow it: a heartbeat thread on its own database connection writes
progress every few seconds; a job left "running" whose heartbeat stopped is shown as failed.
"""

import hashlib
import logging
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from careers import survey_format as fmt
from careers.models import ImportUpload, PublishedReport, Response, SurveyImport, Wave
from config import clock, rules

if TYPE_CHECKING:
    from careers.publication import Rules

logger = logging.getLogger(__name__)


class ImportRefused(rules.RuleBroken):
    """The file is refused before anything is read (too big, duplicate, unreadable)."""


class PublicationRefused(rules.RuleBroken):
    """A wave cannot be previewed, published or withdrawn as asked."""


class _Rejected(Exception):
    """Raised inside the import transaction to roll it back when nothing may be stored."""


# --- Helpers -------------------------------------------------------------------------------


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def zip_limits() -> dict:
    return {
        "max_uncompressed_bytes": settings.CAREERS_XLSX_MAX_UNCOMPRESSED_BYTES,
        "max_ratio": settings.CAREERS_XLSX_MAX_RATIO,
        "max_part_bytes": settings.CAREERS_XLSX_MAX_PART_BYTES,
        "max_shared_strings": settings.CAREERS_XLSX_MAX_SHARED_STRINGS,
    }


def _publication_rules() -> "Rules":
    from careers.publication import Rules

    return Rules(
        min_group=settings.CAREERS_PUBLISH_MIN_GROUP,
        min_wave=settings.CAREERS_PUBLISH_MIN_WAVE,
        max_filters=settings.CAREERS_PUBLIC_MAX_FILTERS,
        max_breakdowns=settings.CAREERS_PUBLIC_MAX_BREAKDOWNS,
    )


def _lock_wave_name(wave_name: str) -> None:
    """Hold, until the transaction ends, the lock that makes imports and publication of one wave
    run one at a time (whether or not the wave exists yet)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [WAVE_LOCK_CLASS, wave_name]
        )


WAVE_LOCK_CLASS = 7301  # the first key of careers' advisory locks


@contextmanager
def _locked(wave: Wave):
    """A transaction holding the wave's lock (imports and publication of a wave run one at a
    time) and its row, read again."""
    with transaction.atomic():
        _lock_wave_name(wave.name)
        yield Wave.objects.select_for_update().get(pk=wave.pk)


def _published_message(wave_name: str) -> str:
    return (
        f"The wave “{wave_name}” is published: withdraw it before adding files, then preview "
        "and publish it again."
    )


def published_roles() -> dict[str, str]:
    from pathways.models import Role

    return dict(Role.objects.published().values_list("slug", "name"))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "wave"
    slug, n = base, 2
    while Wave.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _is_duplicate(wave_name: str, sha256: str, exclude_pk=None) -> bool:
    jobs = SurveyImport.objects.filter(wave_name=wave_name, sha256=sha256).exclude(pk=exclude_pk)
    if jobs.filter(status=SurveyImport.Status.SUCCEEDED).exists():
        return True
    return any(not job.is_stale for job in jobs.filter(status__in=SurveyImport.ACTIVE))


def _checked_wave_name(wave_name: str) -> str:
    """The name trimmed; refused if empty, too long for a wave or holding a NUL character
    (which PostgreSQL cannot store), whoever calls."""
    wave_name = wave_name.strip()
    if not wave_name:
        raise ImportRefused("Give the wave a name.")
    limit = cast(int, Wave._meta.get_field("name").max_length)
    if len(wave_name) > limit:
        raise ImportRefused(f"The wave name must be {limit} characters or fewer.")
    if "\x00" in wave_name:
        raise ImportRefused("The wave name cannot hold a NUL character.")
    return wave_name


def _checked_sheet(sheet: str) -> str:
    sheet = sheet or ""
    limit = cast(int, SurveyImport._meta.get_field("sheet").max_length)
    if len(sheet) > limit or "\x00" in sheet:
        raise ImportRefused(
            f"Give the sheet name as it is in the file ({limit} characters at most)."
        )
    return sheet


def _stored_filename(name: str) -> str:
    return Path(name).name.replace("\x00", "\ufffd")[:255] or "upload"


def _duplicate_message(wave_name: str) -> str:
    return f"This file has already been imported into the wave “{wave_name}”."


def _refuse_if_not_importable(wave_name: str, sha256: str) -> None:
    """Refused before anything is read: the file is in the wave already (or being imported into
    it), or the wave is published."""
    if _is_duplicate(wave_name, sha256):
        raise ImportRefused(_duplicate_message(wave_name))
    if Wave.objects.published().filter(name=wave_name).exists():
        raise ImportRefused(_published_message(wave_name))


# --- The import ----------------------------------------------------------------------------


@dataclass
class _Outcome:
    rows_read: int = 0
    rows_rejected: int = 0
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    message: str = ""


def survey_import(
    *,
    wave_name: str,
    path: str | Path,
    filename: str = "",
    sheet: str = "",
    skip_invalid: bool = False,
    by: User | None = None,
    job: SurveyImport | None = None,
    today: date | None = None,
    chunk_rows: int = fmt.CHUNK_ROWS,
) -> SurveyImport:
    """Check a survey file and store its rows in the wave (created if new), all in one
    transaction; returns the job record with its outcome (status succeeded, rejected or
    failed, counts, every problem). Raises ImportRefused, before anything is read, for a file
    already imported into the wave."""
    # The import's modules load pandas and NumPy, which no other page or process needs: they
    # are imported here, by the imports only (docs/benchmarks.md, what a process pays to start).
    from careers.storing import Heartbeat, Progress

    path = Path(path)
    wave_name = _checked_wave_name(wave_name)
    sheet = _checked_sheet(sheet)
    if job is None:
        sha256 = file_sha256(path)
        _refuse_if_not_importable(wave_name, sha256)
        job = SurveyImport.objects.create(
            wave_name=wave_name,
            filename=_stored_filename(filename or path.name),
            sha256=sha256,
            size_bytes=path.stat().st_size,
            sheet=sheet or "",
            skip_invalid=skip_invalid,
            created_by=by,
        )
    # An import's own stamps (started, heartbeat, finished) are the wall clock, not
    # `clock.now()`: the stall check compares them with the time the worker really runs.
    now = timezone.now()
    SurveyImport.objects.filter(pk=job.pk).update(
        status=SurveyImport.Status.RUNNING, started_at=now, heartbeat_at=now, phase="Opening"
    )
    job.status = SurveyImport.Status.RUNNING
    progress = Progress()
    heartbeat = Heartbeat(job.pk, progress).start()
    outcome = _Outcome()
    try:
        with transaction.atomic():
            _import(job, path, progress, heartbeat, outcome, today or date.today(), chunk_rows)
    except (_Rejected, fmt.FileProblem) as refusal:
        if isinstance(refusal, fmt.FileProblem):
            outcome.message = str(refusal)
        _finish(job, SurveyImport.Status.REJECTED, progress, outcome)
        ImportUpload.objects.filter(survey_import=job).delete()
    except Exception as error:
        if not (
            isinstance(error, IntegrityError)
            and _constraint(error) == "careers_one_stored_import_per_file_and_wave"
        ):
            logger.exception("Survey import %s failed", job.pk)
            outcome.message = f"The import failed and stored nothing ({type(error).__name__})."
            _finish(job, SurveyImport.Status.FAILED, progress, outcome)
            raise
        # The same file stored into the same wave by another import first.
        outcome.message = _duplicate_message(wave_name)
        _finish(job, SurveyImport.Status.REJECTED, progress, outcome)
    finally:
        heartbeat.stop()
    job.refresh_from_db()
    return job


def _finish(job, status, progress, outcome, **extra):
    progress.stored = 0 if status != SurveyImport.Status.SUCCEEDED else progress.stored
    values = {
        "status": status,
        "finished_at": timezone.now(),
        "heartbeat_at": timezone.now(),
        "phase": "",
        "rows_total": progress.total,
        "rows_checked": progress.checked,
        "rows_stored": progress.stored,
        "rows_read": outcome.rows_read,
        "rows_rejected": outcome.rows_rejected,
        "problems": [[p.row, p.column, p.value, p.reason] for p in outcome.problems],
        "warnings": outcome.warnings,
        "message": outcome.message,
        **extra,
    }
    SurveyImport.objects.filter(pk=job.pk).update(**values)


def _import(job, path, progress, heartbeat, outcome, today, chunk_rows):
    from careers import survey_files
    from careers.figures import FigureCounter
    from careers.figures import merge as merge_figures
    from careers.storing import ChunkCopier, copy_text
    from careers.survey_rows import RowChecker

    reader = survey_files.open_survey(
        path,
        filename=job.filename,
        sheet=job.sheet or None,
        chunk_rows=chunk_rows,
        zip_limits=zip_limits(),
    )
    try:
        outcome.warnings = list(reader.warnings)
        progress.phase = "Waiting for other imports into the wave"
        # One import into a wave at a time: the next waits here, then is judged on its own
        # rows against what the first stored.
        _lock_wave_name(job.wave_name)
        progress.phase = "Counting rows"
        progress.total = reader.count_rows()
        wave = Wave.objects.select_for_update().filter(name=job.wave_name).first()
        if wave is None:
            wave = Wave.objects.create(
                name=job.wave_name, slug=_unique_slug(job.wave_name), created_by=job.created_by
            )
        if SurveyImport.objects.filter(
            wave_name=job.wave_name, sha256=job.sha256, status=SurveyImport.Status.SUCCEEDED
        ).exists():
            outcome.message = _duplicate_message(job.wave_name)
            raise _Rejected
        if wave.status == Wave.Status.PUBLISHED:
            outcome.message = _published_message(job.wave_name)
            raise _Rejected
        known = set()
        if wave.respondents:
            known = set(
                Response.objects.filter(wave=wave)
                .values_list("respondent_id", flat=True)
                .iterator(chunk_size=20_000)
            )
        checker = RowChecker(roles=published_roles(), today=today, known_ids=known)
        counter = FigureCounter()
        progress.phase = "Checking and storing rows"
        storing = True
        with connection.cursor() as cursor, ChunkCopier(cursor) as copy:
            for chunk in reader.chunks():
                checked = checker.check(chunk)
                outcome.problems.extend(checked.problems)
                outcome.rows_read += checked.rows_read
                outcome.rows_rejected += checked.invalid_rows
                progress.checked += checked.rows_seen
                if checked.invalid_rows and not job.skip_invalid:
                    storing = False  # keep checking, to report every problem
                if storing and len(checked.rows):
                    factors = checked.factors
                    copy.write(
                        copy_text(checked.rows, wave_id=wave.pk, import_id=job.pk, factors=factors)
                    )
                    counter.add(checked.rows, factors=factors)
                    progress.stored += len(checked.rows)
            progress.checked = max(progress.checked, progress.total)
            if not storing:
                outcome.message = (
                    f"{outcome.rows_rejected:,} of {outcome.rows_read:,} rows have problems, "
                    "so nothing was stored. Correct them, or import again with "
                    "“skip invalid rows” to store the valid rows."
                )
                raise _Rejected
            if progress.stored == 0:
                outcome.message = "The file has no valid rows, so nothing was stored."
                raise _Rejected
        progress.phase = "Computing the report"
        # Counted while storing; added to the figures of files already in the wave.
        figures = counter.result()
        if wave.respondents:
            figures = merge_figures(wave.figures, figures)
        wave.figures = figures
        wave.respondents = figures["respondents"]
        wave.figures_computed_at = clock.now()
        # New rows make any preview stale: the wave is a draft again until previewed.
        wave.status = Wave.Status.DRAFT
        wave.previewed_at = None
        wave.publication = {}
        PublishedReport.objects.filter(wave=wave).delete()
        wave.save(
            update_fields=[
                "figures",
                "respondents",
                "figures_computed_at",
                "status",
                "previewed_at",
                "publication",
            ]
        )
        heartbeat.stop()  # before this transaction touches the job row the heartbeat updates
        ImportUpload.objects.filter(survey_import=job).delete()
        if outcome.rows_rejected:
            outcome.message = (
                f"{progress.stored:,} rows stored; {outcome.rows_rejected:,} invalid rows skipped."
            )
        else:
            outcome.message = f"{progress.stored:,} rows stored."
        _finish(job, SurveyImport.Status.SUCCEEDED, progress, outcome, wave=wave)
    finally:
        reader.close()


# --- Uploads and background runs -----------------------------------------------------------


def survey_import_submit(
    *,
    wave_name: str,
    upload: UploadedFile,
    sheet: str = "",
    skip_invalid: bool = False,
    by: User | None = None,
) -> SurveyImport:
    """Take an uploaded file: refuse it at once if too big, a zip bomb, unreadable, missing
    columns, or already imported into the wave; else record the job with the file and run it,
    in the background for a large file."""
    from careers import survey_files  # pandas: loaded by the imports only, as survey_import

    wave_name = _checked_wave_name(wave_name)
    sheet = _checked_sheet(sheet)
    size, name = upload.size or 0, upload.name or ""  # a request's upload has both
    if size > settings.UPLOAD_MAX_BYTES:
        raise ImportRefused(
            f"The file is {size / 1024**2:,.1f} MB; the largest accepted is "
            f"{settings.UPLOAD_MAX_BYTES / 1024**2:,.0f} MB."
        )
    suffix = Path(name).suffix.lower()[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as temporary:
        for block in upload.chunks():
            temporary.write(block)
        temporary.flush()
        try:
            reader = survey_files.open_survey(
                temporary.name, filename=name, sheet=sheet or None, zip_limits=zip_limits()
            )
            reader.close()
        except fmt.FileProblem as problem:
            raise ImportRefused(str(problem)) from None
        sha256 = file_sha256(temporary.name)
        _refuse_if_not_importable(wave_name, sha256)
        background = size > settings.CAREERS_BACKGROUND_IMPORT_BYTES
        with transaction.atomic():
            job = SurveyImport.objects.create(
                wave_name=wave_name,
                filename=_stored_filename(name),
                sha256=sha256,
                size_bytes=size,
                sheet=sheet or "",
                skip_invalid=skip_invalid,
                created_by=by,
                background=background,
            )
            temporary.seek(0)
            ImportUpload.objects.create(survey_import=job, content=temporary.read())
    _start(job)
    job.refresh_from_db()
    return job


def _start(job: SurveyImport):
    if job.background:
        from careers.tasks import run_survey_import

        run_survey_import.enqueue(job.pk)
    else:
        survey_import_run(job_id=job.pk)


def survey_import_run(*, job_id: int) -> SurveyImport | None:
    """Run a recorded job from its stored file (the background task calls this)."""
    job = SurveyImport.objects.filter(pk=job_id).first()
    if job is None or job.status not in (SurveyImport.Status.QUEUED, SurveyImport.Status.RUNNING):
        return job
    upload = ImportUpload.objects.filter(survey_import=job).first()
    if upload is None:
        SurveyImport.objects.filter(pk=job.pk).update(
            status=SurveyImport.Status.FAILED,
            finished_at=timezone.now(),
            message="The uploaded file is no longer available; upload it again.",
        )
        return job
    suffix = Path(job.filename).suffix.lower()[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as temporary:
        temporary.write(bytes(upload.content))
        temporary.flush()
        del upload
        return survey_import(
            wave_name=job.wave_name,
            path=temporary.name,
            filename=job.filename,
            sheet=job.sheet,
            skip_invalid=job.skip_invalid,
            by=job.created_by,
            job=job,
        )


def survey_import_retry(*, job: SurveyImport, by: User | None = None) -> SurveyImport:
    """Run a failed import again from its stored file."""
    with transaction.atomic():
        job = SurveyImport.objects.select_for_update().get(pk=job.pk)
        if not job.can_retry:
            raise ImportRefused("Only a failed import whose file is still held can run again.")
        if _is_duplicate(job.wave_name, job.sha256, exclude_pk=job.pk):
            raise ImportRefused(_duplicate_message(job.wave_name))
        job.status = SurveyImport.Status.QUEUED
        job.started_at = job.finished_at = job.heartbeat_at = None
        job.rows_checked = job.rows_stored = job.rows_read = job.rows_rejected = 0
        job.problems, job.warnings, job.message, job.phase = [], [], "", ""
        job.save()
    logger.info("Survey import %s run again by %s", job.pk, by)
    _start(job)
    job.refresh_from_db()
    return job


# --- Waves ---------------------------------------------------------------------------------


def wave_delete(*, wave: Wave, by: User | None = None) -> None:
    """Delete a wave whole: its responses, its figures and its import records (so its files
    can be imported again)."""
    with _locked(wave) as wave:
        Response.objects.filter(wave=wave).delete()
        SurveyImport.objects.filter(wave_name=wave.name).delete()
        name = wave.name
        wave.delete()
    logger.info("Survey wave %r deleted by %s", name, by)


# --- Publication ---------------------------------------------------------------------------


def _refuse_if_too_small(wave: Wave, minimum: int) -> None:
    if wave.respondents < minimum:
        raise PublicationRefused(
            f"The wave has {wave.respondents:,} respondents; a wave is published only with "
            f"{minimum:,} or more."
        )


def _constraint(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _survey_date(wave: Wave):
    """The latest date a response was submitted on, else the day the wave was created."""
    found = Response.objects.filter(wave=wave).aggregate(latest=Max("submitted_on"))["latest"]
    return found or timezone.localdate(wave.created_at)


def wave_preview(*, wave: Wave, by: User | None = None) -> Wave:
    """Count the wave once and store its reports with disclosure control applied, exactly as
    the public would see them once published; the wave becomes "previewed" (a published wave
    stays published: its figures cannot change, since no file can be added to it). Records what
    was withheld in `wave.publication`."""
    from careers import publication, queries

    rules = _publication_rules()
    with _locked(wave) as wave:
        if wave.status == Wave.Status.PUBLISHED:
            raise PublicationRefused(
                "The wave is published already: withdraw it to preview it again."
            )
        _refuse_if_too_small(wave, rules.min_wave)
        cube = queries.wave_cube(wave.pk, published_roles())
        result = publication.publish_wave(cube, rules)
        PublishedReport.objects.filter(wave=wave).delete()
        PublishedReport.objects.bulk_create(
            PublishedReport(wave=wave, subgroup=group, by=dimension, content=content)
            for (group, dimension), content in result["reports"].items()
        )
        wave.status = Wave.Status.PREVIEWED
        wave.previewed_at = clock.now()
        wave.survey_date = _survey_date(wave)
        wave.publication = {
            "min_group": rules.min_group,
            "reports": len(result["reports"]),
            "subgroups": result["subgroups"],
            "withheld_subgroups": result["withheld_subgroups"],
            "previewed_by": getattr(by, "email", None),
        }
        wave.save(update_fields=["status", "previewed_at", "survey_date", "publication"])
    logger.info("Survey wave %r previewed by %s", wave.name, by)
    return wave


def wave_publish(*, wave: Wave, by: User | None = None) -> Wave:
    """Publish a previewed wave: its stored reports become public. Refused for a draft (preview
    it first), a wave published already, or one under the minimum size."""
    with _locked(wave) as wave:
        if wave.status == Wave.Status.PUBLISHED:
            raise PublicationRefused("The wave is published already.")
        _refuse_if_too_small(wave, settings.CAREERS_PUBLISH_MIN_WAVE)
        if wave.status != Wave.Status.PREVIEWED or not wave.reports.exists():
            raise PublicationRefused(
                "Preview the wave first: its figures are checked with disclosure control "
                "applied before they are published."
            )
        wave.status = Wave.Status.PUBLISHED
        wave.published_at = clock.now()
        wave.published_by = by if getattr(by, "pk", None) else None
        wave.withdrawn_at = None
        wave.save(update_fields=["status", "published_at", "published_by", "withdrawn_at"])
    logger.info("Survey wave %r published by %s", wave.name, by)
    return wave


def wave_withdraw(*, wave: Wave, by: User | None = None) -> Wave:
    """Take a published wave down: its reports, downloads and its share on role pages are no
    longer public. It can be previewed and published again."""
    with _locked(wave) as wave:
        if wave.status != Wave.Status.PUBLISHED:
            raise PublicationRefused("Only a published wave can be withdrawn.")
        wave.status = Wave.Status.WITHDRAWN
        wave.withdrawn_at = clock.now()
        wave.save(update_fields=["status", "withdrawn_at"])
    logger.info("Survey wave %r withdrawn by %s", wave.name, by)
    return wave
