"""The transactional outbox: every email the portal sends is first a row here, written in the
same transaction as the change it announces, then sent by the background worker."""

from django.db import models
from django.utils import timezone


class Email(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Refused by the mail server"

    # Optional idempotency key: a second email with the same key is never written or sent.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    category = models.CharField(max_length=80, blank=True, help_text="What the email is about.")
    to = models.EmailField()
    reply_to = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_email_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.subject} to {self.to} ({self.get_status_display()})"
