"""Admin for the functional administrator: configuration, and read-only views of cases.

No status can be edited here: the state field is protected and every case field that the
workflow owns is read-only. Changes to cases go through the backoffice (services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Attachment,
    CalendarChange,
    Case,
    CaseEvent,
    CaseType,
    ClosingDay,
    DecreeDay,
    Extension,
    Membership,
    Note,
    Organisation,
    RoutingRule,
    Suspension,
    Team,
)


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "correction_term_days", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    inlines = [TeamInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation", "is_fallback"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team__organisation"]
    search_fields = ["user__username", "user__last_name", "team__name"]


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "term_amount", "term_unit", "term_basis", "law_reference"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "description", "is_public", "ordering"]}),
        (
            _("Termijn"),
            {
                "fields": [
                    "term_amount",
                    "term_unit",
                    "term_basis",
                    "law_reference",
                    "committee_term_weeks",
                ]
            },
        ),
        (
            _("Verlenging"),
            {
                "fields": [
                    "extension_max_count",
                    "extension_max_amount",
                    "extension_unit",
                    "extension_notice_within_amount",
                    "extension_notice_within_unit",
                    "extension_notify_accused",
                    "extension_beyond_with_consent",
                    "extension_rule",
                ]
            },
        ),
        (
            _("Afhandeling"),
            {
                "fields": [
                    "suspension_allowed",
                    "default_reply_term_days",
                    "reopen_window_days",
                    "allowed_outcomes",
                    "requires_hearing",
                ]
            },
        ),
    ]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "case_type", "channel", "source_system", "team", "is_active"]
    list_editable = ["is_active"]
    ordering = ["position"]


class CalendarDayAdmin(admin.ModelAdmin):
    """Saving or deleting a day goes through the calendar services: the change is recorded and
    the open cases it touches are recomputed in the background."""

    kind = ""
    text_field = ""
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from cases.selectors.access import staff_actor
        from cases.services.calendar import calendar_day_add, calendar_day_remove

        actor = staff_actor(user=request.user)
        if change and "date" in form.changed_data:
            calendar_day_remove(kind=self.kind, day=form.initial["date"], actor=actor)
        calendar_day_add(
            kind=self.kind, day=obj.date, description=getattr(obj, self.text_field), actor=actor
        )
        obj.pk = type(obj).objects.get(date=obj.date).pk

    def delete_model(self, request, obj):
        from cases.selectors.access import staff_actor
        from cases.services.calendar import calendar_day_remove

        calendar_day_remove(kind=self.kind, day=obj.date, actor=staff_actor(user=request.user))

    def delete_queryset(self, request, queryset):
        for obj in list(queryset):
            self.delete_model(request, obj)


@admin.register(DecreeDay)
class DecreeDayAdmin(CalendarDayAdmin):
    list_display = ["date", "decree"]
    kind = "decree"
    text_field = "decree"


@admin.register(ClosingDay)
class ClosingDayAdmin(CalendarDayAdmin):
    list_display = ["date", "reason"]
    kind = "closing"
    text_field = "reason"


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    """Progress of the recomputation after a calendar change (read-only)."""

    list_display = [
        "created_at",
        "kind",
        "date",
        "action",
        "status",
        "processed",
        "changed_cases",
        "changed_tasks",
        "finished_at",
    ]
    list_filter = ["kind", "status"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    # No `reason`: free text, which may name the citizen.
    model = CaseEvent
    fields = [
        "created_at",
        "kind",
        "actor_kind",
        "actor",
        "from_status",
        "to_status",
        "due_date",
        "is_public",
    ]
    readonly_fields = fields


class SuspensionInline(ReadOnlyInline):
    model = Suspension
    fields = ["start", "end", "reason"]
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["amount", "unit", "reason", "notified_on", "previous_due_date", "new_due_date"]
    readonly_fields = fields


class NoteInline(ReadOnlyInline):
    # Not the body: what staff wrote about or to the citizen.
    model = Note
    fields = ["created_at", "author", "to_citizen"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    # Not the original name: "uittreksel-jan-jansen.pdf" is personal data too.
    model = Attachment
    fields = ["created_at", "content_type", "size"]
    readonly_fields = fields


# The administrator sees no case (DESIGN, users): the admin shows a case's workflow and
# configuration, never who the citizen is or what they wrote. Chosen over logging every admin
# view in PersonalDataAccess, because an administrator has no task that needs those values; the
# backoffice, which logs each view, is where a case is read.
CASE_PERSONAL_FIELDS = frozenset(
    {
        "subject",
        "description",
        "citizen_name",
        "citizen_email",
        "citizen_phone",
        "citizen_address",
        "bsn",
        "bsn_digest",
        "complained_about",
        "complained_about_email",
        "answer",
        "hearing_waived_reason",
        "tracking_token_hash",
    }
)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: the workflow owns every field of a case. No personal data (see above)."""

    list_display = ["number", "case_type", "status", "channel", "team", "due_date"]
    list_filter = ["status", "case_type", "channel", "organisation"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    list_select_related = ["case_type", "team__organisation"]
    inlines = [SuspensionInline, ExtensionInline, NoteInline, AttachmentInline, EventInline]
    exclude = sorted(CASE_PERSONAL_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in CASE_PERSONAL_FIELDS]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "case", "kind", "actor_kind", "from_status", "to_status"]
    list_filter = ["kind", "actor_kind"]
    list_select_related = ["case"]
    search_fields = ["case__number"]
    exclude = ["reason"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Chain register ---------------------------------------------------------------------------
from cases.models import ChainReport, CorrectionTask, DataElement, DataFlow, System  # noqa: E402


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organisation", "kind", "sensitive"]
    list_filter = ["kind", "sensitive", "organisation"]
    search_fields = ["code", "name", "public_name"]


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(DataFlow)
class DataFlowAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "legal_basis", "valid_until", "active"]
    list_filter = ["active", "source__organisation"]
    search_fields = ["source__code", "target__code", "legal_basis"]
    filter_horizontal = ["elements"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]


CHAIN_REPORT_PERSONAL_FIELDS = frozenset({"wrong_value", "right_value", "noticed_where"})


@admin.register(ChainReport)
class ChainReportAdmin(admin.ModelAdmin):
    """Which systems and elements, not the citizen's wrong and right values."""

    list_display = ["case", "source_system"]
    list_select_related = ["case", "source_system"]
    exclude = sorted(CHAIN_REPORT_PERSONAL_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields]
        return [f for f in fields if f not in CHAIN_REPORT_PERSONAL_FIELDS] + ["elements"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CorrectionTask)
class CorrectionTaskAdmin(admin.ModelAdmin):
    """Read-only: tasks change through the backoffice (services)."""

    list_display = ["case", "system", "organisation", "status", "level", "due_date"]
    list_filter = ["status", "organisation"]
    list_select_related = ["case", "system", "organisation"]
    search_fields = ["case__number", "system__code"]

    exclude = ["reason"]

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name != "reason"]
        return fields + ["upstream"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
