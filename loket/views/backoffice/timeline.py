"""The case's timeline for staff: events, internal notes, messages to the citizen and notices,
newest first, each in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseStatus, EventKind, TaskStatus, TermUnitChoice
from cases.selectors.notices import notice_state

TRANSITION_LABELS = {
    "take": gettext_lazy("In behandeling genomen"),
    "reject": gettext_lazy("Niet in behandeling genomen"),
    "request_information": gettext_lazy("Informatie gevraagd aan de inwoner"),
    "receive_reply": gettext_lazy("Reactie van de inwoner ontvangen"),
    "expire_reply_term": gettext_lazy("Antwoordtermijn verstreken"),
    "await_chain": gettext_lazy("Correctieplan gestart"),
    "chain_done": gettext_lazy("Alle correcties afgerond"),
    "resolve": gettext_lazy("Afgehandeld"),
    "reopen": gettext_lazy("Heropend"),
    "close": gettext_lazy("Gesloten"),
    "withdraw": gettext_lazy("Ingetrokken"),
}

NOTICE_LABELS = {
    "receipt": gettext_lazy("Ontvangstbevestiging"),
    "information_request": gettext_lazy("Verzoek om informatie"),
    "reply_reminder": gettext_lazy("Herinnering antwoordtermijn"),
    "extension": gettext_lazy("Bericht over verlenging"),
    "extension_accused": gettext_lazy("Bericht over verlenging aan beklaagde"),
    "forwarded": gettext_lazy("Bericht over doorsturen"),
    "message": gettext_lazy("Bericht aan de inwoner"),
    "resolution": gettext_lazy("Beslissing / antwoord"),
    "declined": gettext_lazy("Bericht: niet in behandeling"),
    "withdrawn": gettext_lazy("Bevestiging intrekking"),
    "due_date_moved": gettext_lazy("Bericht over nieuwe uiterste datum"),
    "case_assigned": gettext_lazy("Melding toegewezen"),
    "reply_received": gettext_lazy("Melding reactie ontvangen"),
    "due_soon": gettext_lazy("Herinnering termijn"),
    "overdue_escalation": gettext_lazy("Escalatie termijn verstreken"),
    "correction_requested": gettext_lazy("Correctieverzoek (AVG art. 19)"),
    "correction_reminder": gettext_lazy("Herinnering correctieverzoek"),
    "correction_overdue": gettext_lazy("Escalatie correctieverzoek"),
    "consequences_on_hold": gettext_lazy("Verzoek gevolgen op te schorten"),
}

STATUS_LABELS = dict(CaseStatus.choices)
TASK_LABELS = dict(TaskStatus.choices)
UNIT_LABELS = dict(TermUnitChoice.choices)


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # css hook: event / note / message / notice
    title: str
    who: str
    text: str
    public: bool


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    except ValueError:
        return value


def _who(event) -> str:
    if event.actor_kind == "citizen":
        return _("inwoner")
    if event.actor_kind == "system":
        return _("systeem")
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    return _("medewerker")


def _transition_text(event, data: dict, text: str) -> str:
    """From which status to which, the reason, and the reply term when one was set."""
    if event.from_status and event.to_status:
        status = _("%(from)s → %(to)s") % {
            "from": STATUS_LABELS.get(event.from_status, event.from_status),
            "to": STATUS_LABELS.get(event.to_status, event.to_status),
        }
        text = f"{status}. {text}" if text else status
    if event.transition == "request_information" and data.get("reply_due_date"):
        text += " " + _("Antwoord uiterlijk %(date)s.") % {"date": _date(data["reply_due_date"])}
    return text


def _note(event, data: dict, notes: dict) -> tuple[str, str, str]:
    """(title, text, kind) of an internal note or a message to the citizen."""
    note = notes.get(data.get("note"))
    kind = "message" if event.kind == EventKind.MESSAGE else "note"
    title = _("Bericht aan de inwoner") if kind == "message" else _("Interne notitie")
    return title, note.body if note else "", kind


def _forwarded_text(event, data: dict, teams: dict) -> str:
    """From which team to which, and why."""
    return _("Van %(from)s naar %(to)s. %(reason)s") % {
        "from": teams.get(data.get("team"), data.get("team") or "—"),
        "to": teams.get(data.get("to_team"), data.get("to_team", "")),
        "reason": event.reason,
    }


def _extended_text(event, data: dict) -> str:
    """By how much, the due date before and after, and why."""
    return _("Met %(amount)s %(unit)s; was %(previous)s, nu %(due)s. Reden: %(reason)s") % {
        "amount": data.get("amount", ""),
        "unit": UNIT_LABELS.get(data.get("unit"), data.get("unit", "")),
        "previous": _date(data.get("previous_due_date")),
        "due": event.due_date.strftime("%d-%m-%Y") if event.due_date else "",
        "reason": event.reason,
    }


def _correction(event, data: dict) -> tuple[str, str]:
    """(title, text) of a change of one correction task: its system, its states, the reason."""
    states = ""
    if data.get("to"):
        states = _("%(from)s → %(to)s") % {
            "from": TASK_LABELS.get(data.get("from"), data.get("from") or _("nieuw")),
            "to": TASK_LABELS.get(data["to"], data["to"]),
        }
    title = _("Correctieverzoek %(system)s") % {"system": data.get("system", "")}
    return title, ". ".join(filter(None, [states, event.reason]))


def _chain_text(data: dict) -> str:
    """The triage: the source system and the wrong data elements."""
    return _("Bronsysteem %(system)s; onjuiste gegevens: %(elements)s") % {
        "system": data["source_system"],
        "elements": ", ".join(data.get("elements", [])),
    }


def _due_date_changed_text(event) -> str:
    """The new due date and why it moved."""
    due = _("Nieuwe uiterste datum %(due)s.") % {"due": event.due_date.strftime("%d-%m-%Y")}
    return " ".join(filter(None, [due, event.reason]))


def event_entry(event, *, notes: dict, teams: dict) -> Entry:
    """The timeline's line for one case event, in the words its kind needs."""
    data = event.data or {}
    title = capfirst(str(event.get_kind_display()))  # a heading, like the transition labels
    text = event.reason
    kind = "event"
    if event.kind == EventKind.TRANSITION:
        title = str(TRANSITION_LABELS.get(event.transition, title))
        text = _transition_text(event, data, text)
    elif event.kind in (EventKind.NOTE, EventKind.MESSAGE):
        title, text, kind = _note(event, data, notes)
    elif event.kind == EventKind.FORWARDED:
        text = _forwarded_text(event, data, teams)
    elif event.kind == EventKind.EXTENDED:
        text = _extended_text(event, data)
    elif event.kind == EventKind.CORRECTION:
        title, text = _correction(event, data)
    elif event.kind == EventKind.CHAIN and data.get("source_system"):
        text = _chain_text(data)
    elif event.kind == EventKind.ASSIGNED:
        text = text or _("Behandelaar gewijzigd")
    elif event.kind == EventKind.DUE_DATE_CHANGED and event.due_date:
        text = _due_date_changed_text(event)
    return Entry(
        at=event.created_at,
        kind=kind,
        title=title,
        who=_who(event),
        text=text,
        public=event.is_public,
    )


def notice_entry(notice) -> Entry:
    label = NOTICE_LABELS.get(notice.template_key, notice.template_key)
    return Entry(
        at=notice.created_at,
        kind="notice",
        title=str(label),
        who=str(notice.get_channel_display()),
        text=notice_state(notification=notice),
        public=False,
    )


def build_timeline(events, notices, *, notes: dict, teams: dict) -> list[Entry]:
    entries = [event_entry(e, notes=notes, teams=teams) for e in events]
    entries += [notice_entry(n) for n in notices]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
