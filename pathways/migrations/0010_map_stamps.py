"""What each change to the career map touched, kept by the database itself (pathways/cache.py).

Migration 0006 gave the map one data version, bumped by every statement on a map table. A
cached page under that version is thrown away by any edit anywhere on the map, so every role
editor's save made the next visitors of every page wait for a full re-render. This adds stamps:
`pathways_map_stamp` holds, for each thing a page can depend on, the version of the last change
to it:

- `role:<id>`: the role's row, its sources, its own requirements and gains, every link into
  or out of it (a link stamps both ends), and its neighbours' rows (their names, bands and
  status show on its page);
- `route:<id>`: an entry route's row and its requirements (and their options);
- `table:<name>`: any statement on that table (every map table, and support_resource);
- `directory`: a role column the directory shows, filters or searches on;
- `graph`: anything the route graph reads (pathways/queries.build_graph), which is every map
  table except a role's own prose, its sources, slug history and search synonyms;
- `*`: a TRUNCATE of any of them.

A cached entry records the version it was built at (read before its data) and its stamps; it
is current while none of its stamps is newer. For that comparison to be safe the versions must
grow in commit order, so the bump now takes the version row's lock before it draws the next
value (0006 drew it first and could, under concurrent writers, leave the row lower than a value
another transaction had already stamped).
"""

from django.db import migrations

# What the directory shows, filters and searches on (search_vector is made from name,
# also_known_as, summary and work).
DIRECTORY_COLUMNS = ("slug", "name", "also_known_as", "summary", "work", "status",
                     "profession_group", "band_min_id", "band_max_id", "other_pay", "settings",
                     "regulator")  # fmt: skip

GRAPH_FREE = ("pathways_role", "pathways_rolesource", "pathways_slughistory",
              "pathways_searchsynonym", "support_resource")  # fmt: skip

FUNCTIONS = """
CREATE TABLE pathways_map_stamp (
    key text PRIMARY KEY,
    version bigint NOT NULL
);

CREATE FUNCTION pathways_next_map_version() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM 1 FROM pathways_map_version WHERE id = 1 FOR UPDATE;
    v := nextval('pathways_map_version_seq');
    INSERT INTO pathways_map_version (id, version) VALUES (1, v)
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN v;
END
$$;

CREATE FUNCTION pathways_stamp(keys text[], v bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO pathways_map_stamp (key, version)
    SELECT DISTINCT k, v FROM unnest(keys) AS k WHERE k IS NOT NULL
    ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version;
$$;

-- The statement-level trigger every map table (and support_resource) already has.
CREATE OR REPLACE FUNCTION pathways_bump_map_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint := pathways_next_map_version();
BEGIN
    PERFORM pathways_stamp(ARRAY['table:' || TG_TABLE_NAME], v);
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pathways_stamp(ARRAY['*'], v);
    ELSIF TG_TABLE_NAME NOT IN ({graph_free}) THEN
        PERFORM pathways_stamp(ARRAY['graph'], v);
    END IF;
    RETURN NULL;
END
$$;

-- Row-identity stamps from the statement's transition tables. TG_ARGV[0] is a query over
-- the relation named `changed` giving the keys one changed row touches.
CREATE FUNCTION pathways_stamp_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint := pathways_next_map_version();
    q text := TG_ARGV[0];
    keys text[];
    rel text;
BEGIN
    FOREACH rel IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows']
        WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['old_rows', 'new_rows'] END
    LOOP
        EXECUTE 'SELECT array_agg(k) FROM (' || replace(q, 'changed', rel) || ') AS s(k)'
        INTO keys;
        PERFORM pathways_stamp(keys, v);
    END LOOP;
    -- Nested, so the role queries are only planned for the role table.
    IF TG_TABLE_NAME = 'pathways_role' THEN
        IF TG_OP <> 'UPDATE' THEN
            PERFORM pathways_stamp(ARRAY['graph', 'directory'], v);
        ELSE
            IF EXISTS (
                SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                WHERE o.id IS NULL OR n.id IS NULL
                   OR (o.slug, o.name, o.profession_group, o.status)
                      IS DISTINCT FROM (n.slug, n.name, n.profession_group, n.status)
            ) THEN
                PERFORM pathways_stamp(ARRAY['graph'], v);
            END IF;
            IF EXISTS (
                SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                WHERE o.id IS NULL OR n.id IS NULL
                   OR ({directory_old}) IS DISTINCT FROM ({directory_new})
            ) THEN
                PERFORM pathways_stamp(ARRAY['directory'], v);
            END IF;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
"""

