from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.selectors.access import staff_actor
from records.models import (
    BreakGlassAccess,
    DestructionItem,
    DestructionList,
    LegalHold,
    NoticeOfDefault,
    RetentionRule,
)


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "case_type",
        "outcome",
        "result_number",
        "result_name",
        "nomination",
        "period",
        "basis",
        "confirmed",
    )
    list_filter = ("to_be_confirmed", "nomination", "case_type")

    @admin.display(description=_("bevestigd"), boolean=True)
    def confirmed(self, obj: RetentionRule) -> bool:
        # Shown as a red cross while the Selectielijst leaves a choice the archivist has to make.
        return not obj.to_be_confirmed


class DestructionItemInline(admin.TabularInline):
    model = DestructionItem
    fields = ("case_number", "rule", "retention_ends", "decision", "reason", "destroyed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(DestructionList)
class DestructionListAdmin(admin.ModelAdmin):
    # Reviewing and approving go through the archivist's page and the services; the admin only
    # shows the lists and their certificates.
    list_display = ("name", "status", "proposed_on", "approved_by", "destroyed_at")
    readonly_fields = (
        "name",
        "status",
        "proposed_on",
        "approved_by",
        "approved_at",
        "destroyed_at",
        "counts",
        "certificate",
    )
    inlines = [DestructionItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    # The list and its certificate are the permanent record of what was destroyed
    # (Archiefbesluit 1995 art. 8).
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ("case", "reason", "placed_at", "lifted_at")
    raw_id_fields = ("case",)
    readonly_fields = ("placed_by", "placed_at", "lifted_by", "lifted_at")
    actions = ["lift"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        # Through the service: it stamps who placed the hold and when.
        from records.services.retention import legal_hold_place

        placed = legal_hold_place(
            case=obj.case, reason=obj.reason, note=obj.note, actor=staff_actor(user=request.user)
        )
        obj.pk = placed.pk

    @admin.action(description=_("Blokkade opheffen"))
    def lift(self, request, queryset) -> None:
        from records.services.retention import legal_hold_lift

        for hold in queryset.filter(lifted_at__isnull=True):
            legal_hold_lift(hold=hold, actor=staff_actor(user=request.user))


@admin.register(NoticeOfDefault)
class NoticeOfDefaultAdmin(admin.ModelAdmin):
    list_display = ("case", "received_on", "penalty_paid")
    raw_id_fields = ("case",)
    readonly_fields = ("registered_by",)


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "case_number", "reason")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
