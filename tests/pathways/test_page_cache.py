"""The career map's cached page content: what it serves is what a fresh render gives, and any
change to the map's data shows on the next request."""

import re

import pytest
from django.db import connection, transaction
from django.test import override_settings

from pathways import cache, services
from pathways.models import EntryRoute, Link, PayBand, Role, RoleSource, StartingPoint, WaitingRule
from tests.pathways.admin_forms import CHANGELIST, role_form
from tests.pathways.caches import NO_CACHE
from tests.pathways.factories import LinkFactory, RoleFactory
from tests.responses import assert_page

PAGES = [
    "/pathways/",
    "/pathways/?q=pyschologist",
    "/pathways/?q=talking+therapies&group=psychological",
    "/pathways/?group=psychological&group=nursing&page=2",
    "/pathways/?band_from=8a&band_to=5",  # a form error: the shell shows the error summary
    "/pathways/?band_from=zz",
    "/pathways/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "/pathways/roles/clinical-psychologist/",
    "/pathways/roles/peer-support-worker/",
    "/pathways/routes/",
    "/pathways/routes/?to=clinical-psychologist",
    "/pathways/routes/?from=psychology-graduate&to=clinical-psychologist",
    "/pathways/routes/?from=psychology-graduate&to=counselling-psychologist&funded=on",
    "/pathways/routes/?from=psychiatrist&to=psychiatrist",
    "/pathways/routes/?from=../etc&to=%3Cb%3E",
]


def body(response):
    """The page with its per-request CSP nonce blanked."""
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())


def main_content(response):
    html = body(response)
    return html[html.index('<main class="nhsuk-main-wrapper') : html.index("</main>")]


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_is_exactly_what_a_fresh_render_gives(client, career_map, url):
    with override_settings(CACHES=NO_CACHE):
        fresh = body(client.get(url))
    first = body(client.get(url))  # rendered and stored
    second = body(client.get(url))  # served from the cache
    assert first == fresh
    assert second == fresh


def test_the_cache_is_used(client, career_map, django_assert_max_num_queries):
    client.get("/pathways/?q=psychologist")
    client.get("/pathways/roles/clinical-psychologist/")
    with django_assert_max_num_queries(1):  # the data version
        response = client.get("/pathways/?q=psychologist")
    assert_page(response, "Clinical psychologist")
    # The data version only: careers' waves and reports stamp the map (careers' migration).
    with django_assert_max_num_queries(1):
        response = client.get("/pathways/roles/clinical-psychologist/")
    assert_page(response, "Clinical psychologist")


def test_a_bulk_update_shows_on_the_next_request(client, career_map):
    assert b"Clinical psychologist" in client.get("/pathways/?q=psychologist").content
    Role.objects.filter(slug="clinical-psychologist").update(name="Clinical psychologist (NHS)")
    assert b"Clinical psychologist (NHS)" in client.get("/pathways/?q=psychologist").content


def test_an_admin_edit_shows_on_the_next_request(client, client_for, role_editor, career_map):
    url = "/pathways/roles/counsellor/"
    assert b"Changed summary." not in client.get(url).content
    role = Role.objects.get(slug="counsellor")
    response = client_for(role_editor).post(
        f"{CHANGELIST}{role.pk}/change/", role_form(role, summary="Changed summary.")
    )
    assert response.status_code == 302
    assert b"Changed summary." in client.get(url).content


def test_a_pay_band_edit_shows_on_every_role_page(client, career_map):
    url = "/pathways/roles/clinical-psychologist/"
    assert "£49,387 to £56,515" in client.get(url).content.decode()
    PayBand.objects.filter(code="7").update(min_pay=50000)
    assert "£50,000 to £56,515" in client.get(url).content.decode()


def test_a_new_link_and_a_reference_data_load_show_at_once(client, career_map):
    url = "/pathways/roles/peer-support-worker/"
    counsellor = Role.objects.get(slug="counsellor")
    peer = Role.objects.get(slug="peer-support-worker")
    assert b'href="/pathways/roles/counsellor/"' not in client.get(url).content
    Link.objects.bulk_create([Link(from_role=peer, to_role=counsellor, kind="sideways")])
    assert b'href="/pathways/roles/counsellor/"' in client.get(url).content
    Link.objects.filter(from_role=peer, to_role=counsellor).delete()
    assert b'href="/pathways/roles/counsellor/"' not in client.get(url).content
    # A fixture load brings back what an editor changed by hand.
    Role.objects.filter(slug="peer-support-worker").update(summary="Edited by hand.")
    assert b"Edited by hand." in client.get(url).content
    services.reference_data_load_file()
    assert b"Edited by hand." not in client.get(url).content


def test_unpublishing_a_role_gives_the_404_page_at_once(client, career_map):
    url = "/pathways/roles/counsellor/"
    assert client.get(url).status_code == 200
    Role.objects.filter(slug="counsellor").update(status=Role.Status.DRAFT)
    assert client.get(url).status_code == 404
    assert b"Counsellor" not in client.get("/pathways/?q=counsellor").content


