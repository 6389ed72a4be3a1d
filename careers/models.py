"""Survey waves, their responses, and the import jobs that store them."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from careers import survey_format as fmt


def _choices(pairs):
    return list(pairs)


class WaveQuerySet(models.QuerySet):
    def published(self):
        """Waves an analyst has published: the only ones the public sees."""
        return self.filter(status=Wave.Status.PUBLISHED)

    def in_order(self):
        """Oldest survey first: the order of trends across waves."""
        return self.order_by(F("survey_date").asc(nulls_first=True), "created_at", "pk")

    def latest_first(self):
        """Latest survey first ("latest" means the latest survey date)."""
        return self.order_by(F("survey_date").desc(nulls_last=True), "-created_at", "-pk")


class Wave(models.Model):
    """One round of the survey. It exists once an import has stored its responses; its raw
    counts (`figures`, for analysts only) are computed then. The public sees it only once an
    analyst has published it (`careers.services.wave_publish`): draft, previewed with disclosure
    applied, published, and perhaps withdrawn. Its published figures are stored then, already
    disclosure-controlled, as `PublishedReport` rows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PREVIEWED = "previewed", "Previewed"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=110, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondents = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    figures_computed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The latest date a response was submitted on (the import date when none is given): what
    # "latest wave" means.
    survey_date = models.DateField(null=True, blank=True)
    previewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # What the last preview or publication withheld, for the analysts' preview page.
    publication = models.JSONField(default=dict, blank=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PublishedReport(models.Model):
    """One published report of a wave, computed when the wave was previewed and served as it is
    to the public: everyone or one subgroup (`subgroup`, "" or "gender=man"), broken down by
    nothing or one characteristic (`by`). `content` is already disclosure-controlled
    (careers.publication.report); public pages never count responses."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="reports")
    subgroup = models.CharField(max_length=80, blank=True)
    by = models.CharField(max_length=30, blank=True)
    content = models.JSONField()
    # The report's body as HTML, rendered once from `content` the first time the published wave
    # is asked for it (by whichever process), then served as it is.
    html = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "subgroup", "by"], name="careers_one_report_per_combination"
            )
        ]

    def __str__(self):
        return f"{self.wave_id}: {self.subgroup or 'everyone'} by {self.by or 'nothing'}"


class SurveyImport(models.Model):
    """One file imported into one wave: the job record the upload page follows, kept as the
    wave's history. Its status is written outside the import's own transaction, so it survives
    a rollback; a job whose worker died is recognised by its stale heartbeat."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Stored"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    wave_name = models.CharField(max_length=100)
    wave = models.ForeignKey(
        Wave, null=True, blank=True, on_delete=models.CASCADE, related_name="imports"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    sheet = models.CharField(max_length=100, blank=True)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    background = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=40, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    # Every problem found: [row, column, value, reason].
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave_name", "sha256"],
                condition=Q(status="succeeded"),
                name="careers_one_stored_import_per_file_and_wave",
            )
        ]

    def __str__(self):
        return f"{self.filename} into {self.wave_name}"

    @property
    def is_stale(self) -> bool:
        """Running, but the worker has stopped beating: it died, and its transaction with it."""
        if self.status != self.Status.RUNNING:
            return False
        limit = timedelta(seconds=settings.CAREERS_IMPORT_STALE_SECONDS)
        last = self.heartbeat_at or self.started_at or self.created_at
        return timezone.now() - last > limit

    @property
    def shown_status(self) -> str:
        return self.Status.FAILED.value if self.is_stale else self.status

    @property
    def shown_status_label(self) -> str:
        return self.Status(self.shown_status).label

    @property
    def is_finished(self) -> bool:
        return self.shown_status not in self.ACTIVE

    @property
    def can_retry(self) -> bool:
        return (
            self.shown_status == self.Status.FAILED
            and ImportUpload.objects.filter(survey_import=self).exists()
        )

    @property
    def shown_rows_stored(self) -> int:
        """Rows this import stored: none unless it succeeded (a failed or killed import's
        transaction was rolled back, whatever its last progress said)."""
        return self.rows_stored if self.shown_status == self.Status.SUCCEEDED else 0

    @property
    def percent_checked(self) -> int:
        return min(100, int(100 * self.rows_checked / self.rows_total)) if self.rows_total else 0

    @property
    def percent_stored(self) -> int:
        return min(100, int(100 * self.rows_stored / self.rows_total)) if self.rows_total else 0


class ImportUpload(models.Model):
    """The uploaded file, kept in the database so a worker on any machine can read it; removed
    once the file is stored, kept after a failure so the import can be run again."""

    survey_import = models.OneToOneField(
        SurveyImport, on_delete=models.CASCADE, related_name="upload"
    )
    content = models.BinaryField()

    def __str__(self):
        return f"File of import {self.survey_import_id}"


class Response(models.Model):
    """One respondent's answers, in storage form (codes, role slugs). Written only by COPY in
    `careers.services.survey_import`."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, db_index=False, related_name="+")
    survey_import = models.ForeignKey(
        SurveyImport, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    row_number = models.PositiveIntegerField()
    respondent_id = models.CharField(max_length=fmt.MAX_ID_LENGTH)
    submitted_on = models.DateField(null=True, blank=True)
    graduation_year = models.SmallIntegerField()
    degree_route = models.CharField(max_length=20, choices=_choices(fmt.DEGREE_ROUTES))
    bps_accredited = models.CharField(
        max_length=10, null=True, blank=True, choices=_choices(fmt.BPS_ACCREDITED)
    )
    current_status = models.CharField(max_length=20, choices=_choices(fmt.CURRENT_STATUSES))
    interest = models.SmallIntegerField(
        null=True, blank=True, choices=[(int(c), label) for c, label in fmt.INTEREST_LEVELS]
    )
    aspired_roles = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    barriers = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    gender = models.CharField(max_length=20, null=True, blank=True, choices=_choices(fmt.GENDERS))
    ethnic_group = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(fmt.ETHNIC_GROUPS)
    )
    disability = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(fmt.YES_NO_PREFER)
    )
    age_band = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(fmt.AGE_BANDS)
    )
    region = models.CharField(max_length=30, null=True, blank=True, choices=_choices(fmt.REGIONS))
    first_generation = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(fmt.YES_NO_PREFER)
    )
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["wave", "respondent_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent_id"], name="careers_respondent_unique_in_wave"
            )
        ]

    def __str__(self):
        return self.respondent_id


from careers.equity.models import *  # noqa: E402, F403  (equity models, registered with careers)
