"""Open data: the JSON export (and its round trip), CSV files and routes.json."""

import csv
import io
import json

import pytest
from django.urls import reverse

from pathways import models, reference, services
from tests.pathways.factories import RoleFactory


def test_export_holds_every_published_part_of_the_map(client, career_map):
    data = client.get("/pathways/export.json").json()
    assert data["format"] == reference.FORMAT
    assert data["pay_year"] == "2026/27"
    assert len(data["roles"]) == models.Role.objects.published().count() >= 30
    assert {"pay_bands", "starting_points", "entry_routes", "links", "rules"} <= set(data)
    assert data["rules"][0]["wait_months"] == 24
    assert "dclinpsy" in data["rules"][0]["before_routes"]


def test_export_leaves_out_drafts_and_their_links(client, career_map):
    draft = RoleFactory(status=models.Role.Status.DRAFT, slug="draft-role")
    models.Link.objects.create(
        from_role=models.Role.objects.get(slug="counsellor"),
        to_role=draft,
        kind=models.Link.Kind.SIDEWAYS,
    )
    data = client.get("/pathways/export.json").json()
    assert "draft-role" not in {role["slug"] for role in data["roles"]}
    assert "draft-role" not in {link["to"] for link in data["links"]}


def test_export_round_trip_gives_back_the_same_map(client, career_map):
    first = client.get("/pathways/export.json").json()
    fixture = json.loads(services.FIXTURE.read_text())
    by = lambda rows, key: {row[key]: row for row in rows}  # noqa: E731
    assert by(first["roles"], "slug") == by(fixture["roles"], "slug")
    assert by(first["entry_routes"], "slug") == by(fixture["entry_routes"], "slug")
    assert len(first["links"]) == len(fixture["links"])

    for model in (
        models.Requirement,
        models.Gain,
        models.StudyStep,
        models.Qualification,
        models.SearchSynonym,
        models.WaitingRule,
        models.Link,
        models.Role,
        models.EntryRoute,
        models.StartingPoint,
        models.PayBand,
    ):
        model.objects.all().delete()
    services.reference_data_load(data=first)
    second = client.get("/pathways/export.json").json()
    key = lambda link: (link["from"], link["to"], link["kind"], link["entry_route"])  # noqa: E731
    assert sorted(second["links"], key=key) == sorted(first["links"], key=key)
    assert {k: v for k, v in second.items() if k != "links"} == {
        k: v for k, v in first.items() if k != "links"
    }


