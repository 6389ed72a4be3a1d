"""Every view, change and download of a referral writes an audit event: who, when, what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import AuditEvent
from referrals.views.actions import ACTION_PATHS
from tests.referrals.factories import ReferralFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db


def test_every_page_that_shows_a_referral_writes_a_view_event(client_for, careers_staff):
    referral = ReferralFactory(
        state="in_support",
        priority="routine",
        adviser=careers_staff,
        first_contact_at=timezone.now(),
    )
    client = client_for(careers_staff)
    urls = [reverse("referrals:detail", args=[referral.reference])] + [
        reverse(f"referrals:action-{slug}", args=[referral.reference])
        for slug in ACTION_PATHS.values()
    ]
    for url in urls:
        before = AuditEvent.objects.count()
        client.get(url)
        event = AuditEvent.objects.order_by("-id").first()
        assert AuditEvent.objects.count() == before + 1, url
        assert (event.actor, event.action, event.referral) == (
            careers_staff,
            AuditEvent.VIEW,
            referral,
        ), url
        assert event.at is not None


@pytest.mark.parametrize(
    ("slug", "state", "data", "what"),
    [
        ("triage", "received", {"priority": "urgent"}, "Triaged as urgent"),
        ("first-contact", "allocated", {"contacted_on": "TODAY"}, "First contact recorded"),
        ("signpost", "received", {"service": "SERVICE"}, "Signposted to Counselling"),
        (
            "return",
            "received",
            {"reason": "incomplete", "note": "More detail please"},
            "Returned with advice",
        ),
        ("close", "received", {"outcome": "withdrawn"}, "Closed: withdrawn"),
    ],
)
def test_every_change_writes_a_change_event_with_before_and_after(
    client_for, careers_staff, slug, state, data, what
):
    extra = {"priority": "routine", "adviser": careers_staff} if state == "allocated" else {}
    referral = ReferralFactory(state=state, **extra)
    service = SupportServiceFactory(name="Counselling")
    data = {
        key: {"TODAY": timezone.localdate().isoformat(), "SERVICE": service.pk}.get(value, value)
        for key, value in data.items()
    }
    response = client_for(careers_staff).post(
        reverse(f"referrals:action-{slug}", args=[referral.reference]), {"version": 1, **data}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action=AuditEvent.CHANGE).latest("id")
    assert event.actor == careers_staff and event.what.startswith(what)
    if slug != "signpost":
        assert event.before["state"] == state and event.after["state"] != state
    # Showing the form was not counted as a view on the POST itself.
    assert not AuditEvent.objects.filter(action=AuditEvent.VIEW).exists()
