"""Records whose changes must go through the services (mentoring participants, matches,
enquiries, concerns and feedback; referrals) are read-only in the admin, even for superusers:
no add, change or delete, by page or by POST."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.world import module_world

READ_ONLY = ["Participant", "Match", "Enquiry", "Concern", "Feedback"]


world = module_world()


def _object(world, model_name):
    model = apps.get_model("mentoring", model_name)
    if model_name == "Feedback":  # written directly: the world's match has not ended
        match = world.match_a
        return model.objects.create(
            match=match,
            author=match.mentee.user,
            role="mentee",
            rating_goals=4,
            rating_relationship=5,
            rating_scheme=4,
            comment="Helpful",
        )
    return model.objects.order_by("pk").first()


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", READ_ONLY)
def test_a_superuser_can_look_but_not_add_change_or_delete(world, client, model_name):
    client.force_login(world.users["superuser"])
    record = _object(world, model_name)
    assert record is not None, model_name
    label = f"admin:mentoring_{model_name.lower()}"
    change = reverse(f"{label}_change", args=[record.pk])
    page = client.get(change)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "Delete" not in html.split('id="content"')[1]
    # Posting a change anyway is refused, and nothing changes.
    before = {f.name: getattr(record, f.attname) for f in record._meta.concrete_fields}
    assert client.post(change, {}).status_code == 403
    record.refresh_from_db()
    assert {f.name: getattr(record, f.attname) for f in record._meta.concrete_fields} == before
    assert client.get(reverse(f"{label}_add")).status_code == 403
    delete = reverse(f"{label}_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    changelist = client.get(reverse(f"{label}_changelist")).content.decode()
    assert "Delete selected" not in changelist


def test_no_referral_record_is_in_the_admin():
    registered = {model._meta.label for model in admin.site._registry}
    confidential = {
        model._meta.label
        for model in apps.get_app_config("referrals").get_models()
        if model.__name__ not in ("AdviserProfile", "SupportService")
    }
    assert confidential and not registered & confidential
