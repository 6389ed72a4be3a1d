"""The career map in the admin: role editors and superusers only, validation, history."""

import datetime

from django.contrib.auth.models import Permission
from django.urls import reverse

from pathways.models import Link, PayBand, Role
from tests.factories import UserFactory
from tests.pathways.admin_forms import CHANGELIST, role_form


def test_role_editors_and_superusers_can_edit_roles(client_for, role_editor, career_map):
    response = client_for(role_editor).get(CHANGELIST)
    assert response.status_code == 200
    assert b"Clinical psychologist" in response.content
    role = Role.objects.get(slug="counsellor")
    assert client_for(role_editor).get(f"{CHANGELIST}{role.pk}/change/").status_code == 200
    for url in (
        "/admin/pathways/link/",
        "/admin/pathways/waitingrule/",
        "/admin/pathways/payband/",
    ):
        assert client_for(role_editor).get(url).status_code == 200


def test_superuser_can_edit_roles(client_for, superuser, career_map):
    assert client_for(superuser).get(CHANGELIST).status_code == 200


def test_other_staff_cannot_edit_roles_even_with_the_permission(client_for, career_map):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="pathways"))
    assert client_for(staff).get(CHANGELIST).status_code == 403


def test_members_and_anonymous_visitors_cannot_reach_the_admin(
    client, client_for, member, career_map
):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client_for(member).get(CHANGELIST)
    assert response.status_code == 302  # not staff: the admin's own sign-in page


def test_band_range_out_of_order_is_refused(client_for, role_editor, career_map):
    role = Role.objects.get(slug="counsellor")
    nine = PayBand.objects.get(code="9")
    four = PayBand.objects.get(code="4")
    response = client_for(role_editor).post(
        f"{CHANGELIST}{role.pk}/change/", role_form(role, band_min=nine.pk, band_max=four.pk)
    )
    assert response.status_code == 200
    assert b"The highest band cannot be below the lowest band" in response.content
    role.refresh_from_db()
    assert role.band_min.code == "6"


def test_slug_cannot_be_changed_once_set(client_for, role_editor, career_map):
    role = Role.objects.get(slug="counsellor")
    client_for(role_editor).post(
        f"{CHANGELIST}{role.pk}/change/", role_form(role, slug="hacked", name="Counsellor (NHS)")
    )
    role.refresh_from_db()
    assert role.slug == "counsellor" and role.name == "Counsellor (NHS)"


def test_a_link_from_a_role_to_itself_is_refused(client_for, role_editor, career_map):
    role = Role.objects.get(slug="counsellor")
    response = client_for(role_editor).post(
        "/admin/pathways/link/add/",
        {"from_role": role.pk, "to_role": role.pk, "kind": "sideways", "min_experience_months": 0},
    )
    assert response.status_code == 200
    assert b"A role cannot link to itself" in response.content
    assert not Link.objects.filter(from_role=role, to_role=role).exists()


def test_changes_keep_history_with_who_and_can_be_reverted(client_for, role_editor, career_map):
    role = Role.objects.get(slug="counsellor")
    client = client_for(role_editor)
    client.post(f"{CHANGELIST}{role.pk}/change/", role_form(role, summary="Changed summary."))
    role.refresh_from_db()
    assert role.summary == "Changed summary."
    latest = role.history.first()
    assert latest.history_user == role_editor
    previous = latest.prev_record
    history = client.get(f"{CHANGELIST}{role.pk}/history/")
    assert history.status_code == 200 and role_editor.email.encode() in history.content
    # Revert: the history form for the earlier version, posted back.
    url = f"{CHANGELIST}{role.pk}/history/{previous.history_id}/"
    assert client.get(url).status_code == 200
    client.post(url, role_form(previous.instance))
    role.refresh_from_db()
    assert role.summary == previous.summary != "Changed summary."


def test_roles_due_for_review_are_listed(client_for, role_editor, career_map):
    Role.objects.filter(slug="counsellor").update(reviewed_on=datetime.date(2020, 1, 1))
    response = client_for(role_editor).get(reverse("admin:pathways_rolereviewdue_changelist"))
    assert response.status_code == 200
    assert b"Review Counsellor" in response.content
    assert b"Review Psychiatrist" not in response.content
    filtered = client_for(role_editor).get(CHANGELIST, {"review": "overdue"})
    assert b"Counsellor" in filtered.content and b"Psychiatrist" not in filtered.content
