"""Loads the demo data of every app that has a `demo` module, idempotently, then prints the
demo sign-ins. Each app owns its demo data in `<app>/demo.py` with a `load(stdout)` function."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, sign_ins
from config.app_modules import app_modules


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        for demo in app_modules("demo"):
            with transaction.atomic():
                demo.load(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in sign_ins():
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write("")
