"""The real career map in fixtures/pathways: the roles other apps rely on, and real routes."""

import json

from pathways import queries, services
from pathways.models import Role, StartingPoint
from pathways.reference import REQUIRED_ROLES
from pathways.routes import find_routes


def test_the_roles_other_apps_refer_to_exist_with_their_names(career_map):
    published = dict(Role.objects.published().values_list("slug", "name"))
    for slug, name in REQUIRED_ROLES.items():
        assert published[slug] == name


def test_at_least_30_real_roles_each_with_sources_and_a_review_date(career_map):
    roles = Role.objects.published().prefetch_related("sources")
    assert roles.count() >= 30
    for role in roles:
        assert role.sources.all(), role.slug
        assert all(s.url.startswith("http") and s.checked_on for s in role.sources.all())
        assert role.reviewed_on is not None
        assert role.band_min or role.other_pay or role.unchecked, role.slug


def test_starting_points_are_not_published_roles(career_map):
    starts = set(StartingPoint.objects.values_list("slug", flat=True))
    assert {"psychology-graduate", "psychology-undergraduate", "other-graduate"} <= starts
    assert {"school-leaver", "registered-nurse", "doctor"} <= starts
    published = set(Role.objects.published().values_list("slug", flat=True))
    assert not starts & published
    assert not Role.objects.filter(slug__in=starts).exists()


def test_pay_bands_come_from_one_pay_year(career_map):
    data = json.loads(services.FIXTURE.read_text())
    assert {band["pay_year"] for band in data["pay_bands"]} == {data["pay_year"]}
    assert [band["code"] for band in data["pay_bands"]][:3] == ["2", "3", "4"]


def test_graduate_to_clinical_psychologist_offers_a_route_through_assistant_psychologist(
    career_map,
):
    result = find_routes(queries.route_graph(), "psychology-graduate", "clinical-psychologist")
    assert any("assistant-psychologist" in route.slugs for route in result.routes)
    assert result.routes[0].slugs[-1] == "clinical-psychologist"


def test_every_route_through_pwp_training_waits_two_years_before_the_doctorate(career_map):
    graph = queries.route_graph()
    result = find_routes(graph, "psychology-graduate", "clinical-psychologist", limit=20)
    through_pwp = [
        route for route in result.routes if any(s.via_slug == "pwp-training" for s in route.steps)
    ]
    assert through_pwp
    for route in through_pwp:
        pwp = next(s for s in route.steps if s.via_slug == "pwp-training")
        doctorate = next(s for s in route.steps if s.via_slug == "dclinpsy")
        assert route.total_months >= pwp.training_months + 24 + doctorate.training_months
        assert route.total_months >= 12 + 24 + 36


def test_pwps_need_two_years_before_high_intensity_training(career_map):
    result = find_routes(queries.route_graph(), "psychology-graduate", "cbt-therapist")
    via_pwp = [r for r in result.routes if r.slugs[0] == "psychological-wellbeing-practitioner"]
    assert via_pwp
    assert via_pwp[0].steps[1].experience_months == 24


def test_a_school_leaver_can_reach_mental_health_nursing_with_salaried_training_only(career_map):
    result = find_routes(
        queries.route_graph(), "school-leaver", "mental-health-nurse", funded_only=True
    )
    assert result.routes
    assert all(step.funded for route in result.routes for step in route.steps)
    assert "healthcare-support-worker" in result.routes[0].slugs


def test_loading_the_reference_data_twice_changes_nothing(career_map):
    from pathways.models import Role as RoleModel

    history_before = RoleModel.history.count()
    changes = services.reference_data_load_file()
    assert set(changes.values()) == {0}
    assert RoleModel.history.count() == history_before
