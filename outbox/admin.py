from django.contrib import admin

from outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: emails are written by the services and sent by the worker."""

    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
