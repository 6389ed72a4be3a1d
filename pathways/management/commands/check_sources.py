"""Report the career map's facts whose review is more than 12 months old, facts without a
source, and sources on hosts outside pathways/source_hosts.txt. Exits with status 1 when
anything is found, so it can run in CI and on a schedule."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pathways.sources import KINDS, source_report


class Command(BaseCommand):
    help = "Check the career map's sources: review dates, missing sources and allowed hosts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Check as on this date (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        report = source_report(today=today or timezone.localdate())
        for kind, label in KINDS.items():
            found = report.by_kind(kind)
            if not found:
                continue
            self.stdout.write(f"{label}: {len(found)}")
            for problem in found:
                self.stdout.write(f"  {problem.record}: {problem.detail}")
        if report.not_checked:
            self.stdout.write(f"Marked in the data as not checked: {len(report.not_checked)}")
            for item in report.not_checked:
                self.stdout.write(f"  {item.record}: {item.detail}")
        summary = f"{report.facts_checked} sources checked, {len(report.problems)} problems"
        if report.ok:
            self.stdout.write(summary)
            return
        raise CommandError(summary, returncode=1)
