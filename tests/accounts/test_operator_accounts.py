"""Accounts an administrator makes (accounts.services.account_create), through the Django
admin's add-user page as through the demo."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles, services
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from outbox.models import Email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_an_administrator_makes_an_account_which_is_confirmed_with_its_staff_roles():
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(services.AccountRefused, match="Only administrators"):
        services.account_create(by=UserFactory(), email="x@example.org", full_name="X")
    user = services.account_create(
        by=admin,
        email=" Editor@Example.org ",
        full_name="Rowan Price",
        password="a-long-password-2026",
        staff_roles=[roles.ROLE_EDITORS],
    )
    assert user.email == "editor@example.org" and user.is_active and user.confirmed_at
    assert user.in_group(roles.ROLE_EDITORS) and user.is_staff  # editors use the admin
    assert user.check_password("a-long-password-2026")
    with pytest.raises(services.AccountRefused, match="exists already"):
        services.account_create(by=admin, email="EDITOR@example.org", full_name="Again")
    nobody = services.account_create(by=admin, email="n@example.org", full_name="N")
    assert not nobody.has_usable_password()
    with pytest.raises(services.AccountRefused, match="not a staff role"):
        services.staff_role_grant(by=admin, user=nobody, role="Wizards")
    services.staff_role_grant(by=admin, user=nobody, role=roles.CAREERS_STAFF)
    assert User.objects.get(pk=nobody.pk).in_group(roles.CAREERS_STAFF)


def test_the_admins_add_user_page_makes_the_account_through_the_service(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.staff@example.org",
            "full_name": "New Staff",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )
    user = User.objects.get(email="new.staff@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_user_change", args=[user.pk])
    # Confirmed, as account_create makes it (a plain model save would leave it unconfirmed).
    assert user.confirmed_at is not None and user.check_password("a-long-password-2026")


def test_the_admins_add_user_page_refuses_an_address_in_use_in_another_letter_case(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    UserFactory(email="taken@example.org")
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Taken@Example.org",
            "full_name": "Someone Else",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )
    assert response.status_code == 200
    assert "An account with this email address exists already." in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_the_demo_accounts_have_the_history_real_ones_have(whole_demo):
    # `whole_demo`: the database as `manage.py load_demo` leaves it (tests/snapshots.py).
    count = User.objects.count()
    now = timezone.now()
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.is_staff and admin.confirmed_at < now
    editor = User.objects.get(email="editor@example.org")
    assert editor.in_group(roles.ROLE_EDITORS) and editor.is_staff and not editor.is_superuser
    for email in ("careers@example.org", "leader@example.org", "member@example.org"):
        user = User.objects.get(email=email)
        assert user.is_active and user.date_joined <= user.confirmed_at < now
        assert user.check_password(DEMO_PASSWORD)
    member = User.objects.get(email="member@example.org")
    assert member.email_opt_outs == ["digests"] and not member.groups.exists()
    pending = User.objects.get(email="new-member@example.org")
    assert not pending.is_active and pending.confirmed_at is None
    assert pending.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="forensic-leader@example.org").in_group(roles.SCHEME_LEADERS)
    assert not Email.objects.filter(category="account").exists()
    call_command("load_demo", stdout=io.StringIO())
    assert User.objects.count() == count
