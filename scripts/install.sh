#!/usr/bin/env bash
# Creates .venv and installs the locked dependencies, every package (direct and indirect)
# pinned with its hashes: requirements-dev.lock, the application's and the developers' tools
# (LOCK=requirements.lock for the application's alone, as the Dockerfile does).
# Both are generated from pyproject.toml by `make lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
LOCK=${LOCK:-requirements-dev.lock}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Python 3.11 or newer is needed (found $("$PYTHON" --version))." >&2; exit 1; }
"$PYTHON" scripts/check_lock.py
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# (This machine's pip config names local indexes that may be absent; hide those warnings.)
pip_install() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes "$@" \
    2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
}
if grep -q '^uv==' "$LOCK"; then
  # The developers' lock holds uv: pip installs uv alone, checked against its hashes in the lock,
  # and uv installs the whole lock, with the same check, in a fifth of pip's time. (Python
  # compiles the modules it imports on first use, about 2,300 of the 7,400 files.)
  "$PYTHON" scripts/check_lock.py --requirement uv "$LOCK" > .venv/uv-requirement.txt
  pip_install -r .venv/uv-requirement.txt
  .venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes -r "$LOCK"
else
  pip_install -r "$LOCK"
fi
