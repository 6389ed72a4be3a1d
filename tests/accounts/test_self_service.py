"""Members run their own accounts: register and confirm by an emailed link, reset and change
the password, change the address, choose emails, download their data and delete the account.
Every email goes through the outbox; no answer reveals whether an address has an account."""

import json
import re
import socket

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import mail, roles, services, tokens
from accounts.models import User
from config.rules import RateLimited
from outbox.models import Email
from outbox.sending import outbox_send_due
from tests.factories import PASSWORD, UserFactory
from tests.mentoring.factories import MatchFactory, MenteeFactory, SchemeFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-unusual-passphrase-42"
REGISTER = reverse("accounts:register")
SIGN_IN = reverse("accounts:sign-in")


def link_in(email: Email) -> str:
    """The path of the one portal link in an email (the text part)."""
    return re.search(r"https?://[^/\s]+(/\S+)", email.text_body).group(1)


def varying_removed(html: str) -> str:
    """A page without what differs between any two requests (nonces, tokens, the address)."""
    return re.sub(r'nonce="[^"]*"|value="[^"]*"|[\w.+-]+@example\.org', "", html)


def emails_to(address):
    return list(Email.objects.filter(to=address).order_by("pk"))


def register(client, email="new@example.org", password=NEW_PASSWORD, **extra):
    data = {
        "full_name": "Nia Okoye",
        "email": email,
        "password": password,
        "password_again": password,
        **extra,
    }
    return client.post(REGISTER, data)


# --- Registering and confirming -------------------------------------------------------------