def test_csv_files_match_the_export(client, career_map):
    response = client.get("/pathways/export/roles.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == models.Role.objects.published().count()
    psychologist = next(row for row in rows if row["slug"] == "clinical-psychologist")
    assert psychologist["band_min"] == "7"
    assert json.loads(psychologist["sources"])[0]["url"].startswith("https://")
    for name in ("pay-bands", "starting-points", "entry-routes", "links", "rules"):
        assert client.get(f"/pathways/export/{name}.csv").status_code == 200
    assert client.get("/pathways/export/secrets.csv").status_code == 404


def test_csv_is_safe_to_open_in_a_spreadsheet(client, career_map):
    models.Role.objects.filter(slug="counsellor").update(summary="=HYPERLINK(evil)")
    text = client.get("/pathways/export/roles.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text


def test_routes_json_has_the_documented_shape(client, career_map):
    data = client.get(
        "/pathways/routes.json", {"from": "psychology-graduate", "to": "clinical-psychologist"}
    ).json()
    assert data["from"] == "psychology-graduate" and data["to"] == "clinical-psychologist"
    first = data["routes"][0]
    assert first["total_months"] == 48
    assert [(s["role"], s["via"], s["months"]) for s in first["steps"]] == [
        ("assistant-psychologist", None, 0),
        ("clinical-psychologist", "Doctorate in Clinical Psychology", 48),
    ]
    for route in data["routes"]:
        assert route["steps"][-1]["role"] == "clinical-psychologist"
        assert route["total_months"] == sum(step["months"] for step in route["steps"])
    totals = [route["total_months"] for route in data["routes"]]
    assert totals == sorted(totals)


def test_routes_json_lists_study_steps_with_what_each_step_needs_and_gives(client, career_map):
    data = client.get(
        "/pathways/routes.json", {"from": "other-graduate", "to": "clinical-psychologist"}
    ).json()
    wanted = [
        ("study", None),
        ("role", "assistant-psychologist"),
        ("role", "clinical-psychologist"),
    ]
    steps = next(
        r["steps"] for r in data["routes"] if [(s["kind"], s["role"]) for s in r["steps"]] == wanted
    )
    conversion, assistant, doctorate = steps
    assert conversion["name"].startswith("BPS-accredited psychology conversion course")
    assert conversion["gains"] == [
        {"slug": "gbc", "name": "Graduate Basis for Chartered Membership (GBC)"}
    ]
    assert {"slug": "gbc", "name": "Graduate Basis for Chartered Membership (GBC)"} in (
        doctorate["requires"]
    )
    assert doctorate["competition"].startswith("About 1 applicant in 4 or 5")
    for step in steps:
        assert {"months", "waiting_months", "rule", "requires", "gains", "name"} <= set(step)
    # A rule that adds time says which one and by how much.
    routes = client.get(
        "/pathways/routes.json", {"from": "psychology-graduate", "to": "cbt-therapist"}
    ).json()["routes"]
    pwp = next(
        r["steps"][1]
        for r in routes
        if [s["role"] for s in r["steps"]]
        == ["psychological-wellbeing-practitioner", "cbt-therapist"]
    )
    assert pwp["waiting_months"] == 24 and "two-year" in pwp["rule"]
    assert pwp["rules"][0]["source_url"].startswith("https://www.hee.nhs.uk/")


def test_routes_json_names_the_requirement_no_route_can_gain(client, career_map):
    models.StudyStep.objects.filter(gains__slug="gbc").delete()
    data = client.get(
        "/pathways/routes.json", {"from": "registered-nurse", "to": "clinical-psychologist"}
    ).json()
    assert data["routes"] == []
    assert data["missing"] == [
        {"slug": "gbc", "name": "Graduate Basis for Chartered Membership (GBC)"}
    ]
    assert "Graduate Basis for Chartered Membership" in data["reason"]
    with_2_2 = client.get(
        "/pathways/routes.json",
        {"from": "psychology-graduate", "to": "clinical-psychologist", "lacks": "degree-2-1"},
    ).json()
    assert with_2_2["lacks"] == ["degree-2-1"]
    assert "research-masters" in [s["study_step"] for s in with_2_2["routes"][0]["steps"]]


def test_renamed_role_slugs_redirect_and_unknown_ones_are_404(client, career_map, role_editor):
    from pathways.services import SlugRefused, role_rename_slug

    role = models.Role.objects.get(slug="cbt-therapist")
    role_rename_slug(role=role, new_slug="cognitive-behavioural-therapist", by=role_editor)
    old = client.get("/pathways/roles/cbt-therapist/")
    assert old.status_code == 301
    assert old["Location"] == "/pathways/roles/cognitive-behavioural-therapist/"
    moved = client.get("/pathways/routes.json", {"from": "registered-nurse", "to": "cbt-therapist"})
    assert moved.status_code == 301 and "to=cognitive-behavioural-therapist" in moved["Location"]
    finder = client.get("/pathways/routes/", {"from": "registered-nurse", "to": "cbt-therapist"})
    assert finder.status_code == 301
    the_map = client.get("/pathways/map/", {"from": "registered-nurse", "to": "cbt-therapist"})
    assert the_map.status_code == 301
    assert client.get("/pathways/roles/cognitive-behavioural-therapist/").status_code == 200
    assert client.get("/pathways/roles/no-such-role/").status_code == 404
    assert client.get("/pathways/map/", {"from": "x-y", "to": "psychiatrist"}).status_code == 404
    try:
        role_rename_slug(role=role, new_slug="psychiatrist", by=role_editor)
    except SlugRefused as refusal:
        assert "uses" in refusal.message
    else:
        raise AssertionError("a taken slug was accepted")


def test_routes_json_explains_bad_requests(client, career_map):
    get = lambda **p: client.get("/pathways/routes.json", p)  # noqa: E731
    assert get().status_code == 400
    assert get(**{"from": "psychiatrist", "to": "psychiatrist"}).status_code == 400
    assert get(**{"from": "DROP TABLE", "to": "x"}).status_code == 400
    unknown = get(**{"from": "psychology-graduate", "to": "astronaut"})
    assert unknown.status_code == 404 and "astronaut" in unknown.json()["error"]
    none = get(**{"from": "psychology-graduate", "to": "counselling-psychologist", "funded": "1"})
    assert none.status_code == 200
    assert none.json()["routes"] == [] and "self-funded" in none.json()["reason"]


def test_open_data_page_links_the_downloads(client, career_map):
    html = client.get("/pathways/open-data/").content.decode()
    assert "/pathways/export.json" in html and "/pathways/export/links.csv" in html


@pytest.mark.django_db
def test_the_open_data_page_and_every_download_state_the_licence(client):
    page = client.get(reverse("pathways:open-data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in text
    assert "Cite it as:" in text
    for path in [
        reverse("pathways:export-json"),
        reverse("pathways:export-csv", kwargs={"name": "roles"}),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
