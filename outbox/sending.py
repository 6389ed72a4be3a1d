"""Sending what the outbox holds.

`outbox_send_due` (run by the background worker and the schedule) sends what is due, one row at
a time under a row lock, so two workers never send the same email; a failure is kept with its
error and retried later with back-off."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from outbox.models import Email

logger = logging.getLogger(__name__)

# Back-off after the n-th failure: 1, 2, 4, ... minutes, at most six hours between tries.
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
# Errors that no retry can mend: the server refused the address itself.
PERMANENT = (smtplib.SMTPRecipientsRefused,)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed try."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def outbox_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> SendResult:
    """Send up to `limit` emails that are due; each in its own transaction and row lock."""
    now = now or timezone.now()
    sent = failed = 0
    for _ in range(limit):
        with transaction.atomic():
            email = (
                Email.objects.select_for_update(skip_locked=True)
                .filter(status=Email.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if email is None:
                break
            email.attempts += 1
            try:
                _message(email).send()
            except Exception as error:  # noqa: BLE001 - kept and retried, never lost
                failed += 1
                email.last_error = f"{type(error).__name__}: {error}"[:2000]
                if isinstance(error, PERMANENT):
                    email.status = Email.Status.FAILED
                else:
                    email.next_attempt_at = now + retry_delay(email.attempts)
                logger.warning("Email %s not sent (try %s): %s", email.pk, email.attempts, error)
            else:
                sent += 1
                email.status = Email.Status.SENT
                email.sent_at = timezone.now()
                email.last_error = ""
            email.save(
                update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"]
            )
    return SendResult(sent=sent, failed=failed)
