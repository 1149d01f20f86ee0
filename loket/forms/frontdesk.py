"""Front desk (KCC) forms: register a contact on a citizen's behalf, search, contact moments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.enums import IdentityDocument
from cases.identity import normalise_bsn
from cases.models import CaseType, Channel, DataElement, System
from cases.services.intake import CHAIN_ERROR
from configuration.selectors import counter_default_case_type
from loket.forms.fields import (
    CleanCharField,
    ExplainedEmailField,
    KeyedChoiceField,
    KeyedMultipleChoiceField,
    NameField,
    OneLineCharField,
    validate_phone,
)
from loket.forms.public import _system_choices

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class SearchForm(forms.Form):
    """Posted, never in the URL: a name or phone number in a query string ends up in logs."""

    query = CleanCharField(
        label=_("Zoek op zaaknummer, naam, e-mailadres, telefoonnummer of BSN"),
        max_length=200,
        # Every page with the search box opens with the cursor in it.
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class IdentityCheckForm(forms.Form):
    """The counter check (issue 17, AVG art. 12(6)): which document the employee saw and the BSN
    typed from it. Never the document number, never a copy: there is no field for either."""

    document = forms.ChoiceField(
        label=_("Gecontroleerd identiteitsbewijs"),
        choices=IdentityDocument.choices,
        widget=forms.RadioSelect,
        help_text=_("Controleer of het document geldig is en bij de persoon hoort."),
    )
    bsn = forms.CharField(
        label=_("BSN van het identiteitsbewijs"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Neem het BSN over van het document. Het documentnummer noteert u niet."),
    )

    def clean_bsn(self):
        try:
            return normalise_bsn(self.cleaned_data["bsn"])
        except ValueError as exc:
            raise ValidationError(_("Dit is geen geldig BSN (de elfproef klopt niet).")) from exc


class FirstOptionAutofocus(forms.RadioSelect):
    """A radio group whose checked option (the default type, issue 22), or else its first,
    takes the focus when the page opens; the arrow keys then move through the options (one tab
    stop for the whole group)."""

    def optgroups(self, name, value, attrs=None):
        self._has_choice = any(v not in (None, "") for v in value)
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        focused = selected if getattr(self, "_has_choice", False) else index == 0
        if not focused:
            option["attrs"].pop("autofocus", None)
        return option


# The order a phone call goes: what kind of contact, about what, who is calling and how to reach
# them. Enter in the phone field registers the contact; the rest is optional or for one type.
REGISTER_FIELDS = (
    "case_type",
    "subject",
    "citizen_name",
    "citizen_phone",
    "citizen_email",
    "citizen_address",
    "description",
    "channel",
)
ANSWER_FIELDS = ("answered_at_once", "answer")
# The same information as the citizen's web form (loket.forms.public.ChainErrorForm).
CHAIN_FIELDS = (
    "noticed_system",
    "noticed_where",
    "elements",
    "wrong_value",
    "right_value",
    "source_system",
)
CHAIN_REQUIRED = {
    "elements": _("Kies minstens één gegeven dat niet klopt."),
    "wrong_value": _("Schrijf wat er nu fout staat."),
    "right_value": _("Schrijf wat juist is."),
}


class RegisterContactForm(forms.Form):
    case_type = KeyedChoiceField(
        label=_("Soort zaak"),
        queryset=CaseType.objects.all(),
        empty_label=None,
        widget=FirstOptionAutofocus,
        error_messages={"required": _("Kies de soort zaak.")},
    )
    subject = OneLineCharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages={"required": _("Schrijf in een paar woorden waar het over gaat.")},
    )
    citizen_name = NameField(
        label=_("Naam inwoner"),
        error_messages={"required": _("Vul de naam van de inwoner in.")},
    )
    # The citizen's details, not the employee's: the browser must not fill in its own.
    citizen_phone = CleanCharField(
        label=_("Telefoonnummer"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    citizen_email = ExplainedEmailField(label=_("E-mailadres"), required=False)
    citizen_address = CleanCharField(
        label=_("Postadres"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = CleanCharField(
        label=_("Wat vraagt of meldt de inwoner?"),
        help_text=_("Niet verplicht als het onderwerp alles zegt."),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    channel = forms.ChoiceField(
        label=_("Hoe nam de inwoner contact op?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        initial="phone",
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
    noticed_system = forms.ChoiceField(label=_("Waar zag de inwoner de fout?"), required=False)
    noticed_where = CleanCharField(
        label=_("Welke brief of organisatie was het?"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: de aanslag van de BSV van maart."),
    )
    elements = KeyedMultipleChoiceField(
        label=_("Welke gegevens kloppen niet?"),
        queryset=DataElement.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wrong_value = CleanCharField(
        label=_("Wat staat er nu (fout)?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    right_value = CleanCharField(
        label=_("Wat is juist?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source_system = forms.ChoiceField(
        label=_("Weet de inwoner waar de fout is ontstaan?"),
        required=False,
        help_text=_("Meestal niet. Dan zoekt de regisseur het uit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("citizen_name", "citizen_email", "citizen_address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        choices = _system_choices()  # one query
        self.fields["noticed_system"].choices = choices
        self.fields["source_system"].choices = choices
        if not self.is_bound:
            # A refused form puts the focus on its error summary instead.
            self.fields["case_type"].widget.attrs["autofocus"] = True
            # Issue 22: the pre-selected type is the administrator's explicit choice, never
            # whatever sorts first (a newly added type would otherwise catch every call).
            self.fields["case_type"].initial = counter_default_case_type()

    def groups(self) -> dict[str, list]:
        """The fields in the template's three groups, in order."""
        return {
            "main": [self[name] for name in REGISTER_FIELDS],
            "answer": [self[name] for name in ANSWER_FIELDS],
            "chain": [self[name] for name in CHAIN_FIELDS],
        }

    def only_for(self) -> dict[str, int]:
        """The case type (its choice value) each optional group belongs to, for the script
        that shows a group only when its type is chosen (one small query)."""
        codes = {"question", CHAIN_ERROR}
        return {
            case_type.code: case_type.pk
            for case_type in self.fields["case_type"].queryset
            if case_type.code in codes
        }

    @property
    def is_chain_error(self) -> bool:
        case_type = self.cleaned_data.get("case_type")
        return case_type is not None and case_type.code == CHAIN_ERROR

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
        if self.is_chain_error:
            for name, message in CHAIN_REQUIRED.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
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

    def case_fields(self) -> dict:
        """What the intake service needs, for every case type."""
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "subject": data["subject"],
            # The subject alone is enough for a short call; the case always has a description.
            "description": data["description"] or data["subject"],
            "citizen_name": data["citizen_name"],
            "citizen_phone": data["citizen_phone"],
            "citizen_email": data["citizen_email"],
            "citizen_address": data["citizen_address"],
        }

    def chain_fields(self) -> dict:
        """The chain report's fields, for `chain_error_submit` (as the web form hands them)."""
        data = self.cleaned_data
        codes = [c for c in (data.get("noticed_system"), data.get("source_system")) if c]
        systems = {s.code: s for s in System.objects.filter(code__in=codes)}
        return {
            "source_system": systems.get(data.get("source_system")),
            "noticed_system": systems.get(data.get("noticed_system")),
            "noticed_where": data.get("noticed_where", ""),
            "elements": list(data["elements"]),
            "wrong_value": data["wrong_value"],
            "right_value": data["right_value"],
        }


class ContactMomentForm(forms.Form):
    # The summary first (it takes the focus); the channel keeps its default for a call.
    summary = CleanCharField(
        label=_("Samenvatting van het contact"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
    )
    channel = forms.ChoiceField(
        label=_("Kanaal"), choices=STAFF_CHANNELS, widget=forms.RadioSelect, initial="phone"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.fields["summary"].widget.attrs.pop("autofocus", None)
