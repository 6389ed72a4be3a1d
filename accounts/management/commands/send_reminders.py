"""Sends the day's reminders and digests, by email through the outbox: every app with a
`reminders` module contributes (`send(today=...) -> dict of counts`). Mentoring: overdue
queries (to the leaders), matches without a meeting, matches about to end. Referrals: referrals
overdue for first contact (to the careers team). Safe to run as often as wanted: each email has
a key, so nothing is sent twice. Run by the schedule (SCHEDULED_JOBS) and by `make run`."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from config.app_modules import app_modules


class Command(BaseCommand):
    help = "Send the reminders and digests that are due (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        counts = {}
        for reminders in app_modules("reminders"):
            counts.update(reminders.send(today=today))
        self.stdout.write(" ".join(f"{name}={value}" for name, value in counts.items()))
