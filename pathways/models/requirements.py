"""Entry requirements as data: what a person holds (qualifications and
experience), what study steps, roles and entry routes give, what each step needs and what a
starting point holds at the start."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from pathways.models.career_map import EntryRoute, Link, Role, StartingPoint, exactly_one_set


class Qualification(models.Model):
    """Something a person holds that a step can need: a qualification or credential (GBC, an
    honours degree, NMC registration as a mental health nurse, a BABCP core profession), or
    experience counted in months (time in roles that give it)."""

    class Kind(models.TextChoices):
        CREDENTIAL = "credential", "Qualification, registration or status"
        EXPERIENCE = "experience", "Experience, counted in months"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CREDENTIAL)
    every_role_gives = models.BooleanField(
        "every role on the map gives it",
        default=False,
        help_text="For experience that time in any NHS mental health role counts towards.",
    )
    description = models.TextField(blank=True)
    source_url = models.URLField(max_length=400, blank=True)
    checked_on = models.DateField("last reviewed", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StudyStep(models.Model):
    """Study that is not a job and gains something a later step needs: a psychology
    conversion course (GBC), graduate-entry medicine (a medical degree), a KSA portfolio. The
    person stays where they are (working or not) unless `leads_to` names the starting point
    they are at afterwards (a conversion course makes a graduate in another subject a
    graduate with GBC)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    months = models.PositiveSmallIntegerField("length (months)")
    funding = models.CharField(
        max_length=10, choices=EntryRoute.Funding.choices, default=EntryRoute.Funding.SELF
    )
    description = models.TextField(blank=True)
    available_from = models.ManyToManyField(
        StartingPoint,
        blank=True,
        related_name="+",
        help_text="Only from these starting points; none means wherever the person is, once "
        "they hold what it needs.",
    )
    leads_to = models.ForeignKey(
        StartingPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The starting point the person is at afterwards; empty: where they were.",
    )
    gains = models.ManyToManyField(Qualification, related_name="gained_by_study")
    not_for = models.ManyToManyField(
        Qualification,
        blank=True,
        related_name="+",
        verbose_name="not for people who hold",
        help_text="For example a KSA portfolio is for people without a BABCP core profession.",
    )
    competition = models.CharField(
        "how competitive", max_length=300, blank=True, help_text="A figure, with its source."
    )
    competition_source_url = models.URLField(max_length=400, blank=True)
    source_url = models.URLField(max_length=400, blank=True)
    checked_on = models.DateField("last reviewed", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[available_from, gains, not_for])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Gain(models.Model):
    """What a role or an entry route gives: qualifying through a mental health nursing degree
    gives NMC registration and a BABCP core profession; working as an assistant psychologist
    gives months of relevant experience (an experience qualification accrues while in post)."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="gains"
    )
    entry_route = models.ForeignKey(
        EntryRoute, on_delete=models.CASCADE, null=True, blank=True, related_name="gains"
    )
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="+")
    source_url = models.URLField(max_length=400, blank=True)
    checked_on = models.DateField("last reviewed", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_set("role", "entry_route"),
                name="gain_exactly_one_owner",
            ),
        ]

    def __str__(self):
        return f"{self.role or self.entry_route} gives {self.qualification}"

    def clean(self):
        if bool(self.role_id) == bool(self.entry_route_id):
            raise ValidationError({"role": "Choose either a role or an entry route."})


class Requirement(models.Model):
    """One thing a step needs, as data: any one of its options (RequirementOption: a
    qualification, or for experience at least some months of it). A requirement belongs to
    exactly one of: a role (needed for every way in), an entry route (needed to start the
    training), a link (needed for that move only) or a study step."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="requirements"
    )
    entry_route = models.ForeignKey(
        EntryRoute, on_delete=models.CASCADE, null=True, blank=True, related_name="needs"
    )
    link = models.ForeignKey(
        Link, on_delete=models.CASCADE, null=True, blank=True, related_name="requirements"
    )
    study_step = models.ForeignKey(
        StudyStep, on_delete=models.CASCADE, null=True, blank=True, related_name="requirements"
    )
    note = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=400)
    checked_on = models.DateField("last reviewed")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_set("role", "entry_route", "link", "study_step"),
                name="requirement_exactly_one_owner",
            ),
        ]

    def __str__(self):
        owner = self.role or self.entry_route or self.link or self.study_step
        return f"{owner} needs {self.note or 'a qualification'}"

    @property
    def owner(self):
        return self.role or self.entry_route or self.link or self.study_step

    def clean(self):
        owners = [self.role_id, self.entry_route_id, self.link_id, self.study_step_id]
        if sum(1 for owner in owners if owner) != 1:
            raise ValidationError(
                "A requirement belongs to exactly one role, entry route, link or study step."
            )


class RequirementOption(models.Model):
    """One way to meet a requirement: hold `qualification` (for experience, at least `months`
    of it). A requirement with several options is met by any one of them."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="options")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="required_by"
    )
    months = models.PositiveSmallIntegerField(
        default=0, help_text="For experience: at least this many months of it."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        if self.months:
            return f"{self.qualification}: at least {self.months} months"
        return str(self.qualification)


class StartingPointHolds(models.Model):
    """What a person at a starting point holds at the start (a psychology graduate: an
    honours degree and GBC)."""

    starting_point = models.ForeignKey(
        StartingPoint, on_delete=models.CASCADE, related_name="holds"
    )
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = "what a starting point holds"
        verbose_name_plural = "what starting points hold"
        constraints = [
            models.UniqueConstraint(
                fields=["starting_point", "qualification"], name="holds_once_per_start"
            )
        ]

    def __str__(self):
        return f"{self.starting_point} holds {self.qualification}"
