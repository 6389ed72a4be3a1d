"""Forms validate what people type; the services apply the rules."""

from django import forms
from django.utils import timezone

from config.forms import NamedErrors
from config.widgets import DateInput, DateTimeInput, NumberInput
from mentoring import vocab
from mentoring.models import (
    RATING_QUESTIONS,
    SCHEME_SETTINGS,
    ProgressStatus,
    Scheme,
    SchemeProposal,
    SchemeStatus,
)


class ProposalForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = SchemeProposal
        fields = [
            "name",
            "description",
            "aims",
            "diversity_aims",
            "mentor_experience",
            "mentee_experience",
            "support",
            "time_commitment",
        ]


class ReviewForm(NamedErrors, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approved", "Approve: create the scheme with the proposer as its leader"),
            ("changes_requested", "Ask for changes"),
            ("declined", "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="The proposer sees these notes.",
    )
    required_when = {"notes": "Needed when you ask for changes or decline."}

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in ("changes_requested", "declined")
            and not data.get("notes", "").strip()
        ):
            self.add_error("notes", "Say what needs to change, or why the proposal is declined")
        return data


def _multiple(choices, label, help_text="", required=False):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
    )


def membership_number_label(scheme: Scheme) -> str:
    """Names the body whose number is asked for: the scheme's own setting, else "professional
    body" (a scheme without a named body)."""
    body = scheme.membership_body.strip() or "professional body"
    return f"Your {body} membership number"


