"""The admin edits the settings around referrals, never referral data itself (which is read
and changed only through the audited portal pages)."""

from django.contrib import admin

from referrals.models import AdviserProfile, SupportService


@admin.register(AdviserProfile)
class AdviserProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_manager", "takes_referrals"]
    list_filter = ["is_manager", "takes_referrals"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "coverage", "is_active", "updated_at"]
    list_filter = ["kind", "coverage", "is_active"]
    search_fields = ["name", "purpose"]
