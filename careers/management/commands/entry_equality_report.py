"""manage.py entry_equality_report --programme SLUG --year YEAR --section SECTION
[--reference KEY]

Prints the entry figures of one year and section as CSV, with the header
category,applicants,accepted,rate_percent,rate_low,rate_high,relative_likelihood,rl_low,
rl_high,suppressed: categories as labelled in the source, percentages to one decimal place,
likelihoods to two; suppressed counts are blank and give no rate."""

import csv

from django.core.management.base import BaseCommand, CommandError

from careers.equity import formats as fmt
from careers.equity import queries
from careers.equity.models import Programme


class Command(BaseCommand):
    help = "Print acceptance rates and relative likelihoods for one year and section as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--section", required=True, help="for example ETHNICITY")
        parser.add_argument("--reference", default="", help="the reference group's category key")

    def handle(self, *args, programme, year, section, reference, **options):
        chosen = Programme.objects.filter(slug=programme).first()
        if chosen is None:
            raise CommandError(f"No programme “{programme}”.")
        code = fmt.section_code(section) or fmt.SECTION_BY_SLUG.get(section.lower())
        if code is None:
            raise CommandError(f"Unknown section “{section}”.")
        report = queries.entry_report(chosen, year, code, reference=reference or None)
        if report is None:
            raise CommandError(f"No figures for {code} in {year}.")
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(queries.CSV_HEADER)
        writer.writerows(queries.entry_csv_rows(report))
