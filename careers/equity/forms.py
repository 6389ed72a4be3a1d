"""Forms for the equity pages (analysts only)."""

from django import forms
from django.conf import settings

from careers.equity.models import Action, Programme, Recommendation
from config.forms import NamedErrors
from config.widgets import DateInput, NumberInput


class EquityUploadForm(NamedErrors, forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A CSV or XLSX file in one of the four layouts described on this page.",
    )
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=Programme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Choose a programme",
        help_text="Needed for entry figures (Clearing House or generic layout).",
    )
    sheet = forms.CharField(
        label="Sheet name",
        max_length=100,
        required=False,
        help_text="For an XLSX file: the sheet to read. The first sheet when left blank.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The file is too big.")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The file must be a CSV or XLSX file.")
        return upload


class ReferenceForm(NamedErrors, forms.Form):
    category_key = forms.ChoiceField(label="Reference group", choices=[])

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_key"].choices = [("", "Choose a category"), *choices]


class RecommendationForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = [
            "title",
            "theme",
            "summary",
            "evidence_label",
            "evidence_url",
            "owner_organisation",
            "due_date",
            "status",
        ]
        labels = {
            "evidence_label": "What the evidence shows",
            "evidence_url": "Link to the evidence",
            "owner_organisation": "Owner organisation",
        }
        widgets = {"due_date": DateInput, "summary": forms.Textarea(attrs={"rows": 4})}


class ActionForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput}


class ProgressForm(NamedErrors, forms.Form):
    text = forms.CharField(
        label="What has happened", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        min_value=0,
        max_value=100,
        widget=NumberInput(),
    )
