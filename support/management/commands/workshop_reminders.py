from django.core.management.base import BaseCommand

from support.services import workshop_send_reminders


class Command(BaseCommand):
    help = (
        "Send workshop reminders (a day before each session) and feedback requests (after it). "
        "Idempotent: run it every few minutes from the schedule."
    )

    def handle(self, *args, **options):
        result = workshop_send_reminders()
        self.stdout.write(
            f"{result.reminders} reminder(s) and {result.feedback_requests} feedback "
            "request(s) written to the outbox."
        )
