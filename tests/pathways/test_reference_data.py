"""The real career map in fixtures/pathways: the roles other apps rely on, and real routes."""

import json

from pathways import cache, services
from pathways.models import (
    EntryRoute,
    Link,
    PayBand,
    Requirement,
    Role,
    StartingPoint,
    WaitingRule,
)
from pathways.reference import (
    FACT_CHECK_MISSING_MOVES,
    FACT_CHECK_MISSING_ROLES,
    PSYCHOLOGICAL_PROFESSIONS,
    REQUIRED_ROLES,
    TOP_OF_LADDER,
)
from pathways.routes import find_routes

# Slugs are permanent addresses: every role and starting point published before December 2026.
SLUGS_BEFORE_DECEMBER_2026 = [
    "assistant-psychologist", "psychological-wellbeing-practitioner",
    "senior-psychological-wellbeing-practitioner", "cbt-therapist", "clinical-psychologist",
    "consultant-psychologist", "counselling-psychologist", "forensic-psychologist",
    "health-psychologist", "clinical-associate-in-psychology",
    "education-mental-health-practitioner", "childrens-wellbeing-practitioner",
    "senior-wellbeing-practitioner", "youth-intensive-psychological-practitioner",
    "mental-health-and-wellbeing-practitioner", "child-and-adolescent-psychotherapist",
    "family-and-systemic-psychotherapist", "counsellor", "arts-therapist", "mental-health-nurse",
    "learning-disability-nurse", "nursing-associate", "foundation-doctor", "psychiatrist",
    "occupational-therapist", "occupational-therapy-assistant", "social-worker",
    "approved-mental-health-professional", "peer-support-worker", "healthcare-support-worker",
]  # fmt: skip
STARTING_POINTS_BEFORE_DECEMBER_2026 = [
    "psychology-graduate", "psychology-undergraduate", "other-graduate", "school-leaver",
    "lived-experience", "registered-nurse", "doctor",
]  # fmt: skip


def test_the_roles_other_apps_refer_to_exist_with_their_names(career_map):
    published = dict(Role.objects.published().values_list("slug", "name"))
    for slug, name in REQUIRED_ROLES.items():
        assert published[slug] == name


def test_every_slug_published_before_december_2026_still_works(client, career_map):
    published = set(Role.objects.published().values_list("slug", flat=True))
    assert set(SLUGS_BEFORE_DECEMBER_2026) <= published
    assert set(STARTING_POINTS_BEFORE_DECEMBER_2026) <= set(
        StartingPoint.objects.values_list("slug", flat=True)
    )
    for slug in SLUGS_BEFORE_DECEMBER_2026:
        assert client.get(f"/pathways/roles/{slug}/").status_code == 200, slug


def test_at_least_55_real_roles_each_with_bands_pay_entry_registration_settings_and_sources(
    career_map,
):
    roles = Role.objects.published().prefetch_related("sources")
    assert roles.count() >= 55
    for role in roles:
        assert role.sources.all(), role.slug
        assert all(s.url.startswith("https://") and s.checked_on for s in role.sources.all())
        assert role.reviewed_on is not None
        assert role.entry_requirements and role.settings and role.summary, role.slug
        # bands, or another pay scale, or the data says what was not found
        assert role.band_min or role.other_pay or role.unchecked, role.slug
        # registration is stated, or the role is not regulated (and the data may say so)
        assert role.registration or not role.regulator, role.slug


def test_all_twelve_psychological_professions_and_every_missing_role_are_published(career_map):
    published = set(Role.objects.published().values_list("slug", flat=True))
    assert len(PSYCHOLOGICAL_PROFESSIONS) == 12
    assert set(PSYCHOLOGICAL_PROFESSIONS.values()) <= published
    assert set(FACT_CHECK_MISSING_ROLES) <= published


