from django import forms
from django.conf import settings

from config.forms import NamedErrors, file_size


class UploadForm(NamedErrors, forms.Form):
    wave = forms.CharField(
        label="Wave name",
        max_length=100,
        help_text="For example “Graduate aspirations survey 2026”. A new name starts a new wave; "
        "the name of an existing wave adds this file to it.",
    )
    file = forms.FileField(
        label="Survey file",
        help_text="A CSV or XLSX file as it comes out of the survey tool, in the survey file "
        "format.",
    )
    sheet = forms.CharField(
        label="Sheet name",
        max_length=100,
        required=False,
        help_text="For an XLSX file: the sheet to read. The first sheet when left blank.",
    )
    skip_invalid = forms.BooleanField(
        label="Skip invalid rows",
        required=False,
        help_text="Store the valid rows and list the skipped ones. Without this, a file with any "
        "invalid row stores nothing.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" Up to {file_size(settings.UPLOAD_MAX_BYTES)}."
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"

    def clean_wave(self):
        return self.cleaned_data["wave"].strip()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be {file_size(settings.UPLOAD_MAX_BYTES)} or smaller."
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The file must be a CSV or XLSX file.")
        return upload


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in (delete, run again): only the CSRF token."""
