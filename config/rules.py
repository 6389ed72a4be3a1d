"""The one exception family for refusals: every app's services raise RuleBroken (or a subclass)
when the rules refuse a request, with a message written for the person who asked. Views turn it
into a form error on the same page, with the user's input kept."""


class RuleBroken(Exception):
    """A request that the rules refuse; `message` says why, for the person who asked. A
    refusal about one form field names it in `field` (config.actions.acted shows it there)."""

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
