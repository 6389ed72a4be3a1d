"""The outbox sender as a background task (django-tasks; run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def send_due_emails() -> int:
    from outbox.services import outbox_send_due

    return outbox_send_due().sent
