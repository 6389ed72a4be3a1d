"""A data version for the career map, kept by the database itself.

Every statement that changes a career map table (admin edits, services, fixture loads, bulk
operations, raw SQL, TRUNCATE) bumps one row to a fresh value from a sequence, in the same
transaction. Pages cache rendered content under this version (pathways/pagecache.py). The
sequence never hands out a value twice, so a rolled-back change can never make an old version
come back with other data behind it."""

from django.db import migrations

TABLES = [
    "pathways_payband",
    "pathways_role",
    "pathways_rolesource",
    "pathways_startingpoint",
    "pathways_entryroute",
    "pathways_link",
    "pathways_waitingrule",
    "pathways_waitingrule_after_routes",
    "pathways_waitingrule_before_routes",
]

CREATE = """
CREATE SEQUENCE pathways_map_version_seq;
CREATE TABLE pathways_map_version (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO pathways_map_version (id, version) VALUES (1, nextval('pathways_map_version_seq'));
CREATE FUNCTION pathways_bump_map_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pathways_map_version (id, version)
    VALUES (1, nextval('pathways_map_version_seq'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;
"""

TRIGGER = """
CREATE TRIGGER pathways_map_version
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION pathways_bump_map_version();
"""

DROP = """
DROP FUNCTION pathways_bump_map_version() CASCADE;
DROP TABLE pathways_map_version;
DROP SEQUENCE pathways_map_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0005_funding_public"),
    ]

    operations = [
        migrations.RunSQL(
            CREATE + "".join(TRIGGER.format(table=table) for table in TABLES),
            DROP,
        ),
    ]
