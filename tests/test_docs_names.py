"""Every name the README and docs/*.md give in backticks is true of the repository. After
refactors (views split into packages, migrations squashed, services moved) a stale name sends a
reader to something that is not there; the test lists each one with its doc file and line.

What is checked, by what the name looks like:
- a path whose first part is a top-level entry of the repository (`mentoring/views/`,
  `scripts/db.sh`, `tests/x.py::test_y`) exists, and so does the test it names; a bare source
  file name (`tokens.py`) is some file's name;
- `manage.py <command>` is a management command, and the `--options` given are its own;
  `make <target>` is a target in the Makefile;
- a URL path (`/pathways/map/`) resolves; a URL name (`pathways:role-detail`) reverses;
- a dotted name resolves, imported and then getattr'd: rooted in a package of the project
  (`config.forms.NamedErrors`; or a string the code uses, such as an email's kind), in a class
  the project defines (`Role.objects.published`), or in one of its modules by its short name
  (`workflow.check`, `config/actions.acted`); a call's keywords (`booking_create(session=, by=)`)
  are the function's parameters, whose bare name is then looked up too;
- a class name (`SuggestionCache`) is a class the project defines, and a constant or setting
  (`CAREERS_PUBLISH_MIN_GROUP`) is written somewhere in the code;
- a dotted name is not broken over a line (`accounts.services.` then `account_create`).
A name with a placeholder (`<slug>`, `...`, `*`) is an example, and anything else is left alone.
"""

import ast
import importlib
import inspect
import re
import subprocess
from functools import cache
from pathlib import Path

from django.core.management import get_commands, load_command_class
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from config import health

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
THIS = "tests/test_docs_names.py"  # its own examples of stale names are not the code's
PLACEHOLDER = re.compile(r"<|>|\*|\.\.\.|…|\{")
# Class-like names the docs give that are Python's or a library's.
NOT_OURS = {"TextChoices", "ValueError", "CalamineWorkbook"}
# URL paths of other sites the docs quote (NHS Employers' articles), static files, and folders.
OTHER_SITES = ("/articles/", "/static/", "/usr/", "/tmp/", "/proc/")  # noqa: S108 - named, not used
SOURCE_SUFFIXES = (".py", ".jinja", ".sh", ".mjs", ".css")
MISSING = object()


# --- The repository ------------------------------------------------------------------------


@cache
def tracked() -> frozenset[str]:
    """The repository's files (committed or new, not ignored) and the folders that hold them."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    names = set()
    for name in filter(None, listing):
        if (ROOT / name).exists():  # a file deleted but not yet committed is gone
            parts = name.split("/")
            names.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(names)


@cache
def top_level() -> frozenset[str]:
    return frozenset(name for name in tracked() if "/" not in name)


@cache
def packages() -> frozenset[str]:
    return frozenset(name for name in top_level() if (ROOT / name / "__init__.py").exists())


@cache
def modules() -> dict[str, ast.Module]:
    """The project's Python modules (not migrations, not vendored, not this one), parsed."""
    found = {}
    for name in sorted(tracked()):
        if name.endswith(".py") and "/migrations/" not in name and name != THIS:
            module = name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            found[module] = ast.parse((ROOT / name).read_text())
    return found


@cache
def defined() -> dict[str, list[str]]:
    """Each class and function defined at the top of a project module: the modules."""
    found: dict[str, list[str]] = {}
    for module, tree in modules().items():
        for node in tree.body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                found.setdefault(node.name, []).append(module)
    return found


@cache
def classes() -> frozenset[str]:
    return frozenset(
        node.name
        for tree in modules().values()
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    )


@cache
def modules_by_short_name() -> dict[str, list[str]]:
    """`workflow` -> ["mentoring.workflow", "referrals.workflow"]."""
    found: dict[str, list[str]] = {}
    for module in modules():
        found.setdefault(module.rpartition(".")[2], []).append(module)
    return found


