from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import normalise_email
from config.forms import NamedErrors


class SignInForm(NamedErrors, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is inactive.",
    }

    def clean_username(self):
        # Email addresses sign in in any case (User.objects.get_by_natural_key), so the
        # sign-in throttle (django-axes, keyed on this value) must see one spelling of each:
        # otherwise every change of case would be a fresh set of attempts.
        return normalise_email(self.cleaned_data["username"])


class AdminSignInForm(NamedErrors, AdminAuthenticationForm):
    """The admin's sign-in form, with the email address normalised exactly as on the portal's
    sign-in page (the throttle normalises it too, whatever the form)."""

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])


# --- Self-service accounts ------------------------------------------------------------------


def _email_field(label="Email address", hint=""):
    return forms.EmailField(
        label=label,
        max_length=254,
        help_text=hint,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter your {label.lower()}",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


def _password_field(label, autocomplete="new-password", hint=""):
    return forms.CharField(
        label=label,
        strip=False,
        help_text=hint,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": f"Enter your {label.lower()}"},
    )


CHOOSING_HINT = (
    "At least 8 characters, not a common password, not all numbers and not like your email "
    "address or name."
)


class NewPasswordMixin:
    """Two password fields that must match and pass Django's validators."""

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password"), cleaned.get("password_again")
        if first and second and first != second:
            self.add_error("password_again", "Enter the same password twice")
        elif first:
            try:
                password_validation.validate_password(first, self.user_for_validation())
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def user_for_validation(self):
        return getattr(self, "user", None)


class RegisterForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    email = _email_field(hint="We will send a link to this address to confirm it.")
    password = _password_field("Password", hint=CHOOSING_HINT)
    password_again = _password_field("Password again", hint="Type the same password again.")

    def user_for_validation(self):
        from accounts.models import User

        return User(
            email=self.cleaned_data.get("email", ""), full_name=self.cleaned_data.get("full_name")
        )


class ForMember:
    """A form about one member's own account; the member is given as `user=`."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class AsksForCurrentPassword(ForMember):
    """For a form with a `current_password` field: the password must be the member's."""

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("Enter your current password correctly")
        return value


class EmailOnlyForm(forms.Form):
    email = _email_field()


class SetNewPasswordForm(ForMember, NewPasswordMixin, forms.Form):
    password = _password_field("New password", hint=CHOOSING_HINT)
    password_again = _password_field("New password again", hint="Type the same password again.")


class ChangePasswordForm(AsksForCurrentPassword, SetNewPasswordForm):
    current_password = _password_field("Current password", autocomplete="current-password")
    field_order = ["current_password", "password", "password_again"]


class ChangeEmailForm(AsksForCurrentPassword, forms.Form):
    new_email = _email_field("New email address", hint="We will send a link to confirm it.")
    current_password = _password_field("Current password", autocomplete="current-password")


class EmailPreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label="Emails you want to get",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Emails about your account, each step of your applications and matches, and "
        "your workshop bookings are always sent. Untick any of these you do not want.",
    )

    def __init__(self, *args, **kwargs):
        from accounts.mail import OPTIONAL_CATEGORIES

        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [
            (key, f"{label}: {description}") for key, label, description in OPTIONAL_CATEGORIES
        ]


class DeleteAccountForm(AsksForCurrentPassword, forms.Form):
    current_password = _password_field("Current password", autocomplete="current-password")
    confirm = forms.BooleanField(
        label="I understand my account and personal details will be removed for good",
        error_messages={"required": "Tick the box to confirm you want to delete your account"},
    )
