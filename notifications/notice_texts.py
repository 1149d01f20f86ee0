"""Notice texts the administrator edits (issue 22): the text in force, validation before saving,
a preview on a demo case, and the HTML made from the text.

Knows no domain: the variables a notice may use are the ones its standard files use, and the
demo values are made up from their names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.template import Context, Engine, TemplateSyntaxError, engines
from django.template.loader import get_template
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from notifications.models import NoticeText

PARTS = ("subject.txt", "body.txt", "body.html")
# What the standard files wrap a text in; an edited text is wrapped at render time, so the
# administrator sees (and can break) only the text itself.
WRAPPERS = ("{% load notices %}", "{% autoescape off %}", "{% endautoescape %}")
# Every notice about a case carries these (the case service's `case_context`); named here, not
# imported, so this app stays free of the domain. Added for notices whose standard text uses
# the case number.
CASE_VARIABLES = frozenset(
    {"case_number", "case_type", "case_type_code", "citizen_name", "due_date", "law_reference"}
)
# A notice text may not reach other templates or the server: these tags are refused.
FORBIDDEN_TAGS = re.compile(r"\{%\s*(include|extends|load|debug|ssi|block)\b")
_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_NAME = re.compile(r"(?<![\w.|:\"'])([a-z_][a-z0-9_]*)")


@cache
def _engine() -> Engine:
    """The site's template engine with debug on, so a syntax error knows its line."""
    site = engines["django"].engine
    return Engine(
        debug=True, libraries=site.libraries, builtins=["notifications.templatetags.notices"]
    )


def standard_source(*, template_key: str, language: str, part: str) -> str:
    try:
        source = get_template(f"notifications/{language}/{template_key}/{part}").template.source
    except Exception:  # noqa: BLE001 - a notice without an HTML file has none
        return ""
    for wrapper in WRAPPERS:
        source = source.replace(wrapper, "")
    return source.strip("\n")


def template_keys() -> list[str]:
    """Every notice that has standard files (the notices the code sends)."""
    from pathlib import Path

    from django.conf import settings

    keys: set[str] = set()
    for directory in settings.TEMPLATES[0]["DIRS"]:
        base = Path(directory) / "notifications" / "nl"
        if base.is_dir():
            keys.update(p.name for p in base.iterdir() if (p / "body.txt").exists())
    return sorted(keys)


@cache
def known_variables(template_key: str) -> frozenset[str]:
    """The names the standard texts of this notice use: what its context holds."""
    names: set[str] = set()
    for language in ("nl", "en"):
        for part in PARTS:
            source = standard_source(template_key=template_key, language=language, part=part)
            for variable, tag in _TAG.findall(source):
                inside = variable or " ".join(tag.split()[1:])  # a tag's name is no variable
                names.update(_NAME.findall(inside.split("|")[0] if variable else inside))
    names -= {"in", "and", "or", "not", "as", "with", "is"}
    if "case_number" in names:
        names |= CASE_VARIABLES
    return frozenset(names)


def demo_value(name: str):
    if name.endswith("date") or name.endswith("_at"):
        return "2026-12-18"
    if name == "case_number":
        return "LDZ-2026-000123"
    if name == "elements":
        return [_("adres"), _("inkomen")]
    if name.endswith("_weeks") or name.endswith("_days"):
        return "10"
    if name.endswith("_url"):
        return "https://loket.example/volgen/voorbeeld/"
    return f"[{name}]"


def demo_context(template_key: str) -> dict:
    """A made-up case for the preview: every variable of the notice, filled in by its name."""
    return {name: demo_value(name) for name in sorted(known_variables(template_key))}


class _Recorder(dict):
    """A context dict that notes every name the template looks for and does not have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing: set[str] = set()

    def __contains__(self, key):
        found = super().__contains__(key)
        if not found:
            self.missing.add(key)
        return found


def _wrap(source: str, *, autoescape: bool) -> str:
    body = source if autoescape else "{% autoescape off %}" + source + "{% endautoescape %}"
    return "{% load notices %}" + body


def render_source(source: str, context: dict, *, autoescape: bool) -> str:
    return _engine().from_string(_wrap(source, autoescape=autoescape)).render(Context(context))


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def validate(*, template_key: str, subject: str, text: str, html: str) -> list[Problem]:
    """Syntax errors (with their line) and names the notice does not know. The unknown names are
    found by rendering on the demo case, so a name in a branch the demo does not take is missed;
    the demo fills in every known name, so nearly every branch is taken."""
    problems = []
    for field, source, autoescape in (
        ("subject", subject, False),
        ("text", text, False),
        ("html", html, True),
    ):
        if not source:
            continue
        forbidden = FORBIDDEN_TAGS.search(source)
        if forbidden:
            problems.append(
                Problem(
                    field,
                    _("Regel %(line)s: ‘%(tag)s’ kan niet in een bericht.")
                    % {
                        "line": source.count("\n", 0, forbidden.start()) + 1,
                        "tag": forbidden.group(1),
                    },
                )
            )
            continue
        context = _Recorder(demo_context(template_key))
        try:
            template = _engine().from_string(_wrap(source, autoescape=autoescape))
            template.render(Context(context))
        except TemplateSyntaxError as exc:
            line = getattr(exc, "template_debug", {}).get("line")
            problems.append(
                Problem(
                    field,
                    _("Fout in de opmaak op regel %(line)s: %(error)s")
                    % {"line": line or "?", "error": exc},
                )
            )
            continue
        except Exception as exc:  # noqa: BLE001 - any failure must refuse the text
            problems.append(Problem(field, _("Dit bericht kan niet worden gemaakt: %s") % exc))
            continue
        for name in sorted(context.missing):
            problems.append(
                Problem(
                    field,
                    _("Regel %(line)s: onbekend gegeven ‘%(name)s’. Dit bericht kent: %(known)s.")
                    % {
                        "line": _line_of(source, name),
                        "name": name,
                        "known": ", ".join(sorted(known_variables(template_key))),
                    },
                )
            )
    return problems


def _line_of(source: str, name: str) -> int:
    for number, line in enumerate(source.splitlines(), start=1):
        if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", line) and ("{" in line):
            return number
    return 1


def text_to_html(text: str, language: str) -> str:
    """The HTML part made from the rendered text: paragraphs and line breaks, escaped."""
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><body style="font-family: Arial, '
        f'sans-serif; line-height: 1.5">\n{linebreaks(escape(text))}\n</body></html>\n'
    )


def text_in_force(*, template_key: str, language: str) -> NoticeText | None:
    """The administrator's version in force, or None for the standard text (one query: read at
    every render, so a saved text counts for the next notice without restarting a worker)."""
    newest = (
        NoticeText.objects.filter(template_key=template_key, language=language)
        .order_by("-pk")
        .first()
    )
    return None if newest is None or newest.is_standard else newest