@cache
def string_literals() -> frozenset[str]:
    """Every string constant in the project's Python: `support.reminder` is an email's kind."""
    return frozenset(
        node.value
        for tree in modules().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


@cache
def code_words() -> frozenset[str]:
    """Every identifier written in the repository's files other than the docs."""
    words: set[str] = set()
    for name in tracked():
        path = ROOT / name
        if name.endswith(".md") or name == THIS or "/vendor/" in name or not path.is_file():
            continue
        try:
            words.update(re.findall(r"\w+", path.read_text()))
        except UnicodeDecodeError:
            continue
    return frozenset(words)


@cache
def command_options(command: str) -> frozenset[str]:
    parser = load_command_class(get_commands()[command], command).create_parser(
        "manage.py", command
    )
    return frozenset(option for action in parser._actions for option in action.option_strings)


@cache
def make_targets() -> frozenset[str]:
    return frozenset(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.MULTILINE))


# --- The docs ------------------------------------------------------------------------------


def spans():
    """(doc, line number, text) for each inline code span outside fenced blocks (a span may
    run over a line break, as Markdown allows)."""
    for doc in DOCS:
        lines, fenced = [], False
        for line in doc.read_text().splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
                line = ""
            lines.append("" if fenced else line)
        text = "\n".join(lines)
        for match in re.finditer(r"(?<!`)`([^`]+)`(?!`)", text):
            span = match.group(1)
            # ` RESPONDENT_ID ` (spaces kept) is quoted text, not a name.
            if span == span.strip():
                number = text.count("\n", 0, match.start()) + 1
                yield doc.relative_to(ROOT), number, " ".join(span.split())


# --- Looking names up ----------------------------------------------------------------------


