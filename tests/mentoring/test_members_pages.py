"""A member's way in from the career map, leaders confirming membership, and forms that name
their fields: each new page for the permitted user, a signed-in user without rights and an
anonymous visitor."""

import pytest
from django.urls import reverse

from mentoring import forms
from mentoring.models import Participant
from outbox.models import Email
from tests.mentoring.factories import MenteeFactory, MentorFactory
from tests.pathways.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    return {
        slug: RoleFactory(slug=slug, name=name)
        for slug, name in (
            ("assistant-psychologist", "Assistant psychologist"),
            ("trainee-clinical-psychologist", "Trainee clinical psychologist"),
            ("clinical-psychologist", "Clinical psychologist"),
        )
    }


def test_find_a_mentor_lists_open_schemes_with_mentors_who_made_the_move(client, scheme, roles):
    MentorFactory(scheme=scheme, past_roles=["trainee-clinical-psychologist"])
    url = reverse("mentoring:find-mentor")
    response = client.get(
        url,
        {
            "from": "assistant-psychologist",
            "to": "clinical-psychologist",
            "route": "trainee-clinical-psychologist,clinical-psychologist",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert scheme.name in html
    assert reverse("mentoring:apply", args=[scheme.slug, "mentee"]) in html
    assert reverse("referrals:index") in html
    nobody = client.get(url, {"to": "assistant-psychologist"}).content.decode()
    assert scheme.name not in nobody and "No open scheme has a mentor" in nobody


def test_applying_from_a_route_keeps_the_roles_and_matching_uses_them(
    client_for, member, scheme, roles
):
    client = client_for(member)
    url = reverse("mentoring:apply", args=[scheme.slug, "mentee"])
    query = (
        "?from=assistant-psychologist&to=clinical-psychologist&route=trainee-clinical-psychologist"
    )
    page = client.get(url + query).content.decode()
    assert 'value="trainee-clinical-psychologist"' in page
    response = client.post(
        url,
        {
            "membership_number": "M1",
            "grade": "graduate",
            "career_stage": "graduate",
            "field": "clinical_psychology",
            "region": "london",
            "topics": ["applications"],
            "goals": "Get onto training",
            "meeting_mode": "online",
            "current_role": "assistant-psychologist",
            "target_role": "clinical-psychologist",
            "route_roles": "trainee-clinical-psychologist,not-a-role",
        },
    )
    assert response.status_code == 302
    applied = Participant.objects.get(user=member)
    assert applied.target_role == "clinical-psychologist"
    assert applied.route_roles == ["trainee-clinical-psychologist"]


def test_every_mentoring_error_summary_names_the_field_and_says_what_to_do(
    client_for, member, scheme
):
    html = client_for(member).post(reverse("mentoring:apply", args=[scheme.slug, "mentee"]), {})
    text = html.content.decode()
    assert "This field is required." not in text
    for message in (
        "Enter your goals for mentoring",
        "Select membership grade",
        "Select region you work in",
        "Select at least one option for topics you want help with",
        "Enter your professional body membership number",
    ):
        assert message in text


def test_no_mentoring_form_says_this_field_is_required():
    for name in dir(forms):
        form_class = getattr(forms, name)
        if isinstance(form_class, type) and issubclass(form_class, forms.forms.BaseForm):
            if form_class in (forms.forms.Form, forms.forms.ModelForm, forms.DateInput):
                continue
            assert issubclass(form_class, forms.NamedErrors), name


def test_a_leader_confirms_a_membership_and_only_then_can_match(client_for, leader, scheme):
    scheme.membership_body = "British Psychological Society (BPS)"
    scheme.save()
    mentee = MenteeFactory(scheme=scheme)
    url = reverse("mentoring:membership-decide", args=[scheme.slug, mentee.pk])
    detail = client_for(leader).get(mentee.get_absolute_url()).content.decode()
    assert "Membership not confirmed yet" in detail and url in detail
    refused = client_for(leader).post(url, {"decision": "refuse"})
    assert "Enter the reason for refusing" in refused.content.decode()
    response = client_for(leader).post(url, {"decision": "confirm"})
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.membership_confirmed_at and mentee.membership_confirmed_by == leader
    assert Email.objects.filter(to=mentee.user.email, subject__endswith="is accepted").exists()


def test_only_the_schemes_leaders_decide_memberships(client, client_for, outsider, scheme):
    mentee = MenteeFactory(scheme=scheme)
    url = reverse("mentoring:membership-decide", args=[scheme.slug, mentee.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign in
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(mentee.user).post(url, {"decision": "confirm"}).status_code == 403
