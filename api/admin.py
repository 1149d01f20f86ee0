"""The functional administrator creates and revokes tokens and registers webhook endpoints per
organisation; the delivery log of each endpoint has a resend action."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from cases.models import Organisation
from cases.services.webhooks import organisation_subscriber
from notifications.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint
from notifications.services import webhook_delivery_resend


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "scope", "prefix", "expires_at", "revoked_at")
    list_filter = ("scope", "organisation")
    search_fields = ("name", "prefix")
    actions = ["revoke"]
    fields = ("organisation", "name", "scope", "expires_at")
    readonly_fields = ()

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("organisation", "name", "scope", "prefix", "created_by", "last_used_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return (*self.fields, "prefix", "revoked_at", "created_by", "last_used_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        new = api_token_create(
            organisation=obj.organisation,
            name=obj.name,
            scope=obj.scope,
            expires_at=obj.expires_at,
            created_by=request.user,
        )
        obj.pk = new.token.pk
        obj.refresh_from_db()
        # Shown once: only the hash is kept, so nobody can look it up later.
        messages.warning(
            request,
            format_html(
                "{} <code>{}</code>",
                _("Kopieer het token nu; het wordt niet meer getoond:"),
                new.raw,
            ),
        )

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, _("De tokens zijn ingetrokken."))


class WebhookEndpointForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label=_("organisatie")
    )
    url = forms.URLField(label=_("adres"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in WEBHOOK_EVENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("gebeurtenissen"),
        help_text=_("Niets aangevinkt: alle gebeurtenissen."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("organisation", "name", "url", "events", "is_active", "secret")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subscriber = self.instance.subscriber or ""
        if subscriber.startswith("organisation:"):
            self.initial["organisation"] = int(subscriber.split(":", 1)[1])

    def save(self, commit=True):
        self.instance.subscriber = organisation_subscriber(self.cleaned_data["organisation"].pk)
        return super().save(commit)


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("created_at", "event", "delivery_id", "status", "attempts", "response_status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("-created_at",)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    inlines = [WebhookDeliveryInline]
    list_display = ("name", "subscriber", "url", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "url", "subscriber")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log per endpoint (filter on the endpoint), with resend."""

    list_display = (
        "created_at",
        "endpoint",
        "event",
        "delivery_id",
        "status",
        "attempts",
        "response_status",
        "delivered_at",
    )
    list_filter = ("endpoint", "event", "status")
    search_fields = ("delivery_id",)
    readonly_fields = (
        "endpoint",
        "event",
        "delivery_id",
        "idempotency_key",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "response_status",
        "last_error",
        "created_at",
        "delivered_at",
    )
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Opnieuw versturen"))
    def resend(self, request, queryset):
        for delivery in queryset:
            webhook_delivery_resend(delivery=delivery)
        self.message_user(request, _("De afleveringen worden opnieuw verstuurd."))
