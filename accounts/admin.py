from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import ValidationError

from accounts import services
from accounts.forms import AdminSignInForm
from accounts.models import User
from config.admin import WrittenByService


class AccountAddForm(AdminUserCreationForm):
    """The admin's add-user form: an address in use in another letter case is refused on the
    form, as `account_create` would refuse it (the unique column alone is case-sensitive)."""

    def clean_email(self):
        email = self.cleaned_data.get("email")
        refusal = email and services.account_create_refusal(email=email)
        if refusal:
            raise ValidationError(refusal)
        return email


@admin.register(User)
class UserAdmin(WrittenByService, DjangoUserAdmin):
    add_form = AccountAddForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_superuser", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def has_add_permission(self, request):
        # Django's add-user page also takes the right to change users (it refuses everyone
        # else with a 403): say so, so that the admin offers it to nobody else.
        return super().has_add_permission(request) and self.has_change_permission(request)

    def service_write(self, request, obj, form):
        # A new account is made by the one function for it.
        return services.account_create(
            by=request.user,
            email=obj.email,
            full_name=obj.full_name,
            password=form.cleaned_data.get("password1") or None,
        )


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(
        description=axes_admin.AccessAttemptAdmin.cleanup_expired_attempts.short_description,
        permissions=["delete"],  # it deletes attempts; axes offers it to anyone who may look
    )
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes 8.3 reads the time of a sign-in attempt from the request, which only a
        # sign-in has (jazzband/django-axes#1424): without it the action is a server error.
        # This request is no attempt: the cool-off is counted back from now.
        request.axes_attempt_time = None
        return super().cleanup_expired_attempts(request, queryset)


# The admin's sign-in form normalises the email address as the portal's does.
admin.site.login_form = AdminSignInForm
