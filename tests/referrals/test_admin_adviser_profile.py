"""An adviser's referral settings through the Django admin (admin_settings.adviser_profile_set):
an operator who may add the settings but not change them can add them, and is refused a
change, instead of either answering a server error."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts import roles
from config.rules import RuleBroken
from referrals import admin_settings
from referrals.models import AdviserProfile
from tests.factories import UserFactory


@pytest.fixture
def adds_only(db):
    operator = UserFactory(is_staff=True)
    operator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="referrals",
            codename__in=["add_adviserprofile", "view_adviserprofile"],
        )
    )
    return operator


def test_an_operator_who_may_add_settings_adds_them_on_the_admin_page(client, adds_only):
    adviser = UserFactory(roles=[roles.CAREERS_STAFF])
    client.force_login(adds_only)
    client.raise_request_exception = False
    response = client.post(
        reverse("admin:referrals_adviserprofile_add"),
        {"user": adviser.pk, "is_manager": "on", "takes_referrals": "on"},
    )
    assert response.status_code == 302
    assert list(AdviserProfile.objects.values_list("user", "is_manager")) == [(adviser.pk, True)]


def test_the_right_to_add_settings_is_not_the_right_to_change_them(adds_only):
    adviser = UserFactory(roles=[roles.CAREERS_STAFF])
    admin_settings.adviser_profile_set(by=adds_only, adviser=adviser, is_manager=False)
    with pytest.raises(RuleBroken, match="Only administrators"):
        admin_settings.adviser_profile_set(by=adds_only, adviser=adviser, is_manager=True)
    assert AdviserProfile.objects.get(user=adviser).is_manager is False
