"""Forms of workshops and resources. They check input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from config.forms import NamedLimits, file_size
from config.widgets import LOCAL_DATETIME, DateInput, DateTimeInput, NumberInput
from support import services, vocab
from support.models import Feedback, Resource, Session, Workshop

PDF_MAGIC = b"%PDF-"


def _local_datetime(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        help_text=help_text or "For example 2027-03-14 at 13:30 (UK time).",
        input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M"],
        widget=DateTimeInput(),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date and time",
        },
    )


def _checkboxes(label, choices, *, required=False, missing=None, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": missing or f"Select at least one of {label.lower()}"},
    )


def _select(label, choices, *, required=False, missing=None):
    return forms.ChoiceField(
        label=label,
        choices=[("", "Choose one")] + list(choices),
        required=required,
        error_messages={"required": missing or f"Select your {label.lower()}"},
    )


# --- Booking ----------------------------------------------------------------------------------


class BookingForm(forms.Form):
    """Asks who the person is only for a restricted workshop."""

    session = forms.TypedChoiceField(
        label="Choose a date",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a date", "invalid_choice": "Select a date"},
    )
    profession = _select("Profession", vocab.PROFESSIONS)
    grade = _select("Grade or stage", vocab.GRADES)
    region = _select("Region where you work or train", vocab.REGIONS)
    join_waiting_list = forms.BooleanField(
        label="If the session is full, put me on the waiting list",
        required=False,
        initial=True,
    )

    def __init__(self, *args, workshop: Workshop, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["session"].choices = [(s.pk, _session_choice_label(s)) for s in sessions]
        if len(sessions) == 1:
            self.fields["session"].initial = sessions[0].pk
        for name, allowed in (
            ("profession", workshop.professions),
            ("grade", workshop.grades),
            ("region", workshop.regions),
        ):
            if workshop.is_restricted() and allowed:
                self.fields[name].required = True
                self.fields[name].help_text = (
                    "This workshop is for some "
                    + {
                        "profession": "professions",
                        "grade": "grades",
                        "region": "regions",
                    }[name]
                    + " only."
                )
            else:
                del self.fields[name]


def _session_choice_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    left = session.places_left()
    places = f"{left} place{'s' if left != 1 else ''} left" if left else "full: waiting list"
    return f"{start:%A %-d %B %Y, %H:%M}, {session.where_text()} ({places})"


class FeedbackForm(NamedLimits, forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the session?",
        choices=Feedback.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how useful the session was"},
    )
    comments = forms.CharField(
        label="What would make it better?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Your comments must be 2,000 characters or fewer"},
    )


def _page_errors(thing: str) -> dict[str, dict[str, str]]:
    """The error messages of the title, web address name (slug) and summary of a `thing` with a
    page of its own: a workshop or a resource."""
    return {
        "title": {"required": "Enter the title"},
        "slug": {
            "required": "Enter the web address name",
            "unique": f"Another {thing} has this web address name",
            "invalid": "Use lower-case letters, numbers and hyphens only",
        },
        "summary": {"required": "Enter a summary"},
    }


# --- Staff: workshops and sessions -----------------------------------------------------------


class WorkshopForm(NamedLimits, forms.ModelForm):
    professions = _checkboxes("Professions", vocab.PROFESSIONS)
    grades = _checkboxes("Grades or stages", vocab.GRADES)
    regions = _checkboxes("Regions", vocab.REGIONS)
    required_when = dict.fromkeys(
        ("professions", "grades", "regions"),
        "Needed unless the workshop is open to all: tick at least one profession, grade or region.",
    )

    class Meta:
        model = Workshop
        fields = list(services.WORKSHOP_FIELDS)
        error_messages = {
            **_page_errors("workshop"),
            "facilitator": {"required": "Enter the facilitator"},
        }
        labels = {"slug": "Web address name"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        restricted = not data.get("open_to_all")
        if restricted and not (
            data.get("professions") or data.get("grades") or data.get("regions")
        ):
            self.add_error(
                "professions",
                "Select who the workshop is for, or tick open to all",
            )
        return data


class SessionForm(NamedLimits, forms.Form):
    # The service refuses an in-person session without a place and an online one without a
    # link (services._session_problems); the labels say so instead of "(optional)".
    required_when = {
        "place": "Needed for an in-person session.",
        "joining_link": "Needed for an online session.",
    }
    starts_at = _local_datetime("Start")
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=15,
        max_value=600,
        error_messages={
            "required": "Enter the length in minutes",
            "min_value": "The length must be at least 15 minutes",
            "max_value": "The length must be 600 minutes or less",
            "invalid": "Enter the length as a whole number of minutes",
        },
        widget=NumberInput(),
    )
    format = forms.ChoiceField(
        label="Format",
        choices=vocab.FORMATS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select in person or online"},
    )
    place = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="The building, room and address.",
    )
    access_note = forms.CharField(
        label="Accessible-venue note",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loop, accessible toilets, parking.",
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Shown only to people with a place.",
        error_messages={"invalid": "Enter the joining link as a web address"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter the number of places",
            "min_value": "There must be at least 1 place",
            "max_value": "There can be at most 500 places",
            "invalid": "Enter the number of places as a whole number",
        },
        widget=NumberInput(),
    )
    booking_closes_at = _local_datetime("Booking deadline", "Usually a day or two before.")

    def __init__(self, *args, session: Session | None = None, **kwargs):
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "starts_at": timezone.localtime(session.starts_at).strftime(LOCAL_DATETIME),
                "minutes": session.minutes,
                "format": session.format,
                "place": session.place,
                "access_note": session.access_note,
                "joining_link": session.joining_link,
                "capacity": session.capacity,
                "booking_closes_at": timezone.localtime(session.booking_closes_at).strftime(
                    LOCAL_DATETIME
                ),
            }
        super().__init__(*args, **kwargs)


class AttendanceForm(forms.Form):
    """One 'came' checkbox per booked person; the list works on a phone."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"came_{booking.pk}"] = forms.BooleanField(
                label=str(booking.user),
                required=False,
                initial=bool(booking.attended),
                help_text="" if booking.user.deleted_at else booking.user.email,
            )

    def attended(self) -> dict[int, bool]:
        return {b.pk: bool(self.cleaned_data.get(f"came_{b.pk}")) for b in self.bookings}