def test_no_dead_ends_every_role_but_the_top_of_a_ladder_has_a_way_on(career_map):
    published = Role.objects.published()
    with_way_on = set(
        Link.objects.filter(to_role__status=Role.Status.PUBLISHED, from_role__in=published)
        .values_list("from_role__slug", flat=True)
        .distinct()
    )
    dead_ends = set(published.values_list("slug", flat=True)) - with_way_on
    assert dead_ends <= set(TOP_OF_LADDER), sorted(dead_ends - set(TOP_OF_LADDER))
    # the dead ends the fact check named now lead on
    for slug in (
        "senior-psychological-wellbeing-practitioner",
        "senior-wellbeing-practitioner",
        "youth-intensive-psychological-practitioner",
        "forensic-psychologist",
        "health-psychologist",
    ):
        assert slug in with_way_on, slug
    # and every role can be reached
    reached = set(Link.objects.values_list("to_role__slug", flat=True))
    assert set(published.values_list("slug", flat=True)) <= reached


def test_every_move_the_fact_check_found_missing_exists(career_map):
    moves = {
        (link.from_role.slug if link.from_role else link.from_start.slug, link.to_role.slug)
        for link in Link.objects.select_related("from_role", "from_start", "to_role")
    }
    for move in FACT_CHECK_MISSING_MOVES:
        assert move in moves, move


def test_the_questionable_undergraduate_to_pwp_move_is_gone(career_map):
    assert not Link.objects.filter(
        from_start__slug="psychology-undergraduate",
        to_role__slug="psychological-wellbeing-practitioner",
    ).exists()


def test_core_profession_moves_into_cbt_wait_a_year_and_say_why(career_map):
    core = ["mental-health-nurse", "occupational-therapist", "social-worker", "counsellor"]
    core += ["learning-disability-nurse", "arts-therapist", "mental-health-practitioner"]
    for slug in core:
        link = Link.objects.get(from_role__slug=slug, to_role__slug="cbt-therapist")
        assert "12 months" in link.note and "babcp.com" in link.source_url
        needs = {
            (option.qualification.slug, option.months)
            for requirement in link.requirements.all()
            for option in requirement.options.all()
        }
        assert ("mental-health-experience", 12) in needs, slug
    # PWPs: two years as a PWP, unless they hold a core profession (a requirement on the move)
    pwp = Requirement.objects.get(
        link__from_role__slug="psychological-wellbeing-practitioner",
        link__to_role__slug="cbt-therapist",
    )
    options = {(o.qualification.slug, o.months) for o in pwp.options.all()}
    assert options == {("babcp-core-profession", 0), ("pwp-experience", 24)}
    nurse = Link.objects.get(from_start__slug="registered-nurse", to_role__slug="cbt-therapist")
    assert "knowledge, skills and attitudes portfolio" in nurse.note


def test_facts_the_fact_check_found_wrong_are_fixed(career_map):
    bands = lambda slug: (  # noqa: E731
        Role.objects.get(slug=slug).band_min.code,
        Role.objects.get(slug=slug).band_max.code,
    )
    assert bands("mental-health-nurse") == ("5", "7")
    assert bands("learning-disability-nurse") == ("5", "7")
    assert bands("child-and-adolescent-psychotherapist")[1] == "8a"
    assert bands("occupational-therapist")[1] == "8a"
    assert bands("senior-psychological-wellbeing-practitioner") == ("6", "6")
    assert Role.objects.get(slug="nursing-associate").trainee_band.code == "3"
    assert EntryRoute.objects.get(slug="cap-apprenticeship").length_months == 18 + 3
    assert EntryRoute.objects.get(slug="family-therapy-training").length_months == 48
    assert EntryRoute.objects.get(slug="pwp-training").academic_level == 6
    assert EntryRoute.objects.get(slug="counselling-psychology-doctorate").funding == "self"
    assert EntryRoute.objects.get(slug="hipc-training").salaried
    nursing = EntryRoute.objects.get(slug="mh-nursing-degree")
    assert "Learning Support Fund" in nursing.training_pay_note
    think_ahead = EntryRoute.objects.get(slug="think-ahead")
    assert "bursary" in think_ahead.training_pay_note.lower()
    assert "legislation.gov.uk" in EntryRoute.objects.get(slug="amhp-training").source_url
    for slug in (
        "psychological-wellbeing-practitioner",
        "childrens-wellbeing-practitioner",
        "education-mental-health-practitioner",
        "mental-health-and-wellbeing-practitioner",
    ):
        assert "register" in Role.objects.get(slug=slug).registration, slug


