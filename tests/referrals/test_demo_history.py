"""Every demo referral came through the services: its workflow steps follow the workflow
from "create" to the state it is in, each step has its audit event at the same moment, all in
the past, and loading the demo again leaves the same history (and no emails behind)."""

import pytest
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
