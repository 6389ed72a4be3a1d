"""The admin edits the settings around referrals, never referral data itself (which is read
and changed only through the audited portal pages)."""

from django.contrib import admin
from django.db import models

from config.admin import WrittenByService
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


@admin.register(SupportService)
class SupportServiceAdmin(WrittenByService, admin.ModelAdmin):
    list_display = ["name", "kind", "coverage", "is_active", "updated_at"]
    list_filter = ["kind", "coverage", "is_active"]
    search_fields = ["name", "purpose"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the staff form

    def service_write(self, request, obj, form):
        # A new service is added by the one function for it.
        return admin_settings.support_service_add(
            by=request.user,
            name=obj.name,
            kind=obj.kind,
            purpose=obj.purpose,
            eligibility=obj.eligibility,
            how_to_contact=obj.how_to_contact,
            coverage=obj.coverage,
            region=obj.region,
            website=obj.website,
            is_active=obj.is_active,
        )