def test_the_two_year_rule_covers_every_listed_training_before_every_such_training(career_map):
    rule = WaitingRule.objects.get()
    trainings = {"pwp-training", "cbt-hi-training", "cwp-training", "emhp-training",
                 "mhwp-training", "cap-apprenticeship", "capt-training", "dclinpsy",
                 "adult-psychotherapy-training", "hipc-training",
                 "counselling-psychology-doctorate"}  # fmt: skip
    assert set(rule.after_routes.values_list("slug", flat=True)) == trainings
    assert set(rule.before_routes.values_list("slug", flat=True)) == trainings
    assert rule.wait_months == 24 and rule.funded_only and "hee.nhs.uk" in rule.source_url
    assert "whatever its outcome" in rule.description
    assert "Not checked" in rule.description  # YIPP, SWP and family therapy: the list was cut


def test_pay_is_agenda_for_change_2026_27_and_nothing_is_estimated(career_map):
    bands = {band.code: band for band in PayBand.objects.all()}
    assert {band.pay_year for band in bands.values()} == {"2026/27"}
    assert (bands["4"].min_pay, bands["4"].max_pay) == (28392, 31157)
    assert (bands["5"].min_pay, bands["5"].max_pay) == (32073, 39043)
    assert (bands["6"].min_pay, bands["6"].max_pay) == (39959, 48117)
    assert (bands["7"].min_pay, bands["7"].max_pay) == (49387, 56515)
    assert (bands["8a"].min_pay, bands["8a"].max_pay) == (57528, 64750)
    for code in ("2", "3", "8b", "8c", "8d", "9"):  # not found in a stored copy: left empty
        assert bands[code].min_pay is None and bands[code].max_pay is None
        assert "not found" in bands[code].unchecked
    for band in bands.values():
        assert band.source_url.startswith("https://www.nhsemployers.org/")
        assert band.checked_on is None and band.unchecked  # the data says what was not seen
    role_bands = Role.objects.exclude(band_min=None).values_list("band_min__pay_year", flat=True)
    assert set(role_bands) == {"2026/27"}


def test_starting_points_are_not_published_roles(career_map):
    starts = set(StartingPoint.objects.values_list("slug", flat=True))
    assert {"psychology-graduate", "psychology-undergraduate", "other-graduate"} <= starts
    assert {"school-leaver", "registered-nurse", "doctor"} <= starts
    published = set(Role.objects.published().values_list("slug", flat=True))
    assert not starts & published
    assert not Role.objects.filter(slug__in=starts).exists()


def test_pay_bands_come_from_one_pay_year(career_map):
    data = json.loads(services.FIXTURE.read_text())
    assert data["pay_year"] == "2026/27"
    assert {band["pay_year"] for band in data["pay_bands"]} == {data["pay_year"]}
    assert [band["code"] for band in data["pay_bands"]][:3] == ["2", "3", "4"]


def test_graduate_to_clinical_psychologist_offers_a_route_through_assistant_psychologist(
    career_map,
):
    result = find_routes(cache.route_graph(), "psychology-graduate", "clinical-psychologist")
    assert any("assistant-psychologist" in route.slugs for route in result.routes)
    assert result.routes[0].slugs[-1] == "clinical-psychologist"


def test_every_route_through_pwp_training_waits_two_years_before_the_doctorate(career_map):
    graph = cache.route_graph()
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
    result = find_routes(cache.route_graph(), "psychology-graduate", "cbt-therapist")
    via_pwp = [r for r in result.routes if r.slugs[0] == "psychological-wellbeing-practitioner"]
    assert via_pwp
    cbt = via_pwp[0].steps[1]
    # two years as a qualified PWP before the training starts (a requirement, or the rule)
    assert cbt.experience_months + cbt.waiting_months >= 24
    assert via_pwp[0].total_months >= 12 + 24 + 12


