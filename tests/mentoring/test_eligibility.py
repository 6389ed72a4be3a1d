"""Who may join a scheme, and the reason given to those who may not. No database."""

from mentoring.eligibility import (
    Applicant,
    Rules,
    reasons_closed,
    reasons_not_eligible,
    who_can_join,
)

MEMBER = Applicant(membership_number="M123456", grade="graduate")


def test_a_member_with_an_allowed_grade_is_eligible():
    assert reasons_not_eligible(Rules(), MEMBER) == []


def test_students_are_excluded_by_default_and_told_which_grades_can_join():
    reasons = reasons_not_eligible(Rules(), Applicant(membership_number="M1", grade="student"))
    assert len(reasons) == 1
    assert "You gave Student member" in reasons[0]
    assert "Graduate member" in reasons[0] and "Fellow" in reasons[0]


def test_a_scheme_can_let_students_in():
    rules = Rules(allowed_grades=("student", "graduate"))
    assert reasons_not_eligible(rules, Applicant(membership_number="M1", grade="student")) == []


def test_membership_is_required_unless_the_scheme_says_otherwise():
    no_number = Applicant(membership_number="  ", grade="graduate")
    assert reasons_not_eligible(Rules(), no_number) == [
        "This scheme is for members only: give your membership number."
    ]
    assert reasons_not_eligible(Rules(membership_required=False), Applicant()) == []


def test_branch_network_role_and_setting_requirements_are_checked_ignoring_case():
    rules = Rules(
        required_network="Black, Asian and Minority Ethnic Network", required_setting="NHS"
    )
    ok = Applicant("M1", "full", network="black, asian and minority ethnic network ", setting="nhs")
    assert reasons_not_eligible(rules, ok) == []
    reasons = reasons_not_eligible(rules, Applicant("M1", "full", setting="University"))
    assert reasons == [
        "This scheme is only for people whose network is Black, Asian and Minority Ethnic "
        "Network: you did not give one.",
        "This scheme is only for people whose setting is NHS: you gave University.",
    ]


def test_only_open_schemes_take_applications_and_matches():
    assert reasons_closed("open") == []
    assert "paused" in reasons_closed("paused")[0]
    assert reasons_closed("closed") == ["This scheme is closed."]


def test_the_public_page_says_who_can_join():
    lines = who_can_join(Rules(required_branch="North West"))
    assert lines[0].startswith("Members with one of these grades: Graduate member")
    assert "Student members cannot take part in this scheme." in lines
    assert "Your branch must be North West." in lines
