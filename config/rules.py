"""The one exception family for refusals: every app's services raise RuleBroken (or a subclass)
when the rules refuse a request, with a message written for the person who asked. Views turn it
into a form error on the same page, with the user's input kept."""

from __future__ import annotations

from collections.abc import Sequence


class RuleBroken(Exception):
    """A request that the rules refuse; `message` says why, for the person who asked. A
    refusal about one form field names it in `field` (config.actions.acted shows it there).
    `also` holds the other refusals of the same request, so that a form shows every problem
    at once (`refuse_all`)."""

    field: str | None = None

    def __init__(
        self, message: str = "", *, field: str | None = None, also: Sequence[RuleBroken] = ()
    ):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
        self.also = tuple(also)

    def each(self) -> list[RuleBroken]:
        """This refusal and the others of the same request, in order."""
        return [self, *self.also]


class RateLimited(RuleBroken):
    """Too many requests of one kind from one client (network address) in the window: refused,
    and the person is told. It depends only on the client's own use, so it tells them nothing
    about anyone else. Public referrals and the account pages raise it."""


def refuse_all(refusals: Sequence[RuleBroken]) -> None:
    """Refuse with every one of `refusals`, if there are any: the first is raised, carrying
    the rest."""
    if refusals:
        first, *rest = refusals
        first.also = tuple(rest)
        raise first
