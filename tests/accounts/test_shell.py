"""`manage.py shell` imports the project's models without a complaint about the history
models (accounts/management/commands/shell.py)."""

from io import StringIO

from django.core.management import call_command


def test_the_shell_imports_every_model_but_the_history_ones_without_a_warning(capsys, db):
    out, err = StringIO(), StringIO()
    call_command("shell", command="print(User, Referral)", stdout=out, stderr=err, verbosity=2)
    said = out.getvalue() + err.getvalue() + capsys.readouterr().out
    assert "could not be automatically imported" not in said
    assert "<class 'accounts.models.User'> <class 'referrals.models.Referral'>" in said
    assert "Historical" not in said
