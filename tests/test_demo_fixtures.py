"""The demo lists in fixtures/demo/ name only values the apps know: a typo in a state, a
source, a workshop or a group fails here rather than half way through `load_demo`."""

from accounts import roles
from config.demo_data import FIXTURES, fixture
from referrals import choices, workflow
from support import vocab


def test_every_demo_fixture_is_read_by_a_demo_module():
    names = ["accounts", "equity", "mentoring", "referrals", "support"]
    assert sorted(p.stem for p in FIXTURES.glob("*.json")) == names
    for name in names:
        assert fixture(name)["about"]


def test_the_demo_sign_ins_name_real_staff_roles():
    users = fixture("accounts")["users"]
    assert {u["group"] for u in users} - {None} <= set(roles.STAFF_ROLES)
    assert len({u["email"] for u in users}) == len(users)


def test_the_demo_referrals_use_the_workflow_s_own_values():
    data = fixture("referrals")
    staff = {m["email"] for m in data["managers"]}
    directory = {s["name"] for s in data["services"]}
    for person in data["people"]:
        assert person["state"] in workflow.STATE_LABELS
        assert person["source"] in dict(choices.SOURCES)
        assert set(person["reasons"]) <= set(dict(choices.REASONS))
        assert person.get("priority", workflow.ROUTINE) in dict(workflow.PRIORITIES)
        assert person.get("adviser", next(iter(staff))) in staff
        assert person.get("outcome", workflow.RESOLVED) in dict(workflow.OUTCOMES)
        assert person.get("return_reason", workflow.INCOMPLETE) in dict(workflow.RETURN_REASONS)
        assert set(person.get("signposts", [])) <= directory
    assert len({p["email"] for p in data["people"]}) == len(data["people"])


def test_the_demo_matches_name_demo_mentors_and_mentees():
    data = fixture("mentoring")
    mentors = {row[0] for row in data["mentors"]}
    mentees = {row[0] for row in data["mentees"]}
    for mentor, mentee, _state, _days, _slot in data["matches"]:
        assert mentor in mentors and mentee in mentees
    assert set(data["mentor_roles"]) <= mentors and set(data["mentee_roles"]) <= mentees


def test_the_demo_sessions_name_the_demo_s_workshops():
    data = fixture("support")
    slugs = {w["slug"] for w in data["workshops"]}
    for plan in data["past"] + data["future"]:
        assert plan["workshop"] in slugs and plan["format"] in (vocab.ONLINE, vocab.IN_PERSON)
        assert plan["booked"] <= plan["capacity"]
    assert data["member"]["booked_on"] in slugs


def test_the_equity_demo_s_shares_add_up_and_every_category_has_both_wordings():
    data = fixture("equity")
    groups = data["ethnic_groups"]
    assert 0.9 < sum(share for share, _rate, _categories in groups.values()) <= 1
    sections = {group: categories for group, (_s, _r, categories) in groups.items()}
    for name, categories in {**sections, **data["other_sections"]}.items():
        assert round(sum(c[2] for c in categories), 6) == 1, name
        assert all(c[0] and c[1] for c in categories), name
    for share, rate, _categories in groups.values():
        assert 0 < share < 1 and 0 < rate < 1
    assert set(data["fixed_2018"]) <= set(groups)
    assert all(0 < accepted < applicants for applicants, accepted in data["fixed_2018"].values())


def test_the_equity_demo_s_workforce_and_targets_name_bands_the_penalties_know():
    data = fixture("equity")
    for role, (_staff_group, bands, headcount) in data["workforce_roles"].items():
        assert round(sum(bands.values()), 6) == 1, role
        assert set(bands) <= set(data["seniority_penalty"]) and headcount > 0
    assert len({code for code, *_rest in data["regions"]}) == len(data["regions"]) == 7
    assert {t["role"] for t in data["targets"]} <= set(data["workforce_roles"])
    assert all(t["source"] and t["by_year"] for t in data["targets"])
