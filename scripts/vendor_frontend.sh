#!/usr/bin/env bash
# Re-vendors the compiled NHS.UK frontend (npm package nhsuk-frontend) under static/vendor/,
# and axe-core for the browser tests under tests/browser/vendor/. Run by hand when upgrading;
# the results are committed. The version has one home, NHSUK_FRONTEND_VERSION in
# config/settings.py: with no argument this re-vendors that version; given one
# (scripts/vendor_frontend.sh 10.7.0) it vendors that and writes it into config/settings.py and
# the import in static/js/site.mjs. Keep the nhsuk-frontend-jinja pin in pyproject.toml in step
# (its README lists the matching pairs). tests/test_frontend_version.py checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
SETTING_VERSION=$(sed -n 's/^NHSUK_FRONTEND_VERSION = "\([^"]*\)"$/\1/p' config/settings.py)
NHSUK_VERSION=${1:-$SETTING_VERSION}
AXE_VERSION=${2:-4.11.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "nhsuk-frontend@$NHSUK_VERSION" >/dev/null && tar xzf nhsuk-frontend-*.tgz)
dest=static/vendor/nhsuk-frontend-$NHSUK_VERSION
rm -rf static/vendor/nhsuk-frontend-*
mkdir -p "$dest"
dist=$work/package/dist/nhsuk
cp -r "$dist/assets" "$dest/assets"
# The compiled CSS loads the Frutiger web font from assets.nhs.uk, which is licensed for
# NHS.UK domains only (services elsewhere fall back to Arial): drop those @font-face rules.
# Asset URLs become relative to the CSS file, and source-map comments go (maps not shipped).
python3 - "$dist/nhsuk-frontend.min.css" "$dest/nhsuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1]).read()
css = re.sub(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}", "", css)
css = css.replace("url(/assets/", "url(assets/")
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
open(sys.argv[2], "w").write(css)
PY
sed 's|//# sourceMappingURL=.*$||' "$dist/nhsuk-frontend.min.js" > "$dest/nhsuk-frontend.min.js"
cat > "$dest/VENDORED.md" <<MD
# nhsuk-frontend $NHSUK_VERSION

Compiled CSS, JavaScript and assets from the npm package \`nhsuk-frontend@$NHSUK_VERSION\`
(https://github.com/nhsuk/nhsuk-frontend), re-created by \`scripts/vendor_frontend.sh\`.

Changes made when vendoring: the @font-face rules for the Frutiger web font (served from
assets.nhs.uk and licensed for NHS.UK domains only) are removed, so text uses the Arial
fallback; asset URLs are made relative; source-map comments are removed.

Licence: MIT, © NHS England (the package's licence, below). Documentation © NHS England,
Open Government Licence v3.0.

The MIT License (MIT)

Copyright (c) 2025 NHS England

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
MD

(cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar xzf "axe-core-$AXE_VERSION.tgz" --one-top-level=axe)
axe_dest=tests/browser/vendor
rm -rf "$axe_dest" && mkdir -p "$axe_dest"
cp "$work/axe/package/axe.min.js" "$axe_dest/axe.min.js"
cp "$work/axe/package/LICENSE" "$axe_dest/axe-core-LICENSE"
echo "axe-core $AXE_VERSION (npm), MPL-2.0: see axe-core-LICENSE" > "$axe_dest/README.md"
sed -i "s/^NHSUK_FRONTEND_VERSION = \".*\"$/NHSUK_FRONTEND_VERSION = \"$NHSUK_VERSION\"/" config/settings.py
sed -i "s|vendor/nhsuk-frontend-[^/]*/|vendor/nhsuk-frontend-$NHSUK_VERSION/|" static/js/site.mjs
echo "Vendored nhsuk-frontend $NHSUK_VERSION and axe-core $AXE_VERSION."
