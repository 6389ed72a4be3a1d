"""The Django admin's add-scheme page refuses on its form what `services.scheme_create` would
refuse (services.scheme_name_refusals), instead of answering a server error."""

from django.urls import reverse

from accounts import roles
from mentoring.models import Scheme
from tests.factories import UserFactory
from tests.mentoring.factories import SchemeFactory

ADD = "admin:mentoring_scheme_add"


def _filled_in(client, **typed):
    form = client.get(reverse(ADD)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**data, "description": "For trainee nursing associates.", "aims": "Confidence."} | typed


def test_a_name_in_use_in_another_case_is_refused_on_the_form_not_with_a_500(client, superuser):
    SchemeFactory(name="Nursing associates", slug="na")
    client.force_login(superuser)
    client.raise_request_exception = False
    response = client.post(
        reverse(ADD), _filled_in(client, name="NURSING ASSOCIATES", slug="nursing-associates")
    )
    assert response.status_code == 200
    assert "A scheme with this name exists already." in response.content.decode()
    response = client.post(reverse(ADD), _filled_in(client, name="Returners", slug="propose"))
    assert "This web address name is taken: choose another." in response.content.decode()
    response = client.post(
        reverse(ADD),
        _filled_in(
            client,
            name="Returners",
            slug="returners",
            leaders=[superuser.pk],
            created_at_0="2026-12-02",
            created_at_1="09:00:00",
        ),
    )
    assert response.status_code == 302
    assert Scheme.objects.filter(slug="returners").exists()


def test_the_leaders_chosen_on_the_admin_page_join_the_scheme_leaders_group(client, superuser):
    leader, later = UserFactory(), UserFactory()
    client.force_login(superuser)
    typed = {"name": "Returners", "slug": "returners", "leaders": [leader.pk]}
    typed |= {"created_at_0": "2026-12-02", "created_at_1": "09:00:00"}
    assert client.post(reverse(ADD), _filled_in(client, **typed)).status_code == 302
    assert leader.in_group(roles.SCHEME_LEADERS)
    scheme = Scheme.objects.get(slug="returners")
    change = reverse("admin:mentoring_scheme_change", args=[scheme.pk])
    data = {**_filled_in(client, **typed), "leaders": [leader.pk, later.pk]}
    assert client.post(change, data).status_code == 302
    assert set(scheme.leaders.all()) == {leader, later}
    assert later.in_group(roles.SCHEME_LEADERS)
