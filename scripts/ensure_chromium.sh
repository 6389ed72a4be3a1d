#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
else
  echo "Browser tests need Debian's Chromium at $CHROMIUM." >&2
  echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM_PATH)" >&2
  exit 1
fi
