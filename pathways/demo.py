"""The career map's reference data (fixtures/pathways/career-map.json): real NHS roles,
entry routes, links, the two-year rule and pay bands. Idempotent."""

from pathways import services


def load(stdout=None):
    changes = services.reference_data_load_file()
    services.role_editors_grant_permissions()
    if stdout is not None:
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in changes.items())
        stdout.write(f"Career map loaded ({summary} changed).")
