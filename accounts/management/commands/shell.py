"""Django's `shell`, without django-simple-history's history models in its automatic imports:
they are made at run time and are not names in their app's models module, so Django could not
import them and listed all 22 each time the shell started."""

from django.apps import apps
from django.core.management.commands import shell
from simple_history.models import HistoricalChanges


class Command(shell.Command):
    def get_auto_imports(self):
        return [
            f"{model.__module__}.{model.__name__}"
            for model in reversed(apps.get_models())
            if model.__module__ and not issubclass(model, HistoricalChanges)
        ]
