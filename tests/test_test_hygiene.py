"""Habits of the test suite itself: helpers live in ordinary modules (not in conftest.py, not in
another test module), every query-count assertion also checks the response's status and
content (a 404 costs few queries too), and no Hypothesis test times its examples."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
QUERY_COUNTERS = {"django_assert_num_queries", "django_assert_max_num_queries"}


def modules():
    return [path for path in TESTS.rglob("*.py") if "vendor" not in path.parts]


def test_no_module_imports_from_a_conftest():
    offenders = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
                offenders.append(f"{path.relative_to(TESTS)}: from {node.module}")
    assert not offenders, offenders


def imported_modules(node) -> list[str]:
    """The modules an import statement names: `from a.b import c` names a.b and a.b.c (c may
    be a module), `import a.b` names a.b."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def test_no_module_imports_from_a_test_module():
    """Helpers two test files share live in an ordinary module (tests/factories.py,
    tests/servers.py, tests/url_patterns.py, ...), never in a test_*.py file."""
    offenders = []
    for path in modules():
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            names = [name.split(".") for name in imported_modules(node)]
            if any(parts[0] == "tests" and parts[-1].startswith("test_") for parts in names):
                statement = " ".join(ast.get_source_segment(source, node).split())
                offenders.append(f"{path.relative_to(TESTS)}:{node.lineno}: {statement}")
    assert not offenders, "import helpers from an ordinary module, not a test module: " + ", ".join(
        offenders
    )


def test_query_count_tests_also_check_the_page_they_count():
    offenders = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            if names & QUERY_COUNTERS and "assert_page" not in names:
                offenders.append(f"{path.relative_to(TESTS)}::{node.name}")
    assert not offenders, "count queries and assert_page() the response: " + ", ".join(offenders)


def test_no_hypothesis_test_times_its_examples():
    """The suite's one Hypothesis profile (tests/conftest.py) is the default for every test: no
    deadline, no too-slow check (a slow hour on the host would fail them; speed is bench/'s)."""
    from hypothesis import HealthCheck, settings

    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    assert settings.default.database is None
