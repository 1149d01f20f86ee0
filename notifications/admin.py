from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dispatch import delay_after_commit
from config.sentry import scrub_text
from notifications.models import Notification, NotificationStatus

# The administrator sees no personal data (DESIGN: administrators see no case). A notice's
# recipient is an e-mail or postal address, its context holds the citizen's name, free text
# and, until it is sent, the secret tracking link (`secret_*`): none of that is shown. Values
# are shown only for these keys; of the others only the name.
SHOWN_CONTEXT_VALUES = frozenset({"case_number", "case_type_code", "due_date"})
HIDDEN_FIELDS = frozenset({"recipient", "context", "last_error"})


def context_summary(context: dict) -> str:
    """`key: value` for the keys whose values are no personal data, the bare key for the rest;
    `secret_*` keys not at all."""
    parts = []
    for key in sorted(context):
        if key.startswith("secret_"):
            continue
        parts.append(f"{key}: {context[key]}" if key in SHOWN_CONTEXT_VALUES else key)
    return ", ".join(parts)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "case_number_shown",
        "template_key",
        "channel",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "template_key"]
    # Issue 22: the administrator finds a case's notices by its number.
    search_fields = ["context__case_number", "reference", "idempotency_key"]
    search_help_text = _("Zoek op zaaknummer, sjabloon of verwijzing.")
    exclude = sorted(HIDDEN_FIELDS)
    readonly_fields = [
        *(f.name for f in Notification._meta.fields if f.name not in HIDDEN_FIELDS),
        "context_shown",
        "error_shown",
    ]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("zaaknummer"))
    def case_number_shown(self, obj: Notification) -> str:
        return (obj.context or {}).get("case_number", "")

    @admin.display(description=_("gegevens"))
    def context_shown(self, obj: Notification) -> str:
        return context_summary(obj.context or {})

    @admin.display(description=_("laatste fout"))
    def error_shown(self, obj: Notification) -> str:
        # Rows written before errors were redacted on write may still quote an address.
        return scrub_text(obj.last_error)

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


# Notice texts the administrator edits (issue 22).
from notifications import admin_texts  # noqa: E402,F401