# --- Resources -------------------------------------------------------------------------------


def _role_choices():
    from pathways.models import Role

    return [
        (slug, name) for slug, name in Role.objects.order_by("name").values_list("slug", "name")
    ]


def _with_upload(fields: tuple[str, ...]) -> list[str]:
    """The resource's fields as the service takes them, with the PDF upload after `checked_on`."""
    at = fields.index("checked_on") + 1
    return [*fields[:at], "upload", *fields[at:]]


class ResourceForm(NamedLimits, forms.ModelForm):
    audiences = _checkboxes(
        "Audience", vocab.RESOURCE_AUDIENCES, required=True, missing="Select at least one audience"
    )
    topics = _checkboxes("Topics", vocab.TOPICS, required=True, missing="Select at least one topic")
    roles = _checkboxes(
        "Career-map roles", [], help_text="The resource is listed on these roles' pages."
    )
    url = forms.URLField(
        label="Address",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="The page on the publisher's own site.",
        error_messages={"invalid": "Enter the address as a web address starting https://"},
    )
    upload = forms.FileField(
        label="PDF document",
        required=False,
        help_text="A PDF file.",
    )
    review_on = forms.DateField(
        label="Review date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the review date",
            "invalid": "Enter the review date as a real date",
        },
    )

    class Meta:
        model = Resource
        fields = _with_upload(services.RESOURCE_FIELDS)
        labels = {"slug": "Web address name"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "checked_on": DateInput(),
            "kind": forms.RadioSelect,
        }
        error_messages = {
            "kind": {"required": "Select the kind of resource"},
            **_page_errors("resource"),
            "url": {"invalid": "Enter the address as a web address starting https://"},
            "owner": {"required": "Enter who owns the resource"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices()
        self.fields[
            "upload"
        ].help_text += f" Up to {file_size(settings.SUPPORT_DOCUMENT_MAX_BYTES)}."
        self.fields["upload"].widget.attrs["accept"] = ".pdf,application/pdf"
        self.fields["kind"].choices = vocab.RESOURCE_KINDS
        self.fields["body"].help_text = "Paragraphs."
        self.fields["accessibility_note"].help_text = (
            "Tagged headings, alternative text, whether it works with a screen reader, how to "
            "ask for another format."
        )

    required_when = {
        "url": "Needed for a link.",
        "body": "Needed for a guide.",
        "upload": "Needed for a document (unless one is already uploaded).",
        "accessibility_note": "Needed for a document.",
    }

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > settings.SUPPORT_DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be {file_size(settings.SUPPORT_DOCUMENT_MAX_BYTES)} or smaller"
            )
        head = upload.read(1024)
        upload.seek(0)
        # The PDF header may follow a little junk (PDF 1.7, 7.5.2), but within the first KB.
        if PDF_MAGIC not in head or not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError("The file must be a PDF (its content is not a PDF)")
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == vocab.LINK and not data.get("url"):
            self.add_error("url", "Enter the address of the page the link goes to")
        if kind == vocab.GUIDE and not data.get("body"):
            self.add_error("body", "Enter the guide text")
        if kind == vocab.DOCUMENT:
            if not data.get("upload") and not (self.instance.pk and self.instance.document_size):
                self.add_error("upload", "Choose the PDF document")
            if not data.get("accessibility_note"):
                self.add_error(
                    "accessibility_note", "Enter the accessibility note for the document"
                )
        return data
