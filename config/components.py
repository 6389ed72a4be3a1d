"""NHS design-system components rendered once per distinct params.

The NHS macros are plain functions of their params, but dear ones: one tag calls half a dozen
macros, a select dozens. A page such as the caseload renders eight filter fields and three
tags a row on every request. `component_html` keeps each component's markup per process under
a key made of everything it renders: other text, another colour or value is another key, so
nothing is ever served that its params would not render, and no one gets markup built from
params they did not send. Like Jinja's compiled templates it keeps markup, not data. The
project's caches are described in docs/architecture.md ("Caches").
"""

from django.template import engines
from markupsafe import Markup

from config.process_cache import ProcessCache

# Distinct components' markup kept per process, the least recently used dropped past 4 MB.
_kept = ProcessCache(max_bytes=4 * 1024 * 1024)


def _key(value):
    """A hashable key that tells apart everything the macro renders differently: Markup from
    text (one is escaped, the other not), True from 1. None for anything else (not kept)."""
    if type(value) is str:
        return value
    if type(value) is Markup:
        return ("markup", str(value))
    if value is None or type(value) in (bool, int, float):
        return (type(value).__name__, value)
    if type(value) is dict:
        items = []
        for name, item in value.items():
            key = _key(item)
            if key is None:
                return None
            items.append((name, key))
        return ("dict", tuple(sorted(items)))
    if type(value) in (list, tuple):
        keys = tuple(_key(item) for item in value)
        return None if None in keys else ("list", keys)
    return None


def rendered(macro: str, params: dict) -> Markup:
    """The component's markup from its NHS macro, with nothing kept (what is kept must equal)."""
    module = engines["jinja2"].env.get_template("includes/components.jinja").module
    return Markup(module.nhs_component(macro, params))  # noqa: S704 - the macro's own output


def component_html(macro: str, params: dict) -> Markup:
    """The NHS component `macro` (a name in includes/components.jinja) rendered with `params`."""
    key = _key([macro, params])
    html = _kept.get(key) if key is not None else None
    if html is None:
        html = rendered(macro, params)
        if key is not None:
            _kept.set(key, html, len(html))
    return html
