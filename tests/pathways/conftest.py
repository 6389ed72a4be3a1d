import pytest

from pathways import services


@pytest.fixture
def career_map(db):
    """The real reference data from fixtures/pathways/career-map.json."""
    services.reference_data_load_file()
    services.role_editors_grant_permissions()
    return services.FIXTURE
