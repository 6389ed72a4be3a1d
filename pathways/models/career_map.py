"""The career map itself: roles (with their sources and the admin's review lists), starting
points that are not jobs, entry routes, the links between them, and the waiting rules that
change routes."""

import operator
from functools import reduce

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from pathways.models.pay import PayBand, optional_pay_band


def exactly_one_set(*fields: str) -> Q:
    """The condition of a check constraint that exactly one of the foreign keys `fields` is
    set: for each field, that one is set and every other is empty, any of these."""
    return reduce(
        operator.or_,
        (
            reduce(operator.and_, (Q(**{f"{other}__isnull": other != field}) for other in fields))
            for field in fields
        ),
    )


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
                condition=exactly_one_set("from_role", "from_start"),
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
