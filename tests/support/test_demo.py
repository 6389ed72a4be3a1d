import io

import pytest
from django.core.management import call_command

from support.models import Booking, Feedback, Resource, Session, Workshop

pytestmark = pytest.mark.django_db


def test_the_demo_loads_past_and_future_workshops_and_sourced_resources_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Workshop.objects.count(), Session.objects.count(), Booking.objects.count())
    from django.utils import timezone

    now = timezone.now()
    assert Session.objects.filter(starts_at__lt=now).exists()
    assert Session.objects.filter(starts_at__gt=now).exists()
    assert Booking.objects.filter(status="waiting").exists()
    assert Booking.objects.filter(attended=False).exists() and Feedback.objects.count() > 10
    assert Booking.objects.filter(user__email="member@example.org").count() == 2
    links = Resource.objects.filter(kind="link")
    assert links.count() >= 10 and all(r.url.startswith("https://") and r.checked_on for r in links)
    hosts = {r.url.split("/")[2] for r in links}
    assert {"www.rcpsych.ac.uk", "www.bps.org.uk", "www.babcp.com", "www.hee.nhs.uk"} <= hosts
    assert "www.healthcareers.nhs.uk" in hosts
    document = Resource.objects.get(kind="document")
    assert bytes(document.document).startswith(b"%PDF-") and b"%%EOF" in bytes(document.document)
    assert Resource.objects.due_for_review().exists()
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Workshop.objects.count(), Session.objects.count(), Booking.objects.count())
