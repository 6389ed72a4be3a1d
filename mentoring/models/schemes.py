"""Mentoring schemes and the proposals that lead to them: what a scheme offers, its rules for
who may join (`Scheme.rules`), its leaders, and the settings a leader edits (`SCHEME_SETTINGS`)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring import eligibility, vocab


def default_grades():
    return list(vocab.DEFAULT_GRADES)


class SchemeStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class ScopedQuerySet(models.QuerySet):
    """Records whose reading depends on who asks (`visible_to`, `managed_by`)."""

    def scoped_to(self, user, theirs: Callable[[], Q]):
        """Nothing for an anonymous visitor, everything for an admin, else the records that
        `theirs()` selects (built only then: an anonymous user is no value to filter on)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(theirs())


class SchemeQuerySet(ScopedQuerySet):
    def managed_by(self, user):
        """Schemes this user may manage: their own as a leader; every scheme for an admin."""
        return self.scoped_to(
            user,
            lambda: Q(pk__in=Scheme.leaders.through.objects.filter(user=user).values("scheme")),
        )


# What a leader sets on the scheme's edit page (`scheme_update`), besides its name and address.
SCHEME_SETTINGS = (
    "description",
    "aims",
    "diversity_aims",
    "how_to_join",
    "status",
    "membership_required",
    "allowed_grades",
    "required_branch",
    "required_network",
    "required_role",
    "required_setting",
    "match_length_months",
    "default_mentor_capacity",
    "response_days",
    "minimum_score",
)


class Scheme(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField()
    aims = models.TextField(help_text="What the scheme is for.")
    diversity_aims = models.TextField(
        blank=True, help_text="Who the scheme especially wants to reach, and why."
    )
    how_to_join = models.TextField(
        blank=True, help_text="Anything a member should know before applying."
    )
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_schemes")
    membership_required = models.BooleanField(default=True)
    membership_body = models.CharField(
        "membership of",
        max_length=100,
        blank=True,
        help_text="The body members must belong to, for example the British Psychological "
        "Society (BPS). A leader confirms each applicant's membership number.",
    )
    allowed_grades = ArrayField(
        models.CharField(max_length=20, choices=vocab.GRADES), default=default_grades
    )
    required_branch = models.CharField(max_length=100, blank=True)
    required_network = models.CharField(max_length=100, blank=True)
    required_role = models.CharField(max_length=100, blank=True)
    required_setting = models.CharField(max_length=100, blank=True)
    match_length_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="How long a match lasts; the pair can agree to extend it.",
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many mentees a mentor takes unless they say otherwise.",
    )
    response_days = models.PositiveSmallIntegerField(
        "response time for queries (working days)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    minimum_score = models.PositiveSmallIntegerField(
        "minimum match score",
        default=40,
        validators=[MaxValueValidator(100)],
        help_text="Suggested pairs scoring less than this (out of 100) are not proposed.",
    )
    career_weight = models.PositiveSmallIntegerField(
        "weight of a mentor who has made the move",
        default=20,
        validators=[MaxValueValidator(40)],
        help_text="Points (out of 100) for a mentor who holds or held the role the mentee aims "
        "for, or the next role on the mentee's route. 0 turns it off.",
    )
    status = models.CharField(max_length=10, choices=SchemeStatus, default=SchemeStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(match_length_months__gte=1, match_length_months__lte=36),
                name="mentoring_scheme_match_length_range",
            ),
            models.CheckConstraint(
                condition=Q(default_mentor_capacity__gte=1, default_mentor_capacity__lte=10),
                name="mentoring_scheme_capacity_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:scheme-detail", args=[self.slug])

    @property
    def is_open(self) -> bool:
        return self.status == SchemeStatus.OPEN

    @property
    def rules(self) -> eligibility.Rules:
        return eligibility.Rules(
            status=self.status,
            membership_required=self.membership_required,
            allowed_grades=tuple(self.allowed_grades),
            required_branch=self.required_branch,
            required_network=self.required_network,
            required_role=self.required_role,
            required_setting=self.required_setting,
        )

    def is_managed_by(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        cache = getattr(self, "_managers", None)
        if cache is None:
            cache = self._managers = set(self.leaders.values_list("pk", flat=True))
        return user.pk in cache


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class ProposalQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Proposals a user may see: their own; all for admins."""
        return self.scoped_to(user, lambda: Q(proposer=user))


class SchemeProposal(models.Model):
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scheme_proposals"
    )
    name = models.CharField("scheme name", max_length=200)
    description = models.TextField("what the scheme offers")
    aims = models.TextField("aims and design", help_text="Who it is for, how it will run.")
    diversity_aims = models.TextField(
        blank=True, help_text="Who you especially want to reach, and how."
    )
    mentor_experience = models.TextField("your experience as a mentor")
    mentee_experience = models.TextField("your experience as a mentee", blank=True)
    support = models.TextField(
        "steering group or network support",
        help_text="Who supports the scheme: a steering group, a network, a branch.",
    )
    time_commitment = models.CharField(
        "time you can commit", max_length=200, help_text="For example, 4 hours a month."
    )
    status = models.CharField(
        max_length=20, choices=ProposalStatus, default=ProposalStatus.SUBMITTED
    )
    review_notes = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    scheme = models.OneToOneField(
        Scheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:proposal-detail", args=[self.pk])
