"""Reading the forms of a rendered page, so hostile-input tests submit every field a page
really has (a field added later is fuzzed without anyone listing it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered
    text_fields: list[str] = field(default_factory=list)  # free-text inputs and textareas
    id: str = ""
    # What the form sends as it stands (as a browser would): each input's value, the checked
    # boxes and radios, the selected options (a single select's first if none is), the text.
    submitted: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(
                    method=(attrs.get("method") or "get").lower(),
                    action=attrs.get("action") or "",
                    id=attrs.get("id") or "",
                )
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            _submit_input(form.submitted, name, kind, attrs)
            values = form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio", "hidden", "submit"):
                values.append(attrs.get("value", "on"))
            else:
                if attrs.get("value"):
                    values.append(attrs["value"])
                if kind in ("text", "email", "search", "tel", "url", "date", "number", "password"):
                    form.text_fields.append(name)
        elif tag == "textarea" and name:
            form.fields.setdefault(name, [])
            form.text_fields.append(name)
            form.submitted[name] = [""]
            self._textarea = name
        elif tag == "select" and name:
            form.fields.setdefault(name, [])
            form.submitted.setdefault(name, [])
            self._select, self._multiple = name, "multiple" in attrs
        elif tag == "option" and self._select:
            form.fields[self._select].append(attrs.get("value", ""))
            if "selected" in attrs:
                form.submitted[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].submitted[self._textarea][0] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "textarea" and self._textarea:
            # The newline Django writes after <textarea> is not part of the value.
            text = form.submitted[self._textarea][0]
            form.submitted[self._textarea] = [text[1:] if text.startswith("\n") else text]
            self._textarea = None
        elif tag == "select" and self._select:
            name = self._select
            if not self._multiple and not form.submitted[name] and form.fields[name]:
                form.submitted[name] = [form.fields[name][0]]
            self._select = None


def _submit_input(submitted: dict[str, list[str]], name: str, kind: str, attrs: dict) -> None:
    if kind in ("submit", "button", "file", "image", "reset"):
        return
    if kind in ("checkbox", "radio") and "checked" not in attrs:
        return
    value = attrs.get("value")
    if value is None:
        value = "on" if kind in ("checkbox", "radio") else ""
    submitted.setdefault(name, []).append(value)


def forms_of(html: str, method: str | None = None) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if method is None or form.method == method]


def main_form(html: str, method: str) -> Form:
    """The page's form with the most fields for that method (not the header's search box or
    the sign-out button)."""
    forms = forms_of(html, method)
    assert forms, f"no {method} form on the page"
    return max(forms, key=lambda form: len(form.fields))


def as_submitted(html: str, form_id: str) -> dict[str, list[str]]:
    """The data the form with this id sends if submitted as it is shown (as a browser would)."""
    return next((form.submitted for form in forms_of(html) if form.id == form_id), {})
