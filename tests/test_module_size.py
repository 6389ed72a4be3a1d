"""No Python module of the project outside migrations and demo data is over 700 lines: a module
that grows past that is split by what its parts hold (docs/architecture.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 700
# Not the project's own code, or data rather than code.
SKIPPED_PARTS = {".venv", "node_modules", "migrations", "vendor", ".pgdata", ".git", ".cache"}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS & set(relative.parts) or path.name == "demo.py":
            continue
        yield relative, path


def test_no_module_is_over_700_lines():
    found = list(modules())
    assert len(found) > 100  # the walk sees the project
    too_long = {
        str(relative): lines
        for relative, path in found
        if (lines := len(path.read_text().splitlines())) > LIMIT
    }
    assert not too_long, f"Modules over {LIMIT} lines: {too_long}"


def test_the_walk_counts_the_largest_modules():
    """The split modules are seen (a walk that missed a folder would pass without them)."""
    seen = {str(relative) for relative, _path in modules()}
    assert {"mentoring/models/matches.py", "referrals/services.py"} <= seen
    assert "mentoring/demo.py" not in seen
    assert not any("/migrations/" in name for name in seen)
