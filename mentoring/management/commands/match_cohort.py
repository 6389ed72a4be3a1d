"""Show the optimal matching of a scheme's waiting mentees, and optionally propose it: the same
read model and service as the "Match the cohort" page."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from mentoring import queries, services
from mentoring.models import Scheme


class Command(BaseCommand):
    help = "Print the suggested matches for a scheme; with --propose-as, propose them."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="the scheme's slug")
        parser.add_argument(
            "--propose-as", metavar="EMAIL", help="propose every suggestion as this leader"
        )

    def handle(self, *args, scheme, propose_as=None, **options):
        try:
            scheme = Scheme.objects.get(slug=scheme)
        except Scheme.DoesNotExist:
            raise CommandError(f"No scheme with the slug {scheme!r}") from None
        cohort = queries.cohort(scheme)
        for suggestion in cohort.suggestions:
            self.stdout.write(
                f"{suggestion.pair.score:>5}  {suggestion.mentor.user} -> {suggestion.mentee.user}"
            )
        self.stdout.write(
            f"{len(cohort.suggestions)} pairs, total {cohort.total:.1f} "
            f"(greedy {cohort.greedy_total:.1f}); {len(cohort.waiting)} waiting"
        )
        if propose_as:
            leader = User.objects.filter(email__iexact=propose_as).first()
            if leader is None:
                raise CommandError(f"No user {propose_as}")
            if not scheme.is_managed_by(leader):
                raise CommandError(f"{propose_as} does not lead {scheme.name}")
            result = services.match_propose_many(
                scheme=scheme,
                pairs=[(s.mentor.pk, s.mentee.pk) for s in cohort.suggestions],
                by=leader,
            )
            self.stdout.write(f"Proposed {len(result.created)}; refused {len(result.refused)}")
            for _, _, reason in result.refused:
                self.stdout.write(f"  refused: {reason}")
