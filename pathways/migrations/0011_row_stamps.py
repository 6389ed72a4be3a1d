"""A stamp for what the directory shows of one role: `row:<id>`.

Migration 0010's `role:<id>` stamps a role's page: its row, sources and requirements, and
also its neighbours' rows, whose names show on it. The directory shows less: a role's own row
and its flags (reached straight from a starting point, a salaried way in), which depend on the
links into it. After an edit it asked again about every role whose `role:` stamp moved, so one
edit to a role with ten links made it read ten roles' rows, and a page holding any of them was
rendered again. `row:<id>` moves only with the role's own row and the links into it.

It also indexes the stamps by version: every page after an edit asks which stamps moved since
the version it was built at, and that read scanned the whole table.
"""

from importlib import import_module

from django.db import migrations

stamps = import_module("pathways.migrations.0010_map_stamps")

NEW = {
    "pathways_role": stamps.ROWS["pathways_role"] + " UNION ALL SELECT 'row:' || id FROM changed",
    "pathways_link": stamps.ROWS["pathways_link"]
    + " UNION ALL SELECT 'row:' || to_role_id FROM changed",
}


def _triggers(rows: dict) -> str:
    return "".join(
        stamps.UNTRIGGERS.format(table=table)
        + stamps.TRIGGERS.format(table=table, query=stamps._quote(query))
        for table, query in rows.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0010_map_stamps"),
    ]

    operations = [
        migrations.RunSQL(
            _triggers(NEW), _triggers({table: stamps.ROWS[table] for table in NEW})
        ),
        migrations.RunSQL(
            "CREATE INDEX pathways_map_stamp_version ON pathways_map_stamp (version)",
            "DROP INDEX pathways_map_stamp_version",
        ),
    ]
