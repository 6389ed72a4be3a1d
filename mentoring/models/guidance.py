"""A scheme's guidance for mentors and mentees at each moment (before applying, on being
matched, before the first meeting), kept as numbered versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from mentoring.models.schemes import Scheme


class GuidanceAudience(models.TextChoices):
    MENTOR = "mentor", "Mentors"
    MENTEE = "mentee", "Mentees"


class GuidanceMoment(models.TextChoices):
    BEFORE_APPLYING = "apply", "Before applying"
    ON_MATCHING = "matched", "On being matched"
    BEFORE_FIRST_MEETING = "first-meeting", "Before the first meeting"


class GuidanceQuerySet(models.QuerySet):
    def current(self, scheme, audience: str, moment: str):
        """The version participants see: the newest one (None before any is written)."""
        return (
            self.filter(scheme=scheme, audience=audience, moment=moment)
            .select_related("written_by")
            .order_by("-version")
            .first()
        )


class GuidanceVersion(models.Model):
    """One version of a scheme's guidance for mentors or mentees at one moment, written by a
    leader. The newest version is shown; earlier ones are kept."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="guidance")
    audience = models.CharField(max_length=10, choices=GuidanceAudience)
    moment = models.CharField(max_length=20, choices=GuidanceMoment)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "audience", "moment", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "audience", "moment", "version"],
                name="mentoring_guidance_one_version_number",
            )
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
