"""Matches and everything that happens in one: the match itself (proposed, active, finished),
its meetings, progress on the mentee's goals, both sides' feedback at the end, and the cohort's
stored suggestions (`SuggestionCache`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring import matching, vocab
from mentoring.models.schemes import Scheme, ScopedQuerySet


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"


LIVE_STATUSES = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]


FINISHED_STATUSES = [MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY]


class MatchQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Matches a user may see: their own (as mentor or mentee), those in schemes they lead;
        all for admins."""
        return self.scoped_to(
            user,
            lambda: (
                Q(mentor__user=user)
                | Q(mentee__user=user)
                | Q(scheme__in=Scheme.objects.managed_by(user))
            ),
        )

    def involving(self, user):
        """The user's own matches, as mentor or mentee."""
        return self.filter(Q(mentor__user=user) | Q(mentee__user=user))

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def with_people(self):
        return self.select_related("scheme", "mentor__user", "mentee__user")


class Match(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(
        "Participant", on_delete=models.PROTECT, related_name="mentor_matches"
    )
    mentee = models.ForeignKey(
        "Participant", on_delete=models.PROTECT, related_name="mentee_matches"
    )
    # Which of the mentor's capacity places this match uses (1..capacity): unique among live
    # matches, so the database itself refuses two live matches in one place.
    mentor_slot = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=MatchStatus, default=MatchStatus.PROPOSED)
    score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    reasons = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    extended_months = models.PositiveSmallIntegerField(default=0)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_months_requested = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.TextField(blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentor_slot"],
                condition=Q(status__in=["proposed", "active"]),
                name="mentoring_one_live_match_per_mentor_slot",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["proposed", "active"]),
                name="mentoring_one_live_match_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentoring_match_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(mentor_slot__gte=1), name="mentoring_match_slot_positive"
            ),
        ]

    def __str__(self):
        return f"{self.mentor.user} and {self.mentee.user}"

    def get_absolute_url(self):
        return reverse("mentoring:match-detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def side_of(self, user) -> str | None:
        """'mentor', 'mentee' or None for someone who is neither."""
        if user.pk == self.mentor.user_id:
            return vocab.MENTOR
        if user.pk == self.mentee.user_id:
            return vocab.MENTEE
        return None

    def has_accepted(self, side: str) -> bool:
        return bool(self.mentor_accepted_at if side == vocab.MENTOR else self.mentee_accepted_at)

    def reasons_for(self, user) -> list[dict]:
        """The score's reasons as this user may see them (matching.reasons_visible): the
        characteristic reason is built from both people's private answers, so only someone
        who may see both sees it."""
        return matching.reasons_visible(
            self.reasons,
            is_leader=self.scheme.is_managed_by(user),
            side=self.side_of(user),
            mentor_shares=self.mentor.share_with_mentee,
            mentee_shares=self.mentee.share_with_mentor,
        )


class Meeting(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    met_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(max_length=10, choices=vocab.MEETING_MODES[:2])
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"Meeting on {self.met_on:%d %b %Y}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    ACHIEVED = "achieved", "Achieved"


class ProgressUpdate(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    goal = models.CharField(max_length=300)
    status = models.CharField(max_length=12, choices=ProgressStatus)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.goal}: {self.get_status_display()}"


RATING_QUESTIONS = [
    ("rating_goals", "The match helped with the goals we set"),
    ("rating_relationship", "We worked well together"),
    ("rating_scheme", "I would recommend the scheme to a colleague"),
]


def _rating():
    return models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])


class Feedback(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=vocab.ROLES)
    rating_goals = _rating()
    rating_relationship = _rating()
    rating_scheme = _rating()
    comment = models.TextField(blank=True)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(fields=["match", "author"], name="mentoring_feedback_once"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"mentoring_feedback_{name}_1_to_5",
                )
                for name, _ in RATING_QUESTIONS
            ],
        ]

    def __str__(self):
        return f"Feedback from the {self.role}"


class SuggestionCache(models.Model):
    """The cohort's suggested assignment, stored for one state of the cohort: `state` is a
    digest of every input of the solver (participants, capacities, weights, live matches), so
    any change makes the stored result stale and the next cohort page recomputes it."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=64)
    result = models.JSONField()
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Suggestions for {self.scheme_id} at {self.computed_at:%Y-%m-%d %H:%M}"