def test_a_school_leaver_can_reach_mental_health_nursing_with_salaried_training_only(career_map):
    result = find_routes(
        cache.route_graph(), "school-leaver", "mental-health-nurse", funded_only=True
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


def test_docs_data_sources_lists_every_source_the_data_cites():
    from pathlib import Path

    data = json.loads(services.FIXTURE.read_text())
    urls = {s["url"] for role in data["roles"] for s in role["sources"]}
    urls |= {row["source_url"] for key in ("entry_routes", "links", "rules", "pay_bands",
                                           "qualifications", "study_steps", "gains",
                                           "requirements", "competition")
             for row in data.get(key, []) if row.get("source_url")}  # fmt: skip
    docs = (Path(services.FIXTURE).parents[2] / "docs" / "data-sources.md").read_text()
    missing = sorted(url for url in urls if f"({url})" not in docs)
    assert not missing, missing


AGENDA_FOR_CHANGE_BANDS = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
NHS_EMPLOYERS_2026_27 = "https://www.nhsemployers.org/articles/pay-scales-202627"


def test_pay_year_sources_are_nhs_employers_pages():
    """Every band 2 to 9 of 2026/27, in the career map and in the pay-year file, cites NHS
    Employers' own pay-scales page; a band has figures only with a check date or a note saying
    why they were not seen, and a band without figures says it was not found."""
    from pathlib import Path

    fixture = json.loads(services.FIXTURE.read_text())
    pay_year = json.loads(
        (Path(services.FIXTURE).parent / "pay-years" / "2026-27.json").read_text()
    )
    assert pay_year["source_url"] == NHS_EMPLOYERS_2026_27
    for bands in (fixture["pay_bands"], pay_year["bands"]):
        assert [band["code"] for band in bands] == AGENDA_FOR_CHANGE_BANDS
        for band in bands:
            url = band.get("source_url", pay_year["source_url"])  # the file names it once
            assert url == NHS_EMPLOYERS_2026_27, band["code"]
            if band["min_pay"] is None:
                assert band["max_pay"] is None and "not found" in band["unchecked"]
            else:
                assert band["min_pay"] < band["max_pay"]
                assert (
                    band.get("checked_on", pay_year["checked_on"])
                    or "NHS Employers" in band["unchecked"]
                ), band["code"]
    strip = ("pay_year", "source_url", "checked_on")
    assert [{k: v for k, v in b.items() if k not in strip} for b in fixture["pay_bands"]] == [
        {k: v for k, v in b.items() if k not in strip} for b in pay_year["bands"]
    ]


# Addresses written from memory that no stored copy confirmed on 1 December 2026, and two
# duplicates without "www."; the data cites the page found instead (docs/data-sources.md,
# verification log).
ADDRESSES_NOT_FOUND = [
    "https://www.clearing-house.org.uk/application/entry-requirements/academic-qualifications",
    "https://clearing-house.org.uk/application/entry-requirements",
    "https://www.uea.ac.uk/course/postgraduate-research/clinical-psychology-doctorate",
    "https://www.bps.org.uk/become-forensic-psychologist",
    "https://www.nmc.org.uk/registration/joining-the-register/",
    "https://www.healthcareers.nhs.uk/explore-roles/doctors/medical-school",
    "https://www.healthcareers.nhs.uk/explore-roles/nursing/roles-nursing/mental-health-nurse",
    "https://thinkahead.org/our-training-programme/what-were-looking-for",
    "https://nhsemployers.org/publications/mental-health-and-learning-disability-nursing-nhs",
]


def test_addresses_that_could_not_be_confirmed_are_no_longer_cited():
    text = services.FIXTURE.read_text()
    for url in ADDRESSES_NOT_FOUND:
        assert f'"{url}"' not in text, url


def test_every_fact_check_row_has_a_result_in_the_docs():
    from pathlib import Path

    docs = (Path(services.FIXTURE).parents[2] / "docs" / "data-sources.md").read_text()
    section = docs.split("## The December 2026 fact check, row by row")[1].split("\n## ")[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    assert [row for row in rows if row.isdigit()] == [str(n) for n in range(1, 25)]
    assert "## Verification log (1 December 2026)" in docs
