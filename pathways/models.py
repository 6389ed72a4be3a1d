"""The career map: pay bands, roles, starting points, entry routes, progression links and the
rules that change routes. Reads live on the managers; writes that do more than save one form
live in services.py."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords


class ProfessionGroup(models.TextChoices):
    PSYCHOLOGICAL = "psychological", "Psychological professions"
    NURSING = "nursing", "Nursing"
    MEDICINE = "medicine", "Medicine"
    ALLIED = "allied", "Allied health professions"
    SOCIAL = "social", "Social care"
    PEER = "peer", "Peer and support roles"


class Setting(models.TextChoices):
    TALKING_THERAPIES = "talking-therapies", "NHS Talking Therapies"
    CYP = "cyp", "Children and young people's services"
    ADULT_COMMUNITY = "adult-community", "Adult community services"
    INPATIENT = "inpatient", "Inpatient services"
    PERINATAL = "perinatal", "Perinatal services"
    FORENSIC = "forensic", "Forensic services"
    SCHOOLS = "schools", "Schools and colleges"
    PRIMARY_CARE = "primary-care", "Primary care"


class PayBandQuerySet(models.QuerySet):
    def current(self):
        """The bands of the latest pay year loaded (pay years sort as text: 2026/27 after
        2025/26)."""
        latest = PayBand.every_year.order_by("-pay_year").values("pay_year")[:1]
        return self.filter(pay_year=models.Subquery(latest))

    def of_year(self, pay_year: str):
        return self.filter(pay_year=pay_year)


class CurrentPayBandManager(models.Manager.from_queryset(PayBandQuerySet)):
    """`PayBand.objects`: the bands of the current pay year only, so every page and table
    that reads pay shows one year. Earlier years stay in the table (PayBand.every_year)."""

    def get_queryset(self):
        return super().get_queryset().current()


class PayBand(models.Model):
    """An Agenda for Change pay band with its annual range for one pay year. A pay year is
    part of a band's identity: loading a new year adds rows and keeps the earlier years.
    `PayBand.objects` reads the current (latest) year; `PayBand.every_year` reads them all."""

    code = models.SlugField(max_length=4, help_text="For example 5 or 8a.")
    name = models.CharField(max_length=20, help_text="For example Band 5.")
    order = models.PositiveSmallIntegerField(help_text="Lowest band first.")
    min_pay = models.PositiveIntegerField("lowest annual pay (£)", null=True, blank=True)
    max_pay = models.PositiveIntegerField("highest annual pay (£)", null=True, blank=True)
    pay_year = models.CharField(max_length=7, help_text="For example 2026/27.")
    source_url = models.URLField(max_length=300)
    checked_on = models.DateField(
        null=True, blank=True, help_text="Empty when the figures were not seen at the source."
    )
    unchecked = models.CharField(
        "facts not checked",
        max_length=300,
        blank=True,
        help_text="Say here what could not be checked, for example a range not yet seen in "
        "the publisher's table (the pay is then left empty, never estimated).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CurrentPayBandManager()
    every_year = PayBandQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        base_manager_name = "every_year"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_pay__lte=models.F("max_pay")), name="payband_min_not_above_max"
            ),
            models.CheckConstraint(
                condition=Q(min_pay__isnull=True, max_pay__isnull=True)
                | Q(min_pay__isnull=False, max_pay__isnull=False),
                name="payband_pay_both_or_neither",
            ),
            models.UniqueConstraint(fields=["pay_year", "code"], name="payband_one_code_a_year"),
            models.UniqueConstraint(fields=["pay_year", "order"], name="payband_one_order_a_year"),
        ]

    def __str__(self):
        return f"{self.name} ({self.pay_year})"

    @property
    def has_pay(self):
        return self.min_pay is not None and self.max_pay is not None

    def clean(self):
        if self.min_pay is not None and self.max_pay is not None and self.min_pay > self.max_pay:
            raise ValidationError({"max_pay": "The highest pay cannot be below the lowest pay."})
        if (self.min_pay is None) != (self.max_pay is None):
            raise ValidationError(
                {"max_pay": "Give both the lowest and the highest pay, or neither."}
            )


def optional_pay_band(verbose_name: str) -> models.ForeignKey:
    """A field naming one pay band, or none; a band keeps no list of what points at it, and
    cannot be deleted while something does."""
    return models.ForeignKey(
        PayBand,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Role.Status.PUBLISHED)

    def with_flags(self):
        """Annotate `entry_level` (reachable straight from a starting point) and
        `salaried_training` (some way in is a salaried training post)."""
        incoming = Link.objects.filter(to_role=OuterRef("pk"))
        return self.annotate(
            entry_level=Exists(incoming.filter(from_start__isnull=False)),
            salaried_training=Exists(incoming.filter(entry_route__salaried=True)),
        )

    def review_overdue(self, today):
        """Roles whose facts were last reviewed more than 12 months before `today`."""
        try:
            cutoff = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - 1, day=28)
        return self.filter(Q(reviewed_on__lt=cutoff) | Q(reviewed_on__isnull=True))


class Role(models.Model):
    """A job in NHS mental health services. Starting points that are not jobs are a separate
    model (StartingPoint), so `Role.objects.published()` holds real jobs only."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    profession_group = models.CharField(
        max_length=20, choices=ProfessionGroup.choices, default=ProfessionGroup.PSYCHOLOGICAL
    )
    also_known_as = models.CharField(
        max_length=300, blank=True, help_text="Other job titles, separated by commas."
    )
    summary = models.TextField(blank=True)
    work = models.TextField("what the work involves", blank=True)
    settings = ArrayField(
        models.CharField(max_length=20, choices=Setting.choices), default=list, blank=True
    )
    band_min = optional_pay_band("lowest band once qualified")
    band_max = optional_pay_band("highest band")
    trainee_band = optional_pay_band("band while training in post")
    other_pay = models.CharField(
        "other pay scale",
        max_length=300,
        blank=True,
        help_text="For roles not on Agenda for Change, such as doctors.",
    )
    pay_note = models.CharField(max_length=300, blank=True)
    regulator = models.CharField(
        max_length=120, blank=True, help_text="Empty when the role is not regulated."
    )
    registration = models.CharField("registration needed", max_length=300, blank=True)
    entry_requirements = models.TextField(blank=True)
    unchecked = models.TextField(
        "facts not checked",
        blank=True,
        help_text="Say here what could not be checked against a public source.",
    )
    reviewed_on = models.DateField("last reviewed", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="english")
        + SearchVector("also_known_as", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("work", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="pathways_role_search"),
            GinIndex(
                name="pathways_role_name_trgm",
                fields=["name"],
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.band_min_id and self.band_max_id:
            band_min = PayBand.every_year.get(pk=self.band_min_id)
            band_max = PayBand.every_year.get(pk=self.band_max_id)
            if band_min.order > band_max.order:
                errors["band_max"] = "The highest band cannot be below the lowest band."
        if self.band_max_id and not self.band_min_id:
            errors["band_min"] = "Give the lowest band as well as the highest."
        if self.slug and StartingPoint.objects.filter(slug=self.slug).exists():
            errors["slug"] = "A starting point already uses this slug."
        if errors:
            raise ValidationError(errors)

    @property
    def setting_labels(self):
        labels = dict(Setting.choices)
        return [labels.get(code, code) for code in self.settings]


class RoleReviewDue(Role):
    """The admin's list of roles whose review date is more than 12 months old."""

    class Meta:
        proxy = True
        verbose_name = "role due for review"
        verbose_name_plural = "roles due for review (last reviewed over 12 months ago)"


class RoleSource(models.Model):
    """A public source a role's facts come from."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=400)
    checked_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class SourceCheck(RoleSource):
    """The admin's source check: facts reviewed over 12 months ago, facts without a source,
    sources outside the allowed hosts (pathways/sources.py; also `manage.py check_sources`)."""

    class Meta:
        proxy = True
        verbose_name = "source check"
        verbose_name_plural = "source check (old reviews, missing sources, hosts not allowed)"


class StartingPoint(models.Model):
    """Where a route can start that is not an NHS job: a degree, school, another profession."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.slug and Role.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A role already uses this slug."})


