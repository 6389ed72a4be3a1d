"""Text on every career map SVG has at least 4.5:1 contrast, computed from the rendered SVG and
the stylesheet that styles it (static/css/pathways.css), in every state a box can be in: as
drawn, pointed at (hover) and focused."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.contrast import contrast

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "pathways.css"
STATES = (None, "hover", "focus")


def test_contrast_formula_matches_wcag_examples():
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert 6 < contrast("#ffffff", "#005eb8") < 7
    # The mini-map's current-role box before the fix: dark text on NHS blue.
    assert round(contrast("#212b32", "#005eb8"), 2) == 2.26


class Rules:
    """The `fill` declarations of pathways.css, with enough of the cascade for these selectors:
    a compound of classes (and one pseudo-class), optionally followed by an element name."""

    def __init__(self, text):
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", "", text)  # print/phone
        self.rules = []
        for order, (selectors, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*)\}", text)):
            fill = re.search(r"(?:^|;)\s*fill:\s*(#[0-9a-fA-F]{3,6})", body)
            if not fill:
                continue
            for selector in selectors.split(","):
                parts = selector.split()
                if not parts:
                    continue
                tag = parts[-1] if len(parts) == 2 else None
                compound = parts[0]
                classes = re.findall(r"\.([\w-]+)", compound)
                pseudo = re.findall(r":(?!not)([\w-]+)", compound)
                specificity = (len(classes) + len(pseudo), 1 if tag else 0)
                self.rules.append((specificity, order, classes, pseudo, tag, fill.group(1)))

    def fill(self, classes, tag, state, own_classes=()):
        """The fill of a `tag` element inside an element with `classes` (or, with no tag
        rule matching, of an element whose own classes are `own_classes`)."""
        best = None
        for specificity, order, rule_classes, pseudo, rule_tag, fill in self.rules:
            if any(p != state for p in pseudo):
                continue
            if rule_tag is not None:
                if rule_tag != tag or not set(rule_classes) <= set(classes):
                    continue
            elif not (rule_classes and set(rule_classes) <= set(own_classes)):
                continue
            key = (specificity, order)
            if best is None or key > best[0]:
                best = (key, fill)
        return best[1] if best else None


class SvgTexts(HTMLParser):
    """Every <text> in the page's SVGs, with the classes of the box around it (if any)."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs.get("class", "").split()))
        if tag == "text":
            node = next((c for t, c in reversed(self.stack) if "app-map__node" in c), None)
            in_svg = any(t == "svg" for t, _ in self.stack)
            self.texts.append((in_svg, node, attrs.get("class", "").split()))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def text_contrasts(html):
    rules = Rules(CSS.read_text(encoding="utf-8"))
    lane_fills = [
        rules.fill((), None, None, own_classes=["app-map__lane", f"app-map__lane--{i}"])
        for i in (0, 1)
    ]
    parser = SvgTexts()
    parser.feed(html)
    results = []
    for in_svg, node, own in parser.texts:
        if not in_svg:
            continue
        for state in STATES:
            if node is not None:
                text = rules.fill(node, "text", state)
                box = rules.fill(node, "rect", state)
                results.append((" ".join(node), state, contrast(text, box)))
            else:
                text = rules.fill((), None, None, own_classes=own)
                for background in [*lane_fills, "#ffffff"]:
                    results.append((" ".join(own), "label", contrast(text, background)))
                break
    return results


PAGES = [
    "/pathways/map/",
    "/pathways/map/?from=other-graduate&to=clinical-psychologist",
    "/pathways/roles/clinical-psychologist/",
    "/pathways/roles/psychological-wellbeing-practitioner/",
    "/pathways/routes/?from=psychology-graduate&to=cbt-therapist",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_svg_text_has_at_least_4_5_to_1_contrast(client, career_map, url):
    response = client.get(url)
    assert response.status_code == 200
    results = text_contrasts(response.content.decode())
    assert len(results) > 10
    failing = [r for r in results if r[2] < 4.5]
    assert failing == []


def test_the_current_role_box_is_white_on_blue(client, career_map):
    html = client.get("/pathways/roles/clinical-psychologist/").content.decode()
    current = [r for r in text_contrasts(html) if "app-map__node--current" in r[0]]
    assert {state for _, state, _ in current} == set(STATES)
    assert min(ratio for _, _, ratio in current) >= 4.5
    drawn = next(ratio for _, state, ratio in current if state is None)
    assert round(drawn, 2) == round(contrast("#ffffff", "#005eb8"), 2)


def test_the_checker_catches_the_old_stylesheet():
    """With the rules in the order they were (the plain text rule after the current-role
    rule), the current box is dark text on blue: 2.26:1."""
    old = """
    .app-map__node rect { fill: #ffffff; }
    .app-map__node--current rect { fill: #005eb8; }
    .app-map__node--current text { fill: #ffffff; }
    .app-map__node text { fill: #212b32; }
    """
    rules = Rules(old)
    classes = ["app-map__node", "app-map__node--current"]
    ratio = contrast(rules.fill(classes, "text", None), rules.fill(classes, "rect", None))
    assert round(ratio, 2) == 2.26
