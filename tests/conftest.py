import uuid

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import person

# One Hypothesis profile for the whole suite, loaded before any test module: no example
# database in the worktree, a failure prints the blob that reproduces it, and no example is
# timed (the deadline and the too-slow check would fail a test on a slow hour; speed is measured
# in bench/).
settings.register_profile(
    "portal",
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("portal")


@pytest.fixture
def member(db):
    """A signed-in user with no staff role."""
    return person("member")


@pytest.fixture
def careers_staff(db):
    return person("careers_staff")


@pytest.fixture
def scheme_leader(db):
    return person("scheme_leader")


@pytest.fixture
def role_editor(db):
    return person("role_editor")


@pytest.fixture
def survey_analyst(db):
    return person("survey_analyst")


@pytest.fixture
def superuser(db):
    return person("superuser")


@pytest.fixture
def client_for(client):
    """client_for(user) gives the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database, copied from a template migrated once and kept between runs while the
    migrations are unchanged (tests/databases.py)."""
    from tests import databases

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    databases.empty_tables_by_delete()
    with django_db_blocker.unblock():
        old_name = databases.create(worker)
    yield
    with django_db_blocker.unblock():
        try:
            databases.destroy(old_name)
        except Exception as error:  # noqa: BLE001 - as pytest-django: a warning, not a failure
            # As pytest-django does; the next run drops what is left.
            request.node.warn(pytest.PytestWarning(f"Test database not dropped: {error!r}"))


def pytest_configure(config):
    # One id for the whole run, which pytest-xdist hands to its workers (the demo's copy,
    # tests/snapshots.py, is named after it).
    if getattr(config, "workerinput", None) is None and not getattr(
        config.option, "testrunuid", None
    ):
        config.option.testrunuid = uuid.uuid4().hex


def _run_id(config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return workerinput["testrunuid"] if workerinput else config.option.testrunuid


def pytest_unconfigure(config):
    if getattr(config, "workerinput", None) is None and getattr(config.option, "testrunuid", None):
        from tests import snapshots

        snapshots.remove(config.option.testrunuid)


def _copy(request, django_db_blocker, name):
    from tests import snapshots

    with django_db_blocker.unblock():
        return snapshots.snapshot(_run_id(request.config), name)


# The run's copies (tests/snapshots.py), session fixtures so that they are made before any
# test's own transaction begins; `snapshots.restore(copy)` puts one in the database.
@pytest.fixture(scope="session")
def demo_copy(request, django_db_setup, django_db_blocker):
    """The whole demo, as `manage.py load_demo` leaves it."""
    return _copy(request, django_db_blocker, "demo")


@pytest.fixture(scope="session")
def career_map_copy(request, django_db_setup, django_db_blocker):
    """The career map's reference data (fixtures/pathways/career-map.json), as
    `pathways.services.reference_data_load_file` and the role editors' grants leave it."""
    return _copy(request, django_db_blocker, "career-map")


@pytest.fixture(scope="session")
def world_copy(request, django_db_setup, django_db_blocker):
    """The cross-app tests' world (tests/world.py), with its objects as `.made`."""
    return _copy(request, django_db_blocker, "world")


@pytest.fixture(scope="session")
def equity_copy(request, django_db_setup, django_db_blocker):
    """The equity tests' figures, a published survey wave and its roles (tests/snapshots.py)."""
    return _copy(request, django_db_blocker, "equity")


@pytest.fixture
def whole_demo(demo_copy, db):
    """The database holds the whole demo as `manage.py load_demo` leaves it, loaded once for the
    run and copied back in (tests/snapshots.py): committed in a test with real transactions,
    rolled back with the test otherwise."""
    from django.contrib.contenttypes.models import ContentType

    from tests import snapshots

    snapshots.restore(demo_copy)
    yield
    ContentType.objects.clear_cache()
