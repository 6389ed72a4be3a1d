from django.db import migrations


class Migration(migrations.Migration):
    """References come from their own PostgreSQL sequence: unique however many referrals
    arrive at once, and known before the row is written (for the confirmation email)."""

    dependencies = [("referrals", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS referrals_reference_seq START WITH 10001",
            "DROP SEQUENCE IF EXISTS referrals_reference_seq",
        ),
    ]
