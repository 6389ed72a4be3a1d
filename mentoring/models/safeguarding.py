"""Safeguarding records: concerns raised about a match (seen by the leaders and whoever raised
them) and a leader's record of a personal-data breach."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentoring.models.matches import Match
from mentoring.models.schemes import Scheme, ScopedQuerySet


class ConcernQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Concerns are seen by the scheme's leaders (and admins) and by whoever raised them;
        never by the other person in the match."""
        return self.scoped_to(
            user, lambda: Q(raised_by=user) | Q(scheme__in=Scheme.objects.managed_by(user))
        )


class Concern(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="concerns")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    description = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    leader_notes = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self):
        return f"Concern raised {self.raised_at:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DataBreach(models.Model):
    """A leader's record of a personal-data breach; the careers team is told by email."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="breaches")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    discovered_at = models.DateTimeField()
    description = models.TextField("what happened")
    people_affected = models.TextField(help_text="Who is affected, and how many people.")
    actions_taken = models.TextField(help_text="What has been done so far.")
    recorded_at = models.DateTimeField(default=timezone.now)
    careers_team_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name_plural = "data breaches"

    def __str__(self):
        return f"Data breach recorded {self.recorded_at:%d %b %Y}"
