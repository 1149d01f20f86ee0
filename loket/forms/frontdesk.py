"""Front desk (KCC) forms: register a contact on a citizen's behalf, search, contact moments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import CaseType, Channel
from loket.forms.fields import CleanCharField, NameField, OneLineCharField, validate_phone

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class SearchForm(forms.Form):
    """Posted, never in the URL: a name or phone number in a query string ends up in logs."""

    query = CleanCharField(
        label=_("Zoek op zaaknummer, naam, e-mailadres of telefoonnummer"), max_length=200
    )


class RegisterContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hoe nam de inwoner contact op?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        initial="phone",
    )
    case_type = forms.ModelChoiceField(
        label=_("Soort zaak"), queryset=CaseType.objects.all(), empty_label=None
    )
    subject = OneLineCharField(label=_("Onderwerp"), max_length=200)
    description = CleanCharField(
        label=_("Wat vraagt of meldt de inwoner?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    citizen_name = NameField(label=_("Naam inwoner"))
    # The citizen's details, not the employee's: the browser must not fill in its own.
    citizen_phone = CleanCharField(
        label=_("Telefoonnummer"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    citizen_email = forms.EmailField(label=_("E-mailadres"), required=False)
    citizen_address = CleanCharField(
        label=_("Postadres"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answered_at_once = forms.BooleanField(
        label=_("Direct beantwoord (alleen bij een vraag)"),
        required=False,
        help_text=_("De vraag wordt geregistreerd en meteen afgehandeld."),
    )
    answer = CleanCharField(
        label=_("Gegeven antwoord"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("citizen_name", "citizen_email", "citizen_address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_citizen_phone(self):
        return validate_phone(self.cleaned_data.get("citizen_phone", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answered_at_once"):
            case_type = cleaned.get("case_type")
            if case_type and case_type.code != "question":
                self.add_error(
                    "answered_at_once", _("Alleen een vraag kan direct worden afgehandeld.")
                )
            if not cleaned.get("answer"):
                self.add_error("answer", _("Schrijf het antwoord dat u gaf."))
        contact_fields = ("citizen_phone", "citizen_email", "citizen_address")
        if not any(cleaned.get(f) for f in contact_fields) and not any(
            f in self.errors for f in contact_fields
        ):
            raise ValidationError(
                _(
                    "Vul een telefoonnummer, e-mailadres of postadres in, zodat wij de inwoner "
                    "kunnen bereiken."
                )
            )
        return cleaned


class ContactMomentForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Kanaal"), choices=STAFF_CHANNELS, widget=forms.RadioSelect, initial="phone"
    )
    summary = CleanCharField(
        label=_("Samenvatting van het contact"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
