"""Long selects: the route finder's two lists of every role (2,000 on a big map).

The NHS select macro, through the form bridge, renders the form group, label, hint, error
message and the <select> itself, with one stand-in option; the options, grouped in <optgroup>s
(which the macro does not offer), are rendered here once per route graph and put in place of
the stand-in, with the chosen one marked exactly as the macro marks it. Rendering 4,000
options through the macro took most of the page's time."""

from django import forms
from markupsafe import Markup, escape

STAND_IN = "pathways-options"
# How the NHS select macro renders the stand-in item {"value": STAND_IN, "text": STAND_IN}.
STAND_IN_HTML = f'<option value="{STAND_IN}">{STAND_IN}</option>'

_rendered: tuple = (None, {})  # (route graph, {field name: options HTML})


def _render(choices) -> str:
    lines = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            lines.append(f'<optgroup label="{escape(value)}">')
            lines.extend(
                f'<option value="{escape(v)}">{escape(text)}</option>' for v, text in label
            )
            lines.append("</optgroup>")
        else:
            lines.append(f'<option value="{escape(value)}">{escape(label)}</option>')
    return "\n".join(lines)


def long_select(bound_field, graph) -> dict:
    """What pathways/routes.jinja's long_select macro needs: `field`, the bound field to give
    the bridge (same name, label, hint, value and errors, but only the stand-in as a choice,
    so the bridge does not list 2,000 choices only for them to be replaced), and `options`."""
    original = bound_field.field
    stand_in = forms.ChoiceField(
        label=original.label,
        help_text=original.help_text,
        required=original.required,
        choices=[(STAND_IN, STAND_IN)],
    )
    return {
        "field": forms.BoundField(bound_field.form, stand_in, bound_field.name),
        "options": options_html(bound_field, graph),
    }


def options_html(bound_field, graph) -> Markup:
    """The field's options as HTML, grouped, with the field's value selected as the bridge
    selects it (the option equal to the value; the empty one when there is no value). The
    choices are a function of the route graph, so the rendering is kept per graph."""
    global _rendered
    rendered_for, rendered = _rendered
    if rendered_for is not graph:
        rendered = {}
        _rendered = (graph, rendered)
    html = rendered.get(bound_field.name)
    if html is None:
        html = rendered[bound_field.name] = _render(bound_field.field.choices)
    value = bound_field.value()
    needle = f'<option value="{escape("" if value is None else str(value))}">'
    return Markup(html.replace(needle, needle[:-1] + " selected>", 1))  # noqa: S704 - escaped