class EntryRoute(models.Model):
    """A training programme or qualification that leads into a role."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        POSTGRADUATE = "postgraduate", "Postgraduate training"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        IN_POST = "in-post", "In-post training"

    class Funding(models.TextChoices):
        NHS = "nhs", "NHS-funded"
        EMPLOYER = "employer", "Employer-funded (apprenticeship)"
        PUBLIC = "public", "Publicly funded bursary or grant"
        SELF = "self", "Self-funded"
        VARIES = "varies", "Varies"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    length_months = models.PositiveSmallIntegerField("length (months)")
    salaried = models.BooleanField("salaried training post", default=False)
    funding = models.CharField(max_length=10, choices=Funding.choices)
    training_band = optional_pay_band("band while training")
    training_pay_note = models.CharField("pay while training", max_length=200, blank=True)
    requirements = models.TextField(blank=True)
    academic_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Level in the framework for higher education, 3 to 8."
    )
    source_url = models.URLField(max_length=400, blank=True)
    checked_on = models.DateField(null=True, blank=True)
    competition = models.CharField(
        "how competitive",
        max_length=300,
        blank=True,
        help_text="For example: about 1 in 4 or 5 applicants is accepted. Give its source.",
    )
    competition_source_url = models.URLField(max_length=400, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.academic_level is not None and not 1 <= self.academic_level <= 8:
            raise ValidationError({"academic_level": "Give a level from 1 to 8."})


class Link(models.Model):
    """A move from a role or a starting point to a role."""

    class Kind(models.TextChoices):
        ROUTE = "route", "Through an entry route"
        DIRECT = "direct", "Apply directly"
        PROMOTION = "promotion", "Promotion"
        SIDEWAYS = "sideways", "Sideways move"

    from_role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="links_out"
    )
    from_start = models.ForeignKey(
        StartingPoint,
        verbose_name="from starting point",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="links_out",
    )
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    entry_route = models.ForeignKey(
        EntryRoute, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    min_experience_months = models.PositiveSmallIntegerField(
        "minimum experience before the move (months)", default=0
    )
    note = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=400, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(from_role__isnull=False) & Q(from_start__isnull=True))
                | (Q(from_role__isnull=True) & Q(from_start__isnull=False)),
                name="link_exactly_one_source",
            ),
            models.CheckConstraint(
                condition=~Q(from_role=models.F("to_role")), name="link_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(kind="route", entry_route__isnull=False) | ~Q(kind="route"),
                name="link_route_kind_has_entry_route",
            ),
        ]

    def __str__(self):
        source = self.from_role or self.from_start
        return f"{source} → {self.to_role}"

    @property
    def source(self):
        return self.from_role or self.from_start

    def clean(self):
        errors = {}
        if bool(self.from_role_id) == bool(self.from_start_id):
            errors["from_role"] = "Choose either a role or a starting point to move from."
        if self.from_role_id and self.from_role_id == self.to_role_id:
            errors["to_role"] = "A role cannot link to itself."
        if self.kind == self.Kind.ROUTE and not self.entry_route_id:
            errors["entry_route"] = "Choose the entry route for a move through an entry route."
        if errors:
            raise ValidationError(errors)


class WaitingRule(models.Model):
    """A gap that must pass between finishing one training and starting another: NHS
    England's two-year psychological professions funding rule (since April 2022): after
    starting an NHS-funded psychological professions training, no NHS funding for a later one
    that leads to a change of occupation until two years after the first one's exam board."""

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    after_routes = models.ManyToManyField(
        EntryRoute,
        related_name="+",
        verbose_name="after finishing",
        help_text="The trainings whose end starts the wait.",
    )
    before_routes = models.ManyToManyField(
        EntryRoute,
        related_name="+",
        verbose_name="before starting",
        help_text="The trainings that cannot start until the wait is over.",
    )
    wait_months = models.PositiveSmallIntegerField("wait (months)")
    funded_only = models.BooleanField(
        "applies to NHS-funded trainings only",
        default=True,
        help_text="Only NHS-funded (or salaried) trainings start the clock or wait; "
        "self-funded options do not wait.",
    )
    active = models.BooleanField(default=True)
    source_url = models.URLField(max_length=400, blank=True)
    checked_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[after_routes, before_routes])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# --- Entry requirements: what a step needs and what it gives (migration 0007). ---


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
                condition=(Q(role__isnull=False) & Q(entry_route__isnull=True))
                | (Q(role__isnull=True) & Q(entry_route__isnull=False)),
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
                condition=(
                    Q(role__isnull=False)
                    & Q(entry_route__isnull=True)
                    & Q(link__isnull=True)
                    & Q(study_step__isnull=True)
                )
                | (
                    Q(role__isnull=True)
                    & Q(entry_route__isnull=False)
                    & Q(link__isnull=True)
                    & Q(study_step__isnull=True)
                )
                | (
                    Q(role__isnull=True)
                    & Q(entry_route__isnull=True)
                    & Q(link__isnull=False)
                    & Q(study_step__isnull=True)
                )
                | (
                    Q(role__isnull=True)
                    & Q(entry_route__isnull=True)
                    & Q(link__isnull=True)
                    & Q(study_step__isnull=False)
                ),
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


class SlugHistory(models.Model):
    """An earlier slug of a role or starting point: its old address redirects to the new one."""

    old_slug = models.SlugField(max_length=80, unique=True)
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    starting_point = models.ForeignKey(
        StartingPoint, on_delete=models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name_plural = "slug history"
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__isnull=False) & Q(starting_point__isnull=True))
                | (Q(role__isnull=True) & Q(starting_point__isnull=False)),
                name="slughistory_exactly_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.old_slug} → {(self.role or self.starting_point).slug}"


class SearchSynonym(models.Model):
    """A name people search for that the roles' own words miss: an abbreviation or an old
    name ("DClinPsy", "IAPT", "HIT"). A search for the term also searches for `means`."""

    term = models.CharField(max_length=60, unique=True, help_text="Matched without case.")
    means = models.CharField(
        max_length=200, help_text="The words to search for instead, as in the search box."
    )
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.means}"
