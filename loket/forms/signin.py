"""The second step of the staff sign-in: a code from the authenticator app or a recovery code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        # People type the six digits as "123 456" and recovery codes in capitals.
        return "".join(self.cleaned_data["code"].split()).lower()
