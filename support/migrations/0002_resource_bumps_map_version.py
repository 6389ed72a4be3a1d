"""Role pages of the career map are cached under the map's data version (pathways/pagecache.py)
and list the resources tagged with the role (templates/support/_role_resources.jinja). So a
change to the resource library bumps that version too, with the same statement-level trigger
function the career map's own tables use: an edited resource shows on the next request."""

from django.db import migrations

CREATE = """
CREATE TRIGGER support_resource_map_version
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON support_resource
FOR EACH STATEMENT EXECUTE FUNCTION pathways_bump_map_version();
"""
DROP = "DROP TRIGGER IF EXISTS support_resource_map_version ON support_resource;"


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("pathways", "0006_map_version"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
