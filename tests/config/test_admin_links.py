"""Every URL field in the Django admin reads a link typed without a scheme as https, as the
staff pages' forms do (config.admin.HTTPS_LINKS): "nhs.uk/careers" is saved as
"https://nhs.uk/careers", never "http://…", and Django warns of no default about to change."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

from tests.factories import UserFactory


@pytest.mark.django_db
def test_every_url_field_in_the_admin_assumes_https():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    checked = []
    for model, model_admin in admin.site._registry.items():
        # Read-only admins too: their view pages build the form, disabled.
        forms_shown = [model_admin.get_form(request)]
        forms_shown += [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form in forms_shown:
            for name, field in form.base_fields.items():
                if isinstance(field, forms.URLField):
                    checked.append(f"{model._meta.label}.{name}")
                    assert field.clean("nhs.uk/careers").startswith("https://"), checked[-1]
    # The fields this holds for: the directory's websites, sources, joining links, resources.
    assert len(checked) >= 4, checked
