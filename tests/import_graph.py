"""The project's own import graph, read from the source with `ast` (every import counts, at
the top of a module or inside a function; migrations are left out), and the modules that
write: read by tests/test_import_graph.py and tests/test_service_conventions.py."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(
    path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name != "tests"
)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that the module `name` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[: len(here) - (node.level - 1)]
                base = ".".join(here + ([base] if base else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    found.add(f"{base}.{alias.name}")
                elif base in modules:
                    found.add(base)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def mutual_imports(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    return {
        frozenset({a, b}) for a, targets in graph.items() for b in targets if a in graph.get(b, ())
    }


# Reads read (issue 16): the read models and the pure modules reach no module that writes,
# not even through another module.
WRITES = {
    "referrals.submissions",
    "referrals.declining",
    "referrals.admin_settings",
    "referrals.retention",
    "mentoring.proposals",
    "mentoring.concerns",
    "mentoring.posts",
    "careers.storing",
}
PURE = {
    "careers.disclosure",
    "careers.equity.stats",
    "mentoring.eligibility",
    "mentoring.matching",
    "mentoring.vocab",
    "mentoring.workflow",
    "pathways.route_graph",
    "pathways.routes",
    "referrals.workflow",
}
