"""The WCAG 2 contrast ratio of two colours, for tests that check text is readable."""


def luminance(hex_colour: str) -> float:
    """Relative luminance of a #rgb or #rrggbb colour."""
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    """The contrast ratio of two colours (1 to 21), whichever is the lighter; against white
    when only one is given."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
