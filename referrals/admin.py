"""The admin edits the settings around referrals, never referral data itself (which is read
and changed only through the audited portal pages)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from config.admin import HTTPS_LINKS, WrittenByService
from referrals import admin_settings
from referrals.models import AdviserProfile, SupportService


@admin.register(AdviserProfile)
class AdviserProfileAdmin(WrittenByService, admin.ModelAdmin):
    list_display = ["user", "is_manager", "takes_referrals"]
    list_filter = ["is_manager", "takes_referrals"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def admin_saves(self, form, change):
        return change and "user" in form.changed_data  # moved to another account

    def service_write(self, request, obj, form):
        # The one function for an adviser's settings writes them, added or changed.
        return admin_settings.adviser_profile_set(
            by=request.user,
            adviser=obj.user,
            is_manager=obj.is_manager,
            takes_referrals=obj.takes_referrals,
        )


class SupportServiceAdminForm(forms.ModelForm):
    """A name another service has in another letter case is refused on the form, as the
    services would refuse it (the unique column alone is case-sensitive)."""

    def clean_name(self):
        name = self.cleaned_data.get("name")
        refusal = name and admin_settings.service_name_refusal(name, other_than=self.instance)
        if refusal:
            raise ValidationError(refusal)
        return name


@admin.register(SupportService)
class SupportServiceAdmin(WrittenByService, admin.ModelAdmin):
    list_display = ["name", "kind", "coverage", "is_active", "updated_at"]
    list_filter = ["kind", "coverage", "is_active"]
    search_fields = ["name", "purpose"]
    formfield_overrides = HTTPS_LINKS

    form = SupportServiceAdminForm

    def admin_saves(self, form, change) -> bool:
        return False

    def service_write(self, request, obj, form):
        # Services are added and changed by the functions for them, as on the staff pages.
        fields = {name: getattr(obj, name) for name in admin_settings.SERVICE_FIELDS}
        if obj.pk:
            return admin_settings.support_service_change(by=request.user, service=obj, **fields)
        return admin_settings.support_service_add(by=request.user, **fields)