class ApplicationForm(NamedErrors, forms.Form):
    membership_number = forms.CharField(max_length=30, required=False)
    grade = forms.ChoiceField(
        label="Membership grade", choices=[("", "Choose a grade"), *vocab.GRADES]
    )
    career_stage = forms.ChoiceField(choices=vocab.CAREER_STAGES, widget=forms.RadioSelect)
    field = forms.ChoiceField(
        label="Field or specialism", choices=[("", "Choose a field"), *vocab.FIELDS]
    )
    region = forms.ChoiceField(
        label="Region you work in", choices=[("", "Choose a region"), *vocab.REGIONS]
    )
    topics = _multiple(vocab.TOPICS, "Topics", required=True)
    goals = forms.CharField(
        label="Your goals for mentoring",
        widget=forms.Textarea,
        max_length=2000,
        help_text="What you want from mentoring, one goal per line.",
    )
    capacity = forms.IntegerField(
        label="How many mentees you can take",
        min_value=1,
        max_value=10,
        widget=NumberInput,
    )
    availability = forms.CharField(
        label="Availability",
        widget=forms.Textarea,
        max_length=1000,
        help_text="For example, one hour a month, weekday evenings.",
    )
    meeting_mode = forms.ChoiceField(
        label="How you would like to meet", choices=vocab.MEETING_MODES, widget=forms.RadioSelect
    )
    branch = forms.CharField(max_length=100, required=False)
    network = forms.CharField(max_length=100, required=False)
    job_role = forms.CharField(label="Role", max_length=100, required=False)
    setting = forms.CharField(
        max_length=100, required=False, help_text="For example, NHS trust, university, charity."
    )
    characteristics = _multiple(
        vocab.CHARACTERISTICS,
        "About you",
        "Private: only you and the scheme's leaders see these. Leave all unticked if you prefer.",
    )
    wanted_shared = _multiple(
        vocab.CHARACTERISTICS,
        "I would like a mentor who shares",
        "Matching gives weight to a mentor who shares one of these. "
        "Tick only ones you ticked above.",
    )
    share_with_mentor = forms.BooleanField(
        label="Share what I ticked about myself with my mentor",
        required=False,
        help_text="If you leave this unticked, your mentor is not told.",
    )

    share_with_mentee = forms.BooleanField(
        label="Share what I ticked about myself with my mentees",
        required=False,
        help_text="If you leave this unticked, your mentees are not told, not even when they "
        "asked for a mentor who shares one of these.",
    )

    current_role = forms.ChoiceField(
        label="Your current role on the career map",
        required=False,
        help_text="Used to find a mentor who has made the move you want.",
    )
    target_role = forms.ChoiceField(
        label="The role you aim for",
        required=False,
        help_text="Matching gives weight to a mentor who holds or has held it.",
    )
    past_roles = forms.MultipleChoiceField(
        label="Roles you have held before",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="So mentees aiming for these roles can be matched with you.",
    )
    route_roles = forms.CharField(required=False, widget=forms.HiddenInput)

    MENTOR_ONLY = ("capacity", "availability", "share_with_mentee", "past_roles")
    MENTEE_ONLY = ("goals", "wanted_shared", "share_with_mentor", "target_role", "route_roles")

    def __init__(self, *args, role: str, scheme: Scheme, **kwargs):
        from pathways.queries import published_role_choices

        super().__init__(*args, **kwargs)
        self.role = role
        roles = published_role_choices()
        self.role_slugs = {slug for slug, _name in roles}
        for name in ("current_role", "target_role"):
            self.fields[name].choices = [("", "Choose a role"), *roles]
        self.fields["past_roles"].choices = roles
        drop = self.MENTEE_ONLY if role == vocab.MENTOR else self.MENTOR_ONLY
        for name in drop:
            del self.fields[name]
        if role == vocab.MENTOR:
            self.fields["topics"].label = "Topics you can help with"
            self.fields["capacity"].initial = scheme.default_mentor_capacity
            self.fields["characteristics"].help_text = (
                "Private: only you and the scheme's leaders see these. They are used to match "
                "mentees who ask for a mentor who shares them. Leave all unticked if you prefer."
            )
        else:
            self.fields["topics"].label = "Topics you want help with"
        number = self.fields["membership_number"]
        number.label = membership_number_label(scheme)
        if scheme.membership_required:
            number.required = True
            number.help_text = "A leader of the scheme checks it before you can be matched."
        else:
            number.help_text = "This scheme does not need membership: give it if you have one."
        for name, required in (
            ("branch", scheme.required_branch),
            ("network", scheme.required_network),
            ("job_role", scheme.required_role),
            ("setting", scheme.required_setting),
        ):
            if required:
                self.fields[name].required = True
                self.fields[name].help_text = f"This scheme is for: {required}."

    def clean_route_roles(self):
        """The route from a route-finder result: role slugs joined by commas (unknown ones are
        dropped, so a tampered link does no harm)."""
        given = [slug.strip() for slug in self.cleaned_data.get("route_roles", "").split(",")]
        return [slug for slug in given if slug in self.role_slugs][:20]

    def clean(self):
        data = super().clean()
        wanted = set(data.get("wanted_shared") or [])
        if wanted - set(data.get("characteristics") or []):
            self.add_error(
                "wanted_shared",
                "Tick only characteristics that you also ticked under \u201cAbout you\u201d",
            )
        return data


class PreparationForm(NamedErrors, forms.Form):
    completed_on = forms.DateField(
        label="Date you completed the mentor preparation", widget=DateInput
    )
    notes = forms.CharField(
        label="What the preparation covered",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )


class ReasonWhen:
    """A choice that needs a written `reason`: `reason_when = (field, value, error)` says
    which answer needs one and what to tell the person who leaves it empty."""

    reason_when: tuple[str, str, str]

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        field, value, error = self.reason_when
        if data.get(field) == value and not (data.get("reason") or "").strip():
            self.add_error("reason", error)  # type: ignore[attr-defined]
        return data


