"""The project's own apps, and their modules of a given name (`demo`, `reminders`,
`personal_data`), found by name so that accounts, which runs them all, imports no other app."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule

PROJECT_APPS = ("accounts", "pathways", "careers", "mentoring", "referrals", "support")


def app_modules(name: str) -> Iterator[ModuleType]:
    """Each project app's `name` module, where it has one, in PROJECT_APPS order."""
    for label in PROJECT_APPS:
        app = apps.get_app_config(label)
        if module_has_submodule(app.module, name):
            yield import_module(f"{app.name}.{name}")
