"""Load one Agenda for Change pay year from a JSON file (see fixtures/pathways/pay-years/).
Earlier years are kept; when the file holds the latest year, roles point at its bands."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways import services


class Command(BaseCommand):
    help = "Load an Agenda for Change pay year (bands and annual ranges) from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            changes = services.pay_year_load_file(path=file)
        except (OSError, ValueError, KeyError, services.ReferenceDataError) as error:
            raise CommandError(f"Could not load {file}: {error}") from error
        self.stdout.write(
            f"pay bands: {changes['pay_bands']} changed; "
            f"roles moved to the new year's bands: {changes['roles']}"
        )
