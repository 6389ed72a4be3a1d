"""The outbox: written with the change, sent once by the worker, kept and retried while the
mail server is down, sent when it is back."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from outbox.models import Email
from outbox.sending import outbox_send_due, retry_delay
from outbox.services import email_enqueue
from tests.servers import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2


def enqueue(**extra):
    return email_enqueue(
        to="member@example.org", subject="Your match", text="Hello", html="<p>Hello</p>", **extra
    )


def test_an_email_is_written_only_if_the_change_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the change failed")
    assert not Email.objects.exists()


def test_due_emails_are_sent_with_a_text_and_an_html_part_and_never_twice():
    enqueue()
    assert outbox_send_due().sent == 1
    assert outbox_send_due().sent == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert message.body == "Hello"
    assert message.alternatives[0][1] == "text/html"
    assert Email.objects.get().status == Email.Status.SENT


def test_an_email_with_a_key_is_written_once():
    first = enqueue(key="match-7-proposed-to-mentee")
    second = enqueue(key="match-7-proposed-to-mentee")
    assert first.pk == second.pk
    assert Email.objects.count() == 1


def test_while_the_mail_server_is_down_emails_are_kept_and_retried_with_back_off(
    smtp_down, settings
):
    enqueue()
    now = timezone.now()
    result = outbox_send_due(now=now)
    assert (result.sent, result.failed) == (0, 1)
    email = Email.objects.get()
    assert email.status == Email.Status.PENDING
    assert email.attempts == 1
    assert "Connection" in email.last_error or "refused" in email.last_error.lower()
    assert email.next_attempt_at == now + retry_delay(1)
    # Not due again before the back-off ends.
    assert outbox_send_due(now=now + dt.timedelta(seconds=30)).failed == 0

    # The server is back: the kept email goes out, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + retry_delay(1)
    assert outbox_send_due(now=later).sent == 1
    assert outbox_send_due(now=later + dt.timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 1


def test_back_off_doubles_and_is_capped_at_six_hours():
    assert retry_delay(1) == dt.timedelta(minutes=1)
    assert retry_delay(2) == dt.timedelta(minutes=2)
    assert retry_delay(5) == dt.timedelta(minutes=16)
    assert retry_delay(30) == dt.timedelta(hours=6)


def test_the_send_command_reports_what_it_did(capsys):
    enqueue()
    call_command("send_emails")
    assert "1 sent, 0 not sent" in capsys.readouterr().out


def test_committing_an_email_queues_the_background_sender(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        enqueue()
    assert DBTaskResult.objects.filter(task_path="outbox.tasks.send_due_emails").exists()


def test_one_change_with_several_emails_queues_the_sender_once(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        enqueue()
        enqueue()
    assert DBTaskResult.objects.filter(task_path="outbox.tasks.send_due_emails").count() == 1


def test_an_email_after_a_rolled_back_part_still_queues_the_sender(
    django_capture_on_commit_callbacks,
):
    """The first email's wake-up went with its savepoint; the second email needs its own."""
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue()
            raise RuntimeError("this part failed")
        enqueue()
    assert Email.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path="outbox.tasks.send_due_emails").count() == 1
