from django.core.management.base import BaseCommand

from outbox.sending import outbox_send_due


class Command(BaseCommand):
    help = "Send the outbox's emails that are due (the worker and the schedule also do this)."

    def handle(self, *args, **options):
        result = outbox_send_due()
        self.stdout.write(f"{result.sent} sent, {result.failed} not sent (kept for a retry).")
