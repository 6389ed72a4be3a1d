"""Every referral page, for careers staff, a scheme leader, a graduate with no role, an
administrator outside the careers team, and an anonymous visitor."""

import re

import pytest
from django.urls import reverse

from referrals import services
from referrals.views.actions import ACTION_PATHS
from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_urls():
    referral = ReferralFactory(name="Confidential Person")
    service = SupportServiceFactory()
    urls = [
        reverse("referrals:log"),
        reverse("referrals:caseload-csv"),
        reverse("referrals:detail", args=[referral.reference]),
        reverse("referrals:report"),
        reverse("referrals:report-csv"),
        reverse("referrals:service-list"),
        reverse("referrals:service-new"),
        reverse("referrals:service-edit", args=[service.pk]),
    ]
    urls += [
        reverse(f"referrals:action-{slug}", args=[referral.reference])
        for slug in ACTION_PATHS.values()
    ]
    return urls


def test_careers_staff_open_every_staff_page(client_for, careers_staff, staff_urls):
    client = client_for(careers_staff)
    for url in staff_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.parametrize("who", ["scheme_leader", "member", "superuser"])
def test_signed_in_users_outside_the_careers_team_are_refused(request, client_for, who, staff_urls):
    """403 for the team's pages; 404 for one referral's pages, as if it did not exist."""
    client = client_for(request.getfixturevalue(who))
    for url in [*staff_urls, reverse("referrals:audit")]:
        response = client.get(url)
        expected = 404 if url.startswith("/referrals/CS-") else 403
        assert response.status_code == expected, url
        assert b"Confidential Person" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client, staff_urls):
    for url in [*staff_urls, reverse("referrals:audit")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign-in")), url


def test_posting_an_action_without_the_role_changes_nothing(client_for, member, client):
    referral = ReferralFactory()
    url = reverse("referrals:action-triage", args=[referral.reference])
    assert client_for(member).post(url, {"version": 1, "priority": "urgent"}).status_code == 404
    client.logout()
    assert client.post(url, {"version": 1, "priority": "urgent"}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == "received"


def test_only_managers_read_the_audit_trail(client_for, careers_staff, manager):
    assert client_for(careers_staff).get(reverse("referrals:audit")).status_code == 403
    assert client_for(manager).get(reverse("referrals:audit")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "member", "scheme_leader", "superuser"])
def test_careers_support_in_the_menu_explains_the_service_to_everyone_else(
    request, client, client_for, who
):
    ReferralFactory(name="Confidential Person", reference="CS-999999")
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.get(reverse("referrals:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Refer yourself" in content and "Refer a trainee" in content
    assert reverse("referrals:new") in content and reverse("referrals:new-educator") in content
    assert "Confidential Person" not in content and "CS-999999" not in content
    assert "no-store" in response["Cache-Control"]


def test_careers_staff_get_the_caseload_at_the_same_address(client_for, careers_staff):
    ReferralFactory(name="Confidential Person")
    response = client_for(careers_staff).get(reverse("referrals:index"))
    assert "Careers support caseload" in response.content.decode()
    assert "Confidential Person" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "member", "scheme_leader", "careers_staff"])
def test_public_forms_open_for_everyone(request, client, client_for, who):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    for name in ("referrals:new", "referrals:new-educator", "referrals:about"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_unknown_or_malformed_references_give_404_to_staff(client_for, careers_staff):
    client = client_for(careers_staff)
    assert client.get("/referrals/CS-999999/").status_code == 404
    assert client.get("/referrals/CS-999999/triage/").status_code == 404
    assert client.get("/referrals/nope/").status_code == 404


def test_a_referral_reference_gives_no_hint_to_outsiders(client_for, member):
    referral = ReferralFactory()
    client = client_for(member)
    existing = client.get(reverse("referrals:detail", args=[referral.reference]))
    missing = client.get("/referrals/CS-999999/")
    # Not yours or not there: the same 404 page either way.
    assert existing.status_code == missing.status_code == 404

    def without_nonce(response):
        return re.sub(rb'nonce="[^"]+"', b"", response.content)

    assert without_nonce(existing) == without_nonce(missing)


def test_the_decline_page_is_public_but_needs_a_valid_link(client):
    referral = ReferralFactory(from_educator=True, name="Confidential Person")
    token = services.decline_token(referral)
    response = client.get(reverse("referrals:decline", args=[token]))
    assert response.status_code == 200
    assert b"Confidential Person" not in response.content
    assert client.get(reverse("referrals:decline", args=["forged"])).status_code == 404


def test_the_visible_to_queryset_is_empty_for_everyone_but_careers_staff(
    careers_staff, member, scheme_leader, superuser
):
    from django.contrib.auth.models import AnonymousUser

    from referrals.models import Referral

    ReferralFactory()
    assert Referral.objects.visible_to(careers_staff).count() == 1
    for user in (member, scheme_leader, superuser, AnonymousUser(), None):
        assert Referral.objects.visible_to(user).count() == 0
    inactive = UserFactory(is_active=False, roles=["Careers staff"])
    assert Referral.objects.visible_to(inactive).count() == 0


def test_every_workflow_action_has_its_page_declared_in_the_urls():
    """The referral page links each action through ACTION_PATHS; urls.py declares the pages."""
    from referrals import urls, workflow

    declared = {
        pattern.name.removeprefix("action-")
        for pattern in urls.urlpatterns
        if pattern.name and pattern.name.startswith("action-")
    }
    assert declared == set(ACTION_PATHS.values())
    assert set(ACTION_PATHS) <= set(workflow.ACTION_LABELS)
