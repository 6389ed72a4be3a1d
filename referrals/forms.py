"""Forms validate what people type; the rules of the workflow live in services.py."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from config.widgets import DateInput, NumberInput
from referrals import admin_settings, choices, workflow
from referrals.models import TEXT_LONG, TEXT_SHORT, SupportService

PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")


def text_field(label, *, max_length=TEXT_SHORT, required=True, missing=None, help_text="", **kw):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kw,
    )


def long_text(label, *, required=True, missing=None, help_text="", max_length=TEXT_LONG, rows=5):
    return text_field(
        label,
        max_length=max_length,
        required=required,
        missing=missing,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def email_field(label, missing=None):
    return forms.EmailField(
        label=label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


def choice(label, options, *, widget=forms.RadioSelect, missing=None, required=True):
    return forms.ChoiceField(
        label=label,
        choices=options if required else [("", "Any"), *options],
        widget=widget,
        required=required,
        error_messages={"required": missing or f"Select {label.lower()}"},
    )


def date_field(label, missing=None, help_text=""):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "invalid": f"{label} must be a real date",
        },
    )


def clean_phone(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    if not PHONE_ALLOWED.match(value) or not 10 <= len(digits) <= 13:
        raise forms.ValidationError(
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )
    return value


class PersonFields(forms.Form):
    """The person referred and what they want help with (every referral form)."""

    required_when = {
        "phone": "Needed if you choose to be contacted by phone, or by either.",
        "reasons_other": "Needed if you select other.",
    }

    name = text_field("Full name", missing="Enter the full name")
    email = email_field("Email address", missing="Enter the email address")
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"max_length": "Phone number must be 20 characters or fewer"},
    )
    grade = choice(
        "Profession and grade", choices.GRADES, missing="Select the profession and grade"
    )
    specialty = text_field(
        "Specialty or programme",
        required=False,
        help_text="For example, general adult psychiatry, or clinical psychology doctorate",
    )
    region = choice(
        "Region",
        [("", "Choose a region"), *choices.REGIONS],
        widget=forms.Select,
        missing="Select the region",
    )
    reasons = forms.MultipleChoiceField(
        label="Reasons for asking for careers support",
        choices=choices.REASONS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one reason"},
    )
    reasons_other = text_field("Other reason", required=False)
    help_wanted = long_text(
        "What would you like help with?",
        missing="Tell us what you would like help with",
        help_text="A few sentences are enough. Do not include anyone else's personal details.",
    )
    preferred_contact = choice(
        "How would you prefer to be contacted?",
        choices.CONTACT_PREFERENCES,
        missing="Select how you would prefer to be contacted",
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("preferred_contact") in ("phone", "either") and not data.get("phone"):
            self.add_error("phone", "Enter a phone number, or choose to be contacted by email")
        if "other" in (data.get("reasons") or []) and not data.get("reasons_other"):
            self.add_error("reasons_other", "Tell us the other reason")
        return data


class ReferralForm(PersonFields):
    """Self-referral, no account needed."""

    privacy_consent = forms.BooleanField(
        label="I have read the privacy notice and agree to the careers support team holding "
        "these details to support me",
        error_messages={"required": "Confirm that you agree to the privacy notice"},
    )
    # A honeypot: hidden from people (and from assistive technology), filled in by bots.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)
    # A one-time key for this copy of the form: sent twice (a retry), it stores one referral.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class EducatorReferralForm(ReferralForm):
    """A trainer or educational supervisor refers a trainee who agreed to it."""

    referrer_name = text_field("Your full name", missing="Enter your full name")
    referrer_email = email_field("Your email address", missing="Enter your email address")
    referrer_role = choice(
        "Your role",
        [("", "Choose your role"), *choices.REFERRER_ROLES],
        widget=forms.Select,
        missing="Select your role",
    )
    referrer_organisation = text_field("Your organisation", required=False)
    trainee_agreed = forms.BooleanField(
        label="The trainee agreed to this referral and to the careers support team holding "
        "these details, as the privacy notice describes",
        error_messages={"required": "Confirm that the trainee agreed to the referral"},
    )

    field_order = [
        "referrer_name",
        "referrer_email",
        "referrer_role",
        "referrer_organisation",
    ]

    required_when = {
        **ReferralForm.required_when,
        "phone": "Needed if the trainee would like to be contacted by phone, or by either.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["privacy_consent"]
        # The educator writes about the trainee, not about themself.
        self.fields["reasons"].choices = [
            (value, "Considering a career outside medicine or their current profession")
            if value == "outside"
            else (value, label)
            for value, label in self.fields["reasons"].choices
        ]
        self.fields["help_wanted"].label = "What would they like help with?"
        self.fields["help_wanted"].error_messages["required"] = (
            "Tell us what they would like help with"
        )
        self.fields["preferred_contact"].label = "How would they prefer to be contacted?"

    def clean(self):
        data = super().clean()
        if data.get("referrer_email") and data.get("referrer_email") == data.get("email"):
            self.add_error("email", "Enter the trainee's email address, not your own")
        data["privacy_consent"] = bool(data.get("trainee_agreed"))
        return data


class StaffLogForm(PersonFields):
    """Careers staff log a referral that came by phone or email."""

    source = choice("How did the referral arrive?", choices.STAFF_SOURCES)
    privacy_consent = forms.BooleanField(
        label="They agreed to the referral and were told how we use their details (privacy notice)",
        error_messages={"required": "Confirm that they agreed and were told about privacy"},
    )

    field_order = ["source"]


# --- Workflow actions ---------------------------------------------------------------------


class VersionForm(forms.Form):
    """Every action form carries the version of the referral the user was looking at."""

    # Only a tampered or truncated POST lacks it: say what to do, as for any field.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Open the referral again and make the change from its page",
            "invalid": "Open the referral again and make the change from its page",
            "min_value": "Open the referral again and make the change from its page",
        },
    )


class EditDetailsForm(VersionForm, PersonFields):
    pass


class EditEducatorDetailsForm(EditDetailsForm):
    referrer_name = text_field("Referrer's full name")
    referrer_email = email_field("Referrer's email address")
    referrer_role = choice("Referrer's role", choices.REFERRER_ROLES, widget=forms.Select)
    referrer_organisation = text_field("Referrer's organisation", required=False)


class TriageForm(VersionForm):
    priority = choice("Priority", workflow.PRIORITIES, missing="Select the priority")
    note = long_text("Triage note", required=False, rows=3)


class AllocateForm(VersionForm):
    adviser = forms.ModelChoiceField(
        label="Adviser",
        queryset=None,
        empty_label="Choose an adviser",
        error_messages={"required": "Select an adviser", "invalid_choice": "Select an adviser"},
    )
    note = long_text("Note", required=False, rows=3)

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
        self.fields["adviser"].label_from_instance = lambda user: user.full_name or user.email


def _not_future(value, label):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


class ContactForm(VersionForm):
    contacted_on = date_field("Date of first contact")
    note = long_text(
        "How contact was made",
        required=False,
        rows=3,
        help_text="For example: phoned, agreed a first session.",
    )

    def clean_contacted_on(self):
        return _not_future(self.cleaned_data["contacted_on"], "Date of first contact")


class SessionForm(VersionForm):
    held_on = date_field("Date of the session")
    mode = choice("How was the session held?", choices.SESSION_MODES)
    adviser = forms.ModelChoiceField(
        label="Adviser",
        queryset=None,
        empty_label="Choose an adviser",
        error_messages={"required": "Select the adviser"},
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=5,
        max_value=480,
        error_messages={
            "required": "Enter the length of the session in minutes",
            "invalid": "Length must be a number of minutes, like 45",
            "min_value": "Length must be at least 5 minutes",
            "max_value": "Length must be 480 minutes or fewer",
        },
        widget=NumberInput(),
    )
    notes = long_text(
        "Confidential notes",
        required=False,
        rows=8,
        help_text="Seen only by careers staff. Never shared with the referrer.",
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
        self.fields["adviser"].label_from_instance = lambda user: user.full_name or user.email

    def clean_held_on(self):
        return _not_future(self.cleaned_data["held_on"], "Date of the session")


class PlanForm(VersionForm):
    goals = long_text("Goals", missing="Enter the goals agreed with the trainee")
    actions = long_text("Agreed actions", missing="Enter the actions agreed")
    review_on = date_field("Review date", missing="Enter the review date")

    def clean_review_on(self):
        value = self.cleaned_data["review_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("Review date must be today or in the future")
        if value and value > timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError("Review date must be within a year")
        return value


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class ServiceMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display().lower()})"


def _workshop_choices():
    from support.queries import workshops_to_suggest

    return [("", "No workshop"), *workshops_to_suggest()]


class SignpostForm(VersionForm):
    service = ServiceChoiceField(
        label="Service",
        queryset=SupportService.objects.active(),
        empty_label="Choose a service",
        required=False,
    )
    workshop = forms.ChoiceField(
        label="Or suggest a careers workshop",
        choices=_workshop_choices,
        required=False,
        help_text="Workshops with dates to come. The person books it themselves: booking does "
        "not touch this referral.",
    )
    note = long_text("Note", required=False, rows=3)
    required_when = {
        "service": "Needed unless you suggest a workshop.",
        "workshop": "Needed unless you choose a service.",
    }

    def clean(self):
        data = super().clean()
        if not data.get("service") and not data.get("workshop"):
            self.add_error("service", "Select a service or a workshop")
        elif data.get("service") and data.get("workshop"):
            self.add_error("workshop", "Record the service and the workshop one at a time")
        if data.get("workshop"):
            data["workshop"] = (dict(_workshop_choices())[data["workshop"]], data["workshop"])
        return data


class ReturnForm(VersionForm):
    reason = choice("Why is it being returned?", workflow.RETURN_REASONS)
    note = long_text(
        "Advice to the person",
        missing="Enter the advice to send with the return",
        help_text="Emailed to them with the services below.",
        rows=5,
    )
    services = ServiceMultipleChoiceField(
        label="Services to signpost instead",
        queryset=SupportService.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class CloseForm(VersionForm):
    outcome = choice("Outcome", workflow.OUTCOMES, missing="Select the outcome")
    note = long_text("Closing note", required=False, rows=4)


class ReopenForm(VersionForm):
    reason = long_text("Reason for reopening", missing="Enter the reason for reopening", rows=3)


class SharingForm(VersionForm):
    level = choice(
        "What did the trainee agree we may share with the referrer?",
        workflow.SHARING_LEVELS,
        missing="Select what the trainee agreed to share",
    )


class UpdateForm(VersionForm):
    kind = choice("What kind of update is it?", workflow.UPDATE_KINDS)
    text = long_text(
        "The update",
        help_text="Only what the trainee agreed to share. It is emailed to the referrer.",
        rows=5,
    )


# --- Directory, reports, caseload -----------------------------------------------------------


class SupportServiceForm(forms.ModelForm):
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address, like https://www.example.org"},
    )

    class Meta:
        model = SupportService
        fields = list(admin_settings.SERVICE_FIELDS)
        widgets = {
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "how_to_contact": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "how_to_contact": "A website, a referral route or an address. Check phone numbers "
            "with the service before adding them.",
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the service",
                "unique": "A service with this name is already listed",
                "max_length": f"Name must be {TEXT_SHORT} characters or fewer",
            },
            "kind": {"required": "Select the kind of service"},
            "purpose": {"required": "Enter what the service is for"},
            "eligibility": {"required": "Enter who can use the service"},
            "how_to_contact": {"required": "Enter how to contact the service"},
            "coverage": {"required": "Select the coverage"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices.SERVICE_KINDS
        for name in ("purpose", "eligibility", "how_to_contact"):
            field = self.fields[name]
            field.error_messages["max_length"] = (
                f"{field.label.capitalize()} must be {field.max_length} characters or fewer"
            )

    required_when = {"region": "Needed if the coverage is one region."}

    def clean(self):
        data = super().clean()
        if data.get("coverage") == "regional" and not data.get("region"):
            self.add_error("region", "Select the region the service covers")
        return data


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "From must be a real date"},
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "To must be a real date"},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "To must be the same as or after From")
        return data
