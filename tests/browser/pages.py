"""Helpers for the browser tests: axe-core run on the current page, and signing in."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """Run axe-core (WCAG 2.2 A and AA rules) on the current page; return serious and
    critical violations."""
    # evaluate() is not subject to the page's Content-Security-Policy, unlike a script tag.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "wcag22aa", "best-practice"]}
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
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
