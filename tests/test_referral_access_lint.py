"""A lint, run as a test: views reach referral data only through the user-scoped queryset.

Every view module of the project (each app's views, and the module of every view the URL
resolver knows) is parsed with `ast`, and it fails when a view module:

- names a referral-data model other than as `<Model>.objects.visible_to(...)` (the one way in,
  empty for anyone but careers staff) or `<Model>.DoesNotExist`: so no `Referral.objects.get`,
  `.filter`, `.all`, no `get_object_or_404(Referral, ...)`, no `_default_manager`, no keeping
  `Referral.objects` in a variable;
- holds SQL naming a referral table;
- (outside the referrals app) imports anything from `referrals`, or asks the app registry for
  one of its models: referral data stays inside the app (docs/architecture.md).

The referrals app's services and queries are its access helpers (they take the user, use
`visible_to` and write the audit trail); they are not views and are not linted here.
The linter itself is tested on small planted violations at the end."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
APP = "referrals"
# Models of the referrals app that hold no referral data, with the reason.
NOT_REFERRAL_DATA = {
    "SupportService": "the signposting directory of services (no personal data)",
}
ALLOWED_MANAGER_CALLS = {"visible_to"}
ALLOWED_MODEL_ATTRIBUTES = {"DoesNotExist", "MultipleObjectsReturned"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def referral_models() -> dict[str, str]:
    """{model class name: database table} for every referral-data model."""
    return {
        model.__name__: model._meta.db_table
        for model in apps.get_app_config(APP).get_models()
        if model.__name__ not in NOT_REFERRAL_DATA
    }


def reverse_accessors() -> dict[str, str]:
    """{accessor: model} for the relations from referral data to other apps' models (such as
    `user.referrals_advised`): following one from a user object would bypass visible_to."""
    accessors = {}
    for model in apps.get_app_config(APP).get_models():
        if model.__name__ in NOT_REFERRAL_DATA:
            continue
        for field in model._meta.get_fields():
            remote = getattr(field, "remote_field", None)
            if (
                field.concrete
                and field.is_relation
                and remote is not None
                and remote.model._meta.app_label != APP
                and not remote.hidden
            ):
                accessors[remote.get_accessor_name()] = model.__name__
                accessors[field.related_query_name()] = model.__name__
    return accessors


def project_apps() -> list[str]:
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT)
    ] + ["config"]


def view_modules() -> list[Path]:
    """Every views.py (or module of a views package) of the project, and the module of every
    view function the URL resolver reaches that lives in the project."""
    files = set()
    for app in project_apps():
        base = ROOT / app.replace(".", "/")
        files.update(base.glob("views.py"))
        files.update((base / "views").glob("*.py"))

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern)
                continue
            callback = pattern.callback
            module = getattr(callback, "view_class", callback).__module__
            path = Path(getattr(sys.modules.get(module), "__file__", "") or "/")
            if path.resolve().is_relative_to(ROOT):
                files.add(path.resolve())

    walk(get_resolver())
    return sorted(path.resolve() for path in files)


# --- The linter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


def _imports_referrals(module: str | None) -> bool:
    return bool(module) and (module == APP or module.startswith(APP + "."))


class ReferralAccessLinter(ast.NodeVisitor):
    def __init__(self, models: dict[str, str], inside_app: bool, accessors: dict[str, str]):
        self.models = models
        self.accessors = accessors
        self.inside_app = inside_app
        self.model_names: dict[str, str] = {}  # local name -> model
        self.module_names: set[str] = set()  # local names bound to referrals.models
        self.package_names: set[str] = set()  # local names bound to the referrals package
        self.violations: list[Violation] = []
        self._parents: dict[ast.AST, ast.AST] = {}

    def lint(self, source: str) -> list[Violation]:
        tree = ast.parse(source)
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self._parents[child] = parent
        self.visit(tree)
        return sorted(set(self.violations), key=lambda v: (v.line, v.message))

    def _flag(self, node, message):
        self.violations.append(Violation(node.lineno, message))

    # Imports -----------------------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            if _imports_referrals(alias.name):
                if not self.inside_app:
                    self._flag(node, f"imports {alias.name} from outside the referrals app")
                if alias.name == f"{APP}.models":
                    if alias.asname:
                        self.module_names.add(alias.asname)
                    else:
                        self.package_names.add(APP)
                elif alias.name == APP:
                    self.package_names.add(alias.asname or APP)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level == 0 and _imports_referrals(module):
            if not self.inside_app:
                self._flag(node, f"imports from {module} outside the referrals app")
            for alias in node.names:
                local = alias.asname or alias.name
                if module == f"{APP}.models" and alias.name in self.models:
                    self.model_names[local] = alias.name
                elif module == APP and alias.name == "models":
                    self.module_names.add(local)
        elif node.level > 0 and self.inside_app and module in ("models", ""):
            for alias in node.names:
                local = alias.asname or alias.name
                if alias.name in self.models:
                    self.model_names[local] = alias.name
                elif alias.name == "models":
                    self.module_names.add(local)

    # Registry look-ups, lookups through relations and SQL -----------------------------------
    def _accessor_in(self, text: str) -> str | None:
        head = text.split("__", 1)[0]
        return head if head in self.accessors and ("__" in text or text == head) else None

    def visit_keyword(self, node):
        if node.arg and (accessor := self._accessor_in(node.arg)):
            self._flag(
                node.value,
                f"a lookup through {accessor} reaches {self.accessors[accessor]} data",
            )
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("get_model", "import_module", "__import__"):
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and (arg.value == APP or arg.value.startswith(APP + "."))
                    and not self.inside_app
                ):
                    self._flag(node, f"{name}({arg.value!r}) reaches the referrals app")
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            lowered = node.value.lower()
            for model, table in self.models.items():
                if table in lowered:
                    self._flag(node, f"SQL or text naming the {table} table ({model})")
            for word in node.value.replace(",", " ").split():
                if "__" in word and (accessor := self._accessor_in(word.strip("'\"-"))):
                    self._flag(
                        node, f"a lookup through {accessor} reaches {self.accessors[accessor]}"
                    )

    # Using a model -----------------------------------------------------------------------
    def _model_of(self, node) -> str | None:
        """The referral model an expression names: `Referral`, `models.Referral`,
        `referrals.models.Referral`."""
        if isinstance(node, ast.Name):
            return self.model_names.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr in self.models:
            base = node.value
            if isinstance(base, ast.Name) and base.id in self.module_names:
                return node.attr
            if (
                isinstance(base, ast.Attribute)
                and base.attr == "models"
                and isinstance(base.value, ast.Name)
                and base.value.id in self.package_names
            ):
                return node.attr
        return None

    def _check_model_use(self, node, model):
        parent = self._parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.value is node:
            if parent.attr in ALLOWED_MODEL_ATTRIBUTES:
                return
            if parent.attr in MANAGERS:
                grand = self._parents.get(parent)
                if (
                    isinstance(grand, ast.Attribute)
                    and grand.value is parent
                    and grand.attr in ALLOWED_MANAGER_CALLS
                ):
                    return
                what = f"{model}.{parent.attr}" + (
                    f".{grand.attr}" if isinstance(grand, ast.Attribute) else ""
                )
                self._flag(node, f"{what} reaches referral data without visible_to(user)")
                return
            self._flag(node, f"{model}.{parent.attr} used in a view")
            return
        self._flag(node, f"the {model} model used directly in a view (not through visible_to)")

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and (model := self._model_of(node)):
            self._check_model_use(node, model)

    def visit_Attribute(self, node):
        if node.attr in self.accessors:
            self._flag(
                node, f".{node.attr} follows a relation into {self.accessors[node.attr]} data"
            )
        model = self._model_of(node)
        if model and isinstance(node.ctx, ast.Load):
            self._check_model_use(node, model)
            return  # do not report the module name inside it again
        self.generic_visit(node)


def lint_source(source: str, *, inside_app: bool):
    return ReferralAccessLinter(referral_models(), inside_app, reverse_accessors()).lint(source)


def _inside_app(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT / APP)


# --- The project passes ---------------------------------------------------------------------


def test_the_lint_reads_every_view_module_of_the_project():
    found = {path.relative_to(ROOT).as_posix() for path in view_modules()}
    assert {
        "referrals/views/caseload.py",
        "mentoring/views/member.py",
        "careers/views.py",
        "pathways/views/roles.py",
        "accounts/views.py",
        "config/views.py",
    } <= found
    assert {"Referral", "StateChange", "Session", "SupportPlan", "AuditEvent"} <= set(
        referral_models()
    )
    assert reverse_accessors()["referrals_advised"] == "Referral"


def test_no_view_reaches_referral_data_but_through_the_user_scoped_queryset():
    problems = []
    for path in view_modules():
        for violation in lint_source(path.read_text(), inside_app=_inside_app(path)):
            problems.append(f"{path.relative_to(ROOT)} {violation}")
    assert not problems, "\n".join(problems)


def test_no_module_outside_the_referrals_app_imports_from_it():
    problems = []
    for app in project_apps():
        if app == APP:
            continue
        for path in sorted((ROOT / app.replace(".", "/")).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            violations = lint_source(path.read_text(), inside_app=False)
            problems += [
                f"{path.relative_to(ROOT)} {v}"
                for v in violations
                if "import" in v.message or "reaches the referrals app" in v.message
            ]
    assert not problems, "\n".join(problems)


# --- The linter catches what it should ---------------------------------------------------------

PLANTED = [
    ("from referrals.models import Referral\nReferral.objects.get(pk=1)\n", "Referral.objects.get"),
    ("from referrals.models import Referral\nReferral.objects.filter(state='x')\n", "objects"),
    ("from referrals.models import Referral\nReferral.objects.all()\n", "objects.all"),
    (
        "from referrals.models import Referral\nqs = Referral.objects\nqs.visible_to(u)\n",
        "Referral.objects reaches",
    ),
    (
        "from referrals.models import Referral\nReferral.objects.all().visible_to(u)\n",
        "Referral.objects.all",
    ),
    (
        "from django.shortcuts import get_object_or_404\nfrom referrals.models import Referral\n"
        "get_object_or_404(Referral, reference='CS-1')\n",
        "used directly",
    ),
    ("from referrals.models import Session\nSession._default_manager.all()\n", "_default_manager"),
    ("from referrals.models import Session as S\nS.objects.count()\n", "Session.objects.count"),
    ("from referrals import models\nmodels.SupportPlan.objects.first()\n", "SupportPlan.objects"),
    ("from . import models as m\nm.Signpost.objects.all()\n", "Signpost.objects"),
    ("from .models import EducatorUpdate\nEducatorUpdate.objects.all()\n", "EducatorUpdate"),
    ("import referrals.models\nreferrals.models.StateChange.objects.all()\n", "StateChange"),
    ("from referrals.models import AuditEvent\nAuditEvent.objects.filter(x=1)\n", "AuditEvent"),
    ("from referrals.models import Referral\nReferral._meta.db_table\n", "Referral._meta"),
    (
        "from django.db import connection\n"
        "connection.cursor().execute('SELECT name FROM referrals_referral')\n",
        "referrals_referral",
    ),
    # Following a relation from a user into referral data bypasses visible_to too.
    ("request.user.referrals_advised.all()\n", ".referrals_advised follows a relation"),
    (
        "from accounts.models import User\nUser.objects.filter(referrals_advised__state='x')\n",
        "a lookup through referrals_advised",
    ),
    ("qs.values('referrals_advised__name')\n", "a lookup through referrals_advised"),
]
PLANTED_OUTSIDE = [
    ("from referrals.models import Referral\n", "imports from referrals.models"),
    ("from referrals import services\n", "imports from referrals"),
    ("import referrals.queries\n", "imports referrals.queries"),
    ("from django.apps import apps\napps.get_model('referrals', 'Referral')\n", "get_model"),
    ("import importlib\nimportlib.import_module('referrals.models')\n", "import_module"),
]
ALLOWED = [
    "from referrals.models import Referral\nReferral.objects.visible_to(request.user)\n",
    "from referrals.models import Referral\n"
    "Referral.objects.visible_to(user).select_related('adviser').filter(state='x')\n",
    "from referrals.models import SupportPlan\ntry:\n    r.plan\nexcept SupportPlan.DoesNotExist:\n"
    "    pass\n",
    "from referrals.models import SupportService\nSupportService.objects.all()\n",
    "from referrals import services\nservices.referral_open(user=u, reference=r)\n",
    "from referrals.models import AuditEvent\nAuditEvent.objects.visible_to(u)\n",
]


@pytest.mark.parametrize(("source", "message"), PLANTED)
def test_the_lint_catches_a_planted_violation_in_a_referrals_view(source, message):
    violations = lint_source(source, inside_app=True)
    assert violations, f"not caught:\n{source}"
    assert any(message in str(v) for v in violations), violations


@pytest.mark.parametrize(("source", "message"), PLANTED_OUTSIDE)
def test_the_lint_catches_referral_access_from_another_app(source, message):
    violations = lint_source(source, inside_app=False)
    assert any(message in str(v) for v in violations), violations


@pytest.mark.parametrize("source", ALLOWED)
def test_the_lint_allows_the_user_scoped_queryset_and_the_apps_helpers(source):
    assert lint_source(source, inside_app=True) == []


def test_the_lint_fails_the_real_views_module_with_one_bare_lookup_added():
    path = ROOT / APP / "views" / "caseload.py"
    source = path.read_text() + (
        "\n\ndef sneaky(request, reference):\n"
        "    return Referral.objects.get(reference=reference)\n"
    )
    violations = lint_source(source, inside_app=True)
    assert [str(v) for v in violations] == [
        f"line {source.count(chr(10))}: Referral.objects.get reaches referral data without "
        "visible_to(user)"
    ]
