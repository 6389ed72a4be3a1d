"""Careers support in a real browser: a trainee refers themselves; a member of careers staff
triages, allocates, records a session, signposts and closes it. axe on every page."""

import re

import pytest
from django.utils import timezone

from accounts import roles
from outbox.sending import outbox_send_due
from referrals.models import AdviserProfile, Referral
from tests.browser.pages import assert_accessible, follow, markup_as_text, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.referrals.factories import ReferralFactory, SupportServiceFactory


def test_a_trainee_refers_themselves(page, transactional_db, mailoutbox):
    page.goto("/")
    follow(page.get_by_role("link", name="Careers support").first)
    assert page.locator("h1").inner_text() == "Confidential careers support"
    assert_accessible(page)

    follow(page.get_by_role("link", name="Refer yourself"))
    assert_accessible(page)

    # Sending it empty shows the error summary.
    follow(page.get_by_role("button", name="Send referral"))
    assert page.title().startswith("Error: ")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label("Full name").fill("Aisha Rahman")
    page.get_by_label("Email address").fill("aisha@example.net")
    page.get_by_label("Foundation doctor").check()
    page.get_by_label("Specialty or programme (optional)").fill("Foundation year 2")
    page.get_by_label("Region").select_option("london")
    page.get_by_label("Uncertain about career direction or specialty").check()
    page.get_by_label("Wants to explore options confidentially").check()
    page.get_by_label("What would you like help with?").fill(
        "I am torn between psychiatry and general practice."
    )
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I have read the privacy notice", exact=False).check()
    follow(page.get_by_role("button", name="Send referral"))

    assert "Referral sent" in page.locator("h1").inner_text()
    referral = Referral.objects.get()
    # The page is the same whatever happened to the referral: the reference is in the email.
    assert referral.reference not in page.locator(".nhsuk-panel").inner_text()
    assert not markup_as_text(page)
    assert_accessible(page)
    outbox_send_due()  # as the background worker does
    assert any(referral.reference in m.body for m in mailoutbox)


@pytest.fixture
def careers_team(transactional_db):
    priya = UserFactory(
        email="careers@example.org", full_name="Priya Shah", roles=[roles.CAREERS_STAFF]
    )
    AdviserProfile.objects.create(user=priya, is_manager=True)
    UserFactory(email="adviser@example.org", full_name="Jordan Ellis", roles=[roles.CAREERS_STAFF])
    SupportServiceFactory(name="NHS Practitioner Health", kind="counselling")
    return priya


def test_careers_staff_take_a_referral_from_triage_to_close(page, careers_team):
    referral = ReferralFactory(name="Tom Whitfield", email="tom@example.net")
    sign_in(page, "careers@example.org", PASSWORD)

    page.goto("/referrals/")
    assert page.locator("h1").inner_text() == "Careers support caseload"
    assert_accessible(page)
    follow(page.get_by_role("link", name=referral.reference))
    assert "Tom Whitfield" in page.content()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Triage"))
    assert_accessible(page)
    page.get_by_label("Urgent").check()
    follow(page.get_by_role("button", name="Save triage"))
    assert "triaged as urgent" in page.locator(".nhsuk-notification-banner").inner_text()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Allocate an adviser"))
    page.get_by_label("Adviser").select_option(label="Jordan Ellis")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Allocate"))
    assert "allocated to Jordan Ellis" in page.locator(".nhsuk-notification-banner").inner_text()

    follow(page.get_by_role("link", name="Record a session"))
    assert_accessible(page)
    page.get_by_label("Date of the session").fill(timezone.localdate().isoformat())
    page.get_by_label("Video").check()
    page.get_by_label("Length in minutes").fill("50")
    page.get_by_label("Confidential notes (optional)").fill("Explored leaving medicine.")
    follow(page.get_by_role("button", name="Record session"))
    assert "Session recorded" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "Explored leaving medicine." in page.content()

    follow(page.get_by_role("link", name="Signpost a service"))
    assert_accessible(page)
    page.get_by_label("Service").select_option(label="NHS Practitioner Health (counselling)")
    follow(page.get_by_role("button", name="Record signpost"))
    assert "Signposted to NHS Practitioner Health" in page.content()

    follow(page.get_by_role("link", name="Close with an outcome"))
    assert_accessible(page)
    page.get_by_label("Referred elsewhere").check()
    follow(page.get_by_role("button", name="Close referral"))
    banner = page.locator(".nhsuk-notification-banner").inner_text()
    assert re.search(r"closed: referred elsewhere", banner)
    assert_accessible(page)

    referral.refresh_from_db()
    assert referral.state == "closed" and referral.adviser.email == "adviser@example.org"
    assert list(referral.steps.values_list("action", flat=True)) == [
        "triage",
        "allocate",
        "record_session",
        "close",
    ]


def test_staff_pages_for_reports_directory_and_audit_are_accessible(page, careers_team):
    ReferralFactory(state="closed", outcome="withdrawn", closed_at=timezone.now())
    sign_in(page, "careers@example.org", PASSWORD)
    for path, heading in [
        ("/referrals/report/", "Careers support reports"),
        ("/referrals/services/", "Signposting directory"),
        ("/referrals/services/new/", "Add a support service"),
        ("/referrals/log/", "Log a referral"),
        ("/referrals/audit/", "Referrals audit trail"),
        ("/referrals/refer-a-trainee/", "Refer a trainee"),
    ]:
        page.goto(path)
        assert heading in page.locator("h1").inner_text()
        assert_accessible(page)
