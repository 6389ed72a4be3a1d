"""Careers-support referrals. Every read of referral data goes through
`Referral.objects.visible_to(user)`; every change goes through referrals/services.py."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from config.workdays import working_days_between
from referrals import choices, workflow
from referrals.access import is_careers_staff, is_referrals_manager

TEXT_SHORT = 150
TEXT_LONG = 3000


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReferralQuerySet:
        """The one way in to referral data: everything for careers staff, nothing otherwise."""
        return self if is_careers_staff(user) else self.none()

    def open(self) -> ReferralQuerySet:
        return self.filter(state__in=workflow.OPEN_STATES)

    def awaiting_contact(self) -> ReferralQuerySet:
        return self.filter(
            state__in=workflow.AWAITING_CONTACT_STATES, first_contact_at__isnull=True
        )

    def overdue(self, today: date | None = None) -> ReferralQuerySet:
        today = today or timezone.localdate()
        return self.awaiting_contact().filter(first_contact_due__lt=today)

    def worklist_order(self) -> ReferralQuerySet:
        """Urgent first, then the one due soonest (the e-Referral Service's priority worklist)."""
        return self.annotate(
            _urgent=Case(
                When(priority=workflow.URGENT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("_urgent", "first_contact_due", "received_at", "id")


class Referral(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    source = models.CharField(max_length=20, choices=choices.SOURCES)

    # The person referred.
    name = models.CharField(max_length=TEXT_SHORT)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, blank=True)
    grade = models.CharField("profession and grade", max_length=20, choices=choices.GRADES)
    specialty = models.CharField("specialty or programme", max_length=TEXT_SHORT, blank=True)
    region = models.CharField(max_length=30, choices=choices.REGIONS)
    reasons = ArrayField(models.CharField(max_length=20, choices=choices.REASONS))
    reasons_other = models.CharField(max_length=TEXT_SHORT, blank=True)
    help_wanted = models.TextField("what they would like help with", max_length=TEXT_LONG)
    preferred_contact = models.CharField(max_length=10, choices=choices.CONTACT_PREFERENCES)
    privacy_consent = models.BooleanField(default=False)

    # The educator who referred them, if one did.
    referrer_name = models.CharField(max_length=TEXT_SHORT, blank=True)
    referrer_email = models.EmailField(max_length=254, blank=True)
    referrer_role = models.CharField(max_length=30, choices=choices.REFERRER_ROLES, blank=True)
    referrer_organisation = models.CharField(max_length=TEXT_SHORT, blank=True)
    trainee_agreed = models.BooleanField(default=False)
    # The decline link in the trainee's email carries this; it is cleared when the link is
    # used and when the referral is closed, returned or reopened, so an old link never acts
    # again (services.decline_token).
    decline_nonce = models.CharField(max_length=32, blank=True, editable=False)
    # The public form's one-time key: the same form sent twice (a retry) stores one referral.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    sharing_level = models.CharField(
        max_length=20, choices=workflow.SHARING_LEVELS, default=workflow.SHARE_NOTHING
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Workflow.
    state = models.CharField(max_length=20, choices=workflow.STATES, default=workflow.RECEIVED)
    priority = models.CharField(max_length=10, choices=workflow.PRIORITIES, blank=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_advised",
    )
    outcome = models.CharField(max_length=30, choices=workflow.OUTCOMES, blank=True)
    closing_note = models.TextField(max_length=TEXT_LONG, blank=True)
    return_reason = models.CharField(max_length=20, choices=workflow.RETURN_REASONS, blank=True)
    return_note = models.TextField(max_length=TEXT_LONG, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    # Each step, stamped (who is in StateChange; these are for lists and reports).
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_contact_due = models.DateField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    first_contact_working_days = models.PositiveIntegerField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    # Optimistic concurrency: every change bumps the version and says what it was.
    version = models.PositiveIntegerField(default=1)
    last_action = models.CharField(max_length=30, blank=True)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["state", "first_contact_due"]),
            models.Index(fields=["adviser", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=workflow.CLOSED) | ~Q(outcome=""),
                name="referral_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(state=workflow.RETURNED) | ~Q(return_reason=""),
                name="referral_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[workflow.ALLOCATED, workflow.IN_SUPPORT])
                | Q(adviser__isnull=False),
                name="referral_allocated_has_adviser",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in workflow.OPEN_STATES

    @property
    def from_educator(self) -> bool:
        return bool(self.referrer_email)

    @property
    def finished_at(self):
        return self.closed_at or self.returned_at

    def waiting_working_days(self, today: date | None = None) -> int:
        """Working days from receipt to first contact, or to today while still waiting."""
        if self.first_contact_working_days is not None:
            return self.first_contact_working_days
        today = today or timezone.localdate()
        return working_days_between(timezone.localdate(self.received_at), today)

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.state in workflow.AWAITING_CONTACT_STATES
            and self.first_contact_at is None
            and self.first_contact_due < today
        )

    def contacted_late(self) -> bool:
        return (
            self.first_contact_at is not None
            and timezone.localdate(self.first_contact_at) > self.first_contact_due
        )

    def next_step(self):
        adviser = str(self.adviser) if self.adviser_id else None
        return workflow.next_step(self.state, adviser)


class StateChange(models.Model):
    """One step of the workflow: what was done, from which state to which, by whom, when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=workflow.STATES, blank=True)
    to_state = models.CharField(max_length=20, choices=workflow.STATES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.referral_id}: {self.action}"


class Session(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("date")
    mode = models.CharField(max_length=20, choices=choices.SESSION_MODES)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveSmallIntegerField("length in minutes")
    notes = models.TextField("confidential notes", max_length=TEXT_LONG, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"Session {self.held_on}"


class SupportPlan(models.Model):
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="plan")
    goals = models.TextField(max_length=TEXT_LONG)
    actions = models.TextField("agreed actions", max_length=TEXT_LONG)
    review_on = models.DateField("review date")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Plan for {self.referral_id}"


class SupportServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SupportService(models.Model):
    """The signposting directory (not personal data: careers staff keep it up to date)."""

    name = models.CharField(max_length=TEXT_SHORT, unique=True)
    kind = models.CharField(max_length=30, choices=choices.SERVICE_KINDS)
    purpose = models.TextField("what it is for", max_length=1000)
    eligibility = models.TextField("who can use it", max_length=1000)
    how_to_contact = models.TextField("how to contact it", max_length=1000)
    coverage = models.CharField(max_length=20, choices=choices.SERVICE_COVERAGE)
    region = models.CharField(max_length=30, choices=choices.REGIONS, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField("listed", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportServiceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Signpost(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="signposts")
    # A service of the directory, or a careers workshop suggested to the person (support app;
    # only its title and page are kept here, so no workshop data enters the referral).
    service = models.ForeignKey(
        SupportService, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    workshop_title = models.CharField(max_length=TEXT_SHORT, blank=True)
    workshop_path = models.CharField(max_length=300, blank=True)
    note = models.TextField(max_length=TEXT_LONG, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.referral_id} → {self.service_id or self.workshop_title}"


class EducatorUpdate(models.Model):
    """An update shared with the educator who referred, within what the trainee agreed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=workflow.UPDATE_KINDS)
    text = models.TextField(max_length=TEXT_LONG)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["shared_at", "id"]

    def __str__(self):
        return f"Update on {self.referral_id}"


class AdviserProfile(models.Model):
    """Careers-support settings for a member of careers staff (edited in the admin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_profile"
    )
    is_manager = models.BooleanField(
        "manager", default=False, help_text="Managers can read the referrals audit trail."
    )
    takes_referrals = models.BooleanField(
        default=True, help_text="Offered as an adviser when referrals are allocated."
    )

    def __str__(self):
        return str(self.user)


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEventQuerySet:
        """The audit trail is read by careers staff with the manager flag only."""
        return self if is_referrals_manager(user) else self.none()


class AuditEvent(models.Model):
    """Who saw or changed which referral, when, and what changed (written by services)."""

    VIEW = "view"
    LIST = "list"
    CREATE = "create"
    CHANGE = "change"
    DOWNLOAD = "download"
    ANONYMISE = "anonymise"
    ACTIONS = [
        (VIEW, "Viewed"),
        (LIST, "Listed"),
        (CREATE, "Created"),
        (CHANGE, "Changed"),
        (DOWNLOAD, "Downloaded"),
        (ANONYMISE, "Anonymised"),
    ]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=20, choices=ACTIONS)
    what = models.CharField(max_length=200)
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    reference = models.CharField(max_length=20, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.reference}"
