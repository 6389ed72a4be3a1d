"""The one action pattern, shared by every app's views: a form, one service call with explicit
keyword arguments, and a message; a refusal from the service (config.rules.RuleBroken) comes
back as an error on the same form, with what the person typed kept."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

from config.rules import RuleBroken

# A form page: shown (GET, HEAD), then sent (POST).
GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def posted(request: HttpRequest):
    """A form's data: what was posted, or None for a GET (so an empty POST is still bound,
    and a form without fields, such as a confirmation, validates)."""
    return request.POST if request.method == "POST" else None


def show_refusal(form, refusal: RuleBroken, *, field: str | None = None) -> None:
    """The refusal, and each of the others it carries, as errors on `form`: on the field it
    names (its `field`), else on `field`, else on the whole form."""
    for each in refusal.each():
        form.add_error(each.field or field, each.message)


def acted(
    request: HttpRequest,
    form,
    run: Callable[[dict], Any],
    *,
    done: str | Callable[[Any], str],
    field: str | None = None,
):
    """A valid POST calls the service through `run(cleaned_data)`; success shows `done` (or
    `done(record)`, when it answers a message) and answers the record the service wrote, for
    the caller to redirect. A refusal, and each of the others it carries, becomes an error on
    the field it names (its `field`), else on `field`, else on the whole form, and None is
    answered: the caller shows the form again, with what the person typed kept."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        record = run(form.cleaned_data)
    except RuleBroken as refusal:
        show_refusal(form, refusal, field=field)
        return None
    message = done(record) if callable(done) else done
    if message:
        messages.success(request, message)
    return record
