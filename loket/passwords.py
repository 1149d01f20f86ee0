"""Passwords staff must not choose: the Dutch ones every password-spraying list starts with.

Django's own list is English. What people at a Dutch town hall pick is a season or a month, a year,
"welkom", "gemeente" or the municipality's name, with digits and a "!" to pass the rules:
`Welkom01!`, `Zomer2026!`, `gemeente2026`. We strip the digits and symbols, undo the usual
letter swaps (0 for o, 3 for e, @ for a) and refuse a password whose letters are nothing but
such words.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEASONS = ("lente", "voorjaar", "zomer", "herfst", "najaar", "winter")
_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_WORK = (
    "welkom", "hallo", "hoi", "geheim", "wachtwoord", "password", "passwoord", "paswoord",
    "gemeente", "stadhuis", "gemeentehuis", "loket", "balie", "medewerker", "beheer",
    "beheerder", "admin", "test", "welkomstwoord",
)  # fmt: skip
_OTHER = (
    "nederland", "holland", "oranje", "ajax", "feyenoord", "psv", "amsterdam", "rotterdam",
    "utrecht", "denhaag", "qwerty", "azerty", "asdf", "abc", "abcd", "letmein", "iloveyou",
    "liefde", "schat",
)  # fmt: skip
COMMON_WORDS = frozenset(_SEASONS + _MONTHS + _DAYS + _WORK + _OTHER)

# Letters people swap in for others.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def _municipality_words() -> set[str]:
    name = getattr(settings, "MUNICIPALITY_NAME", "") or ""
    words = {_letters(part) for part in re.split(r"[\s\-']+", name)}
    words.add(_letters(name))
    return {word for word in words if len(word) >= 3}


def _only_common_words(letters: str, words: set[str]) -> bool:
    """True when `letters` is one or more of `words` run together (a word break)."""
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(
            reachable[start] and letters[start:end] in words for start in range(end)
        )
    return reachable[-1]


class DutchCommonPasswordValidator:
    """Refuses passwords made only of common Dutch words, years and symbols."""

    def validate(self, password: str, user=None) -> None:
        words = set(COMMON_WORDS) | _municipality_words()
        plain = _letters(password)
        # The swaps apply inside the word, not to the year or the "01!" after it.
        core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password)
        variants = (plain, _letters(password.translate(_LEET)), _letters(core.translate(_LEET)))
        if not plain or any(_only_common_words(x, words) for x in variants if x):
            raise ValidationError(
                _(
                    "Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden "
                    "(seizoenen, maanden, jaartallen, 'welkom', 'gemeente', de naam van de "
                    "gemeente). Kies een langere zin van eigen woorden."
                ),
                code="password_too_common_nl",
            )

    def get_help_text(self) -> str:
        return _(
            "Uw wachtwoord mag niet alleen bestaan uit veelgebruikte woorden, seizoenen, "
            "jaartallen of de naam van de gemeente."
        )
