"""The bridge from Django form fields to the NHS design system's macros.

`field_params` turns a bound field into the NHS macro's name and params: label, hint, inline
error and the submitted value come from the form itself, so no template can forget them.
`field_html` renders them through `config.components.component_html`, which keeps each
distinct field's markup (a field with another value, error or choice is another key).
"""

from django import forms
from markupsafe import Markup

from config.components import component_html


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


def field_html(bound_field, **extra) -> Markup:
    """The field's markup from its NHS macro, kept by its params (config/components.py)."""
    return component_html(*field_params(bound_field, **extra))
