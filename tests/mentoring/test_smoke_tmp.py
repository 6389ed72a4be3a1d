import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_smoke(client_for, match, leader, superuser, scheme):
    c = client_for(leader)
    for name, args in [
        ("mentoring:index", []),
        ("mentoring:scheme-detail", [scheme.slug]),
        ("mentoring:scheme-manage", [scheme.slug]),
        ("mentoring:cohort", [scheme.slug]),
        ("mentoring:participant-list", [scheme.slug]),
        ("mentoring:match-list", [scheme.slug]),
        ("mentoring:match-detail", [match.pk]),
        ("mentoring:participant-detail", [match.mentee.pk]),
        ("mentoring:participant-detail", [match.mentor.pk]),
        ("mentoring:enquiry-list", [scheme.slug]),
        ("mentoring:concern-list", [scheme.slug]),
        ("mentoring:breach-list", [scheme.slug]),
        ("mentoring:breach-create", [scheme.slug]),
        ("mentoring:scheme-edit", [scheme.slug]),
        ("mentoring:mentee-suggestions", [scheme.slug, match.mentee.pk]),
        ("mentoring:mine", []),
        ("mentoring:proposal-create", []),
        ("mentoring:proposal-list", []),
        ("mentoring:apply", [scheme.slug, "mentee"]),
        ("mentoring:apply", [scheme.slug, "mentor"]),
        ("mentoring:dashboard-csv", [scheme.slug]),
    ]:
        r = c.get(reverse(name, args=args))
        assert r.status_code == 200, (name, r.status_code)
