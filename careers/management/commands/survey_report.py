"""manage.py survey_report WAVE TABLE [--by DIMENSION]

Prints a published table of a published wave as CSV, for scripts: columns
category,respondents,percent (with --by: category,<dimension>,respondents,percent, percent within
the group); the first row(s) are all_respondents. The figures are the wave's stored published
report (careers.publication), exactly what the report page and its downloads show. A wave that
is not published (a draft, a preview, a withdrawn wave) is refused: exit status 1."""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from careers import publication, queries
from careers.models import Wave
from config.downloads import spreadsheet_safe


class Command(BaseCommand):
    help = "Print a published table of a published survey wave as CSV."

    def add_arguments(self, parser):
        parser.add_argument("wave", help="the wave's name or slug")
        parser.add_argument("table", choices=queries.REPORT_TABLES)
        parser.add_argument("--by", choices=queries.DIMENSIONS, help="break down by a column")

    def handle(self, *args, wave, table, by, **options):
        found = Wave.objects.filter(Q(name=wave) | Q(slug=wave)).defer("figures").first()
        if found is None:
            names = (
                ", ".join(Wave.objects.published().in_order().values_list("name", flat=True))
                or "none"
            )
            raise CommandError(f"No wave named {wave!r}. Published waves: {names}.")
        if not found.is_published:
            raise CommandError(
                f"The wave {found.name!r} is not published ({found.get_status_display().lower()}):"
                " only published waves are reported. Publish it with "
                f"`manage.py publish_wave {found.slug}`."
            )
        content = queries.published_report(found, {}, by)
        if content is None:
            header, rows = publication.withheld_rows()
        else:
            header, rows = publication.table_rows(content, table)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