def reason_field(label: str, *, max_length: int = 2000, help_text: str = "") -> forms.CharField:
    """The written reason a ReasonWhen form asks for (needed only for one of its answers)."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=False,
        max_length=max_length,
        help_text=help_text,
    )


class RespondForm(ReasonWhen, NamedErrors, forms.Form):
    reason_when = ("decision", "decline", "Give a reason for declining")
    required_when = {"reason": "Needed if you decline."}

    decision = forms.ChoiceField(
        label="Your answer",
        choices=[("accept", "Accept this match"), ("decline", "Decline this match")],
        widget=forms.RadioSelect,
    )
    reason = reason_field("Reason for declining", help_text="The scheme's leaders see it.")


class MeetingForm(NamedErrors, forms.Form):
    met_on = forms.DateField(label="Date you met", widget=DateInput)
    duration_minutes = forms.IntegerField(
        label="How long (minutes)",
        min_value=5,
        max_value=600,
        widget=NumberInput,
    )
    mode = forms.ChoiceField(
        label="How you met", choices=vocab.MEETING_MODES[:2], widget=forms.RadioSelect
    )
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)


class ProgressForm(NamedErrors, forms.Form):
    goal = forms.ChoiceField(label="Goal")
    status = forms.ChoiceField(choices=ProgressStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args, goals: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(goal[:300], goal) for goal in goals] or [
            ("General progress", "General progress")
        ]
        self.fields["goal"].choices = [("", "Choose a goal"), *choices]


class EndForm(ReasonWhen, NamedErrors, forms.Form):
    reason_when = ("outcome", "ended_early", "Give a reason for ending the match early")
    required_when = {"reason": "Needed if the match ended early."}

    outcome = forms.ChoiceField(
        label="How did the match end?",
        choices=[("completed", "Completed"), ("ended_early", "Ended early")],
        widget=forms.RadioSelect,
    )
    reason = reason_field("Reason or summary")


class ExtensionForm(NamedErrors, forms.Form):
    months = forms.IntegerField(
        label="Extend by how many months?",
        min_value=1,
        max_value=12,
        widget=NumberInput,
    )


RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(NamedErrors, forms.Form):
    comment = forms.CharField(
        label="Anything else you would like to tell the scheme's leaders?",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ratings = {
            name: forms.TypedChoiceField(
                label=f"{question} (1 = strongly disagree, 5 = strongly agree)",
                choices=RATINGS,
                coerce=int,
                widget=forms.RadioSelect,
            )
            for name, question in RATING_QUESTIONS
        }
        self.fields = {**ratings, **self.fields}

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _ in RATING_QUESTIONS}


class ConcernForm(NamedErrors, forms.Form):
    description = forms.CharField(
        label="What is your concern?",
        widget=forms.Textarea,
        max_length=4000,
        help_text="Only the scheme's leaders see this; the other person in the match does not.",
    )


class EnquiryForm(NamedErrors, forms.Form):
    subject = forms.CharField(max_length=200)
    message = forms.CharField(widget=forms.Textarea, max_length=4000)


class AnswerForm(NamedErrors, forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea, max_length=4000)


class ConcernCloseForm(NamedErrors, forms.Form):
    notes = forms.CharField(label="What was done", widget=forms.Textarea, max_length=4000)


class BreachForm(NamedErrors, forms.Form):
    occurred_at = forms.DateTimeField(
        label="When it happened",
        required=False,
        widget=DateTimeInput,
        help_text="Leave empty if you do not know.",
    )
    discovered_at = forms.DateTimeField(label="When it was discovered", widget=DateTimeInput)
    description = forms.CharField(label="What happened", widget=forms.Textarea, max_length=4000)
    people_affected = forms.CharField(
        label="Who is affected",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Who, and how many people.",
    )
    actions_taken = forms.CharField(
        label="What has been done so far", widget=forms.Textarea, max_length=4000
    )

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("occurred_at", "discovered_at"):
            if data.get(name) and data[name] > now:
                self.add_error(name, "The date cannot be in the future")
        if (
            data.get("occurred_at")
            and data.get("discovered_at")
            and data["occurred_at"] > data["discovered_at"]
        ):
            self.add_error("discovered_at", "A breach cannot be discovered before it happened")
        return data


class SchemeForm(NamedErrors, forms.ModelForm):
    allowed_grades = _multiple(
        vocab.GRADES,
        "Membership grades that can take part",
        "Students are left out unless you tick them.",
        required=True,
    )

    class Meta:
        model = Scheme
        fields = list(SCHEME_SETTINGS)  # what scheme_update takes
        widgets = {
            "status": forms.RadioSelect,
            "match_length_months": NumberInput,
            "default_mentor_capacity": NumberInput,
            "response_days": NumberInput,
            "minimum_score": NumberInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = SchemeStatus.choices


class MembershipDecisionForm(ReasonWhen, NamedErrors, forms.Form):
    reason_when = ("decision", "refuse", "Enter the reason for refusing, so the applicant knows")
    required_when = {"reason": "Needed only when you refuse."}

    decision = forms.ChoiceField(
        label="Is the membership number right?",
        choices=[("confirm", "Yes, confirm it"), ("refuse", "No, refuse the application")],
        widget=forms.RadioSelect,
    )
    reason = reason_field(
        "Reason for refusing", max_length=1000, help_text="The applicant is told it by email."
    )


PROSE_HINT = (
    "Leave a blank line between paragraphs. Start lines with a dash (-) for a bulleted list. "
    "Web addresses and formatting are shown as typed."
)


def prose_field(label: str, *, rows: int, max_length: int) -> forms.CharField:
    """A text shown as paragraphs and bulleted lists (guidance, a community post), with the
    hint that says how to write them."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        help_text=PROSE_HINT,
    )


