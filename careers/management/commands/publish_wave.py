"""manage.py publish_wave WAVE [--withdraw] [--preview-only]

Publishes a wave through the same services as the wave's page: `wave_preview` (count the wave
once and store its reports with disclosure control applied) then `wave_publish`. Prints what the
preview withheld. `--preview-only` stops after the preview; `--withdraw` takes a published wave
down. A refusal (too few respondents, already published...) prints why and exits with status 1."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from careers import services
from careers.models import Wave


class Command(BaseCommand):
    help = "Preview and publish a survey wave (or withdraw it)."

    def add_arguments(self, parser):
        parser.add_argument("wave", help="the wave's name or slug")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--withdraw", action="store_true", help="withdraw a published wave")
        group.add_argument(
            "--preview-only", action="store_true", help="store the preview, do not publish"
        )

    def handle(self, *args, wave, withdraw, preview_only, **options):
        found = Wave.objects.filter(Q(name=wave) | Q(slug=wave)).defer("figures").first()
        if found is None:
            raise CommandError(f"No wave named {wave!r}.")
        try:
            if withdraw:
                services.wave_withdraw(wave=found)
                self.stdout.write(self.style.SUCCESS(f"Withdrawn: {found.name}"))
                return
            previewed = services.wave_preview(wave=found)
            summary = previewed.publication
            self.stdout.write(
                f"Preview: {summary['reports']} reports; subgroups published "
                f"{len(summary['subgroups'])}, withheld {len(summary['withheld_subgroups'])} "
                f"(fewer than {summary['min_group']} respondents, or they would let a smaller "
                "group be worked out)."
            )
            for key in summary["withheld_subgroups"]:
                self.stdout.write(f"Withheld subgroup: {key}")
            if preview_only:
                return
            services.wave_publish(wave=previewed)
        except services.PublicationRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(self.style.SUCCESS(f"Published: {found.name}"))
