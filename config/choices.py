"""Reading the (value, label) choice lists of every app's vocabulary (plain Python, no Django)."""

from collections.abc import Iterable


def label(choices: Iterable[tuple[str, str]], value: str) -> str:
    """The label of `value` in `choices`, or the value itself when it is not one of them."""
    return dict(choices).get(value, value)


def labels(choices: Iterable[tuple[str, str]], values: Iterable[str]) -> list[str]:
    names = dict(choices)
    return [names.get(value, value) for value in values]
