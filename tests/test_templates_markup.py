"""HTML reaches NHS components through one reviewed path, `markup()` (config/jinja2.py): a
fixed fragment with its values escaped. Gluing a tag to a value with `~` escapes the tag and
prints it as text (the bug this guards against), so no template may do it."""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines

from config.jinja2 import markup

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A string literal holding a tag, joined to something else with `~`.
GLUED_TAG = re.compile(r"""(["'])[^"'\n]*</?[a-z][^"'\n]*\1\s*~|~\s*(["'])[^"'\n]*</?[a-z]""")


def test_no_template_glues_html_tags_to_values_with_tilde():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES.rglob("*.jinja")
        if "nhsuk" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if GLUED_TAG.search(line)
    ]
    assert not offenders, "Use markup() for HTML with values:\n" + "\n".join(offenders)


def test_markup_keeps_the_fragment_and_escapes_the_values():
    result = markup("<strong>{}</strong> {who}", "<script>", who="A & B")
    assert str(result) == "<strong>&lt;script&gt;</strong> A &amp; B"


def test_a_panel_given_markup_shows_the_tags_as_markup_not_text():
    template = engines["jinja2"].from_string(
        '{% from "nhsuk/components/panel/macro.jinja" import panel %}'
        '{{ panel({"titleText": "Sent", "html": markup("Ref<br><strong>{}</strong>", ref)}) }}'
    )
    html = template.render({"ref": "CS-1<b>"})
    assert "Ref<br><strong>CS-1&lt;b&gt;</strong>" in html


# A macro call's output (`...})` or `...)`) piped into `replace`: string surgery on rendered
# HTML, which breaks silently when the macro's markup changes (issue 16). Call the macro with
# the values instead.
REPLACE_ON_MARKUP = re.compile(r"\)\s*\|\s*replace\(")


def test_no_template_edits_a_macros_rendered_markup():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES.rglob("*.jinja")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if REPLACE_ON_MARKUP.search(line)
    ]
    assert not offenders, "Call the macro with the values instead:\n" + "\n".join(offenders)
