"""The administrator's screen for notice texts (issue 22): one form per notice and language,
a preview on a demo case, validation before saving, the version history with "restore this
version" and "back to the standard text"."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from notifications.models import NoticeText, NoticeTextLanguage
from notifications.notice_texts import (
    demo_context,
    known_variables,
    render_source,
    standard_source,
    template_keys,
    text_in_force,
    text_to_html,
    validate,
)
from notifications.services.notice_texts import (
    check_notice_text,
    notice_text_reset,
    notice_text_restore,
    notice_text_save,
)


class NoticeTextForm(forms.ModelForm):
    template_key = forms.ChoiceField(label=_("bericht"))
    subject = forms.CharField(label=_("onderwerp"), max_length=300)
    text = forms.CharField(
        label=_("tekst"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text=NoticeText._meta.get_field("text").help_text,
    )

    class Meta:
        model = NoticeText
        fields = ["template_key", "language", "subject", "text", "html"]
        widgets = {"html": forms.Textarea(attrs={"rows": 10, "cols": 100})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_key"].choices = [(key, key) for key in template_keys()]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_notice_text(
            template_key=cleaned["template_key"],
            subject=cleaned["subject"],
            text=cleaned["text"],
            html=cleaned.get("html", ""),
        )
        return cleaned


def current_texts(*, template_key: str, language: str) -> dict[str, str]:
    edited = text_in_force(template_key=template_key, language=language)
    if edited is not None:
        return {"subject": edited.subject, "text": edited.text, "html": edited.html}
    return {
        "subject": standard_source(
            template_key=template_key, language=language, part="subject.txt"
        ),
        "text": standard_source(template_key=template_key, language=language, part="body.txt"),
        "html": "",
    }


@admin.register(NoticeText)
class NoticeTextAdmin(admin.ModelAdmin):
    form = NoticeTextForm
    change_form_template = "admin/notifications/noticetext/change_form.html"
    list_display = ["template_key", "language", "created_at", "created_by", "kind_shown"]
    list_filter = ["template_key", "language", "is_standard"]
    search_fields = ["template_key", "subject", "text"]
    actions = ["restore", "back_to_standard"]

    @admin.display(description=_("soort versie"))
    def kind_shown(self, obj: NoticeText) -> str:
        return str(_("standaardtekst") if obj.is_standard else _("aangepaste tekst"))

    def has_change_permission(self, request, obj=None):
        # Versions are history: a change is a new version (the add form).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        key = request.GET.get("template_key") or "receipt"
        language = request.GET.get("language") or NoticeTextLanguage.NL
        return {
            "template_key": key,
            "language": language,
            **current_texts(template_key=key, language=language),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        key = (context["adminform"].form.initial or {}).get("template_key") or (
            obj.template_key if obj else "receipt"
        )
        context["known_variables"] = sorted(known_variables(key))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = notice_text_save(
            template_key=data["template_key"],
            language=data["language"],
            subject=data["subject"],
            text=data["text"],
            html=data.get("html", ""),
            user=request.user,
        )
        obj.pk = saved.pk

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_noticetext_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request):
        """The text as a citizen would get it, on a made-up case; nothing is saved."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        key = request.POST.get("template_key", "")
        if key not in template_keys():
            raise PermissionDenied
        language = "en" if request.POST.get("language") == "en" else "nl"
        subject = request.POST.get("subject", "")
        text = request.POST.get("text", "")
        html = request.POST.get("html", "")
        problems = validate(template_key=key, subject=subject, text=text, html=html)
        rendered = {}
        if not problems:
            context = demo_context(key)
            rendered["subject"] = " ".join(
                render_source(subject, context, autoescape=False).split()
            )
            rendered["text"] = render_source(text, context, autoescape=False)
            rendered["html"] = (
                render_source(html, context, autoescape=True)
                if html.strip()
                else text_to_html(rendered["text"], language)
            )
        return TemplateResponse(
            request,
            "admin/notifications/noticetext/preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Voorbeeld van het bericht"),
                "template_key": key,
                "language": language,
                "problems": problems,
                "rendered": rendered,
            },
        )

    @admin.action(description=_("Deze versie terugzetten"))
    def restore(self, request, queryset):
        for version in queryset.order_by("pk"):
            try:
                notice_text_restore(version=version, user=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                return
        self.message_user(request, _("De gekozen versie is weer in gebruik."), messages.SUCCESS)

    @admin.action(description=_("Terug naar de standaardtekst"))
    def back_to_standard(self, request, queryset):
        pairs = set(queryset.values_list("template_key", "language"))
        for key, language in sorted(pairs):
            notice_text_reset(template_key=key, language=language, user=request.user)
        self.message_user(request, _("De standaardtekst is weer in gebruik."), messages.SUCCESS)
