"""Mentoring schemes, scheme proposals, participants (applications), matches and everything
that happens in a match, enquiries, concerns and data-breach records.

Reads that depend on who is asking go through the `visible_to(user)` / `managed_by(user)`
queryset methods; writes that carry rules go through `mentoring.services`."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring import eligibility, matching, vocab


def default_grades():
    return list(vocab.DEFAULT_GRADES)


class SchemeStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class SchemeQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Schemes this user may manage: their own as a leader; every scheme for an admin."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=Scheme.leaders.through.objects.filter(user=user).values("scheme"))


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


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(proposer=user)


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


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications a user may see: their own, those in schemes they lead; all for admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(user=user) | Q(scheme__in=Scheme.objects.managed_by(user)))

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


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"


LIVE_STATUSES = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]
FINISHED_STATUSES = [MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY]


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Matches a user may see: their own (as mentor or mentee), those in schemes they lead;
        all for admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(mentor__user=user)
            | Q(mentee__user=user)
            | Q(scheme__in=Scheme.objects.managed_by(user))
        )

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def with_people(self):
        return self.select_related("scheme", "mentor__user", "mentee__user")


class Match(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentor_matches")
    mentee = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentee_matches")
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


class EnquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(sender=user) | Q(scheme__in=Scheme.objects.managed_by(user)))


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


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Concerns are seen by the scheme's leaders (and admins) and by whoever raised them;
        never by the other person in the match."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(raised_by=user) | Q(scheme__in=Scheme.objects.managed_by(user)))


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
