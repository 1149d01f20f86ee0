"""Form pieces shared by the public forms and the front desk: multiple uploads checked by
content, contact details, the honeypot."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.services.attachments import (
    IMAGE_TYPES,
    MAX_FILE_SIZE,
    MAX_FILES,
    image_is_readable,
    sniff_content_type,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to five PDF, PNG or JPEG files of at most 10 MB, recognised by their content."""

    widget = MultipleFileInput(
        attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("U kunt maximaal %(max)s bestanden meesturen; u koos er %(count)s.")
                % {"max": MAX_FILES, "count": len(files)}
            )
        errors = []
        for upload in files:
            name = (upload.name or "")[:80]
            if upload.size > MAX_FILE_SIZE:
                errors.append(
                    _("%(name)s is groter dan 10 MB. Verklein het bestand of stuur het in delen.")
                    % {"name": name}
                )
            elif upload.size == 0:
                errors.append(_("%(name)s is leeg.") % {"name": name})
            elif (content_type := sniff_content_type(upload)) is None:
                errors.append(
                    _("%(name)s is geen PDF, PNG of JPEG. Stuur een foto of een PDF-bestand.")
                    % {"name": name}
                )
            elif content_type in IMAGE_TYPES and not image_is_readable(upload):
                errors.append(
                    _(
                        "%(name)s kunnen wij niet openen als foto, of de foto is te groot. "
                        "Stuur een kleinere foto of een PDF-bestand."
                    )
                    % {"name": name}
                )
        if errors:
            raise ValidationError(errors)
        return files


def clean_text(value: str) -> str:
    """Remove NUL and other control characters (PostgreSQL refuses NUL) but keep newlines."""
    return "".join(ch for ch in value if ch in "\n\t" or ch >= " " and ch != "\x7f").strip()


class CleanCharField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if value else value


# Anything that could start a new line in a mail header or a letter: CR, LF, vertical tab, form
# feed, NEL and the Unicode line and paragraph separators.
LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# A name is not a link: a scheme, "www.", an e-mail address, or a host name ending in a common
# top-level domain (not ".de": "Jan.de Vries" is a typo, not a URL). Checked on the NFKC form, so
# full-width "ｗｗｗ．" counts as "www.".
_URL_IN_NAME = re.compile(
    r"://|www\.|@|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|com|net|org|eu|info|io|biz|xyz|top|ru|"
    r"cn|ly|co|me|app|online|site|shop|click|link|be|tk|ml|ga|cf|gq|am|to)\b",
    re.IGNORECASE,
)
NAME_MAX_LENGTH = 200


class NameField(forms.CharField):
    """A person's name: one line, no links, at most 200 characters.

    The name is the one free text of the citizen that a notice addresses them by; a name with a
    line break and "Bcc: ..." or a payment link must never reach a mail or a letter (issue 16)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        if any(ch in LINE_BREAKS for ch in value):
            raise ValidationError(_("Schrijf de naam op één regel."), code="line_break")
        value = clean_text(value)
        if _URL_IN_NAME.search(unicodedata.normalize("NFKC", value)):
            raise ValidationError(
                _("Schrijf alleen de naam, zonder internetadres of e-mailadres."), code="url"
            )
        # Tabs and runs of spaces become one space: a name is shown on one line.
        return " ".join(value.split())


class OneLineCharField(CleanCharField):
    """Short text shown on one line (a subject): line breaks become spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


PHONE_CHARACTERS = frozenset("0123456789+-() .")


def validate_phone(value: str) -> str:
    """8 to 15 digits, written as people write them: 06 1234 5678, 06-12345678, +31 6 ..."""
    digits = [ch for ch in value if ch.isdigit()]
    if value and (not 8 <= len(digits) <= 15 or any(ch not in PHONE_CHARACTERS for ch in value)):
        raise ValidationError(
            _("Vul een telefoonnummer in met alleen cijfers, bijvoorbeeld 06 12345678.")
        )
    return value


def required(message) -> dict:
    """A required-field message that says what to do (B1), instead of "Dit veld is verplicht"."""
    return {"required": message}