ROWS = {
    # A role's name, band and status show on its neighbours' pages: stamp them too.
    "pathways_role": (
        "SELECT 'role:' || id FROM changed"
        " UNION ALL SELECT 'role:' || l.to_role_id FROM changed c"
        " JOIN pathways_link l ON l.from_role_id = c.id"
        " UNION ALL SELECT 'role:' || l.from_role_id FROM changed c"
        " JOIN pathways_link l ON l.to_role_id = c.id"
    ),
    "pathways_rolesource": "SELECT 'role:' || role_id FROM changed",
    "pathways_link": (
        "SELECT 'role:' || from_role_id FROM changed"
        " UNION ALL SELECT 'role:' || to_role_id FROM changed"
        " UNION ALL SELECT 'route:' || entry_route_id FROM changed"
    ),
    "pathways_requirement": (
        "SELECT 'role:' || role_id FROM changed"
        " UNION ALL SELECT 'route:' || entry_route_id FROM changed"
    ),
    "pathways_requirementoption": (
        "SELECT 'role:' || r.role_id FROM changed o"
        " JOIN pathways_requirement r ON r.id = o.requirement_id"
        " UNION ALL SELECT 'route:' || r.entry_route_id FROM changed o"
        " JOIN pathways_requirement r ON r.id = o.requirement_id"
    ),
    "pathways_gain": (
        "SELECT 'role:' || role_id FROM changed"
        " UNION ALL SELECT 'route:' || entry_route_id FROM changed"
    ),
    "pathways_entryroute": "SELECT 'route:' || id FROM changed",
}

TRIGGERS = """
CREATE TRIGGER pathways_map_stamp_insert AFTER INSERT ON {table}
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION pathways_stamp_rows({query});
CREATE TRIGGER pathways_map_stamp_update AFTER UPDATE ON {table}
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION pathways_stamp_rows({query});
CREATE TRIGGER pathways_map_stamp_delete AFTER DELETE ON {table}
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION pathways_stamp_rows({query});
"""

UNTRIGGERS = """
DROP TRIGGER IF EXISTS pathways_map_stamp_insert ON {table};
DROP TRIGGER IF EXISTS pathways_map_stamp_update ON {table};
DROP TRIGGER IF EXISTS pathways_map_stamp_delete ON {table};
"""

# 0006's function, for going back.
OLD_BUMP = """
CREATE OR REPLACE FUNCTION pathways_bump_map_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pathways_map_version (id, version)
    VALUES (1, nextval('pathways_map_version_seq'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;
"""

REVERSE = (
    "".join(UNTRIGGERS.format(table=table) for table in ROWS)
    + OLD_BUMP
    + """
DROP FUNCTION pathways_stamp_rows();
DROP FUNCTION pathways_stamp(text[], bigint);
DROP FUNCTION pathways_next_map_version();
DROP TABLE pathways_map_stamp;
"""
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


FORWARD = FUNCTIONS.format(
    graph_free=", ".join(_quote(t) for t in GRAPH_FREE),
    directory_old=", ".join(f"o.{c}" for c in DIRECTORY_COLUMNS),
    directory_new=", ".join(f"n.{c}" for c in DIRECTORY_COLUMNS),
) + "".join(
    TRIGGERS.format(table=table, query=_quote(query)) for table, query in ROWS.items()
)


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0009_pay_years"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
