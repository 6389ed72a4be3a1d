"""Helpers for the browser tests: axe-core run on the current page, signing in, and checks on
what a page shows a person."""

import re
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """Run axe-core (WCAG 2.2 A and AA rules) on the current page; return serious and
    critical violations."""
    # evaluate() is not subject to the page's Content-Security-Policy, unlike a script tag.
    page.evaluate(AXE_SOURCE)
    # resultTypes: every rule still runs on every node and every violation is reported in
    # full; only the passes and the rest (which nothing reads) stop at one node each, so axe
    # does not build a selector for each of the thousands of nodes that pass on a big report
    # page (about three times faster there).
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "wcag22aa", "best-practice"]},
            resultTypes: ["violations"]
        })"""
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page):
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe found problems on {page.url}:\n" + "\n".join(summary)


def sign_in(page, email, password):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page.get_by_role("button", name="Sign in"))


def fieldset(page, legend):
    """The fieldset whose legend has the text `legend`, to pick a checkbox or radio inside it."""
    return page.locator("fieldset", has=page.locator("legend", has_text=legend))


def fill_in_mentee_basics(page):
    """Fill in who a mentee applicant is on the mentoring application form: a graduate
    society member in clinical psychology in London (the topics and goals are left to the
    test)."""
    page.get_by_label("Membership number").fill("M123456")
    page.get_by_label("Membership grade").select_option("graduate")
    page.get_by_label("Graduate or assistant, before training").check()
    page.get_by_label("Field or specialism").select_option("clinical_psychology")
    page.get_by_label("Region you work in").select_option("london")


def follow(locator):
    """Click a link or a submit button and wait for the page it loads.

    A click returns as soon as the browser has it, so reading the page straight after can
    still see the old page, or a blank one while the new one arrives."""
    with locator.page.expect_navigation():
        locator.click()


# A tag or an escaped entity in the visible text is markup that was meant for the browser.
MARKUP_AS_TEXT = re.compile(
    r"</?(?:a|b|br|p|h[1-6]|div|span|strong|em|ul|ol|li|table|tr|td|th|svg|code|i)\b[^>]*>"
    r"|&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-fA-F]+);",
    re.IGNORECASE,
)


def markup_as_text(page) -> str:
    """The visible text around the first tag or entity printed as text ("" if none)."""
    text = page.evaluate("document.body.innerText")
    found = MARKUP_AS_TEXT.search(text)
    if not found:
        return ""
    return text[max(found.start() - 40, 0) : found.end() + 40]
