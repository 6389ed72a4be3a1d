"""What every form shares: a required field left empty says what to do and names the field
("Enter email address", "Select a region you work in"), as the NHS error pattern asks, never
Django's "This field is required."."""

from django import forms
from django.forms.utils import pretty_name

DEFAULT_REQUIRED = forms.Field.default_error_messages["required"]


def file_size(size: int) -> str:
    """A size in bytes as people read it, for upload limits and documents: "100 MB",
    "1.2 MB", "340 KB"."""
    if size >= 1024**2:
        return f"{size / 1024**2:,.1f}".removesuffix(".0") + " MB"
    return f"{max(size // 1024, 1):,} KB"


def required_message(field: forms.Field) -> str:
    """What to do when a required field is empty, naming the field: "Enter your goals for
    mentoring", "Select a region you work in", "Select at least one topic"."""
    label = str(field.label or "").strip()
    what = label[:1].lower() + label[1:]
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return f"Select at least one option for {what}"
    if isinstance(widget, forms.CheckboxInput):
        return f"Tick to confirm: {what}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Select {what}"
    if isinstance(field, forms.FileField):
        return f"Choose the {what} to upload"
    # Dates are the browser's own date picker (config/widgets.py), so no typed example.
    return f"Enter {what}"


class NamedErrors:
    """Every required-field error names the field and says what to do, instead of Django's
    "This field is required."; set before validating, so fields made required later count.
    Put it before the form's base class: `class UploadForm(NamedErrors, forms.Form)`."""

    def full_clean(self):
        for name, field in self.fields.items():
            if field.label is None:
                field.label = pretty_name(name)
            if field.error_messages.get("required") == DEFAULT_REQUIRED:
                field.error_messages = {**field.error_messages, "required": required_message(field)}
        super().full_clean()


class NamedLimits:
    """A text that is too long names its field ("Summary must be 3,000 characters or fewer", as
    the referral forms say), not Django's "Ensure this value has at most ...": the character
    count lets people type past the limit, and the error summary must say which field.
    Put it before the form's base class, as NamedErrors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit and "max_length" not in field.error_messages:
                label = str(field.label or "")
                field.error_messages = {
                    **field.error_messages,
                    "max_length": f"{label[:1].upper()}{label[1:]} must be {limit:,} characters "
                    "or fewer",
                }
