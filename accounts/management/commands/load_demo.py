"""Loads the demo data of every app that has a `demo` module, idempotently, then prints the
demo sign-ins. Each app owns its demo data in `<app>/demo.py` with a `load(stdout)` function."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from accounts.demo import DEMO_PASSWORD, sign_ins

PROJECT_APPS = ("accounts", "pathways", "careers", "mentoring", "referrals", "support")


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        for label in PROJECT_APPS:
            app = apps.get_app_config(label)
            if module_has_submodule(app.module, "demo"):
                with transaction.atomic():
                    import_module(f"{app.name}.demo").load(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in sign_ins():
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write("")
