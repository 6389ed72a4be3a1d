"""The career map's role pages show the latest published wave's share of graduates aspiring to
the role (careers.queries.role_aspiration_share). They are cached under the map's stamps
(pathways/cache.py, pathways migration 0010), so a statement on what that share reads, the
waves and their stored reports, moves a `table:<name>` stamp of its own: a role page built
before a wave is published, withdrawn or previewed again is rebuilt on its next request, and
no request has to ask careers which report is current. These stamps move nothing else (not
`graph`): the route graph and the directory do not read careers data."""

from django.db import migrations

CREATE = """
CREATE FUNCTION careers_stamp_map() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pathways_stamp(ARRAY['table:' || TG_TABLE_NAME], pathways_next_map_version());
    RETURN NULL;
END
$$;
CREATE TRIGGER careers_wave_map_stamp
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON careers_wave
FOR EACH STATEMENT EXECUTE FUNCTION careers_stamp_map();
CREATE TRIGGER careers_publishedreport_map_stamp
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON careers_publishedreport
FOR EACH STATEMENT EXECUTE FUNCTION careers_stamp_map();
"""
DROP = """
DROP TRIGGER IF EXISTS careers_wave_map_stamp ON careers_wave;
DROP TRIGGER IF EXISTS careers_publishedreport_map_stamp ON careers_publishedreport;
DROP FUNCTION IF EXISTS careers_stamp_map();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_merge_0002_equity_0002_publication"),
        ("pathways", "0011_row_stamps"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
