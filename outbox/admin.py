from django.contrib import admin

from config.admin import ReadOnlyInAdmin
from outbox.models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyInAdmin, admin.ModelAdmin):
    """Read-only: emails are written by the services and sent by the worker."""

    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
