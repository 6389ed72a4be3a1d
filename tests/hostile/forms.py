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


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(
                    method=(attrs.get("method") or "get").lower(), action=attrs.get("action") or ""
                )
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
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
        elif tag == "select" and name:
            form.fields.setdefault(name, [])
            self._select = name
        elif tag == "option" and self._select:
            form.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


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


class _StateParser(HTMLParser):
    """What one form (by id) sends as it stands: each input's value, checked boxes and radios,
    selected options (a single select's first option if none is), textareas' text."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: tuple[str, bool, list[str]] | None = None  # name, multiple, options
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            value = attrs.get("value")
            if value is None:
                value = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._select[2].append(value)
            if "selected" in attrs:
                self.data[self._select[0]].append(value)

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # The newline Django writes after <textarea> is not part of the value.
            value = self.data[self._textarea][0]
            self.data[self._textarea] = [value[1:] if value.startswith("\n") else value]
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple, options = self._select
            if not multiple and not self.data[name] and options:
                self.data[name] = [options[0]]
            self._select = None


def as_submitted(html: str, form_id: str) -> dict[str, list[str]]:
    """The data the form with this id sends if submitted as it is shown (as a browser would)."""
    parser = _StateParser(form_id)
    parser.feed(html)
    return parser.data