def test_new_aspiration_figures_show_on_a_cached_role_page(
    client, career_map, tmp_path, django_assert_max_num_queries
):
    from careers.services import survey_import, wave_preview, wave_publish, wave_withdraw

    url = "/pathways/roles/clinical-psychologist/"
    assert b"What graduates aspire to" not in client.get(url).content
    header = "respondent_id,graduation_year,degree_route,current_status,aspired_roles\n"
    rows = [f"r{i},2024,undergraduate,further_study,clinical-psychologist\n" for i in range(60)]
    path = tmp_path / "wave.csv"
    path.write_text(header + "".join(rows))
    job = survey_import(wave_name="Autumn 2026", path=path, filename="wave.csv")
    assert b"What graduates aspire to" not in client.get(url).content  # a draft: not shown
    client.get("/pathways/?q=psychologist")  # the directory, cached
    wave = wave_publish(wave=wave_preview(wave=job.wave))
    assert b"What graduates aspire to" in client.get(url).content
    # A survey wave is not map data: the directory and the route graph stay as they were.
    with django_assert_max_num_queries(2):  # the version, and one look at the moved stamps
        assert_page(client.get("/pathways/?q=psychologist"), "Clinical psychologist")
    wave_withdraw(wave=wave)
    assert b"What graduates aspire to" not in client.get(url).content


def test_route_finder_follows_a_changed_rule(client, career_map):
    params = {"from": "psychology-graduate", "to": "clinical-psychologist"}
    assert b"2 years waiting" in client.get("/pathways/routes/", params).content
    rule = WaitingRule.objects.get(active=True)
    rule.before_routes.clear()  # a change to a many-to-many table only
    assert b"2 years waiting" not in client.get("/pathways/routes/", params).content


def test_every_change_to_map_data_gives_a_new_version(db):
    band = PayBand.objects.create(
        code="zz", name="Band Z", order=99, min_pay=1, max_pay=2, pay_year="2025/26",
        source_url="https://example.org", checked_on="2026-11-21",
    )  # fmt: skip
    role = RoleFactory(band_min=band)
    route = EntryRoute.objects.create(
        slug="r", name="R", kind="postgraduate", length_months=12, salaried=True, funding="nhs"
    )
    rule = WaitingRule.objects.create(name="Rule", wait_months=24)
    changes = [
        lambda: Role.objects.filter(pk=role.pk).update(summary="x"),
        lambda: RoleSource.objects.create(
            role=role, title="S", url="https://example.org", checked_on="2026-11-21"
        ),
        lambda: StartingPoint.objects.create(slug="s", name="S"),
        lambda: LinkFactory(to_role=role),
        lambda: rule.after_routes.add(route),
        lambda: rule.before_routes.add(route),
        lambda: EntryRoute.objects.update(length_months=6),
        lambda: WaitingRule.objects.update(active=False),
        lambda: PayBand.objects.filter(pk=band.pk).update(max_pay=3),
        lambda: Link.objects.all().delete(),
    ]
    seen = {cache.map_version()}
    for change in changes:
        change()
        version = cache.map_version()
        assert version not in seen
        seen.add(version)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
        cursor.execute("TRUNCATE pathways_rolesource")
    assert cache.map_version() not in seen


def test_every_map_table_has_the_version_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'pathways_map_version'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert "pathways_role" in cache.map_tables()
    assert "pathways_waitingrule_after_routes" in cache.map_tables()
    assert set(cache.map_tables()) <= triggered


def test_a_rolled_back_change_never_brings_an_old_version_back(db):
    before = cache.map_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        RoleFactory()
        inside = cache.map_version()
        raise RuntimeError
    assert cache.map_version() == before
    RoleFactory()
    assert cache.map_version() not in {before, inside}


def test_route_finder_lists_every_role_grouped_with_the_choice_selected(client, career_map):
    params = {"from": "psychology-graduate", "to": "clinical-psychologist"}
    html = client.get("/pathways/routes/", params).content.decode()
    assert "pathways-options" not in html  # no stand-in option left
    start, goal = html.split('name="to"')
    assert '<optgroup label="Starting points">' in start
    assert '<optgroup label="Starting points">' not in goal
    assert '<optgroup label="Psychological professions">' in goal
    assert re.findall(r"<option [^>]*selected", start) == [
        '<option value="psychology-graduate" selected'
    ]
    assert re.findall(r"<option [^>]*selected", goal) == [
        '<option value="clinical-psychologist" selected'
    ]
    published = set(Role.objects.published().values_list("slug", flat=True))
    assert set(re.findall(r'<option value="([^"]+)"', goal)) == published
    starts = set(StartingPoint.objects.values_list("slug", flat=True))
    assert set(re.findall(r'<option value="([^"]+)"', start)) == published | starts
    empty = client.get("/pathways/routes/").content.decode()
    assert empty.count('<option value="" selected>') == 2


def test_route_finder_select_follows_a_renamed_role(client, career_map):
    client.get("/pathways/routes/")
    Role.objects.filter(slug="counsellor").update(name="Counsellor (NHS)")
    assert b'<option value="counsellor">Counsellor (NHS)</option>' in (
        client.get("/pathways/routes/").content
    )


def test_main_content_does_not_depend_on_who_is_signed_in(client, client_for, member, career_map):
    url = "/pathways/roles/clinical-psychologist/"
    anonymous = main_content(client.get(url))
    assert main_content(client_for(member).get(url)) == anonymous
