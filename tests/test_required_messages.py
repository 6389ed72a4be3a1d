"""No form says Django's "This field is required.": a required field left empty names itself
and says what to do (config.forms.NamedErrors, or the field's own message), as the NHS error
pattern asks. Every form class the apps define for their pages is checked (the Django admin's
forms keep the admin's own wording), and the sign-in page is seen."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from config.forms import DEFAULT_REQUIRED, NamedErrors

APPS = ["accounts", "careers", "mentoring", "pathways", "referrals", "support"]


def _form_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if "migrations" in module.name or module.name.endswith(".admin"):
                continue
            loaded = importlib.import_module(module.name)
            for _, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                    yield cls


def _unnamed(cls):
    if issubclass(cls, NamedErrors):
        return []
    return [
        name
        for name, field in cls.base_fields.items()
        if field.required
        and not isinstance(field.widget, forms.HiddenInput)
        and field.error_messages.get("required") == DEFAULT_REQUIRED
    ]


def test_every_required_field_of_every_form_names_itself_when_left_empty():
    classes = list(_form_classes())
    assert len(classes) > 50  # the walk found the apps' forms
    unnamed = {f"{cls.__module__}.{cls.__name__}": _unnamed(cls) for cls in classes}
    assert {name: fields for name, fields in unnamed.items() if fields} == {}


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (forms.CharField(label="Wave name"), "Enter wave name"),
        (forms.ChoiceField(label="Theme", choices=[("a", "A")]), "Select theme"),
        (forms.FileField(label="Survey file"), "Choose the survey file to upload"),
        (forms.DateField(label="Due date"), "Enter due date"),
        (
            forms.MultipleChoiceField(label="Topics", widget=forms.CheckboxSelectMultiple),
            "Select at least one option for topics",
        ),
    ],
)
def test_the_message_says_what_to_do_for_each_kind_of_field(field, expected):
    class Sample(NamedErrors, forms.Form):
        pass

    form = Sample(data={})
    form.fields["x"] = field
    assert not form.is_valid()
    assert form.errors["x"] == [expected]


def test_an_empty_sign_in_names_both_fields(client, db):
    page = client.post(reverse("accounts:sign-in"), {}).content.decode()
    assert "Enter email address" in page and "Enter password" in page
    assert "This field is required." not in page
