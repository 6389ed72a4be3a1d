"""Remove personal details from referrals closed or returned longer ago than the retention
period. A dry run unless --apply is given. A thin wrapper over retention.referrals_anonymise."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.retention import referrals_anonymise, retention_cutoff

logger = logging.getLogger("referrals.retention")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Anonymise (without it, only list what is due)."
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=f"Retention period in years (default {settings.REFERRALS_RETENTION_YEARS}, "
            "from REFERRALS_RETENTION_YEARS).",
        )

    def handle(self, *args, apply=False, years=None, **options):
        if years is not None and years < 1:
            self.stderr.write("--years must be at least 1")
            return
        cutoff = retention_cutoff(years=years)
        references = referrals_anonymise(apply=apply, years=years)
        verb = "Anonymised" if apply else "Would anonymise (dry run; use --apply to act)"
        summary = (
            f"{verb} {len(references)} referral(s) closed or returned before {cutoff:%Y-%m-%d}."
        )
        self.stdout.write(summary)
        for reference in references:
            self.stdout.write(f"  {reference}")
        logger.info("%s %s", summary, " ".join(references))
