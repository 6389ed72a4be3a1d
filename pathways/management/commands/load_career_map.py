"""Load the career map's reference data (by default fixtures/pathways/career-map.json, or any
file in the open-data export format). Safe to run again: it only changes what differs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways import services


class Command(BaseCommand):
    help = "Load or update the career map from a JSON file in the open-data export format."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=services.FIXTURE)

    def handle(self, *args, file, **options):
        try:
            changes = services.reference_data_load_file(path=file)
        except (OSError, ValueError, KeyError, services.ReferenceDataError) as error:
            raise CommandError(f"Could not load {file}: {error}") from error
        services.role_editors_grant_permissions()
        for name, count in changes.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count} changed")
