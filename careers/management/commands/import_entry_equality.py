"""manage.py import_entry_equality PATH --programme SLUG [--sheet NAME] [--source TEXT]

The same import as the equity upload page (`careers.equity.services.equity_import`): a
Clearing House or generic entry file into a programme; a workforce or plan-targets file too
(the programme is then not needed). All or nothing: prints every problem (row, column, value,
reason) and exits non-zero when nothing was stored."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.equity import services
from careers.equity.models import Programme


class Command(BaseCommand):
    help = "Import equity figures (entry to training, staff by band, or plan targets)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file, CSV or XLSX")
        parser.add_argument("--programme", default="", help="the programme's slug (entry files)")
        parser.add_argument(
            "--name", default="", help="create the programme with this name if it does not exist"
        )
        parser.add_argument("--sheet", default="", help="for an XLSX file: the sheet to read")
        parser.add_argument("--source", default="", help="where the figures come from")

    def handle(self, *args, path, programme, name, sheet, source, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        chosen = None
        if programme:
            chosen = Programme.objects.filter(slug=programme).first()
            if chosen is None and name:
                chosen = services.programme_create(slug=programme, name=name)
            if chosen is None:
                raise CommandError(
                    f"No programme “{programme}” (give --name to create it). Known: "
                    + (", ".join(Programme.objects.values_list("slug", flat=True)) or "none")
                )
        try:
            record = services.equity_import(
                path=file, filename=file.name, programme=chosen, sheet=sheet, source=source
            )
        except services.RowsRejected as refused:
            for row, column, value, reason in refused.record.problems:
                self.stderr.write(f"Problem: row {row}, column {column}, value {value!r}: {reason}")
            raise CommandError(refused.message) from None
        except services.EquityRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(
            self.style.SUCCESS(f"{record.layout_label}: {record.rows_stored:,} rows stored.")
        )
