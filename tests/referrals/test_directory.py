"""The signposting directory: careers staff keep it from their pages, operators in the admin,
both through `referrals.admin_settings` (the rules: who may, and one service per name in any
letter case), with a refusal shown on the name field and what was typed kept."""

import pytest
from django.urls import reverse

from referrals import admin_settings
from referrals.models import SupportService
from tests.factories import UserFactory

SERVICE = {
    "name": "Regional professional support unit",
    "kind": "psu",
    "purpose": "Support for doctors in training.",
    "eligibility": "Doctors in training in the region.",
    "how_to_contact": "Through the regional office website.",
    "coverage": "regional",
    "region": "london",
    "website": "",
    "is_active": "on",
}


@pytest.fixture
def service(careers_staff):
    fields = {**SERVICE, "is_active": True}
    return admin_settings.support_service_add(by=careers_staff, **fields)


def test_careers_staff_add_a_service_to_the_directory(client_for, careers_staff):
    client = client_for(careers_staff)
    response = client.post(reverse("referrals:service-new"), {**SERVICE, "region": ""})
    assert "Select the region the service covers" in response.content.decode()
    response = client.post(reverse("referrals:service-new"), SERVICE)
    assert response.status_code == 302
    listing = client.get(reverse("referrals:service-list"), {"kind": "psu"}).content.decode()
    assert "Regional professional support unit" in listing


def test_a_name_another_service_has_in_another_case_is_refused_on_the_field(
    client_for, careers_staff, service
):
    client = client_for(careers_staff)
    typed = {**SERVICE, "name": "regional professional SUPPORT unit", "purpose": "Kept."}
    response = client.post(reverse("referrals:service-new"), typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_name"' in page  # the error summary links to the field
    assert "The directory has a service with this name already." in page
    assert "Kept." in page
    assert SupportService.objects.count() == 1


def test_careers_staff_correct_a_service_and_may_keep_its_name(client_for, careers_staff, service):
    client = client_for(careers_staff)
    url = reverse("referrals:service-edit", args=[service.pk])
    response = client.post(url, {**SERVICE, "purpose": "Now also for dentists."})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.purpose == "Now also for dentists."
    other = admin_settings.support_service_add(
        by=careers_staff, **{**SERVICE, "name": "Practitioner Health", "is_active": True}
    )
    response = client.post(url, {**SERVICE, "name": other.name.upper()})
    assert "The directory has a service with this name already." in response.content.decode()
    service.refresh_from_db()
    assert service.name == SERVICE["name"]


def test_only_careers_staff_and_operators_change_the_directory(db, member, service):
    fields = {**SERVICE, "name": "Another service", "is_active": True}
    with pytest.raises(admin_settings.RuleBroken, match="Only careers staff"):
        admin_settings.support_service_add(by=member, **fields)
    with pytest.raises(admin_settings.RuleBroken, match="Only careers staff"):
        admin_settings.support_service_change(by=member, service=service, **fields)
    assert list(SupportService.objects.values_list("name", flat=True)) == [SERVICE["name"]]


def test_the_admin_refuses_a_taken_name_on_the_form_not_with_a_500(client, service):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    typed = {**SERVICE, "name": SERVICE["name"].lower()}
    response = client.post(reverse("admin:referrals_supportservice_add"), typed)
    assert response.status_code == 200
    assert "The directory has a service with this name already." in response.content.decode()
    url = reverse("admin:referrals_supportservice_change", args=[service.pk])
    response = client.post(url, {**SERVICE, "purpose": "Changed in the admin."})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.purpose == "Changed in the admin."
