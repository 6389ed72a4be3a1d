"""Who may join a scheme, with a plain reason for everyone who may not. Pure functions on plain
data; the services call them when someone applies and again when a match is proposed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mentoring import vocab

OPEN = "open"


@dataclass(frozen=True)
class Rules:
    """A scheme's eligibility rules."""

    status: str = OPEN
    membership_required: bool = True
    allowed_grades: tuple[str, ...] = tuple(vocab.DEFAULT_GRADES)
    required_branch: str = ""
    required_network: str = ""
    required_role: str = ""
    required_setting: str = ""


@dataclass(frozen=True)
class Applicant:
    """What an application says about the person."""

    membership_number: str = ""
    grade: str = ""
    branch: str = ""
    network: str = ""
    job_role: str = ""
    setting: str = ""


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def reasons_not_eligible(rules: Rules, applicant: Applicant) -> list[str]:
    """Every reason this applicant cannot take part; an empty list means they can."""
    reasons = []
    if rules.membership_required and not applicant.membership_number.strip():
        reasons.append("This scheme is for members only: give your membership number.")
    if rules.membership_required and applicant.grade not in rules.allowed_grades:
        allowed = _join(vocab.labels(vocab.GRADES, rules.allowed_grades))
        grade = vocab.label(vocab.GRADES, applicant.grade) if applicant.grade else "no grade"
        reasons.append(
            f"This scheme is open to these membership grades: {allowed}. You gave {grade}."
        )
    for required, given, what in (
        (rules.required_branch, applicant.branch, "branch"),
        (rules.required_network, applicant.network, "network"),
        (rules.required_role, applicant.job_role, "role"),
        (rules.required_setting, applicant.setting, "setting"),
    ):
        if required and not _same(required, given):
            gave = f"you gave {given.strip()}" if given.strip() else "you did not give one"
            reasons.append(f"This scheme is only for people whose {what} is {required}: {gave}.")
    return reasons


def reasons_closed(status: str) -> list[str]:
    if status == OPEN:
        return []
    if status == "paused":
        return ["This scheme is paused and is not taking applications or making matches now."]
    return ["This scheme is closed."]


def who_can_join(rules: Rules) -> list[str]:
    """The public description of the rules, one sentence each."""
    lines = []
    if rules.membership_required:
        grades = _join(vocab.labels(vocab.GRADES, rules.allowed_grades))
        lines.append(f"Members with one of these grades: {grades}.")
        if "student" not in rules.allowed_grades:
            lines.append("Student members cannot take part in this scheme.")
    else:
        lines.append("Anyone with an account on this portal; membership is not required.")
    for required, what in (
        (rules.required_branch, "branch"),
        (rules.required_network, "network"),
        (rules.required_role, "role"),
        (rules.required_setting, "setting"),
    ):
        if required:
            lines.append(f"Your {what} must be {required}.")
    return lines


def _join(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
