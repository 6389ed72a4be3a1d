"""The services: each change is checked, stamped, audited and emailed as the workflow says."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import LimitedAction
from referrals import admin_settings, choices, declining, services, submissions, workflow
from referrals.models import AuditEvent, Referral, StateChange
from tests.referrals.factories import ReferralFactory, SupportServiceFactory, submission

pytestmark = pytest.mark.django_db


def educator_submission(**changes):
    return submission(
        referrer_name="Dr Helen Marsh",
        referrer_email="helen.marsh@example.net",
        referrer_role="educational_supervisor",
        trainee_agreed=True,
        **changes,
    )


# --- Submitting -----------------------------------------------------------------------------


def test_self_referral_is_received_with_a_reference_a_due_date_and_emails(mailoutbox, settings):
    settings.CAREERS_TEAM_EMAIL = "team@example.org"
    referral = submissions.referral_submit(**submission(), source=choices.SELF_WEB)
    assert referral.reference.startswith("CS-")
    assert referral.state == workflow.RECEIVED
    assert referral.email == "aisha@example.net"
    assert referral.first_contact_due > timezone.localdate(referral.received_at)
    assert [m.to for m in mailoutbox] == [["team@example.org"], ["aisha@example.net"]]
    assert referral.reference in mailoutbox[1].subject
    assert referral.reference in mailoutbox[1].body
    # The team's alert carries no personal details.
    assert "Aisha" not in mailoutbox[0].body and "aisha@" not in mailoutbox[0].body
    event = AuditEvent.objects.get(referral=referral)
    assert event.action == AuditEvent.CREATE and event.actor_label == "online form"
    assert StateChange.objects.get(referral=referral).to_state == workflow.RECEIVED


def test_educator_referral_tells_the_trainee_and_how_to_decline_in_a_fixed_message(mailoutbox):
    referral = submissions.referral_submit(
        **educator_submission(),
        source=choices.EDUCATOR_WEB,
        site_url="https://careers.example.org/",
    )
    to_trainee = next(m for m in mailoutbox if m.to == ["aisha@example.net"])
    # Nothing the sender typed reaches the trainee: a fixed message and the decline link.
    assert "Dr Helen Marsh" not in to_trainee.body and "Aisha" not in to_trainee.body
    assert "trainer or supervisor has referred you" in to_trainee.body
    assert "https://careers.example.org/referrals/decline/" in to_trainee.body
    to_referrer = next(m for m in mailoutbox if m.to == ["helen.marsh@example.net"])
    assert referral.reference in to_referrer.body
    assert referral.trainee_agreed and referral.from_educator


def test_educator_referral_needs_the_trainees_agreement():
    with pytest.raises(ValueError):
        submissions.referral_submit(
            **submission(referrer_email="helen@example.net", trainee_agreed=False),
            source=choices.EDUCATOR_WEB,
        )


def test_staff_log_a_referral_with_its_source_and_no_rate_limit(careers_staff, mailoutbox):
    referral = submissions.referral_submit(
        **submission(), source=choices.STAFF_PHONE, by=careers_staff
    )
    assert referral.source == choices.STAFF_PHONE and referral.logged_by == careers_staff
    assert AuditEvent.objects.get(referral=referral).actor == careers_staff
    assert not LimitedAction.objects.exists()


def test_only_careers_staff_can_log_a_referral(member):
    with pytest.raises(PermissionDenied):
        submissions.referral_submit(**submission(), source=choices.STAFF_EMAIL, by=member)


def test_public_referrals_are_limited_per_address_quietly(settings, mailoutbox):
    settings.REFERRALS_RATE_LIMIT = 2
    submissions.referral_submit(**submission(), source=choices.SELF_WEB)
    submissions.referral_submit(**submission(email="AISHA@example.net"), source="self")
    sent = len(mailoutbox)
    # Over the limit (case and +tag ignored): nothing stored or sent, for the view to answer
    # as if it had been.
    with pytest.raises(services.EmailLimitReached):
        submissions.referral_submit(**submission(email="Aisha+x@example.net"), source="self")
    assert len(mailoutbox) == sent
    # Another address is not affected; the address itself is not stored for the limit.
    submissions.referral_submit(**submission(email="other@example.net"), source="self")
    assert Referral.objects.count() == 3
    assert LimitedAction.objects.filter(action=submissions.LIMIT_ADDRESS).count() == 3
    assert not LimitedAction.objects.filter(key__icontains="aisha").exists()


def test_rate_limit_window_passes(settings):
    settings.REFERRALS_RATE_LIMIT = 1
    past = timezone.now() - timedelta(hours=25)
    submissions.referral_submit(**submission(), source="self", now=past)
    submissions.referral_submit(**submission(), source="self")
    assert Referral.objects.count() == 2


# --- Workflow ---------------------------------------------------------------------------------


def test_triage_allocate_contact_session_plan_close_each_stamped_and_audited(
    careers_staff, adviser, mailoutbox
):
    referral = ReferralFactory()
    referral = services.referral_triage(
        by=careers_staff, referral=referral, version=1, priority=workflow.URGENT
    )
    assert referral.state == workflow.TRIAGED and referral.priority == workflow.URGENT
    assert referral.triaged_at and referral.version == 2

    referral = services.referral_allocate(
        by=careers_staff, referral=referral, version=2, adviser=adviser
    )
    assert referral.state == workflow.ALLOCATED and referral.adviser == adviser
    assert mailoutbox[-1].to == [adviser.email]

    services.referral_record_session(
        by=adviser,
        referral=referral,
        version=3,
        held_on=timezone.localdate(),
        mode="video",
        adviser=adviser,
        minutes=45,
        notes="Talked through options.",
    )
    referral.refresh_from_db()
    assert referral.state == workflow.IN_SUPPORT
    assert referral.first_contact_at is not None
    assert referral.first_contact_working_days == 0

    services.referral_save_plan(
        by=adviser,
        referral=referral,
        version=referral.version,
        goals="Decide on a specialty",
        actions="Speak to two registrars",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    referral.refresh_from_db()
    referral = services.referral_close(
        by=adviser, referral=referral, version=referral.version, outcome=workflow.PLAN_AGREED
    )
    assert referral.state == workflow.CLOSED and referral.closed_at

    steps = list(referral.steps.values_list("action", "from_state", "to_state", "by__email"))
    assert steps == [
        ("triage", "received", "triaged", careers_staff.email),
        ("allocate", "triaged", "allocated", careers_staff.email),
        ("record_session", "allocated", "in_support", adviser.email),
        ("close", "in_support", "closed", adviser.email),
    ]
    triage_event = AuditEvent.objects.get(referral=referral, what__startswith="Triaged")
    assert triage_event.before == {"state": "received", "priority": ""}
    assert triage_event.after == {"state": "triaged", "priority": "urgent"}
    session_event = AuditEvent.objects.get(referral=referral, what="Session added")
    # Confidential notes are recorded by length only.
    assert session_event.after["notes"] == "[23 characters]"


def test_a_refused_transition_changes_nothing(careers_staff, adviser):
    referral = ReferralFactory()  # received: must be triaged before allocation
    with pytest.raises(workflow.TransitionNotAllowed):
        services.referral_allocate(by=careers_staff, referral=referral, version=1, adviser=adviser)
    referral.refresh_from_db()
    assert referral.state == workflow.RECEIVED and referral.version == 1
    assert not AuditEvent.objects.filter(referral=referral).exists()


def test_plan_agreed_is_refused_before_support_started(careers_staff, allocated):
    with pytest.raises(workflow.TransitionNotAllowed):
        services.referral_close(
            by=careers_staff, referral=allocated, version=1, outcome=workflow.PLAN_AGREED
        )
    services.referral_close(
        by=careers_staff, referral=allocated, version=1, outcome=workflow.DID_NOT_ENGAGE
    )


def test_a_stale_version_is_refused_and_says_who_acted(careers_staff, adviser):
    referral = ReferralFactory()
    services.referral_triage(by=adviser, referral=referral, version=1, priority="routine")
    with pytest.raises(services.ReferralConflict) as conflict:
        services.referral_triage(by=careers_staff, referral=referral, version=1, priority="urgent")
    assert "Jordan Ellis" in str(conflict.value) and "triage" in str(conflict.value)
    referral.refresh_from_db()
    assert referral.priority == "routine"


def test_people_who_are_not_careers_staff_cannot_change_a_referral(member, scheme_leader):
    referral = ReferralFactory()
    for user in (member, scheme_leader):
        with pytest.raises(PermissionDenied):
            services.referral_triage(by=user, referral=referral, version=1, priority="routine")


def test_return_with_advice_signposts_and_emails_the_person(careers_staff, mailoutbox):
    referral = ReferralFactory(email="sam@example.net")
    counselling = SupportServiceFactory(name="Counselling service", website="https://x.example")
    referral = services.referral_return(
        by=careers_staff,
        referral=referral,
        version=1,
        reason=workflow.NOT_FOR_SERVICE,
        note="These services can help more quickly.",
        services=[counselling],
    )
    assert referral.state == workflow.RETURNED and referral.return_reason
    assert referral.first_contact_at is not None  # the return is the response
    assert list(referral.signposts.values_list("service__name", flat=True)) == [
        "Counselling service"
    ]
    assert mailoutbox[-1].to == ["sam@example.net"]
    assert "Counselling service" in mailoutbox[-1].body
    assert "These services can help" in mailoutbox[-1].body


def test_a_closed_referral_reopens_with_a_reason(careers_staff, allocated):
    services.referral_close(
        by=careers_staff, referral=allocated, version=1, outcome=workflow.WITHDRAWN
    )
    with pytest.raises(ValueError):
        services.referral_reopen(by=careers_staff, referral=allocated, version=2, reason=" ")
    referral = services.referral_reopen(
        by=careers_staff, referral=allocated, version=2, reason="Got back in touch"
    )
    assert referral.state == workflow.ALLOCATED and referral.outcome == ""
    assert referral.reopened_count == 1
    assert referral.steps.last().note == "Got back in touch"


def test_editing_details_audits_before_and_after(careers_staff, referral):
    services.referral_edit(
        by=careers_staff,
        referral=referral,
        version=1,
        email="new@example.net",
        phone="07700 900982",
    )
    event = AuditEvent.objects.get(referral=referral, what="Details edited")
    assert event.before == {"email": "aisha@example.net", "phone": ""}
    assert event.after == {"email": "new@example.net", "phone": "07700 900982"}


def test_updates_reach_the_referrer_only_within_what_the_trainee_agreed(
    careers_staff, adviser, mailoutbox
):
    referral = ReferralFactory(
        from_educator=True, state="in_support", priority="routine", adviser=adviser
    )
    with pytest.raises(workflow.TransitionNotAllowed):
        services.referral_share_update(
            by=adviser, referral=referral, version=1, kind="engagement", text="Has met us"
        )
    services.referral_set_sharing(by=adviser, referral=referral, version=1, level="engagement")
    with pytest.raises(workflow.TransitionNotAllowed):
        services.referral_share_update(
            by=adviser, referral=referral, version=2, kind="summary", text="Plans to leave"
        )
    services.referral_share_update(
        by=adviser, referral=referral, version=2, kind="engagement", text="Has met an adviser"
    )
    assert mailoutbox[-1].to == [referral.referrer_email]
    assert "Has met an adviser" in mailoutbox[-1].body
    assert referral.updates.count() == 1


def test_self_referrals_have_no_referrer_to_update(adviser, in_support):
    with pytest.raises(workflow.TransitionNotAllowed):
        services.referral_set_sharing(by=adviser, referral=in_support, version=1, level="summary")


def test_the_trainee_declines_through_the_link_in_their_email():
    referral = ReferralFactory(from_educator=True)
    token = services.decline_token(referral)
    assert declining.referral_decline(token=token) is True
    referral.refresh_from_db()
    assert referral.state == workflow.CLOSED and referral.outcome == workflow.WITHDRAWN
    event = AuditEvent.objects.get(referral=referral, action=AuditEvent.CHANGE)
    assert event.actor is None and event.actor_label == "trainee (decline link)"
    assert declining.referral_decline(token=token) is False  # already closed
    with pytest.raises(PermissionDenied):
        declining.referral_decline(token=token + "x")


def test_dates_in_the_future_or_before_receipt_are_refused(careers_staff, allocated):
    with pytest.raises(ValueError, match="future"):
        services.referral_record_contact(
            by=careers_staff,
            referral=allocated,
            version=1,
            contacted_on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(ValueError, match="before"):
        services.referral_record_contact(
            by=careers_staff,
            referral=allocated,
            version=1,
            contacted_on=timezone.localdate() - timedelta(days=3),
        )


def test_the_advisers_settings_and_the_directory_come_through_the_admins_services(client):
    """adviser_profile_set and support_service_add: the demo's and the Django admin's way."""
    from accounts import roles
    from referrals import services
    from referrals.models import AdviserProfile, SupportService
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    adviser = UserFactory(roles=[roles.CAREERS_STAFF])
    with pytest.raises(services.RuleBroken, match="Only administrators"):
        admin_settings.adviser_profile_set(by=adviser, adviser=adviser, is_manager=True)
    admin_settings.adviser_profile_set(by=admin, adviser=adviser, is_manager=True)
    admin_settings.adviser_profile_set(by=admin, adviser=adviser, is_manager=False)
    assert list(AdviserProfile.objects.values_list("user", "is_manager")) == [(adviser.pk, False)]
    data = {
        "name": "Practitioner Health",
        "kind": SupportService._meta.get_field("kind").choices[0][0],
        "purpose": "P",
        "eligibility": "E",
        "how_to_contact": "H",
        "coverage": SupportService._meta.get_field("coverage").choices[0][0],
    }
    admin_settings.support_service_add(by=admin, **data)
    with pytest.raises(services.RuleBroken, match="already"):
        admin_settings.support_service_add(by=admin, **{**data, "name": "practitioner health"})
    client.force_login(admin)
    response = client.post(
        reverse("admin:referrals_supportservice_add"),
        {**data, "name": "NHS Practitioner Health", "is_active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert SupportService.objects.filter(name="NHS Practitioner Health", is_active=True).exists()
