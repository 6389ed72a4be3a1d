"""The people in a scheme: a participant (one person's application as a mentor or a mentee, with
the profile matching reads) and their enquiries to the scheme's leaders."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring import eligibility, vocab
from mentoring.models.matches import LIVE_STATUSES, Match, MatchStatus
from mentoring.models.schemes import Scheme, ScopedQuerySet


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ParticipantQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Applications a user may see: their own, those in schemes they lead; all for admins."""
        return self.scoped_to(
            user, lambda: Q(user=user) | Q(scheme__in=Scheme.objects.managed_by(user))
        )

    def active(self):
        return self.filter(status=ParticipantStatus.ACTIVE)

    def mentors(self):
        return self.filter(role=vocab.MENTOR)

    def mentees(self):
        return self.filter(role=vocab.MENTEE)

    def with_live_count(self):
        return self.annotate(
            live_count=models.Count(
                "mentor_matches", filter=Q(mentor_matches__status__in=LIVE_STATUSES)
            )
        )

    def waiting_mentees(self):
        """Active mentees with no live match and no finished one: the waiting list."""
        return (
            self.mentees()
            .active()
            .exclude(
                pk__in=Match.objects.filter(
                    status__in=[*LIVE_STATUSES, MatchStatus.COMPLETED]
                ).values("mentee")
            )
        )


class Participant(models.Model):
    """One person's application to a scheme, as a mentor or as a mentee."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_applications"
    )
    role = models.CharField(max_length=10, choices=vocab.ROLES)
    status = models.CharField(
        max_length=10, choices=ParticipantStatus, default=ParticipantStatus.ACTIVE
    )
    membership_number = models.CharField(max_length=30, blank=True)
    membership_confirmed_at = models.DateTimeField(null=True, blank=True)
    membership_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grade = models.CharField("membership grade", max_length=20, choices=vocab.GRADES)
    career_stage = models.CharField(max_length=20, choices=vocab.CAREER_STAGES)
    field = models.CharField("field or specialism", max_length=30, choices=vocab.FIELDS)
    region = models.CharField(max_length=30, choices=vocab.REGIONS)
    topics = ArrayField(models.CharField(max_length=30, choices=vocab.TOPICS), default=list)
    goals = models.TextField(blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    availability = models.TextField(blank=True)
    meeting_mode = models.CharField(max_length=10, choices=vocab.MEETING_MODES)
    branch = models.CharField(max_length=100, blank=True)
    network = models.CharField(max_length=100, blank=True)
    job_role = models.CharField("role", max_length=100, blank=True)
    setting = models.CharField(max_length=100, blank=True)
    # Roles on the career map (pathways role slugs, chosen through
    # pathways.queries.published_role_choices): where the person is, where a mentee aims to be,
    # where a mentor has been, and the mentee's route from a route-finder result.
    current_role = models.CharField(max_length=100, blank=True)
    target_role = models.CharField(max_length=100, blank=True)
    past_roles = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    route_roles = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    # Private: the person and the scheme's leaders only.
    characteristics = ArrayField(
        models.CharField(max_length=30, choices=vocab.CHARACTERISTICS), default=list, blank=True
    )
    wanted_shared = ArrayField(
        models.CharField(max_length=30, choices=vocab.CHARACTERISTICS), default=list, blank=True
    )
    share_with_mentor = models.BooleanField(default=False)
    # A mentor's choice: whether their mentees may see the characteristics above (and so the
    # part of a match's explanation that names them). Not shared unless they say so.
    share_with_mentee = models.BooleanField(default=False)
    preparation_completed_on = models.DateField(null=True, blank=True)
    preparation_notes = models.TextField(blank=True)
    available = models.BooleanField(default=True)
    applied_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "user", "role"],
                condition=Q(status="active"),
                name="mentoring_one_active_application_per_role",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=10),
                name="mentoring_participant_capacity_range",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "role", "status"])]

    def __str__(self):
        return f"{self.user} ({self.get_role_display().lower()}, {self.scheme})"

    def get_absolute_url(self):
        return reverse("mentoring:participant-detail", args=[self.pk])

    @property
    def is_mentor(self) -> bool:
        return self.role == vocab.MENTOR

    @property
    def is_prepared(self) -> bool:
        return self.preparation_completed_on is not None

    @property
    def applicant(self) -> eligibility.Applicant:
        return eligibility.Applicant(
            membership_number=self.membership_number,
            grade=self.grade,
            branch=self.branch,
            network=self.network,
            job_role=self.job_role,
            setting=self.setting,
        )

    def topic_labels(self):
        return vocab.labels(vocab.TOPICS, self.topics)

    def characteristic_labels(self):
        return vocab.labels(vocab.CHARACTERISTICS, self.characteristics)

    def wanted_labels(self):
        return vocab.labels(vocab.CHARACTERISTICS, self.wanted_shared)

    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def characteristics_visible_to(self, user) -> bool:
        """Characteristics are seen by the person, the scheme's leaders and admins only."""
        return user.is_authenticated and (
            user.pk == self.user_id or self.scheme.is_managed_by(user)
        )


class EnquiryQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Queries a user may see: those they sent, those to schemes they lead; all for admins."""
        return self.scoped_to(
            user, lambda: Q(sender=user) | Q(scheme__in=Scheme.objects.managed_by(user))
        )

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def overdue(self, today):
        """Unanswered after their due day (`Enquiry.is_overdue`, for a list)."""
        return self.unanswered().filter(due_on__lt=today)


class Enquiry(models.Model):
    """A participant's query to the scheme's leaders, due within the scheme's response time."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="enquiries")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_enquiries"
    )
    subject = models.CharField(max_length=200)
    message = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name_plural = "enquiries"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("mentoring:enquiry-detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.answered_at is None and today > self.due_on
