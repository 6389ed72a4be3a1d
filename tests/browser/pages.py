"""Checks on what a page shows a person, shared by the browser tests."""

import re

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
