"""The Jinja2 environment: our templates first, then the NHS design system's macros."""

import hashlib
import os
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
)
from markupsafe import Markup

from config.components import component_html
from config.fasttable import table as fast_table
from config.fields import field_html, field_params


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def querystring(request, **changes):
    """The current query string with some parameters changed (None removes one): for
    pagination and filter links that keep every other part of a bookmarkable list."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None and value != "":
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def format_date(value, pattern="j F Y"):
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, pattern)


def error_list(*forms_):
    """Error-summary items for one or more forms, each linking to its field."""
    items = []
    for form in forms_:
        if not form or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-form"})
        for bound_field in form:
            for error in bound_field.errors:
                # The first checkbox or radio carries the field's own id (idPrefix).
                items.append({"text": str(error), "href": f"#{bound_field.auto_id}"})
    return items


def markup(template: str, *args, **kwargs) -> Markup:
    """The one reviewed path for HTML handed to an NHS component's "html" parameter: a fixed
    fragment written in the template, with every value escaped as it is put in.
    (Concatenating with `~` escapes the fragment itself and prints the tags as text.)"""
    return Markup(template).format(*args, **kwargs)  # noqa: S704 - literal fragment, values escaped


def prose(text: str) -> Markup:
    """Long text people wrote (a scheme's guidance, a community post) as HTML: a blank line
    starts a new paragraph, lines starting with "- " or "* " make a bulleted list, and other
    line breaks are kept. Everything written is escaped (through `markup()`): no HTML of the
    writer's reaches the page."""
    blocks = []
    for chunk in str(text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "* ") for line in lines):
            items = Markup("").join(markup("<li>{}</li>", line[2:].strip()) for line in lines)
            blocks.append(markup('<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>', items))
        else:
            joined = Markup("<br>").join(markup("{}", line) for line in lines)
            blocks.append(markup("<p>{}</p>", joined))
    return Markup("\n").join(blocks)


def has_errors(*forms_):
    return any(form is not None and getattr(form, "errors", None) for form in forms_)


def resources_for_role(slug):
    """The career map's role pages list support's resources tagged with the role (one query;
    templates/support/_role_resources.jinja)."""
    from support.queries import resources_for_role as query

    return query(slug)


def _bytecode_cache(options) -> FileSystemBytecodeCache | None:
    """Compiled templates kept on disk (settings.JINJA_BYTECODE_DIR), so that a new process
    (a gunicorn start, the worker, a test process) loads them instead of compiling every NHS
    macro again. Jinja checks each template's source against the cached copy; the folder name
    carries the options that change the compiled code. None where the folder is not writable."""
    folder = settings.JINJA_BYTECODE_DIR
    if not folder:
        return None
    shape = repr(sorted((k, options[k]) for k in ("autoescape", "trim_blocks", "lstrip_blocks")))
    path = Path(folder) / hashlib.sha256(shape.encode()).hexdigest()[:12]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(path)) if os.access(path, os.W_OK) else None


def environment(**options):
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(str(settings.BASE_DIR / "templates")),
            PackageLoader("nhsuk_frontend_jinja"),
        ]
    )
    options.setdefault("autoescape", True)
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    options["bytecode_cache"] = _bytecode_cache(options)
    env = Environment(**options)  # noqa: S701 - autoescape is on
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        field_params=field_params,
        field_html=field_html,
        component_html=component_html,
        fast_table=fast_table,
        error_list=error_list,
        has_errors=has_errors,
        markup=markup,
        prose=prose,
        resources_for_role=resources_for_role,
        urlencode=urlencode,
        nhsuk_version=settings.NHSUK_FRONTEND_VERSION,
        static_url=settings.STATIC_URL,
        service_name="Mental health careers",
    )
    env.filters["date"] = format_date
    return env
