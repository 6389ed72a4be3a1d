#!/usr/bin/env bash
# Creates .venv and installs the pinned dependencies from pyproject.toml (and the dev ones).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Python 3.11 or newer is needed (found $("$PYTHON" --version))." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python - <<'PY' > .venv/requirements.txt
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["dev"]))
PY
# (This machine's pip config names local indexes that may be absent; hide those warnings.)
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r .venv/requirements.txt \
  2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
