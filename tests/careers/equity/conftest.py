"""Fixtures for the equity tests: files in each layout written to disk, and the demo's
generated figures imported through the same service as any upload."""

import csv

import pytest

from careers.equity import demo
from careers.equity.models import Programme
from tests.careers.equity.layouts import CLEARING_HOUSE, GENERIC, TARGETS, WORKFORCE  # noqa: F401


@pytest.fixture
def write_file(tmp_path):
    """write_file(header, rows, name=None) writes a CSV file and returns its path."""
    counter = {"n": 0}

    def write(header, rows, name=None):
        counter["n"] += 1
        path = tmp_path / (name or f"equity-{counter['n']}.csv")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def programme(db):
    return Programme.objects.create(**demo.PROGRAMME)


@pytest.fixture
def equity_world(equity_copy, db):
    """The demo's entry figures, staff by band, plan targets and recommendations, with a
    survey wave (for the pipeline) and the career-map roles: made once for the run and copied
    back in (tests/snapshots.py). The copy replaces every table, so it must come before any
    fixture that makes a user: test_views.py asks for it first, with `usefixtures`."""
    from accounts.models import User
    from tests import snapshots

    assert not User.objects.exists(), "equity_world comes before fixtures that make users"
    snapshots.restore(equity_copy)
    return Programme.objects.get(slug="clinical-psychology")
