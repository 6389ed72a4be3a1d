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
