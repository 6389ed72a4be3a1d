"""manage.py import_survey PATH --wave NAME [--sheet NAME] [--skip-invalid]

The same import as the upload page, through `careers.services.survey_import`, run here in the
foreground. Prints every problem (row, column, value, reason) and the rows read, stored and
rejected; exits non-zero when nothing was stored."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.services import ImportRefused, survey_import


class Command(BaseCommand):
    help = "Import a survey file (CSV or XLSX) into a wave."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the survey file, CSV or XLSX")
        parser.add_argument("--wave", required=True, help="the wave's name (created if new)")
        parser.add_argument("--sheet", default="", help="for an XLSX file: the sheet to read")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="store the valid rows and list the skipped ones (default: store nothing "
            "if any row is invalid)",
        )

    def handle(self, *args, path, wave, sheet, skip_invalid, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            job = survey_import(
                wave_name=wave,
                path=source,
                filename=source.name,
                sheet=sheet,
                skip_invalid=skip_invalid,
            )
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for warning in job.warnings:
            self.stderr.write(f"Warning: {warning}")
        if job.problems:
            label = "Skipped" if job.status == job.Status.SUCCEEDED else "Problem"
            for row, column, value, reason in job.problems:
                self.stderr.write(f"{label}: row {row}, column {column}, value {value!r}: {reason}")
        self.stdout.write(
            f"rows read: {job.rows_read}, stored: {job.rows_stored}, rejected: {job.rows_rejected}"
        )
        if job.status != job.Status.SUCCEEDED:
            raise CommandError(job.message or "Nothing was stored.")
        self.stdout.write(self.style.SUCCESS(f"{job.message} Wave: {job.wave_name}"))
