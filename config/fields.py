"""The bridge from Django form fields to the NHS design system's macros.

`field_params` turns a bound field into the NHS macro's name and params: label, hint, inline
error and the submitted value come from the form itself, so no template can forget them.
`field_html` renders them, keeping each field's markup by its params: the NHS macros call
dozens of macros for one select, and a page such as the caseload renders its filter's eight
fields on every request. The markup is a function of the params alone (like Jinja's own
compiled templates), so it is kept per process under a key made of everything it renders: a
field with another value, error or choice is another key, and nothing is ever served to
anyone who did not send the same params. The project's caches of data are described in
docs/architecture.md ("Caches").
"""

from django import forms
from django.template import engines
from markupsafe import Markup

from config.process_cache import ProcessCache


def _choices(bound_field):
    """Flatten a field's choices to (value, label) pairs as strings."""
    pairs = []
    for value, label in bound_field.field.choices:
        if isinstance(label, list | tuple):
            pairs.extend((str(v), str(lab)) for v, lab in label)
        else:
            pairs.append(("" if value is None else str(value), str(label)))
    return pairs


def field_params(bound_field, **extra):
    """Translate a bound Django form field into (macro name, params) for the NHS macros.

    One bridge for every form: label, hint, inline error and the submitted value come
    from the form itself, so no template can forget them.
    """
    field = bound_field.field
    widget = field.widget
    label = str(bound_field.label)
    # A field needed only in some cases is not "(optional)": its hint says when it is needed
    # (the form's `required_when`, {field name: "Needed if ..."}).
    needed_when = getattr(bound_field.form, "required_when", {}).get(bound_field.name, "")
    if not field.required and not needed_when and not isinstance(widget, forms.CheckboxInput):
        label += " (optional)"
    params = {
        "id": bound_field.id_for_label or bound_field.auto_id,
        "name": bound_field.html_name,
        "label": {"text": label},
    }
    hint = " ".join(filter(None, [needed_when, str(field.help_text or "")]))
    if hint:
        params["hint"] = {"text": hint}
    if bound_field.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound_field.errors)}
    attributes = {
        key: value
        for key, value in widget.attrs.items()
        if key not in {"class", "id", "maxlength", "cols", "rows"} and value not in (None, False)
    }
    value = bound_field.value()

    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        macro = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        chosen = {str(v) for v in (value or [])} if macro == "checkboxes" else {str(value)}
        params = {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "fieldset": {"legend": {"text": label, "size": "s"}},
            "hint": params.get("hint"),
            "errorMessage": params.get("errorMessage"),
            "items": [
                {"value": v, "text": text, "checked": v in chosen}
                for v, text in _choices(bound_field)
                if not (macro == "radios" and v == "" and field.required)
            ],
            "attributes": attributes,
        }
    elif isinstance(widget, forms.CheckboxInput):
        macro = "checkboxes"
        params = {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "errorMessage": params.get("errorMessage"),
            "items": [
                {
                    "id": bound_field.auto_id,
                    "value": "on",
                    "text": label,
                    "hint": params.get("hint"),
                    "checked": bool(value),
                }
            ],
        }
    elif isinstance(widget, forms.Select):
        macro = "select"
        params["items"] = [
            {"value": v, "text": text, "selected": v == ("" if value is None else str(value))}
            for v, text in _choices(bound_field)
        ]
        params["attributes"] = attributes
    elif isinstance(widget, forms.Textarea):
        macro = "textarea"
        params["value"] = "" if value is None else str(value)
        params["rows"] = widget.attrs.get("rows", 5)
        if getattr(field, "max_length", None):
            macro = "characterCount"
            params["maxlength"] = field.max_length
        params["attributes"] = attributes
    elif isinstance(widget, forms.FileInput):
        macro = "fileUpload"
        params["attributes"] = attributes
    else:
        macro = "input"
        params["type"] = getattr(widget, "input_type", "text")
        if params["type"] != "password":
            params["value"] = "" if value is None else str(value)
        if getattr(field, "max_length", None):
            attributes["maxlength"] = field.max_length
        params["attributes"] = attributes
    params.update(extra)
    return macro, params


# Distinct fields' markup kept per process, the least recently used dropped first past 4 MB.
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


def field_html(bound_field, **extra) -> Markup:
    """The field's markup from its NHS macro (`nhs_component` in includes/forms.jinja)."""
    macro, params = field_params(bound_field, **extra)
    key = _key([macro, params])
    html = _kept.get(key) if key is not None else None
    if html is None:
        template = engines["jinja2"].env.get_template("includes/forms.jinja")
        html = Markup(template.module.nhs_component(macro, params))  # noqa: S704 - macro output
        if key is not None:
            _kept.set(key, html, len(html))
    return html
