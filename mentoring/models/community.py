"""A scheme's mentor community: who may take part (`in_community`), its posts and replies, and
the audit trail of who read or wrote what."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from mentoring.models.participants import Participant
from mentoring.models.schemes import Scheme


def in_community(scheme: Scheme, user) -> bool:
    """Whether the user may read and write in the scheme's mentor community: its leaders (and
    admins) and its active mentors; not mentees, other members or visitors."""
    if not user.is_authenticated:
        return False
    if scheme.is_managed_by(user):
        return True
    return Participant.objects.mentors().active().filter(scheme=scheme, user=user).exists()


class CommunityPostQuerySet(models.QuerySet):
    def threads(self):
        """Top-level posts (announcements and discussions), newest first, with their reply
        counts and authors (one query per page)."""
        return (
            self.filter(reply_to__isnull=True)
            .select_related("author")
            .annotate(reply_count=models.Count("replies"))
            .order_by("-posted_at", "-pk")
        )


class CommunityPost(models.Model):
    """A post in a scheme's mentor community: a leader's announcement or a mentor's discussion
    post (or a reply to one). Seen by the scheme's active mentors and leaders only."""

    ANNOUNCEMENT = "announcement"
    DISCUSSION = "discussion"
    KINDS = [(ANNOUNCEMENT, "Announcement"), (DISCUSSION, "Discussion")]

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="community_posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=KINDS)
    reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    posted_at = models.DateTimeField(default=timezone.now)

    objects = CommunityPostQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]

    def __str__(self):
        return self.title or f"Reply {self.pk}"

    @property
    def is_announcement(self) -> bool:
        return self.kind == self.ANNOUNCEMENT


class CommunityAccess(models.Model):
    """The audit trail of the mentor community: who read or wrote what, and when."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    post = models.ForeignKey(
        CommunityPost, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
