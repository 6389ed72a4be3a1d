import pytest
from django.contrib.contenttypes.models import ContentType

from pathways import services
from tests import snapshots
from tests.world import rolled_back


@pytest.fixture(scope="module")
def _module_career_map(career_map_copy, django_db_blocker):
    # Loading the map takes about 2,000 queries: the run loads it once (tests/snapshots.py), a
    # module copies it in, and each test's changes are rolled back with its own savepoint.
    def copy_in():
        snapshots.restore(career_map_copy)
        return services.FIXTURE

    with rolled_back(django_db_blocker, copy_in) as loaded:
        yield loaded
    ContentType.objects.clear_cache()  # its ids were the copy's


@pytest.fixture
def career_map(_module_career_map, db):
    """The real reference data from fixtures/pathways/career-map.json."""
    return _module_career_map
