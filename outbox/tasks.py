"""The outbox sender as a background task (django-tasks; run by `manage.py db_worker`)."""

from django_tasks import task

from outbox.sending import outbox_send_due


@task()
def send_due_emails() -> int:
    return outbox_send_due().sent
