"""Incoming mail in the admin: read-only, without the raw bytes (the queue page shows them to the
front desk, logged)."""

from django.contrib import admin

from inbox.models import InboundAction, InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "sender", "subject", "status", "outcome", "queue_reason")
    list_filter = ("status", "outcome", "queue_reason", "source")
    search_fields = ("message_id", "subject")
    exclude = ("raw",)
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name not in ("raw", "id")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InboundAction)
class InboundActionAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "user", "message", "case")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
