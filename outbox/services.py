"""Writing emails to the outbox and sending them.

`email_enqueue` is called inside the transaction of the change the email announces, so the
email exists exactly when the change does. `outbox_send_due` (run by the background worker and
the schedule) sends what is due, one row at a time under a row lock, so two workers never send
the same email; a failure is kept with its error and retried later with back-off."""

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


def email_enqueue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    reply_to: str = "",
    category: str = "",
    key: str | None = None,
) -> Email:
    """Write one email to the outbox in the caller's transaction. With a `key`, an email with
    the same key already written is returned instead of a second one."""
    with transaction.atomic():
        if key:
            email, _created = Email.objects.get_or_create(
                key=key,
                defaults={
                    "to": to,
                    "subject": subject,
                    "text_body": text,
                    "html_body": html,
                    "reply_to": reply_to,
                    "category": category,
                },
            )
        else:
            email = Email.objects.create(
                to=to,
                subject=subject,
                text_body=text,
                html_body=html,
                reply_to=reply_to,
                category=category,
            )
    transaction.on_commit(_wake_the_sender)
    return email


def _wake_the_sender() -> None:
    """Ask the worker to send soon; if even that fails, the schedule's sweep sends later."""
    from outbox.tasks import send_due_emails

    try:
        send_due_emails.enqueue()
    except Exception:  # noqa: BLE001 - the email is stored; the sweep will send it
        logger.warning("Could not queue the outbox sender; the scheduled sweep will send")


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
