from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dispatch import delay_after_commit
from notifications.models import Notification, NotificationStatus


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "template_key", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template_key"]
    search_fields = ["reference", "idempotency_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Opnieuw versturen"))
    def resend(self, request, queryset):
        from notifications.tasks import send_notification

        ids = list(
            queryset.filter(
                status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING]
            ).values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            status=NotificationStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in ids:
            delay_after_commit(send_notification, pk)
        self.message_user(
            request,
            _("%(n)s bericht(en) opnieuw in de wachtrij.") % {"n": len(ids)},
            messages.SUCCESS,
        )
