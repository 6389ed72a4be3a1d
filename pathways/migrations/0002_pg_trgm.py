from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_roles")]

    operations = [TrigramExtension()]
