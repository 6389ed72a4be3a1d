"""The demo data loads twice without change and gives reports with trends."""

from django.utils import timezone

from careers import demo
from careers.models import Response, Wave
from pathways.models import Role


def test_demo_creates_the_roles_and_two_waves_idempotently(db):
    demo.load()
    demo.load()
    assert Role.objects.published().filter(slug__in=demo.REQUIRED_ROLES).count() == 22
    waves = list(Wave.objects.in_order())
    assert [w.respondents for w in waves] == [2400, 3100]
    # Published through the analysts' services, so reports show at once.
    assert [w.status for w in waves] == ["published", "published"]
    assert all(w.reports.filter(subgroup="", by="").exists() for w in waves)
    # Each published in the autumn of its survey's year, by the project's clock.
    published = [timezone.localtime(w.published_at) for w in waves]
    assert [(p.year, p.month, p.day) for p in published] == [(2024, 10, 1), (2025, 10, 1)]
    assert all(w.previewed_at == w.published_at for w in waves)
    assert Response.objects.count() == 5500
    top = waves[-1].figures["tables"]["aspired_roles"]["all"]
    assert max(top, key=top.get) == "clinical-psychologist"


def test_demo_keeps_roles_the_career_map_already_has(db):
    Role.objects.create(slug="counsellor", name="Counsellor (edited)", status="draft")
    demo.ensure_roles()
    assert Role.objects.get(slug="counsellor").name == "Counsellor (edited)"
