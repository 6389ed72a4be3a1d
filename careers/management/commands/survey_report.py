"""manage.py survey_report WAVE TABLE [--by DIMENSION]

Prints a published table of a wave as CSV, for scripts: columns category,respondents,percent
(with --by: category,<dimension>,respondents,percent, percent within the group); the first
row(s) are all_respondents. Counts follow the disclosure rule, as on the report page."""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from careers import queries
from careers.models import Wave
from careers.services import published_roles
from config.downloads import spreadsheet_safe


class Command(BaseCommand):
    help = "Print a published table of a survey wave as CSV."

    def add_arguments(self, parser):
        parser.add_argument("wave", help="the wave's name or slug")
        parser.add_argument("table", choices=queries.REPORT_TABLES)
        parser.add_argument("--by", choices=queries.DIMENSIONS, help="break down by a column")

    def handle(self, *args, wave, table, by, **options):
        found = Wave.objects.filter(Q(name=wave) | Q(slug=wave)).first()
        if found is None:
            names = ", ".join(Wave.objects.in_order().values_list("name", flat=True)) or "none"
            raise CommandError(f"No wave named {wave!r}. Waves: {names}.")
        header, rows = queries.published_table(found.figures, table, published_roles(), by=by)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
