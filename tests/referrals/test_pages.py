"""The referral pages: forms, bad input, the caseload, the detail page, action pages and the
audit events every view, change and download writes."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals import queries, services, workflow
from referrals.models import AuditEvent, Referral
from tests.referrals.factories import (
    SELF_REFERRAL,
    ReferralFactory,
    SessionFactory,
    SupportServiceFactory,
    educator_referral,
)
from tests.responses import assert_page

pytestmark = pytest.mark.django_db


# --- Public forms -------------------------------------------------------------------------


def test_a_trainee_refers_themselves_and_is_emailed_their_reference(client, mailoutbox):
    response = client.post(reverse("referrals:new"), SELF_REFERRAL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("referrals:submitted") + "?sent=")
    referral = Referral.objects.get()
    assert referral.reasons == ["direction", "explore"] and referral.phone == "07700 900982"
    page = client.get(response["Location"]).content.decode()
    # The page is the same whatever happened to the referral; the reference is in the email.
    assert "Referral sent" in page and referral.reference not in page
    assert any(referral.reference in m.body and m.to == ["aisha@example.net"] for m in mailoutbox)


def test_the_confirmation_page_without_a_referral_goes_back_to_the_service_page(client):
    response = client.get(reverse("referrals:submitted"))
    assert response.status_code == 302


def test_a_bad_self_referral_shows_the_error_summary_and_keeps_what_was_typed(client):
    data = {
        **SELF_REFERRAL,
        "email": "not-an-email",
        "phone": "call me",
        "reasons": ["other"],
        "help_wanted": "x" * 3001,
    }
    data.pop("privacy_consent")
    response = client.post(reverse("referrals:new"), data)
    assert_page(
        response,
        "<title>Error: ",
        "nhsuk-error-summary",
        "Enter an email address in the correct format",
        "Enter a phone number",
        "Tell us the other reason",
        "must be 3000 characters or fewer",
        "Confirm that you agree to the privacy notice",
        'value="Aisha Rahman"',
        'value="not-an-email"',
    )
    assert not Referral.objects.exists()


def test_overlong_names_are_refused_with_a_message(client):
    response = client.post(reverse("referrals:new"), {**SELF_REFERRAL, "name": "A" * 151})
    assert "Full name must be 150 characters or fewer" in response.content.decode()
    assert not Referral.objects.exists()


def test_phone_contact_needs_a_phone_number(client):
    data = {**SELF_REFERRAL, "phone": "", "preferred_contact": "phone"}
    response = client.post(reverse("referrals:new"), data)
    assert "Enter a phone number, or choose to be contacted by email" in response.content.decode()


def test_the_honeypot_catches_bots_without_telling_them(client, mailoutbox):
    response = client.post(reverse("referrals:new"), {**SELF_REFERRAL, "website": "spam.example"})
    assert response.status_code == 302
    assert not Referral.objects.exists() and not mailoutbox
    assert "Referral sent" in client.get(response["Location"]).content.decode()


def test_too_many_referrals_from_one_client_are_refused_with_a_message(client, settings):
    settings.REFERRALS_CLIENT_RATE_LIMIT = 1
    client.post(reverse("referrals:new"), SELF_REFERRAL)
    response = client.post(reverse("referrals:new"), {**SELF_REFERRAL, "email": "b@example.net"})
    assert response.status_code == 429
    assert "several referrals from your network" in response.content.decode()
    assert 'value="b@example.net"' in response.content.decode()
    assert Referral.objects.count() == 1


def test_an_educator_refers_a_trainee_who_agreed(client, mailoutbox):
    response = client.post(reverse("referrals:new-educator"), educator_referral())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == "educator" and referral.trainee_agreed and referral.privacy_consent
    assert {tuple(m.to) for m in mailoutbox} >= {
        ("aisha@example.net",),
        ("helen.marsh@example.net",),
    }
    decline_link = next(
        line for m in mailoutbox for line in m.body.splitlines() if "/referrals/decline/" in line
    )
    path = decline_link[decline_link.index("/referrals/") :]
    assert client.get(path).status_code == 200
    assert "Referral declined" in client.post(path).content.decode()
    referral.refresh_from_db()
    assert referral.state == "closed" and referral.outcome == "withdrawn"


def test_an_educator_referral_without_the_trainees_agreement_is_refused(client):
    data = educator_referral(trainee_agreed="", email="helen.marsh@example.net")
    response = client.post(reverse("referrals:new-educator"), data)
    content = response.content.decode()
    assert "Confirm that the trainee agreed to the referral" in content
    assert "Enter the trainee&#39;s email address, not your own" in content
    assert not Referral.objects.exists()


def test_careers_staff_log_a_phone_referral(client_for, careers_staff):
    data = {**SELF_REFERRAL, "source": "phone"}
    data.pop("website")
    response = client_for(careers_staff).post(reverse("referrals:log"), data)
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.reference])
    assert referral.source == "phone" and referral.logged_by == careers_staff


# --- Caseload -----------------------------------------------------------------------------


def test_the_caseload_filters_by_state_priority_adviser_reason_mine_and_overdue(
    client_for, careers_staff, adviser
):
    long_ago = timezone.now() - timedelta(days=20)
    overdue = ReferralFactory(name="Overdue Person", received_at=long_ago)
    mine = ReferralFactory(
        name="Mine Person",
        state="allocated",
        priority="urgent",
        adviser=careers_staff,
        reasons=["health"],
    )
    theirs = ReferralFactory(
        name="Theirs Person", state="allocated", priority="routine", adviser=adviser
    )
    closed = ReferralFactory(
        name="Closed Person", state="closed", outcome="withdrawn", closed_at=timezone.now()
    )
    client = client_for(careers_staff)

    def names(**query):
        content = client.get(reverse("referrals:index"), query).content.decode()
        return {r.name for r in (overdue, mine, theirs, closed) if r.name in content}

    assert names() == {"Overdue Person", "Mine Person", "Theirs Person"}  # open by default
    assert names(state="all") == {"Overdue Person", "Mine Person", "Theirs Person", "Closed Person"}
    assert names(state="closed") == {"Closed Person"}
    assert names(priority="urgent") == {"Mine Person"}
    assert names(adviser=adviser.pk) == {"Theirs Person"}
    assert names(mine="on") == {"Mine Person"}
    assert names(reason="health") == {"Mine Person"}
    assert names(overdue="on") == {"Overdue Person"}
    assert names(q=theirs.reference.lower()) == {"Theirs Person"}
    assert names(q="overdue") == {"Overdue Person"}
    # Nonsense in the query string is a validation message, never a 500.
    assert client.get(reverse("referrals:index"), {"adviser": "abc"}).status_code == 200


def test_the_caseload_shows_waiting_days_and_flags_overdue_referrals(client_for, careers_staff):
    ReferralFactory(received_at=timezone.now() - timedelta(days=21))
    content = client_for(careers_staff).get(reverse("referrals:index")).content.decode()
    assert "Overdue" in content and "days" in content


def test_the_caseload_lists_urgent_first(client_for, careers_staff):
    ReferralFactory(
        name="Routine Person",
        state="triaged",
        priority="routine",
        received_at=timezone.now() - timedelta(days=3),
    )
    ReferralFactory(name="Urgent Person", state="triaged", priority="urgent")
    content = client_for(careers_staff).get(reverse("referrals:index")).content.decode()
    assert content.index("Urgent Person") < content.index("Routine Person")


def test_listing_the_caseload_audits_each_referral_shown(client_for, careers_staff):
    shown = [ReferralFactory(), ReferralFactory()]
    client_for(careers_staff).get(reverse("referrals:index"))
    events = AuditEvent.objects.filter(action=AuditEvent.LIST, actor=careers_staff)
    assert {e.referral_id for e in events} == {r.pk for r in shown}


def test_caseload_query_count_does_not_grow_with_rows(
    client_for, careers_staff, adviser, django_assert_max_num_queries
):
    client = client_for(careers_staff)
    few = ReferralFactory.create_batch(2, state="allocated", priority="routine", adviser=adviser)
    with django_assert_max_num_queries(14):
        assert_page(client.get(reverse("referrals:index")), few[-1].reference)
    more = ReferralFactory.create_batch(20, state="allocated", priority="routine", adviser=adviser)
    with django_assert_max_num_queries(14):
        assert_page(client.get(reverse("referrals:index")), more[-1].reference)


def test_the_caseload_download_is_spreadsheet_safe_and_audited(client_for, careers_staff):
    referral = ReferralFactory(
        name='=HYPERLINK("http://evil.example","Click")', email="x@example.net"
    )
    response = client_for(careers_staff).get(reverse("referrals:caseload-csv"))
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == referral.reference
    assert rows[1][1].startswith("'=HYPERLINK")
    event = AuditEvent.objects.get(action=AuditEvent.DOWNLOAD)
    assert event.referral == referral and event.actor == careers_staff


# --- Detail and actions -------------------------------------------------------------------


def test_opening_a_referral_is_audited_and_not_cached(client_for, careers_staff, referral):
    response = client_for(careers_staff).get(reverse("referrals:detail", args=[referral.reference]))
    assert "Aisha Rahman" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.VIEW)
    assert (event.actor, event.referral, event.what) == (
        careers_staff,
        referral,
        "Opened the referral",
    )


def test_detail_query_count_does_not_grow_with_sessions(
    client_for, careers_staff, adviser, in_support, django_assert_max_num_queries
):
    from referrals.models import Signpost

    client = client_for(careers_staff)
    url = reverse("referrals:detail", args=[in_support.reference])
    service = SupportServiceFactory()

    def add(n):
        for _ in range(n):
            SessionFactory(referral=in_support, adviser=adviser)
            Signpost.objects.create(referral=in_support, service=service, by=adviser)

    add(1)
    with django_assert_max_num_queries(16):
        assert_page(client.get(url), in_support.name, service.name)
    add(10)
    with django_assert_max_num_queries(16):
        assert_page(client.get(url), in_support.name, service.name)


def test_staff_triage_through_the_page(client_for, careers_staff, referral):
    client = client_for(careers_staff)
    url = reverse("referrals:action-triage", args=[referral.reference])
    response = client.post(url, {"version": 1, "priority": "urgent", "note": ""})
    assert response["Location"] == reverse("referrals:detail", args=[referral.reference])
    referral.refresh_from_db()
    assert referral.state == "triaged" and referral.priority == "urgent"
    page = client.get(response["Location"]).content.decode()
    assert "triaged as urgent" in page


def test_an_action_posted_without_the_referrals_version_says_what_to_do(
    client_for, careers_staff, referral
):
    client = client_for(careers_staff)
    url = reverse("referrals:action-triage", args=[referral.reference])
    page = client.post(url, {"priority": "urgent", "note": ""}).content.decode()
    assert "Open the referral again and make the change from its page" in page
    referral.refresh_from_db()
    assert referral.state == "received"


def test_a_second_member_of_staff_is_told_what_happened_not_given_a_500(
    client_for, careers_staff, adviser
):
    referral = ReferralFactory(state="triaged", priority="routine")
    services.referral_allocate(by=adviser, referral=referral, version=1, adviser=adviser)
    response = client_for(careers_staff).post(
        reverse("referrals:action-allocate", args=[referral.reference]),
        {"version": 1, "adviser": careers_staff.pk, "note": "Mine now"},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Jordan Ellis already acted on" in content
    # The form stays, with what they typed, against the current version.
    assert "Mine now" in content and 'name="version" value="2"' in content
    referral.refresh_from_db()
    assert referral.adviser == adviser


def test_an_action_no_longer_allowed_shows_a_message_and_no_form(client_for, careers_staff):
    referral = ReferralFactory(state="closed", outcome="withdrawn", closed_at=timezone.now())
    client = client_for(careers_staff)
    url = reverse("referrals:action-triage", args=[referral.reference])
    page = client.get(url)
    assert page.status_code == 200
    assert "You cannot triage now" in page.content.decode()
    assert 'name="priority"' not in page.content.decode()
    assert client.post(url, {"version": 1, "priority": "urgent"}).status_code == 409


def test_action_forms_show_errors_and_keep_what_was_typed(client_for, careers_staff, in_support):
    response = client_for(careers_staff).post(
        reverse("referrals:action-session", args=[in_support.reference]),
        {
            "version": in_support.version,
            "held_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "mode": "video",
            "adviser": in_support.adviser_id,
            "minutes": "lots",
            "notes": "Kept notes",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in content
    assert "must be today or in the past" in content
    assert "Length must be a number of minutes" in content
    assert "Kept notes" in content


def test_staff_edit_details_with_validation(client_for, careers_staff, referral):
    client = client_for(careers_staff)
    url = reverse("referrals:action-edit", args=[referral.reference])
    data = {**SELF_REFERRAL, "version": 1, "email": "bad"}
    data.pop("privacy_consent")
    assert "Enter an email address" in client.post(url, data).content.decode()
    data["email"] = "aisha.new@example.net"
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.email == "aisha.new@example.net"


# --- Directory, reports, audit ------------------------------------------------------------


def test_the_report_counts_and_measures_the_service_standard(client_for, careers_staff):
    now = timezone.now()
    ReferralFactory(
        state="closed",
        outcome="resolved",
        closed_at=now,
        received_at=now - timedelta(days=3),
        first_contact_at=now - timedelta(days=2),
        first_contact_working_days=1,
        grade="sas",
        reasons=["direction", "health"],
    )
    ReferralFactory(received_at=now - timedelta(days=20), reasons=["health"])  # overdue
    response = client_for(careers_staff).get(reverse("referrals:report"))
    content = response.content.decode()
    assert "50.0% (1 of 2)" in content  # within target, out of contacted + overdue
    assert "1.0 working days" in content  # median
    report = queries.referrals_report(user=careers_staff)
    assert report.total == 2 and report.contacted == 1 and report.overdue_now == 1
    assert {r.label: r.count for r in report.by_reason}["Ill health affecting career choice"] == 2
    assert {r.label: r.count for r in report.by_outcome}["Resolved"] == 1
    assert "<svg" in response.content.decode() and "<table" in response.content.decode()


def test_a_count_of_nought_in_the_report_reads_0_not_an_empty_cell(client_for, careers_staff):
    """The NHS macros show a value only when it is true: a count of 0 passed as a number used
    to leave the summary's and the tables' cells empty."""
    ReferralFactory(first_contact_at=timezone.now(), first_contact_working_days=1)
    content = client_for(careers_staff).get(reverse("referrals:report")).content.decode()
    assert re.search(r"Waiting past the target now\s*</dt>\s*<dd[^>]*>\s*0\s*</dd>", content)
    assert re.search(r"Triaged\s*</td>\s*<td[^>]*numeric[^>]*>\s*0\s*</td>", content)


def test_the_report_download_is_a_safe_csv(client_for, careers_staff):
    ReferralFactory()
    response = client_for(careers_staff).get(reverse("referrals:report-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Measure", "Category", "Count", "Percent"]
    assert ["Referrals received", "", "1", ""] in rows


def test_a_bad_report_period_shows_an_error(client_for, careers_staff):
    response = client_for(careers_staff).get(
        reverse("referrals:report"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert "To must be the same as or after From" in response.content.decode()


def test_managers_read_the_audit_trail_filtered_by_referral(client_for, manager, careers_staff):
    first, second = ReferralFactory(), ReferralFactory()
    services.referral_triage(by=careers_staff, referral=first, version=1, priority="urgent")
    services.referral_triage(by=careers_staff, referral=second, version=1, priority="routine")
    response = client_for(manager).get(reverse("referrals:audit"), {"reference": first.reference})
    content = response.content.decode()
    assert "Triaged as urgent" in content and "Triaged as routine" not in content
    assert "careers@example.org" in content


def test_workflow_labels_cover_every_action():
    assert set(workflow.ACTION_LABELS) == set(workflow.ALLOWED_FROM)
