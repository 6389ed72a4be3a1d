"""Every demo referral came through the services: its workflow steps follow the workflow
from "create" to the state it is in, each step has its audit event at the same moment, all in
the past, and loading the demo again leaves the same history (and no emails behind)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from referrals import demo, workflow
from referrals.models import AuditEvent, Referral, StateChange
from tests.world import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker):
    # The module's tests read one demo load; a test's own second load is rolled back with the
    # test's savepoint.
    with rolled_back(django_db_blocker, demo.load):
        yield


@pytest.fixture
def demo_loaded(_module_demo, db):
    """The referrals demo has been loaded."""


def _history():
    return (
        Referral.objects.count(),
        StateChange.objects.count(),
        AuditEvent.objects.count(),
        sorted(Referral.objects.values_list("email", "state", "last_action")),
    )


def test_every_demo_referral_has_the_steps_and_audit_events_the_rules_give_it(demo_loaded):
    first = _history()
    demo.load()
    assert _history() == first
    assert not Email.objects.filter(category="referrals").exists()

    now = timezone.now()
    referrals = list(Referral.objects.prefetch_related("steps", "audit_events"))
    assert len(referrals) == len(demo.PEOPLE) + len(demo.HISTORIC_NAMES) + 1
    for referral in referrals:
        steps = list(referral.steps.all())
        assert steps[0].action == "create" and steps[0].from_state == ""
        assert steps[0].to_state == workflow.RECEIVED and steps[0].at == referral.received_at
        state = workflow.RECEIVED
        for step in steps[1:]:
            assert step.from_state == state, (referral.email, step.action)
            assert step.to_state == workflow.state_after(
                step.action, state, has_adviser=referral.adviser_id is not None
            )
            state = step.to_state
        assert state == referral.state, referral.email
        assert [s.at for s in steps] == sorted(s.at for s in steps) and steps[-1].at <= now

        events = list(referral.audit_events.all())
        assert [e.action for e in events].count(AuditEvent.CREATE) == 1
        created = next(e for e in events if e.action == AuditEvent.CREATE)
        assert created.at == referral.received_at
        changes = {e.at for e in events if e.action == AuditEvent.CHANGE}
        assert {s.at for s in steps[1:]} <= changes, referral.email
        assert max(e.at for e in events) == referral.last_changed_at <= now
        assert all(e.reference == referral.reference for e in events)


def test_the_demo_steps_are_taken_by_the_people_the_rules_allow(demo_loaded):
    staff = {demo.MANAGER_EMAIL, demo.ADVISER_EMAIL}
    for step in StateChange.objects.select_related("by", "referral").exclude(action="create"):
        if step.by is None:
            # Only the trainee's decline link acts without a user.
            assert step.action == workflow.CLOSE and step.referral.outcome == workflow.WITHDRAWN
        else:
            assert step.by.email in staff
    declined = Referral.objects.get(email="hannah.moore@example.net")
    assert declined.steps.last().by is None and declined.decline_nonce == ""
    fatima = Referral.objects.get(email="fatima.hussain@example.net")
    assert fatima.sessions.count() == 2 and fatima.plan and fatima.updates.count() == 1
    assert fatima.audit_events.filter(what="Update shared with the referrer").exists()
    reopened = Referral.objects.get(email="marcus.reid@example.net")
    assert [s.action for s in reopened.steps.all()][-2:] == ["close", "reopen"]
    assert reopened.state == workflow.ALLOCATED and reopened.reopened_count == 1


def test_the_advisers_settings_and_the_directory_come_through_the_admins_services(client):
    """adviser_profile_set and support_service_add: the demo's and the Django admin's way."""
    from accounts import roles
    from referrals import services
    from referrals.models import AdviserProfile, SupportService
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    adviser = UserFactory(roles=[roles.CAREERS_STAFF])
    with pytest.raises(services.RuleBroken, match="Only administrators"):
        services.adviser_profile_set(by=adviser, adviser=adviser, is_manager=True)
    services.adviser_profile_set(by=admin, adviser=adviser, is_manager=True)
    services.adviser_profile_set(by=admin, adviser=adviser, is_manager=False)
    assert list(AdviserProfile.objects.values_list("user", "is_manager")) == [(adviser.pk, False)]
    data = {
        "name": "Practitioner Health",
        "kind": SupportService._meta.get_field("kind").choices[0][0],
        "purpose": "P",
        "eligibility": "E",
        "how_to_contact": "H",
        "coverage": SupportService._meta.get_field("coverage").choices[0][0],
    }
    services.support_service_add(by=admin, **data)
    with pytest.raises(services.RuleBroken, match="already"):
        services.support_service_add(by=admin, **{**data, "name": "practitioner health"})
    client.force_login(admin)
    response = client.post(
        reverse("admin:referrals_supportservice_add"),
        {**data, "name": "NHS Practitioner Health", "is_active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert SupportService.objects.filter(name="NHS Practitioner Health", is_active=True).exists()
