"""No circles between the project's own modules: a module never imports a module that imports
it back (issue 16). Every import counts, at the top of a module or inside a function, since a
function-level import hides a circle rather than breaking it. Migrations are left out."""

from __future__ import annotations

from tests.import_graph import (
    PURE,
    WRITES,
    import_graph,
    imports_of,
    mutual_imports,
)

# Pairs known to import each other, with the reason they are still allowed. Keep it empty.
KNOWN = {
    frozenset({"careers.services", "careers.tasks"}): (
        "the survey-import task runs careers.services.survey_import_run, which the import "
        "service queues; survey_import_run moves out of careers/services.py with the careers "
        "import rework"
    ),
}


def test_no_module_imports_a_module_that_imports_it_back():
    circles = mutual_imports(import_graph()) - set(KNOWN)
    assert not circles, "modules that import each other: " + "; ".join(
        " <-> ".join(sorted(pair)) for pair in sorted(circles, key=sorted)
    )


def test_the_known_circles_are_still_circles():
    """An allowance is removed once its circle is broken."""
    assert set(KNOWN) <= mutual_imports(import_graph())


def test_the_graph_sees_function_level_and_relative_imports(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("from .access import check\n")
    (package / "access.py").write_text("def check():\n    from app.models import Thing\n")
    (package / "views.py").write_text("from app import models\n")
    modules = {
        "app": package / "__init__.py",
        "app.models": package / "models.py",
        "app.access": package / "access.py",
        "app.views": package / "views.py",
    }
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert graph["app.models"] == {"app.access"}
    assert graph["app.access"] == {"app.models"}
    assert graph["app.views"] == {"app.models"}
    assert mutual_imports(graph) == {frozenset({"app.models", "app.access"})}


def test_the_graph_covers_the_apps():
    graph = import_graph()
    assert {"referrals.models", "referrals.access", "outbox.services", "config.rules"} <= set(graph)
    assert "referrals.access" in graph["referrals.models"]


def test_the_read_side_reaches_no_module_that_writes():
    graph = import_graph()
    writes = {name for name in graph if name.endswith(".services")} | WRITES
    reads = {name for name in graph if name.endswith(".queries")} | PURE
    assert reads <= set(graph) and len(reads) >= 14
    found = []
    for start in sorted(reads):
        seen, paths = {start}, [[start]]
        while paths:
            path = paths.pop()
            for target in sorted(graph[path[-1]] - seen):
                if target in writes:
                    found.append(" -> ".join([*path, target]))
                else:
                    seen.add(target)
                    paths.append([*path, target])
    assert not found, "the read side imports a write module: " + "; ".join(found)