def lookup(dotted: str):
    """The object a dotted name gives: the longest module prefix imported, the rest getattr'd.
    A dataclass field with a default factory is no class attribute; its default stands in."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            fields = getattr(target, "__dataclass_fields__", {})
            if hasattr(target, part):
                target = getattr(target, part)
            elif part in fields:
                target = fields[part]
            else:
                return MISSING
        return target
    return MISSING


def found(name: str) -> list | None:
    """What a name can mean in the project (the objects it resolves to, empty when none), or
    None when it is not rooted in the project at all (`gc.freeze`, `save`)."""
    head, dot, _rest = name.partition(".")
    if head in packages():
        roots = [""]
    elif head in classes():
        roots = [f"{module}." for module in defined()[head]]
    elif dot and head in modules_by_short_name():
        roots = [f"{module.rpartition('.')[0]}." for module in modules_by_short_name()[head]]
    elif not dot and head in defined():
        roots = [f"{module}." for module in defined()[head]]
    else:
        return None
    return [obj for root in roots if (obj := lookup(root + name)) is not MISSING]


def takes(function, keywords: list[str]) -> bool:
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return True  # nothing to compare with
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return True
    return set(keywords) <= set(parameters)


def call_problem(name: str, arguments: str) -> str | None:
    """`booking_create(session=, by=)`: the function exists and takes those keywords."""
    if PLACEHOLDER.search(name):
        return None
    if (objects := found(name)) is None:
        return None
    if not objects:
        return "no such name"
    keywords = re.findall(r"(?:^|[(,])\s*(\w+)=", arguments)
    if not any(takes(obj, keywords) for obj in objects):
        return f"does not take {', '.join(f'{k}=' for k in keywords)}"
    return None


def path_problem(name: str) -> str | None:
    path, _, test = name.partition("::")
    path = path.rstrip("/")
    if path not in tracked():
        # `config/forms.NamedErrors`: a module's path, then a name in it.
        module, dot, attribute = path.rpartition(".")
        if dot and f"{module}.py" in tracked():
            return None if found(f"{module.replace('/', '.')}.{attribute}") else "no such name"
        return "no such file or folder"
    if test and not re.search(rf"^\s*def {test}\(", (ROOT / path).read_text(), re.MULTILINE):
        return f"no test {test} in {path}"
    return None


def url_problem(name: str) -> str | None:
    if name in health.PATHS:  # answered by its middleware, before the URLconf
        return None
    try:
        resolve(name.split("?")[0])
    except Resolver404:
        return "no such URL"
    return None


def url_name_problem(name: str) -> str | None:
    try:
        reverse(name)
    except NoReverseMatch as error:
        # A name that needs arguments is refused too, with another message: it exists.
        unknown = ("not a valid view function or pattern name", "is not a registered namespace")
        if any(words in str(error) for words in unknown):
            return "no such URL name"
    return None


def problem(text: str) -> str | None:
    """Why the name is stale, or None when it is true or not a name these rules check."""
    words = text.split()
    if "manage.py" in words[:-1]:
        command = words[words.index("manage.py") + 1]
        if PLACEHOLDER.match(command):  # `manage.py <command>`
            return None
        if command not in get_commands():
            return f"no management command {command}"
        unknown = set(re.findall(r"--[\w-]+", text)) - command_options(command)
        return f"{command} has no {', '.join(sorted(unknown))}" if unknown else None
    if words[0] == "make" and len(words) > 1 and not words[1].startswith(("-", "<")):
        return None if words[1] in make_targets() else f"no make target {words[1]}"
    if re.fullmatch(r"[\w.]+\. [\w.()]+", text):
        return "a name broken over a line (Markdown shows it with a space)"
    if call := re.fullmatch(r"([A-Za-z_][\w.]*)\((.*)\)", text):
        return call_problem(*call.groups())
    if len(words) != 1 or PLACEHOLDER.search(text):
        return None
    name = text
    first = re.split(r"[/.:]", name)[0]
    if name.startswith("/"):
        return None if name.startswith(OTHER_SITES) else url_problem(name)
    if "/" in name and first in top_level():
        return path_problem(name)
    if re.fullmatch(r"\w+(:[\w-]+)+", name) and first in get_resolver().namespace_dict:
        return url_name_problem(name)
    if "/" not in name and name.endswith(SOURCE_SUFFIXES):
        known = any(n.rpartition("/")[2] == name for n in tracked())
        return None if known else "no such file"
    if not re.fullmatch(r"[A-Za-z_]\w*(\.\w+)*", name):
        return None
    if "." in name and (objects := found(name)) is not None:
        return None if objects or name in string_literals() else "no such name"
    if re.fullmatch(r"_?(?:[A-Z][a-z0-9]+){2,}", name) and name not in NOT_OURS | classes():
        return "no such class"
    if re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+", name) and name not in code_words():
        return "not in the code"
    return None


def test_every_name_in_the_docs_exists():
    stale = [
        f"{doc}:{number}: `{text}`: {reason}"
        for doc, number, text in spans()
        if (reason := problem(text))
    ]
    assert not stale, "Stale names in the docs:\n" + "\n".join(stale)


def test_the_rules_see_the_docs_names_and_catch_stale_ones():
    found_spans = {text for _doc, _number, text in spans()}
    assert {"make test", "config/settings.py", "manage.py load_demo"} <= found_spans
    assert len(found_spans) > 1000
    true = [
        "config/settings.py",
        "mentoring/views/",
        "tests/test_docs_names.py::test_every_name_in_the_docs_exists",
        "tokens.py",
        "manage.py load_demo --help",
        "manage.py import_survey PATH --wave NAME [--sheet NAME] [--skip-invalid]",
        "make lock UPGRADE=1",
        "/pathways/roles/nurse/",
        "/healthz",
        "pathways:role-detail",
        "careers:equity:index",
        "config.forms.NamedErrors",
        "config/forms.NamedErrors",
        "support.reminder",
        "Role.objects.published()",
        "workflow.match_actions()",
        "booking_create(session=, by=)",
        "CheckedChunk.factors",
        "SuggestionCache",
        "CAREERS_PUBLISH_MIN_GROUP",
        "gc.freeze()",
    ]
    assert {name: problem(name) for name in true} == dict.fromkeys(true)
    stale = {
        "mentoring/views.py": "no such file or folder",
        "tests/test_docs_names.py::test_nothing": f"no test test_nothing in {THIS}",
        "no_such_module.py": "no such file",
        "manage.py no_such_command": "no management command no_such_command",
        "manage.py import_survey PATH --wave NAME --sheets": "import_survey has no --sheets",
        "make no-such-target": "no make target no-such-target",
        "/no-such-page/": "no such URL",
        "pathways:no-such-page": "no such URL name",
        "careers:nothing:index": "no such URL name",
        "config.forms.NoSuchForm": "no such name",
        "config/forms.NoSuchForm": "no such name",
        "Role.objects.no_such_method": "no such name",
        "workflow.no_such_function": "no such name",
        "booking_create(session=, by=, when=)": "does not take session=, by=, when=",
        "_NoSuchThing": "no such class",
        "NO_SUCH_SETTING": "not in the code",
        "accounts.services. account_create": (
            "a name broken over a line (Markdown shows it with a space)"
        ),
    }
    assert {name: problem(name) for name in stale} == stale