class ContactFieldsMixin(forms.Form):
    # autocomplete: WCAG 2.1 SC 1.3.5 (identify input purpose); it also lets a phone fill these
    # in with one tap. type=tel gives a phone the number keyboard.
    citizen_name = NameField(
        label=_("Uw naam"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=required(_("Vul uw naam in.")),
    )
    citizen_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Hierop krijgt u de ontvangstbevestiging en ons antwoord. Geen e-mailadres? "
            "Vul dan hieronder uw postadres in."
        ),
    )
    citizen_phone = CleanCharField(
        label=_("Uw telefoonnummer"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Als wij u willen bellen. Niet verplicht."),
    )
    citizen_address = CleanCharField(
        label=_("Uw postadres"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Alleen nodig als u geen e-mailadres invult: dan sturen wij een brief."),
    )

    def clean_citizen_phone(self):
        return validate_phone(self.cleaned_data.get("citizen_phone", ""))

    def clean(self):
        cleaned = super().clean()
        no_way_to_answer = not cleaned.get("citizen_email") and not cleaned.get("citizen_address")
        if no_way_to_answer and "citizen_email" not in self.errors:
            self.add_error(
                "citizen_email",
                _("Vul uw e-mailadres of uw postadres in, zodat wij u kunnen antwoorden."),
            )
        return cleaned


class HoneypotMixin(forms.Form):
    """A field people never see; scripts fill every field. No CAPTCHA: that fails WCAG."""

    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website") or "website" in self.errors:
            # Said at the top, not at the field: a person cannot see it, and an error linked
            # to an invisible field is a dead end. The field comes back empty, so a person
            # whose browser filled it in gets through by sending again.
            self.errors.pop("website", None)
            raise ValidationError(
                _("Uw formulier is niet verstuurd. Controleer uw gegevens en verstuur het opnieuw.")
            )
        return cleaned


def email_problem(value: str) -> str | None:
    """What is wrong with an e-mail address, in words an employee can read back to a caller:
    "Er staat een komma in plaats van een punt" instead of "Voer een geldig e-mailadres in"."""
    if " " in value:
        return _("Er staat een spatie in het e-mailadres. Haal de spatie weg.")
    if "," in value:
        return _("Er staat een komma in plaats van een punt. Vervang de komma door een punt.")
    if value.count("@") == 0:
        return _("Het apenstaartje (@) ontbreekt, bijvoorbeeld naam@voorbeeld.nl.")
    if value.count("@") > 1:
        return _("Er staat meer dan één apenstaartje (@) in het e-mailadres.")
    local, _at, domain = value.partition("@")
    if not local:
        return _("Voor het apenstaartje (@) ontbreekt de naam, bijvoorbeeld naam@voorbeeld.nl.")
    if "." not in domain:
        return _(
            "Na het apenstaartje (@) ontbreekt de punt en de extensie, bijvoorbeeld @voorbeeld.nl."
        )
    if ".." in value or domain.startswith(".") or domain.endswith("."):
        return _("Er staan twee punten naast elkaar, of een punt aan het begin of eind.")
    return None


class ExplainedEmailField(forms.EmailField):
    """An e-mail field whose error says what is wrong and how to fix it; the address is checked
    by Django's validator as well, with a general message as the last resort."""

    default_error_messages = {
        "invalid": _(
            "Dit is geen geldig e-mailadres. Controleer het, bijvoorbeeld naam@voorbeeld.nl."
        )
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            problem = email_problem(value)
            if problem:
                raise ValidationError(problem, code="invalid")
        return value


# The largest key a database column holds (a signed 64-bit integer). A posted id beyond it is
# no choice at all; without this check SQLite raises OverflowError (a 500) before Django's own
# "not a valid value" error is reached (found by tests/loket/test_intake_fuzz.py).
_MAX_KEY = 2**63 - 1


def _key_in_range(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and int(text) <= _MAX_KEY


class KeyedChoiceField(forms.ModelChoiceField):
    """A model choice whose posted key is checked to be a number a database can hold."""

    def to_python(self, value):
        if value not in self.empty_values and not _key_in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class KeyedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Model choices whose posted keys are checked to be numbers a database can hold."""

    def _check_values(self, value):
        for pk in value:
            if not _key_in_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)
