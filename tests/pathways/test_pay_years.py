"""Pay years: a new Agenda for Change year loads as data (manage.py load_pay_year), earlier
years are kept, roles move to the new year's bands, and every page that shows pay names it."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pathways import services
from pathways.models import PayBand, Role

PAY_2026 = Path(services.FIXTURE).parent / "pay-years" / "2026-27.json"


def pay_year_file(tmp_path, year, rise=1000, **changes):
    data = json.loads(PAY_2026.read_text())
    data.update(pay_year=year, checked_on="2026-12-01", **changes)
    for band in data["bands"]:
        if band["min_pay"] is not None:
            band["min_pay"] += rise
            band["max_pay"] += rise
    path = tmp_path / f"{year.replace('/', '-')}.json"
    path.write_text(json.dumps(data))
    return path


def load(path):
    out = StringIO()
    call_command("load_pay_year", str(path), stdout=out)
    return out.getvalue()


def test_the_shipped_pay_year_file_matches_the_career_map(career_map):
    assert "pay bands: 0 changed" in load(PAY_2026)
    assert PayBand.every_year.count() == 11


def test_a_new_pay_year_keeps_the_earlier_one_and_moves_roles_to_it(client, career_map, tmp_path):
    url = "/pathways/roles/clinical-psychologist/"
    assert "Agenda for Change pay scales for 2026/27" in client.get(url).content.decode()
    output = load(pay_year_file(tmp_path, "2027/28"))
    assert "roles moved to the new year's bands" in output
    assert set(PayBand.every_year.values_list("pay_year", flat=True)) == {"2026/27", "2027/28"}
    assert set(PayBand.objects.values_list("pay_year", flat=True)) == {"2027/28"}
    role = Role.objects.get(slug="clinical-psychologist")
    assert (role.band_min.pay_year, role.band_min.min_pay) == ("2027/28", 49387 + 1000)
    assert PayBand.every_year.get(pay_year="2026/27", code="7").min_pay == 49387  # kept

    html = client.get(url).content.decode()
    assert "Agenda for Change pay scales for 2027/28" in html
    assert "Band 7 (£50,387 to £57,515 a year)" in html
    assert "Agenda for Change bands for 2027/28" in client.get("/pathways/").content.decode()
    assert "(2027/28)" in client.get("/pathways/map/").content.decode()
    routes = client.get(
        "/pathways/routes/", {"from": "psychology-graduate", "to": "clinical-psychologist"}
    )
    assert "Band 6 (2027/28)" in routes.content.decode()  # pay while training names the year


def test_loading_an_earlier_year_adds_it_without_moving_anything(career_map, tmp_path):
    load(pay_year_file(tmp_path, "2025/26", rise=-1000))
    assert set(PayBand.objects.values_list("pay_year", flat=True)) == {"2026/27"}
    assert Role.objects.get(slug="cbt-therapist").band_min.pay_year == "2026/27"
    assert PayBand.every_year.filter(pay_year="2025/26").count() == 11


def test_bands_not_yet_published_stay_empty_and_say_so(client, career_map):
    html = client.get("/pathways/roles/consultant-psychologist/").content.decode()
    assert "Band 8c (the 2026/27 range is not yet recorded here)" in html
    assert "£" not in html.split("Pay once qualified")[1].split("</dd>")[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "something-else"}, "Expected format"),
        ({"pay_year": "2026-27"}, "reads like 2026/27"),
        ({"pay_year": "2026/28"}, "not a pay year"),
    ],
)
def test_a_bad_pay_year_file_is_refused_and_changes_nothing(career_map, tmp_path, changes, message):
    year = changes.pop("pay_year", "2027/28")
    path = pay_year_file(tmp_path, "2027/28", **changes)
    data = json.loads(path.read_text())
    data["pay_year"] = year
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message):
        load(path)
    assert PayBand.every_year.count() == 11


def test_a_band_with_its_range_upside_down_is_refused(career_map, tmp_path):
    path = pay_year_file(tmp_path, "2027/28")
    data = json.loads(path.read_text())
    data["bands"][3]["min_pay"], data["bands"][3]["max_pay"] = 40000, 30000
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="lowest pay is above the highest"):
        load(path)
    assert not PayBand.every_year.filter(pay_year="2027/28").exists()


def test_a_missing_file_is_a_clear_error(career_map, tmp_path):
    with pytest.raises(CommandError, match="Could not load"):
        load(tmp_path / "nope.json")


def test_the_admin_lists_every_pay_year(client_for, role_editor, career_map, tmp_path):
    load(pay_year_file(tmp_path, "2027/28"))
    html = client_for(role_editor).get("/admin/pathways/payband/").content.decode()
    assert "2026/27" in html and "2027/28" in html
