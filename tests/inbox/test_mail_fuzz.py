"""Hypothesis over generated messages (well-formed, broken MIME, random bytes, 8-bit headers,
odd charsets, DSN look-alikes): processing never lets an exception escape and never leaves a
half-made case: either a complete case (submitted event, receipt in the outbox, the message
marked done) or no case at all, and the stored raw bytes are always the bytes received."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases.models import Case, CaseEvent, EventKind
from inbox.models import InboundMessage, InboundOutcome, InboundStatus
from inbox.parsing import parse_message
from inbox.services import inbound_process, inbound_store
from notifications.models import Notification
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fallback_team(db):
    from cases.models import Team

    return Team.objects.filter(is_fallback=True).first() or TeamFactory(is_fallback=True)


FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Subject",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Auto-Submitted",
        "Precedence",
        "X-Spam-Flag",
        "Content-Disposition",
        "MIME-Version",
    ]
)
HEADER_VALUES = st.one_of(
    st.binary(max_size=80).filter(lambda b: b"\r" not in b and b"\n" not in b),
    st.sampled_from(
        [
            b"Jan <jan@voorbeeld.test>",
            b"=?utf-8?b?SmFu?= <jan@voorbeeld.test>",
            b"=?bogus?q?x?= <x@y>",
            b"\xff\xfe <@>",
            b"multipart/mixed; boundary=",
            b'multipart/report; report-type=delivery-status; boundary="b"',
            b"text/html; charset=utf-16",
            b"text/plain; charset=x-unknown",
            b"base64",
            b"quoted-printable",
            b"auto-replied",
            b"bulk",
            b"YES",
            b"<ldz.n1.00000000000000000000@gemeente.test>",
            b"Re: LDZ-2026-000001",
            b'attachment; filename="\xe9.pdf"',
        ]
    ),
)
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"--b\r\nContent-Type: text/plain\r\n\r\nhallo\r\n--b--\r\n",
            b"--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b",
            b"<html><script>x</script><p>hoi</p>",
            b"%PDF-1.4 \x00\x01",
            b"=\r\n=ZZ=\r\n",
        ]
    ),
)


@st.composite
def messages(draw) -> bytes:
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=10))
    head = b"".join(name.encode() + b": " + value + b"\r\n" for name, value in headers)
    return head + b"\r\n" + draw(BODIES)


def assert_whole(case: Case) -> None:
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SUBMITTED).count() == 1
    assert Notification.objects.filter(reference=f"case:{case.pk}", template_key="receipt")


@FUZZ
@given(raw=messages())
def test_generated_messages_never_raise_and_never_half_make_a_case(raw):
    parse_message(raw)  # the parser alone never raises
    message, _created = inbound_store(raw=raw)
    assert bytes(InboundMessage.objects.get(pk=message.pk).raw) == raw
    # Never raises, and never needs the error path: every message gets a real decision.
    assert inbound_process(message_id=message.pk) != "error", message.last_error
    message.refresh_from_db()
    assert message.status in (
        InboundStatus.DONE,
        InboundStatus.IGNORED,
        InboundStatus.QUEUED,
    )
    for case in Case.objects.all():
        assert_whole(case)
    if message.outcome == InboundOutcome.NEW_CASE:
        assert message.case is not None
    else:
        assert (
            Case.objects.filter(
                pk__in=InboundMessage.objects.exclude(outcome=InboundOutcome.NEW_CASE)
                .exclude(case=None)
                .values("case")
            ).count()
            <= Case.objects.count()
        )
    InboundMessage.objects.all().delete()
    Case.objects.all().delete()


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_random_bytes_are_stored_and_processed_without_error(raw):
    message, _created = inbound_store(raw=raw)
    assert inbound_process(message_id=message.pk) != "error"
    InboundMessage.objects.all().delete()
    Case.objects.all().delete()


def test_a_failure_mid_case_rolls_the_whole_case_back(monkeypatch):
    """The intake fails after the case row was written (e.g. the receipt): no case remains, the
    message waits in the queue with the error, nothing escapes."""
    import cases.services.intake as intake

    def broken(**_kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(intake, "notify_citizen", broken)
    raw = b"From: a@voorbeeld.test\r\nSubject: x\r\nMessage-ID: <m1@v>\r\n\r\nHallo\r\n"
    message, _created = inbound_store(raw=raw)
    assert inbound_process(message_id=message.pk) == "error"
    assert Case.objects.count() == 0
    message.refresh_from_db()
    assert (message.status, message.queue_reason) == (InboundStatus.QUEUED, "error")
    assert "outbox down" in message.last_error


@pytest.mark.django_db(transaction=True)
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=messages())
def test_generated_messages_over_real_smtp(receiver, raw):
    """The same generated messages through a real SMTP session: the receiver answers (250, or a
    protocol refusal such as an over-long line), stays up, and every message it accepted is
    stored and processed into a whole case or none."""
    import smtplib

    from tests.inbox.conftest import send

    before = InboundMessage.objects.count()
    try:
        send(receiver, raw)
        accepted = True
    except smtplib.SMTPDataError as refused:
        assert refused.smtp_code == 500, refused  # "line too long": the MTA's problem
        accepted = False
    after = InboundMessage.objects.count()
    assert after - before in ((1, 0) if accepted else (0,))  # 0: a duplicate of an earlier one
    assert not InboundMessage.objects.filter(
        status__in=(InboundStatus.RECEIVED, InboundStatus.PROCESSING)
    ).exists()
    assert not InboundMessage.objects.filter(queue_reason="error").exists()
    for case in Case.objects.all():
        assert_whole(case)
