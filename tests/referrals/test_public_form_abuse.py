"""The public referral forms tried as an outsider would: a flood from one client, the per-email
limit got round with +tags, the limit as an oracle, the forms as an email relay, retries that
store duplicates, a fault after the commit, and decline links used again."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from referrals import services, workflow
from referrals.models import Referral
from tests.referrals.factories import SELF_REFERRAL, educator_referral

pytestmark = pytest.mark.django_db
NEW, NEW_EDUCATOR = reverse("referrals:new"), reverse("referrals:new-educator")
_VOLATILE = re.compile(
    r'nonce="[^"]+"|nonce-[^\']+\'|csrfmiddlewaretoken" value="[^"]+"|sent=[^"&]+'
)


def form_key(client, path=NEW) -> str:
    html = client.get(path).content.decode()
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


def answer(client, path, data, address="203.0.113.1"):
    """The whole answer a sender sees: status, where it goes, and that page."""
    response = client.post(path, data, REMOTE_ADDR=address)
    page = response
    if response.status_code == 302:
        page = client.get(response["Location"], REMOTE_ADDR=address)
    location = _VOLATILE.sub("", response.get("Location", ""))
    return response.status_code, location, _VOLATILE.sub("", page.content.decode())


# --- Limits ---------------------------------------------------------------------------------


def test_one_client_cannot_flood_the_forms_with_many_addresses(settings):
    settings.REFERRALS_CLIENT_RATE_LIMIT = 5
    client = Client()
    statuses = [
        client.post(
            NEW, {**SELF_REFERRAL, "email": f"p{n}@example.net"}, REMOTE_ADDR="198.51.100.7"
        ).status_code
        for n in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert Referral.objects.count() == 5
    # Another client is not affected.
    other = client.post(
        NEW, {**SELF_REFERRAL, "email": "q@example.net"}, REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 302 and Referral.objects.count() == 6


def test_behind_a_proxy_the_limit_is_per_client_not_per_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.REFERRALS_CLIENT_RATE_LIMIT = 2
    client = Client()

    def post(n, forwarded):
        data = {**SELF_REFERRAL, "email": f"p{n}@example.net"}
        return client.post(
            NEW, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # The flooding client changes the part of the header it controls; it is still one client.
    assert [post(n, f"192.0.2.{n}, 198.51.100.7") for n in range(4)] == [302, 302, 429, 429]
    assert post(9, "198.51.100.99") == 302


def test_plus_addressing_and_case_do_not_get_round_the_per_email_limit(settings, mailoutbox):
    settings.REFERRALS_RATE_LIMIT = 2
    client = Client()
    for n, email in enumerate(["aisha@example.net", "Aisha+1@example.net", "AISHA+2@Example.NET"]):
        client.post(NEW, {**SELF_REFERRAL, "email": email}, REMOTE_ADDR=f"198.51.100.{n}")
    assert Referral.objects.count() == 2
    assert sum(m.to == ["aisha+2@example.net"] for m in mailoutbox) == 0


def test_the_answer_is_the_same_whether_or_not_the_address_was_referred_today(settings):
    """Over the per-email limit nothing is stored or sent, and the sender cannot tell."""
    settings.REFERRALS_RATE_LIMIT = 1
    Client().post(NEW, {**SELF_REFERRAL, "email": "victim@example.net"}, REMOTE_ADDR="192.0.2.1")
    assert Referral.objects.count() == 1
    probe = Client()
    referred = answer(probe, NEW, {**SELF_REFERRAL, "email": "victim@example.net"})
    fresh = answer(probe, NEW, {**SELF_REFERRAL, "email": "nobody@example.net"})
    assert referred[0] == 302
    assert referred == fresh
    assert Referral.objects.count() == 2  # the victim's one, and nobody's


# --- Emails to someone other than the sender ------------------------------------------------

TYPED = "VISIT-http://evil.example"


@pytest.mark.parametrize(
    "path, data",
    [
        (NEW, {**SELF_REFERRAL, "name": TYPED, "help_wanted": TYPED, "specialty": TYPED}),
        (
            NEW_EDUCATOR,
            educator_referral(
                name=TYPED,
                referrer_name=TYPED,
                referrer_organisation=TYPED,
                help_wanted=TYPED,
                specialty=TYPED,
            ),
        ),
    ],
)
def test_no_email_carries_text_the_sender_typed(client, mailoutbox, path, data):
    assert client.post(path, data).status_code == 302
    assert mailoutbox
    for message in mailoutbox:
        assert TYPED not in message.subject and TYPED not in message.body, message.to


def test_the_trainee_is_sent_a_fixed_message_and_a_link(client, mailoutbox):
    client.post(NEW_EDUCATOR, educator_referral())
    to_trainee = next(m for m in mailoutbox if m.to == ["aisha@example.net"])
    referral = Referral.objects.get()
    assert referral.reference in to_trainee.body and "/referrals/decline/" in to_trainee.body
    for typed in ("Aisha", "Helen", "Marsh", "Psychiatry"):
        assert typed not in to_trainee.body


# --- Retries and faults ---------------------------------------------------------------------


def test_the_same_form_sent_twice_stores_one_referral(mailoutbox):
    client = Client()
    data = {**SELF_REFERRAL, "submission_key": form_key(client)}
    first = client.post(NEW, data)
    emails = len(mailoutbox)
    second = client.post(NEW, data)  # the retry after an error page or a lost answer
    assert first.status_code == second.status_code == 302
    assert Referral.objects.count() == 1
    assert len(mailoutbox) == emails
    # A fresh copy of the form is a new referral.
    client.post(NEW, {**SELF_REFERRAL, "submission_key": form_key(client)})
    assert Referral.objects.count() == 2


def test_the_same_educator_form_sent_twice_stores_one_referral():
    client = Client()
    data = educator_referral(submission_key=form_key(client, NEW_EDUCATOR))
    assert client.post(NEW_EDUCATOR, data).status_code == 302
    assert client.post(NEW_EDUCATOR, data).status_code == 302
    assert Referral.objects.count() == 1


def test_a_retry_does_not_count_against_the_limits(settings):
    settings.REFERRALS_CLIENT_RATE_LIMIT = 1
    client = Client()
    data = {**SELF_REFERRAL, "submission_key": form_key(client)}
    assert client.post(NEW, data).status_code == 302
    assert client.post(NEW, data).status_code == 302


def test_a_fault_after_the_commit_still_shows_the_confirmation(client, monkeypatch, mailoutbox):
    """The session store failing after the referral is stored (the database dropping at that
    moment) must not turn a stored referral into an error page."""

    def broken(self, must_create=False):
        raise OperationalError("the database went away")

    monkeypatch.setattr(SessionStore, "save", broken)
    response = client.post(NEW, SELF_REFERRAL)
    assert response.status_code == 302
    assert Referral.objects.count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Referral sent" in page.content.decode()


def test_the_confirmation_link_cannot_be_forged(client):
    response = client.get(reverse("referrals:submitted") + "?sent=forged")
    assert response.status_code == 302 and response["Location"] == reverse("referrals:about")


# --- Decline links --------------------------------------------------------------------------


def _decline_path(mailoutbox):
    line = next(
        line for m in mailoutbox for line in m.body.splitlines() if "/referrals/decline/" in line
    )
    return line[line.index("/referrals/") :]


def test_a_decline_link_works_once(client, mailoutbox):
    client.post(NEW_EDUCATOR, educator_referral())
    path = _decline_path(mailoutbox)
    assert "Referral declined" in client.post(path).content.decode()
    again = client.post(path)
    assert again.status_code == 404
    assert client.get(path).status_code == 404


def test_an_old_decline_link_does_nothing_after_staff_reopen_the_referral(
    client, mailoutbox, careers_staff
):
    client.post(NEW_EDUCATOR, educator_referral())
    path = _decline_path(mailoutbox)
    assert client.post(path).status_code == 200
    referral = Referral.objects.get()
    referral = services.referral_reopen(
        by=careers_staff, referral=referral, version=referral.version, reason="They rang us"
    )
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    referral.refresh_from_db()
    assert referral.state == workflow.RECEIVED and referral.is_open


def test_a_decline_link_does_nothing_after_staff_close_or_return_the_referral(
    client, mailoutbox, careers_staff
):
    client.post(NEW_EDUCATOR, educator_referral())
    path = _decline_path(mailoutbox)
    referral = Referral.objects.get()
    services.referral_close(
        by=careers_staff, referral=referral, version=referral.version, outcome="withdrawn"
    )
    assert client.post(path).status_code == 404
    referral.refresh_from_db()
    assert referral.closing_note == ""  # not "declined through the link"


def test_a_decline_link_does_nothing_after_the_referral_changes_state(
    client, mailoutbox, careers_staff
):
    """Triage moves the referral on: the old link stops acting, and its page says how to
    decline instead (reply to the email)."""
    client.post(NEW_EDUCATOR, educator_referral())
    path = _decline_path(mailoutbox)
    referral = Referral.objects.get()
    services.referral_triage(
        by=careers_staff, referral=referral, version=referral.version, priority=workflow.ROUTINE
    )
    page = client.get(path)
    assert page.status_code == 404
    assert "Reply to the email you received" in page.content.decode()
    assert client.post(path).status_code == 404
    referral.refresh_from_db()
    assert referral.state == workflow.TRIAGED and referral.is_open


def test_a_decline_link_survives_a_change_that_keeps_the_state(client, mailoutbox, careers_staff):
    client.post(NEW_EDUCATOR, educator_referral())
    path = _decline_path(mailoutbox)
    referral = Referral.objects.get()
    services.referral_edit(
        by=careers_staff,
        referral=referral,
        version=referral.version,
        phone="01632 960001",
    )
    assert "Referral declined" in client.post(path).content.decode()
