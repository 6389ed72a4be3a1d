"""The NHS.UK frontend version has one home (NHSUK_FRONTEND_VERSION in config/settings.py), and
the vendored folder, the vendoring script and the site's JavaScript agree with it."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
VERSION = settings.NHSUK_FRONTEND_VERSION


def test_the_one_vendored_folder_is_the_settings_version():
    folders = sorted(p.name for p in (ROOT / "static/vendor").glob("nhsuk-frontend-*"))
    assert folders == [f"nhsuk-frontend-{VERSION}"]
    vendored = ROOT / "static/vendor" / folders[0]
    assert (vendored / "VENDORED.md").read_text().splitlines()[0] == f"# nhsuk-frontend {VERSION}"
    assert (vendored / "nhsuk-frontend.min.css").exists()


def test_the_vendoring_script_reads_the_version_from_settings():
    script = (ROOT / "scripts/vendor_frontend.sh").read_text()
    assert VERSION not in script, "the script must not keep its own copy of the version"
    line = next(line for line in script.splitlines() if line.startswith("SETTING_VERSION="))
    result = subprocess.run(
        ["bash", "-c", f'{line}\necho "$SETTING_VERSION"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == VERSION


def test_the_site_script_imports_the_vendored_version():
    imports = re.findall(
        r"vendor/nhsuk-frontend-([^/]+)/", (ROOT / "static/js/site.mjs").read_text()
    )
    assert imports == [VERSION]
