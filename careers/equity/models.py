"""Equity of entry and progression: training programmes and their entry figures, staff by
band, workforce-plan targets, and recommendations with their actions.

These models belong to the `careers` app (app_label "careers"; careers/models.py imports this
module in one line), so their tables and migrations are the careers app's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from careers.equity import formats as fmt


class Programme(models.Model):
    """A training whose entry is measured (the clinical psychology doctorate through the
    Clearing House, or any other). `reference_groups` overrides the reference group of a
    section: {section code: category key}."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=160)
    role_slug = models.SlugField(
        max_length=80, blank=True, help_text="The career-map role the training leads to."
    )
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(blank=True)
    reference_groups = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "careers"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def reference_for(self, section: str) -> str | None:
        return self.reference_groups.get(section) or fmt.DEFAULT_REFERENCE.get(section)


class EquityImport(models.Model):
    """One file imported (or refused): its layout, every problem found, and what was stored.
    A file stored once is refused the second time (same contents, same programme)."""

    class Status(models.TextChoices):
        STORED = "stored", "Stored"
        REJECTED = "rejected", "Rejected"

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="imports"
    )
    layout = models.CharField(max_length=20, blank=True)
    filename = models.CharField(max_length=255)
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the figures come from, shown on the pages."
    )
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows_read = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "careers"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["layout", "sha256"],
                condition=Q(status="stored"),
                name="careers_equity_one_stored_import_per_file",
            )
        ]

    def __str__(self):
        return self.filename

    @property
    def layout_label(self):
        return fmt.LAYOUT_LABELS.get(self.layout, self.layout or "Unknown")


class EntryFigure(models.Model):
    """Applicants and accepted for one category of one section in one year, as the source
    published them. None is a suppressed count, never zero."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="figures")
    equity_import = models.ForeignKey(EquityImport, on_delete=models.CASCADE, related_name="+")
    year = models.SmallIntegerField()
    section = models.CharField(max_length=40)
    category = models.CharField(max_length=200, help_text="As labelled in the source.")
    category_key = models.CharField(max_length=200)
    is_group_total = models.BooleanField(default=False)
    applicants = models.PositiveIntegerField(null=True, blank=True)
    shortlisted = models.PositiveIntegerField(null=True, blank=True)
    accepted = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500, blank=True)
    row_number = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "careers"
        ordering = ["programme", "year", "section", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "section", "category_key", "is_group_total"],
                name="careers_entry_figure_unique",
            ),
            models.CheckConstraint(
                condition=Q(accepted__isnull=True)
                | Q(applicants__isnull=True)
                | Q(accepted__lte=models.F("applicants")),
                name="careers_entry_accepted_not_above_applicants",
            ),
        ]
        indexes = [models.Index(fields=["programme", "section", "year"])]

    def __str__(self):
        return f"{self.year} {self.section} {self.category}"


class StaffCount(models.Model):
    """Headcount of one group of one characteristic in one band, for a staff group or role in
    an organisation and year. None is a suppressed count."""

    equity_import = models.ForeignKey(EquityImport, on_delete=models.CASCADE, related_name="+")
    year = models.SmallIntegerField()
    organisation_code = models.CharField(max_length=20)
    organisation_name = models.CharField(max_length=200, blank=True)
    staff_group = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    role_slug = models.CharField(
        max_length=80, blank=True, help_text="The career-map role, where the role matches one."
    )
    band = models.CharField(max_length=4)
    characteristic = models.CharField(max_length=40)
    group = models.CharField(max_length=200)
    group_key = models.CharField(max_length=200)
    headcount = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        app_label = "careers"
        ordering = ["year", "organisation_code", "staff_group", "band"]
        indexes = [models.Index(fields=["characteristic", "year"])]

    def __str__(self):
        return f"{self.year} {self.organisation_code} {self.band} {self.group}"


class PlanTarget(models.Model):
    """A workforce plan's target for a profession or staff group in a year."""

    equity_import = models.ForeignKey(EquityImport, on_delete=models.CASCADE, related_name="+")
    plan = models.CharField(max_length=200)
    source = models.CharField(max_length=500, blank=True)
    profession = models.CharField(max_length=120)
    profession_key = models.CharField(max_length=120)
    year = models.SmallIntegerField()
    measure = models.CharField(max_length=10, choices=list(fmt.MEASURES.items()))
    target = models.FloatField()

    class Meta:
        app_label = "careers"
        ordering = ["plan", "profession", "year"]

    def __str__(self):
        return f"{self.plan}: {self.profession} {self.year}"


class Recommendation(models.Model):
    class Theme(models.TextChoices):
        BUY = "buy", "Buy: recruit trained staff"
        BUILD = "build", "Build: train new staff"
        BIND = "bind", "Bind: keep the staff we have"
        BOUNCE = "bounce", "Bounce: bring back those who left"
        BORROW = "borrow", "Borrow: work with other sectors"
        ENTRY = "entry", "Fair entry to training"
        PROGRESSION = "progression", "Fair progression"
        DATA = "data", "Better data"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    summary = models.TextField()
    evidence_url = models.CharField(
        max_length=500,
        help_text="A page of this site with its filters, for example "
        "/careers/equity/entry/clinical-psychology/2024/ethnicity/?reference=white",
    )
    evidence_label = models.CharField(max_length=200)
    owner_organisation = models.CharField(max_length=200)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(app="careers")

    class Meta:
        app_label = "careers"
        ordering = ["theme", "due_date", "pk"]

    def __str__(self):
        return self.title


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=200)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    history = HistoricalRecords(app="careers")

    class Meta:
        app_label = "careers"
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(default=timezone.localdate)
    text = models.TextField()
    percent_complete = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(app="careers")

    class Meta:
        app_label = "careers"
        ordering = ["written_on", "pk"]

    def __str__(self):
        return f"Update on {self.action}"
