"""What a citizen reads about their case: statuses and timeline events in plain words."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cases.deadlines import format_date_en, format_date_nl, format_term_en, format_term_nl
from cases.models import CaseStatus, EventKind, TaskStatus
from cases.services.deadlines import type_term

STATUS_TEXT = {
    CaseStatus.RECEIVED: _("Ontvangen. Wij gaan uw zaak bekijken."),
    CaseStatus.IN_PROGRESS: _("In behandeling."),
    CaseStatus.AWAITING_CITIZEN: _("Wij wachten op informatie van u."),
    CaseStatus.AWAITING_CHAIN: _(
        "Wij laten de fout verbeteren bij alle organisaties die de gegevens hebben."
    ),
    CaseStatus.RESOLVED: _("Afgehandeld. U heeft ons antwoord gekregen."),
    CaseStatus.CLOSED: _("Afgesloten."),
    CaseStatus.REJECTED: _(
        "Wij nemen uw zaak niet in behandeling. U heeft hierover een brief gekregen."
    ),
    CaseStatus.WITHDRAWN: _("U heeft uw zaak ingetrokken."),
}
# Issue 17: a derived state, shown instead of the status while the case waits for the identity.
AWAITING_IDENTITY_TEXT = _(
    "Wacht op identificatie. Wij behandelen uw verzoek zodra vaststaat dat u het bent."
)

TASK_TEXT = {
    TaskStatus.PENDING: _("Wacht tot de fout eerder in de keten is verbeterd"),
    TaskStatus.REQUESTED: _("Gevraagd om de fout te verbeteren"),
    TaskStatus.CORRECTED: _("Verbeterd, wij controleren het"),
    TaskStatus.VERIFIED: _("Verbeterd"),
    TaskStatus.NOT_AFFECTED: _("Had de fout niet"),
    TaskStatus.DISPUTED: _("Wij overleggen over deze correctie"),
    TaskStatus.CANCELLED: _("Gestopt"),
}

TRANSITION_TEXT = {
    "take": _("Uw zaak is in behandeling genomen."),
    "request_information": _("Wij hebben u om informatie gevraagd."),
    "receive_reply": _("Uw reactie is ontvangen. Wij gaan verder."),
    "expire_reply_term": _("De termijn om te reageren is voorbij. Wij gaan verder."),
    "await_chain": _("Wij vragen de organisaties die uw gegevens hebben om de fout te verbeteren."),
    "chain_done": _("Alle organisaties hebben de fout verbeterd of gecontroleerd."),
    "resolve": _("Uw zaak is afgehandeld."),
    "reopen": _("Uw zaak is weer in behandeling."),
    "close": _("Uw zaak is afgesloten."),
    "reject": _("Wij nemen uw zaak niet in behandeling."),
    "withdraw": _("U heeft uw zaak ingetrokken."),
}

EVENT_TEXT = {
    EventKind.SUBMITTED: _("Wij hebben uw zaak ontvangen."),
    EventKind.EXTENDED: _("Wij hebben meer tijd nodig."),
    EventKind.FORWARDED: _(
        "Uw zaak is doorgestuurd naar een andere organisatie. Wij blijven uw aanspreekpunt."
    ),
    EventKind.MESSAGE: _("U heeft een bericht van ons gekregen."),
    EventKind.REPLY: _("Wij hebben uw reactie ontvangen."),
    EventKind.ATTACHMENT: _("Bestanden toegevoegd."),
}


def _date(day) -> str:
    return format_date_en(day) if translation.get_language() == "en" else format_date_nl(day)


def event_text(event) -> str:
    if event.kind == EventKind.TRANSITION:
        return str(TRANSITION_TEXT.get(event.transition, ""))
    if event.kind == EventKind.EXTENDED and event.due_date:
        # The entry names its own date: once the case is settled the page shows no due date
        # above it to refer to.
        return _("Wij hebben meer tijd nodig. De uiterste datum is verschoven naar %(date)s.") % {
            "date": _date(event.due_date)
        }
    return str(EVENT_TEXT.get(event.kind, ""))


def citizen_timeline(events) -> list[tuple[object, str]]:
    """The public events as the citizen reads them: one thing that happened, one entry. A reply
    is written as three events in one transaction (the reply, its files, the transition back
    into handling); the citizen sees the reply once."""
    entries: list[tuple[object, str]] = []
    in_reply = False
    for event in events:
        if event.kind == EventKind.TRANSITION and event.transition == "receive_reply":
            in_reply = False
            continue  # case_receive_reply always records the reply itself too
        if event.kind == EventKind.ATTACHMENT and in_reply:
            continue  # the files sent with the reply are part of it
        in_reply = event.kind == EventKind.REPLY
        text = event_text(event)
        if text:
            entries.append((event, text))
    return entries


def type_term_text(case_type) -> str:
    """The case type's own term in words ("5 werkdagen", "6 weeks"), so the start page states
    what the term engine counts, from the same record (issue 20)."""
    term = type_term(case_type)
    language = translation.get_language() or "nl"
    return format_term_en(term) if language.startswith("en") else format_term_nl(term)
