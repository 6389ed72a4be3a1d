"""Habits of the test suite itself: helpers live in ordinary modules, and every query-count
assertion also checks the response's status and content (a 404 costs few queries too)."""

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
