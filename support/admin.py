from django.contrib import admin

from config.admin import HTTPS_LINKS
from support.models import Booking, Feedback, Resource, Session, Workshop


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    formfield_overrides = HTTPS_LINKS
    fields = ["starts_at", "minutes", "format", "place", "capacity", "booking_closes_at", "status"]
    readonly_fields = ["status"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "facilitator", "open_to_all", "is_published"]
    list_filter = ["is_published", "open_to_all"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change only through the services (places, waiting list, emails)."""

    list_display = ["user", "session", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    search_fields = ["user__email", "workshop__title"]
    list_select_related = ["user", "session__workshop"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["booking", "rating", "submitted_at"]
    list_select_related = ["booking__user", "booking__session__workshop"]

    def has_add_permission(self, request):
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "review_on", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["document"]
    formfield_overrides = HTTPS_LINKS
