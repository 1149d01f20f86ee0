"""Reading an incoming message: pure functions over bytes, no database.

Everything here must survive whatever arrives on port 25: broken MIME, 8-bit headers, wrong
charsets, HTML only. Each header is read defensively; a part that cannot be decoded is skipped,
never fatal.
"""

from __future__ import annotations

import contextlib
import email
import email.parser
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

CASE_NUMBER = re.compile(r"\bLDZ-(\d{4})-(\d{6})\b", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
MAX_TEXT = 100_000
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


@dataclass
class Attachment:
    name: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str = ""
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    recipients: list[str] = field(default_factory=list)
    in_reply_to: list[str] = field(default_factory=list)
    text: str = ""  # the whole body as plain text (HTML converted, never rendered)
    attachments: list[Attachment] = field(default_factory=list)
    is_auto: bool = False  # RFC 3834 auto-reply, or bulk/list mail
    is_bounce: bool = False  # a delivery status notification (RFC 3464)
    bounced_ids: list[str] = field(default_factory=list)
    bounce_reason: str = ""
    is_spam: bool = False
    defects: int = 0


def clean_text(value: str) -> str:
    """No NUL or control characters (PostgreSQL refuses NUL); newlines and tabs stay."""
    return "".join(ch for ch in value if ch in "\n\t" or ch >= " " and ch != "\x7f").strip()


def message_key(raw: bytes) -> str:
    """The message's own Message-ID, or a digest of its bytes when it has none (or a silly
    one): the key that makes a second delivery of the same message a no-op."""
    try:
        headers = email.parser.BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
        value = str(headers.get("Message-ID", "") or "")
    except Exception:
        value = ""
    match = MESSAGE_ID.search(clean_text(value))
    if match:
        return match.group(0)
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@inbox.invalid>"


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
        return clean_text(str(value)) if value is not None else ""
    except Exception:
        # A header the default policy cannot parse: fall back to the raw bytes, decoded leniently.
        try:
            raw = msg.get_all(name, failobj=[])
            return clean_text(" ".join(str(v) for v in raw))
        except Exception:
            return ""


def _all_headers(msg: Message, name: str) -> list[str]:
    try:
        return [clean_text(str(v)) for v in msg.get_all(name, failobj=[])]
    except Exception:
        return []


class _TextOfHtml(HTMLParser):
    """HTML to plain text: text nodes only; scripts, styles and heads dropped. The result is
    shown escaped as text, so nothing of the HTML is ever rendered."""

    SKIP = {"script", "style", "head", "title"}
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        return ""
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _part_text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception:
        return ""
    if isinstance(payload, str):
        return payload
    charset = "utf-8"
    with contextlib.suppress(Exception):
        charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _filename(part: Message) -> str:
    try:
        return clean_text(part.get_filename() or "")
    except Exception:
        return ""


def _walk(msg: Message):
    try:
        yield from msg.walk()
    except Exception:
        return


def _is_auto(msg: Message) -> bool:
    """RFC 3834 and the de-facto headers of auto-responders and list servers."""
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if _header(msg, "Precedence").lower() in BULK_PRECEDENCE:
        return True
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id"):
        if _header(msg, name):
            return True
    return False


def _bounce(msg: Message, parsed: ParsedMail) -> None:
    """RFC 3464 DSN: multipart/report; report-type=delivery-status. The ids of the returned
    message come from its headers part (text/rfc822-headers or message/rfc822)."""
    try:
        is_report = msg.get_content_type() == "multipart/report"
        report_type = (msg.get_param("report-type") or "").lower() if is_report else ""
    except Exception:
        return
    if not (is_report and report_type == "delivery-status"):
        return
    parsed.is_bounce = True
    reasons = []
    for part in _walk(msg):
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            text = _part_text(part) if not part.is_multipart() else ""
            if not text and part.is_multipart():
                text = "\n".join(str(p) for p in part.get_payload())
            for line in text.splitlines():
                key, _sep, value = line.partition(":")
                if key.strip().lower() in ("status", "diagnostic-code", "action"):
                    reasons.append(f"{key.strip()}: {value.strip()}")
        elif content_type in ("text/rfc822-headers", "message/rfc822"):
            if part.is_multipart():
                inner = part.get_payload()[0] if part.get_payload() else None
                headers = str(inner) if inner is not None else ""
            else:
                headers = _part_text(part)
            for line in headers.splitlines():
                if line.lower().startswith("message-id:"):
                    parsed.bounced_ids.extend(MESSAGE_ID.findall(line))
    parsed.bounce_reason = clean_text("; ".join(dict.fromkeys(reasons)))[:1000]


def parse_message(raw: bytes) -> ParsedMail:
    """Everything the inbox needs from a message. Never raises on bad input."""
    parsed = ParsedMail(message_id=message_key(raw))
    try:
        msg = email.message_from_bytes(raw, policy=policy.default)
    except Exception:
        msg = email.message_from_bytes(raw, policy=policy.compat32)
    parsed.defects = len(getattr(msg, "defects", []) or [])
    name, address = parseaddr(_header(msg, "From"))
    parsed.sender = address.strip().lower() if "@" in address else ""
    parsed.sender_name = clean_text(name)[:200]
    parsed.subject = " ".join(_header(msg, "Subject").split())[:200]
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        try:
            parsed.recipients += [a.lower() for _n, a in getaddresses(_all_headers(msg, header))]
        except Exception:
            continue
    for header in ("In-Reply-To", "References"):
        parsed.in_reply_to += MESSAGE_ID.findall(_header(msg, header))
    parsed.is_auto = _is_auto(msg)
    parsed.is_spam = _header(msg, "X-Spam-Flag").upper().startswith("YES") or _header(
        msg, "X-Spam-Status"
    ).upper().startswith("YES")
    _bounce(msg, parsed)
    plain, html = [], []
    for part in _walk(msg):
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = (
            (part.get_content_disposition() or "")
            if hasattr(part, "get_content_disposition")
            else ""
        )
        filename = _filename(part)
        if disposition == "attachment" or (filename and not content_type.startswith("text/")):
            try:
                content = part.get_payload(decode=True) or b""
            except Exception:
                continue
            if isinstance(content, bytes):
                parsed.attachments.append(Attachment(name=filename or "bijlage", content=content))
        elif content_type == "text/plain":
            plain.append(_part_text(part))
        elif content_type == "text/html":
            html.append(_part_text(part))
    text = "\n\n".join(plain) if any(p.strip() for p in plain) else html_to_text("\n".join(html))
    parsed.text = clean_text(text)[:MAX_TEXT]
    return parsed


def latest_reply(text: str) -> str:
    """The new text of a reply: quoted history, reply headers ("Op ... schreef ...") and the
    signature stripped (mail-parser-reply, Dutch and English markers). The full text stays on
    the stored message, one click away for staff."""
    if not text.strip():
        return ""
    try:
        from mailparser_reply import EmailReplyParser

        mail = EmailReplyParser(languages=["nl", "en"]).read(text=text)
        body = mail.replies[0].body if mail.replies else ""
    except Exception:
        body = ""
    return clean_text(body) or text.strip()