def test_a_new_account_cannot_sign_in_until_its_address_is_confirmed(client):
    response = register(client)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = User.objects.get(email="new@example.org")
    assert not user.is_active and user.confirmed_at is None
    refused = client.post(SIGN_IN, {"username": "new@example.org", "password": NEW_PASSWORD})
    assert (
        refused.status_code == 200 and "Enter a correct email address" in refused.content.decode()
    )

    (email,) = emails_to("new@example.org")
    assert email.subject == "Confirm your email address"
    assert email.html_body.startswith("<!doctype html>")
    confirmed = client.post(link_in(email))
    assert confirmed.status_code == 302 and confirmed.url == SIGN_IN
    signed_in = client.post(SIGN_IN, {"username": "new@example.org", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_registering_an_address_that_has_an_account_says_the_same_and_tells_its_owner(
    client, member
):
    fresh = register(client, email="someone-new@example.org").content.decode()
    taken = register(client, email="member@example.org").content.decode()
    assert varying_removed(fresh) == varying_removed(taken)
    assert User.objects.filter(email="member@example.org").count() == 1
    (email,) = emails_to("member@example.org")
    assert email.subject == "You already have an account"
    member.refresh_from_db()
    assert member.check_password(PASSWORD)  # unchanged


def test_a_weak_password_is_refused_by_djangos_validators_naming_the_field(client):
    html = register(client, password="password").content.decode()
    assert "<title>Error:" in html
    assert 'href="#id_password"' in html
    assert "This password is too common." in html
    assert not User.objects.filter(email="new@example.org").exists()


def test_missing_fields_are_each_named_in_the_error_summary(client):
    html = client.post(REGISTER, {}).content.decode()
    for message in ("Enter your name", "Enter your email address", "Enter your password"):
        assert message in html


def test_staff_roles_and_admin_access_are_never_self_assigned(client):
    group = Group.objects.get_or_create(name=roles.CAREERS_STAFF)[0]
    register(client, is_staff="on", is_superuser="on", groups=[group.pk])
    user = User.objects.get(email="new@example.org")
    assert not user.is_staff and not user.is_superuser and not user.groups.exists()


def test_opening_a_confirmation_link_changes_nothing_until_its_button_is_pressed(client):
    """Mail scanners open every link in a message before the reader does; opening must not
    use the link up."""
    register(client)
    link = link_in(emails_to("new@example.org")[0])
    for _ in range(3):  # a scanner, then the reader, perhaps more than once
        opened = client.get(link)
        assert opened.status_code == 200
        assert not User.objects.get(email="new@example.org").is_active
    html = opened.content.decode()
    assert "Confirm new@example.org as the address of your account." in html
    assert 'method="post"' in html and "Confirm my email address" in html
    assert client.post(link).status_code == 302
    assert User.objects.get(email="new@example.org").is_active


def test_a_forged_confirmation_link_is_refused_when_its_button_is_pressed(client):
    register(client)
    link = link_in(emails_to("new@example.org")[0])
    assert client.post(link[:-3] + "abc/").status_code == 410
    assert not User.objects.get(email="new@example.org").is_active


def test_a_confirmation_link_used_twice_says_so_and_offers_a_new_one(client):
    register(client)
    link = link_in(emails_to("new@example.org")[0])
    client.post(link)
    again = client.get(link)
    assert again.status_code == 410
    html = again.content.decode()
    assert "already been used" in html
    assert reverse("accounts:confirm-resend") in html


def test_an_expired_confirmation_link_says_it_has_expired(client, monkeypatch, settings):
    register(client)
    link = link_in(emails_to("new@example.org")[0])
    later = tokens.confirm_account._now() + timezone.timedelta(
        days=settings.ACCOUNT_LINK_DAYS, seconds=5
    )
    monkeypatch.setattr(tokens.confirm_account, "_now", lambda: later)
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert not User.objects.get(email="new@example.org").is_active


def test_a_new_confirmation_link_is_sent_on_request_and_works(client):
    register(client)
    response = client.post(reverse("accounts:confirm-resend"), {"email": "new@example.org"})
    assert "Check your email" in response.content.decode()
    first, second = emails_to("new@example.org")
    assert client.post(link_in(second)).status_code == 302
    assert User.objects.get(email="new@example.org").is_active


# --- Passwords ------------------------------------------------------------------------------


def test_password_reset_by_email_and_the_link_works_once(client, member):
    response = client.post(reverse("accounts:password-reset"), {"email": "Member@Example.org"})
    assert "If Member@Example.org has an account" in response.content.decode()
    (email,) = emails_to("member@example.org")
    link = link_in(email)
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.content.decode()
    done = client.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.get(link).status_code == 410
    assert emails_to("member@example.org")[-1].subject == "Your password has changed"


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, member):
    known = client.post(reverse("accounts:password-reset"), {"email": "member@example.org"})
    unknown = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert varying_removed(known.content.decode()) == varying_removed(unknown.content.decode())
    assert not Email.objects.filter(to="nobody@example.org").exists()


def test_a_reset_link_with_a_bad_token_offers_a_new_one(client, member):
    response = client.get(
        reverse("accounts:password-reset-confirm", args=[tokens.uid_for(member), "x-y"])
    )
    assert response.status_code == 410
    assert reverse("accounts:password-reset") in response.content.decode()


def test_a_member_changes_their_password_with_their_current_one(client_for, member):
    client = client_for(member)
    url = reverse("accounts:password-change")
    wrong = client.post(
        url, {"current_password": "nope", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert "Enter your current password correctly" in wrong.content.decode()
    client.post(
        url,
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in


# --- Changing the address -------------------------------------------------------------------


def test_a_new_address_is_used_only_once_confirmed_from_a_link_sent_to_it(client_for, member):
    client = client_for(member)
    client.post(
        reverse("accounts:email-change"),
        {"new_email": "morgan@example.net", "current_password": PASSWORD},
    )
    member.refresh_from_db()
    assert member.email == "member@example.org" and member.pending_email == "morgan@example.net"
    (confirm,) = emails_to("morgan@example.net")
    assert emails_to("member@example.org")[0].subject == "A change of email address was asked for"
    opened = client.get(link_in(confirm))
    member.refresh_from_db()
    assert opened.status_code == 200 and member.email == "member@example.org"
    assert "will change to morgan@example.net" in opened.content.decode()
    client.post(link_in(confirm))
    member.refresh_from_db()
    assert member.email == "morgan@example.net"
    assert client.get(link_in(confirm)).status_code == 410
    assert client.post(link_in(confirm)).status_code == 410


def test_changing_to_an_address_with_an_account_sends_it_nothing(client_for, member):
    UserFactory(email="taken@example.org")
    client_for(member).post(
        reverse("accounts:email-change"),
        {"new_email": "taken@example.org", "current_password": PASSWORD},
    )
    assert not emails_to("taken@example.org")


def test_the_check_your_email_page_after_a_change_leads_back_to_the_account(client_for, member):
    response = client_for(member).post(
        reverse("accounts:email-change"),
        {"new_email": "morgan@example.net", "current_password": PASSWORD},
    )
    body = response.content.decode()
    assert "Check your email" in body and "Go to your account" in body
    assert "Go to sign in" not in body


# --- Limits ---------------------------------------------------------------------------------


def test_links_for_one_address_are_limited_without_saying_so(client, member, settings):
    settings.ACCOUNT_LIMIT_PER_ADDRESS = 2
    for _ in range(4):
        response = client.post(reverse("accounts:password-reset"), {"email": "member@example.org"})
        assert response.status_code == 200
    assert len(emails_to("member@example.org")) == 2


def test_one_client_asking_too_often_is_told_to_wait(client, settings):
    settings.ACCOUNT_LIMIT_PER_CLIENT = 3
    for n in range(3):
        assert register(client, email=f"n{n}@example.org").status_code == 200
    response = register(client, email="n9@example.org")
    assert response.status_code == 429
    assert "Wait an hour" in response.content.decode()
    assert not User.objects.filter(email="n9@example.org").exists()


def test_one_ipv6_network_is_one_client_as_for_referrals(settings):
    """A home or a phone is given a whole /64: the limit counts the network, not each address."""
    settings.ACCOUNT_LIMIT_PER_CLIENT = 1
    data = {"full_name": "Nia Okoye", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    first = Client(REMOTE_ADDR="2001:db8:1:2::1").post(REGISTER, {**data, "email": "a@example.org"})
    assert first.status_code == 200
    same = Client(REMOTE_ADDR="2001:db8:1:2::99").post(REGISTER, {**data, "email": "b@example.org"})
    assert same.status_code == 429
    other = Client(REMOTE_ADDR="2001:db8:1:3::1").post(REGISTER, {**data, "email": "c@example.org"})
    assert other.status_code == 200


def test_a_member_changing_their_address_too_often_is_told_to_wait(client_for, member, settings):
    settings.ACCOUNT_LIMIT_PER_CLIENT = 2
    client = client_for(member)
    url = reverse("accounts:email-change")
    for n in range(2):
        answer = client.post(
            url, {"new_email": f"new{n}@example.org", "current_password": PASSWORD}
        )
        assert answer.status_code == 200 and "Check your email" in answer.content.decode()
    response = client.post(url, {"new_email": "new9@example.org", "current_password": PASSWORD})
    assert response.status_code == 429
    assert "Wait an hour" in response.content.decode()
    assert not emails_to("new9@example.org")


def test_the_limits_are_the_services_and_a_caller_without_a_client_has_none(member, settings):
    """The pages pass the client; the demo and commands pass none and are not limited."""
    settings.ACCOUNT_LIMIT_PER_CLIENT = 2
    settings.ACCOUNT_LIMIT_PER_ADDRESS = 1
    for _ in range(3):
        services.password_reset_request(email="member@example.org")
    assert len(emails_to("member@example.org")) == 3
    services.password_reset_request(email="member@example.org", client="192.0.2.7")
    services.password_reset_request(email="member@example.org", client="192.0.2.7")
    assert len(emails_to("member@example.org")) == 4  # the address's one use this hour
    with pytest.raises(RateLimited, match="Wait an hour"):
        services.password_reset_request(email="other@example.org", client="192.0.2.7")
    register = {"password": NEW_PASSWORD, "client": "192.0.2.7"}  # another action, its own count
    services.account_register(email="x@example.org", **register)
    services.account_register(email="y@example.org", **register)
    with pytest.raises(RateLimited):
        services.account_register(email="z@example.org", **register)
    assert set(User.objects.values_list("email", flat=True)) >= {"x@example.org", "y@example.org"}
    assert not User.objects.filter(email="z@example.org").exists()


# --- Mail server down -----------------------------------------------------------------------


def test_registration_works_while_the_mail_server_is_down_and_the_email_follows(client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    response = register(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert outbox_send_due().failed == 1
    (email,) = emails_to("new@example.org")
    assert email.status == Email.Status.PENDING and email.attempts == 1


# --- Preferences, data, deletion ------------------------------------------------------------


def test_a_member_turns_off_a_non_essential_email_but_essential_ones_still_come(client_for, member):
    client_for(member).post(reverse("accounts:email-preferences"), {"wanted": ["digests"]})
    member.refresh_from_db()
    assert set(member.email_opt_outs) == {
        "mentoring-reminders",
        "mentoring-feedback",
        "mentoring-community",
        "support.reminder",
        "support.feedback",
    }
    assert not mail.wants(member, "mentoring-reminders")
    assert mail.wants(member, "mentoring-steps")
    assert (
        mail.send_to_user(member, subject="x", paragraphs=["y"], category="mentoring-feedback")
        is None
    )
    assert mail.send_to_user(member, subject="x", paragraphs=["y"], category="mentoring-steps")


def test_a_member_downloads_everything_held_about_them_as_json_and_csv(client_for, member):
    MenteeFactory(user=member, goals="Become a clinical psychologist")
    client = client_for(member)
    response = client.get(reverse("accounts:data-download", args=["json"]))
    assert response.status_code == 200 and response["Cache-Control"].count("no-store")
    data = json.loads(response.content)
    assert data["account"][0]["email"] == "member@example.org"
    assert data["mentoring_applications"][0]["goals"] == "Become a clinical psychologist"
    csv = client.get(reverse("accounts:data-download", args=["csv"])).content.decode()
    assert "mentoring_applications,1,goals,Become a clinical psychologist" in csv


def test_a_download_in_a_format_the_portal_does_not_offer_is_not_found(client_for, member):
    response = client_for(member).get(reverse("accounts:data-download", args=["xml"]))
    assert response.status_code == 404


def test_deleting_an_account_removes_personal_details_and_keeps_anonymised_records(
    client_for, member
):
    match = MatchFactory(mentee=MenteeFactory(user=member), status="completed")
    client = client_for(member)
    response = client.post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.deleted_at and not member.is_active and member.full_name == ""
    assert member.email.endswith("@deleted.invalid")
    match.refresh_from_db()
    mentee = match.mentee
    assert match.status == "completed"
    assert mentee.goals == "" and mentee.membership_number == ""
    assert emails_to("member@example.org")[-1].subject == "Your account has been deleted"
    assert not client.get(reverse("accounts:account")).wsgi_request.user.is_authenticated


def test_deleting_the_only_leader_of_a_scheme_is_refused_with_the_reason(client_for, scheme_leader):
    SchemeFactory(name="North mentoring", leaders=[scheme_leader])
    client = client_for(scheme_leader)
    page = client.get(reverse("accounts:account-delete")).content.decode()
    assert "You are the only leader of North mentoring" in page
    response = client.post(
        reverse("accounts:account-delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert "You are the only leader of North mentoring" in response.content.decode()
    scheme_leader.refresh_from_db()
    assert scheme_leader.deleted_at is None
    with pytest.raises(services.AccountRefused):
        services.account_delete(by=scheme_leader)


# --- Who may open which page ----------------------------------------------------------------

SIGNED_IN_PAGES = [
    "account",
    "password-change",
    "email-change",
    "email-preferences",
    "account-delete",
]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_are_for_the_signed_in_member_only(client, member, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 302 and response.url.startswith(SIGN_IN)
    client.force_login(member)
    page = client.get(reverse(f"accounts:{name}"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "member@example.org" in page.content.decode() or name != "account"


def test_the_sign_in_page_links_to_registration_reset_and_account_changes(client, db):
    html = client.get(SIGN_IN).content.decode()
    for name in ("register", "password-reset", "confirm-resend", "account"):
        assert reverse(f"accounts:{name}") in html
