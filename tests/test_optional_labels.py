"""Words that are true: a label says "(optional)" only for a field that is optional in every
case. Every form in mentoring, referrals, support and accounts whose `clean()` refuses an
empty optional field in some case (`if ... not data.get("field")`: add_error("field", ...))
names that case in its `required_when`, which the form bridge shows as the hint instead of
"(optional)". A new conditional field without it fails here, by name."""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import pytest
from django import forms

from config.fields import field_params

MODULES = ("mentoring.forms", "referrals.forms", "support.forms", "accounts.forms")


def conditional_fields(module) -> list[tuple[type, str]]:
    """(form class, field) for each optional field a form's clean() refuses when empty."""
    found = []
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        form_class = getattr(module, node.name, None)
        if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
            continue
        for branch in ast.walk(node):
            if not isinstance(branch, ast.If):
                continue
            test = ast.unparse(branch.test)
            for call in ast.walk(branch):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "add_error"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    continue
                name = call.args[0].value
                empty = re.search(rf"not \(?\w+\.get\(['\"]{name}['\"]", test)
                field = form_class.base_fields.get(name)
                if empty and field is not None and not field.required:
                    found.append((form_class, name))
        # mentoring's ReasonWhen: a `reason` needed for one answer, refused in its clean()
        if getattr(form_class, "reason_when", None) and "reason" in form_class.base_fields:
            found.append((form_class, "reason"))
    return found


# Fields a service, not the form's clean(), refuses when empty in some case (the scan cannot
# see those): a session's place when in person, its link when online (support.services).
SERVICE_RULED = [
    ("support.forms", "SessionForm", "place"),
    ("support.forms", "SessionForm", "joining_link"),
]
ALL = [pair for module in MODULES for pair in conditional_fields(importlib.import_module(module))]
ALL += [(getattr(importlib.import_module(m), cls), name) for m, cls, name in SERVICE_RULED]


def test_the_scan_finds_the_known_conditional_fields():
    names = {f"{cls.__name__}.{name}" for cls, name in ALL}
    assert {
        "ReviewForm.notes",
        "MembershipDecisionForm.reason",
        "PersonFields.phone",
        "SignpostForm.service",
        "SupportServiceForm.region",
        "WorkshopForm.professions",
        "ResourceForm.url",
        "ResourceForm.accessibility_note",
    } <= names, names


@pytest.mark.django_db  # some fields' choices come from the database
@pytest.mark.parametrize("form_class, name", ALL, ids=[f"{c.__name__}.{n}" for c, n in ALL])
def test_a_field_needed_in_some_cases_says_when_instead_of_optional(form_class, name):
    module = importlib.import_module(form_class.__module__)
    using = [  # the forms built on this one (a mixin's clean() serves several)
        cls
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, form_class) and name in cls.base_fields
    ]
    assert using
    for cls in using:
        needed_when = getattr(cls, "required_when", {})
        assert needed_when.get(name, "").startswith("Needed"), (
            f"{cls.__module__}.{cls.__name__}.{name} is refused when empty in some case: add "
            "it to the form's required_when, saying when it is needed"
        )
        _macro, params = field_params(forms.BoundField(_bare(cls), cls.base_fields[name], name))
        label = params["label"] if "label" in params else params["fieldset"]["legend"]
        assert "(optional)" not in label["text"]
        assert params["hint"]["text"].startswith(needed_when[name])


def _bare(form_class):
    """An instance without the form's own __init__ (some need a scheme or a referral)."""
    form = form_class.__new__(form_class)
    forms.BaseForm.__init__(form)
    return form


def test_the_mentee_form_names_the_body_whose_membership_number_it_asks_for(db):
    from mentoring.forms import ApplicationForm
    from tests.mentoring.factories import SchemeFactory

    bps = SchemeFactory(membership_body="British Psychological Society (BPS)")
    number = ApplicationForm(role="mentee", scheme=bps).fields["membership_number"]
    assert number.label == "Your British Psychological Society (BPS) membership number"
    assert number.required and "checks it" in number.help_text
    unnamed = SchemeFactory(slug="unnamed", membership_body="")
    number = ApplicationForm(role="mentee", scheme=unnamed).fields["membership_number"]
    assert number.label == "Your professional body membership number"
    open_to_all = SchemeFactory(
        slug="open", membership_body="BABCP", membership_required=False, allowed_grades=[]
    )
    number = ApplicationForm(role="mentor", scheme=open_to_all).fields["membership_number"]
    assert number.label == "Your BABCP membership number" and not number.required
    assert number.help_text == "This scheme does not need membership: give it if you have one."
