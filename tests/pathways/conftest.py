import pytest

from pathways import services
from tests.world import rolled_back


def load_career_map():
    """The real reference data from fixtures/pathways/career-map.json."""
    services.reference_data_load_file()
    services.role_editors_grant_permissions()
    return services.FIXTURE


@pytest.fixture(scope="module")
def _module_career_map(django_db_setup, django_db_blocker):
    # Loading the map takes about 2,000 queries: a module loads it once, and each test's
    # changes are rolled back with the test's own savepoint.
    with rolled_back(django_db_blocker, load_career_map) as loaded:
        yield loaded


@pytest.fixture
def career_map(_module_career_map, db):
    """The real reference data from fixtures/pathways/career-map.json."""
    return _module_career_map