class GuidanceForm(NamedErrors, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = prose_field("Guidance", rows=12, max_length=10000)


class CommunityPostForm(NamedErrors, forms.Form):
    kind = forms.ChoiceField(
        label="What are you posting?",
        choices=[
            ("announcement", "An announcement to the scheme's mentors"),
            ("discussion", "A discussion for mentors to join"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an announcement or a discussion"},
    )
    title = forms.CharField(label="Title", max_length=200)
    body = prose_field("Your post", rows=8, max_length=6000)

    def __init__(self, *args, can_announce: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_announce:
            # Only leaders announce: a mentor's post is a discussion.
            del self.fields["kind"]


class CommunityReplyForm(NamedErrors, forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 5}), max_length=6000
    )


class ConfirmForm(NamedErrors, forms.Form):
    """A confirmation with nothing to type (withdrawing, agreeing an extension): the service's
    refusal becomes its error."""


class AvailabilityForm(NamedErrors, forms.Form):
    """The pause and resume buttons: "yes" resumes, anything else pauses."""

    available = forms.CharField(required=False, widget=forms.HiddenInput)


class MentorChoiceForm(NamedErrors, forms.Form):
    """A leader's pick from a mentee's suggested mentors (a button per mentor)."""

    mentor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = mentors

    def clean(self):
        data = super().clean()
        value = data.get("mentor") or ""
        data["mentor"] = self.mentors.filter(pk=value).first() if value.isdigit() else None
        if data["mentor"] is None:
            raise forms.ValidationError("Choose a mentor from the list.")
        return data


class CohortForm(NamedErrors, forms.Form):
    """The pairs a leader proposes from the cohort suggestion: all of it (`all`), or the
    ticked `pair` boxes, each "mentor id-mentee id"."""

    all = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        pairs = []
        for value in self.data.getlist("pair"):
            mentor_id, _, mentee_id = value.partition("-")
            if mentor_id.isdigit() and mentee_id.isdigit():
                pairs.append((int(mentor_id), int(mentee_id)))
        data["pairs"] = pairs
        return data

    def ticked(self) -> set[str] | None:
        """The boxes ticked in what was posted (None, all ticked, before anything is posted and
        when all of the suggestion was proposed)."""
        if not self.is_bound or self.data.get("all"):
            return None
        return set(self.data.getlist("pair"))
