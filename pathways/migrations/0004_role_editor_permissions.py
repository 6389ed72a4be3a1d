"""Role editors (and superusers) maintain the career map in the admin: the group gets every
permission on the pathways models."""

from django.db import migrations

ROLE_EDITORS = "Role editors"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now.
    app_config = apps.get_app_config("pathways")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ROLE_EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="pathways"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ROLE_EDITORS).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pathways"))


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0003_career_map"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
