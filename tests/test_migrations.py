"""The migrations were squashed to one per app (docs/architecture.md, "Migrations squashed"):
a new database gets the squashed ones, and a database that had applied the old chain takes
them as applied, with nothing left to do."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from config.health import pending_migrations

# The old chain, as it stood at db45d37, the last commit before the squash.
REPLACED = {
    "accounts": ["0001_initial", "0002_staff_groups", "0003_self_service"],
    "careers": [
        "0001_survey",
        "0002_equity",
        "0002_publication",
        "0003_merge_0002_equity_0002_publication",
        "0004_reports_stamp_the_map",
    ],
    "mentoring": [
        "0001_initial",
        "0002_members_guidance_community",
        "0002_one_list_of_regions",
        "0002_share_with_mentee",
        "0003_merge_20261201_1137",
    ],
    "pathways": [
        "0001_roles",
        "0002_pg_trgm",
        "0003_career_map",
        "0004_role_editor_permissions",
        "0005_funding_public",
        "0006_map_version",
        "0007_requirements",
        "0008_study_not_for",
        "0009_pay_years",
        "0010_map_stamps",
        "0011_row_stamps",
    ],
    "referrals": [
        "0001_initial",
        "0002_reference_sequence",
        "0003_decline_nonce_submission_key",
        "0003_one_list_of_regions",
        "0003_signpost_workshop",
        "0004_merge_20261201_1137",
    ],
    "support": ["0001_initial", "0002_resource_bumps_map_version", "0003_one_list_of_regions"],
}


def _squashed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: m for key, m in loader.disk_migrations.items() if m.replaces}


def test_each_app_has_one_squashed_migration_replacing_the_whole_old_chain():
    replaced = {app: sorted(name for _, name in m.replaces) for (app, _), m in _squashed().items()}
    assert replaced == REPLACED


def test_a_database_migrated_by_the_old_chain_has_nothing_left_to_do(db):
    recorder = MigrationRecorder(connection)
    for app, name in _squashed():
        recorder.record_unapplied(app, name)
        for old in REPLACED[app]:
            recorder.record_applied(app, old)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    # The squashed ones count as applied, so /readyz and `migrate --check` are content.
    applied = executor.loader.applied_migrations
    assert all(key in applied for key in _squashed())


def test_a_database_part_way_through_the_old_chain_is_not_ready(db, client):
    # Django leaves a squashed migration out of its plan when only some of what it replaces
    # is recorded, so `migrate` alone would do nothing here: /readyz says so instead.
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app="referrals").delete()
    recorder.record_applied("referrals", "0001_initial")
    assert sorted(pending_migrations()) == [
        "referrals.0001_squashed_0004_merge_20261201_1137",
        "referrals.0005_submission_attempts_in_the_one_limit",  # after it, so pending too
    ]
    response = client.get("/readyz")
    assert response.status_code == 503
