"""Careers staff suggest a careers workshop from a referral: recorded as a signpost (the
workshop's title and page only). Booking a workshop never makes anyone a referral."""

import pytest
from django.urls import reverse

from referrals.models import AuditEvent, Referral, Signpost
from support import services as support_services
from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory
from tests.support.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_careers_staff_suggest_a_workshop_from_a_referral(client_for, careers_staff):
    session = SessionFactory(workshop__title="Choosing a specialty", workshop__slug="choosing")
    past_only = SessionFactory(workshop__title="Old workshop")
    past_only.starts_at = past_only.starts_at.replace(year=2020)
    past_only.booking_closes_at = past_only.starts_at
    past_only.save()
    referral = ReferralFactory(state="received")
    client = client_for(careers_staff)
    url = reverse("referrals:action-signpost", args=[referral.reference])
    form = client.get(url).content.decode()
    assert "Choosing a specialty" in form and "Old workshop" not in form
    path = session.workshop.get_absolute_url()
    response = client.post(url, {"version": 1, "workshop": path, "note": "Suggested in triage"})
    assert response.status_code == 302
    signpost = Signpost.objects.get()
    assert (signpost.service, signpost.workshop_title, signpost.workshop_path) == (
        None,
        "Choosing a specialty",
        path,
    )
    event = AuditEvent.objects.filter(action=AuditEvent.CHANGE).latest("id")
    assert event.what == "Signposted to the workshop Choosing a specialty"
    detail = client.get(reverse("referrals:detail", args=[referral.reference])).content.decode()
    assert f'href="{path}"' in detail and "Workshop suggested" in detail


def test_a_signpost_needs_a_service_or_a_workshop(client_for, careers_staff):
    referral = ReferralFactory(state="received")
    url = reverse("referrals:action-signpost", args=[referral.reference])
    response = client_for(careers_staff).post(url, {"version": 1, "workshop": "/not/offered/"})
    body = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in body
    response = client_for(careers_staff).post(url, {"version": 1})
    assert "Select a service or a workshop" in response.content.decode()
    assert not Signpost.objects.exists()


def test_booking_a_workshop_does_not_make_a_referral():
    before = Referral.objects.count()
    support_services.booking_create(session=SessionFactory(), by=UserFactory())
    assert Referral.objects.count() == before
