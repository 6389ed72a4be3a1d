"""Writing emails to the outbox.

`email_enqueue` is called inside the transaction of the change the email announces, so the
email exists exactly when the change does; after commit it asks the background worker to send
(`outbox.tasks.send_due_emails`, which runs `outbox.sending.outbox_send_due`)."""

from __future__ import annotations

import logging

from django.db import transaction

from outbox.models import Email
from outbox.tasks import send_due_emails

logger = logging.getLogger(__name__)


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
    fields = {
        "to": to,
        "subject": subject,
        "text_body": text,
        "html_body": html,
        "reply_to": reply_to,
        "category": category,
    }
    with transaction.atomic():
        if key:
            email, _created = Email.objects.get_or_create(key=key, defaults=fields)
        else:
            email = Email.objects.create(**fields)
    if not _wake_already_due():
        transaction.on_commit(_wake_the_sender)
    return email


def _wake_already_due() -> bool:
    """Whether this transaction already asks the worker to send on commit, from a part of it
    that commits whenever this email does (the same or an enclosing savepoint): one sender task
    per change however many emails it writes (a self-referral writes two)."""
    connection = transaction.get_connection()
    savepoints = set(connection.savepoint_ids)
    return any(
        func is _wake_the_sender and set(sids) <= savepoints
        for sids, func, _robust in connection.run_on_commit
    )


def _wake_the_sender() -> None:
    """Ask the worker to send soon; if even that fails, the schedule's sweep sends later."""
    try:
        send_due_emails.enqueue()
    except Exception:  # noqa: BLE001 - the email is stored; the sweep will send it
        logger.warning("Could not queue the outbox sender; the scheduled sweep will send")
