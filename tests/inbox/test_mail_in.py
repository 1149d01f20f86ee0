"""E-mail in over real SMTP sessions to the running receiver: new cases with a receipt, replies
that land on their case and resume its clock, auto-replies that make nothing, bounces that fail
their notice, duplicates processed once. Processing runs through the Celery task (eager here;
test_mail_in_worker.py runs it in a real worker)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core import mail as django_mail

from cases import services
from cases.models import Attachment, Case, CaseStatus, EventKind, Role
from inbox.models import InboundMessage, InboundOutcome, InboundStatus, QueueReason
from notifications.message_ids import notice_message_id
from notifications.models import Notification, NotificationStatus
from tests.factories import make_staff, submit_case
from tests.inbox.conftest import mail, send


def png() -> bytes:
    """A real, readable PNG (the upload checks open images)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


PNG = png()


def awaiting_reply(code="privacy_request"):
    """A case that asked the citizen for information; for this type the clock stands still."""
    case = submit_case(code, digid_bsn="111222333")  # filed with DigiD: no identity wait
    _user, actor = make_staff(Role.CASEWORKER, team=case.team)
    case = services.case_take(case=case, actor=actor)
    return services.case_request_information(case=case, actor=actor, question="Welke datum?")


def test_new_mail_becomes_a_question_case_with_a_receipt(receiver):
    send(receiver, mail())
    case = Case.objects.get()
    assert case.case_type.code == "question"
    assert case.channel == "email"
    assert case.citizen_email == "jan@voorbeeld.test"
    assert case.citizen_name == "Jan Jansen"
    assert case.team is not None  # routed
    assert "vraag over mijn aanslag" in case.description
    receipt = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    assert receipt.status == NotificationStatus.SENT
    sent = django_mail.outbox[-1]
    assert sent.to == ["jan@voorbeeld.test"]
    # Threading: our own Message-ID, and a reply address with the case's token.
    assert sent.extra_headers["Message-ID"] == notice_message_id(receipt.pk)
    assert sent.reply_to == [f"loket+{case.reply_token}@gemeente.test"]
    wire = sent.message()  # the headers as they leave
    assert wire["Message-ID"] == notice_message_id(receipt.pk)
    assert wire["Reply-To"] == f"loket+{case.reply_token}@gemeente.test"
    assert len(case.reply_token) == 26
    message = InboundMessage.objects.get()
    assert (message.status, message.outcome, message.case) == (
        InboundStatus.DONE,
        InboundOutcome.NEW_CASE,
        case,
    )


def test_reply_to_the_reply_address_lands_on_the_case_and_resumes_its_clock(receiver):
    case = awaiting_reply()
    assert case.suspensions.filter(end__isnull=True).count() == 1
    body = (
        "Het was 3 maart.\n\nMet vriendelijke groet,\nAnna\n\n"
        "Op 2 dec. 2026 schreef Loket <loket@gemeente.test>:\n> Welke datum?\n"
    )
    message = mail(subject="Re: uw zaak", body=body, sender="anna@elders.test")
    message.add_attachment(PNG, maintype="image", subtype="png", filename="scan.png")
    message.add_attachment(
        b"MZ\x90\x00evil", maintype="application", subtype="octet-stream", filename="factuur.exe"
    )
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, maintype="image", subtype="png", filename="kapot.png"
    )
    send(receiver, message, to=[f"loket+{case.reply_token}@gemeente.test"])
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.suspensions.filter(end__isnull=True).count() == 0  # the clock runs again
    reply = case.events.get(kind=EventKind.REPLY)
    assert reply.reason == "Het was 3 maart."  # quoted history and signature stripped
    # Attachments through the upload checks: the PNG kept, the executable refused.
    assert list(Attachment.objects.filter(case=case).values_list("content_type", flat=True)) == [
        "image/png"
    ]
    inbound = InboundMessage.objects.get()
    assert inbound.outcome == InboundOutcome.REPLY
    assert "factuur.exe" in inbound.attachment_note
    assert "kapot.png" in inbound.attachment_note  # looks like a PNG, cannot be opened as one
    assert "Welke datum?" in bytes(inbound.raw).decode()  # the full original is kept
    assert Case.objects.count() == 1


def test_reply_with_only_in_reply_to_lands_on_the_case(receiver):
    case = awaiting_reply()
    notice = Notification.objects.get(
        reference=f"case:{case.pk}", template_key="information_request"
    )
    message = mail(
        subject="Re: informatie",
        body="Hier is het antwoord.",
        sender="ander-adres@elders.test",
        In_Reply_To=notice_message_id(notice.pk),
    )
    send(receiver, message)  # to the plain loket address, no token
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.events.get(kind=EventKind.REPLY).reason == "Hier is het antwoord."
    assert Case.objects.count() == 1


def test_forged_message_id_does_not_reach_a_case(receiver):
    case = awaiting_reply()
    notice = Notification.objects.filter(reference=f"case:{case.pk}").first()
    forged = f"<ldz.n{notice.pk}.{'0' * 20}@gemeente.test>"
    send(receiver, mail(body="Hallo", In_Reply_To=forged))
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CITIZEN
    inbound = InboundMessage.objects.get()
    assert (inbound.status, inbound.queue_reason) == (InboundStatus.QUEUED, QueueReason.UNMATCHED)


def test_case_number_in_subject_matches_only_from_the_citizens_own_address(receiver):
    case = awaiting_reply()
    send(
        receiver,
        mail(subject=f"Over {case.number}", body="Van een ander.", sender="vreemde@elders.test"),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CITIZEN  # a stranger opened a new case instead
    assert Case.objects.count() == 2
    send(receiver, mail(subject=f"Over {case.number}", body="Van mij.", sender=case.citizen_email))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"Precedence": "list"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Afwezig"},
        {"List-Id": "<nieuws.example.test>"},
    ],
)
def test_out_of_office_and_bulk_mail_create_nothing(receiver, headers):
    message = mail(subject="Afwezig: uw bericht", body="Ik ben afwezig tot maandag.")
    for name, value in headers.items():
        message[name] = value
    send(receiver, message)
    assert Case.objects.count() == 0
    assert Notification.objects.count() == 0  # no receipt, no loop
    inbound = InboundMessage.objects.get()
    assert (inbound.status, inbound.outcome) == (InboundStatus.IGNORED, InboundOutcome.AUTO_REPLY)


def dsn(original_message_id: str) -> bytes:
    """A bounce as Postfix writes it (RFC 3464 multipart/report)."""
    return (
        "From: MAILER-DAEMON@mx.elders.test (Mail Delivery System)\r\n"
        "To: loket@gemeente.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid()}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BND"\r\n'
        "\r\n"
        "--BND\r\nContent-Type: text/plain\r\n\r\nThe mail system could not deliver it.\r\n"
        "--BND\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.elders.test\r\n\r\n"
        "Final-Recipient: rfc822; inwoner@voorbeeld.test\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
        "--BND\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        "From: loket@gemeente.test\r\nTo: inwoner@voorbeeld.test\r\n"
        f"Message-ID: {original_message_id}\r\nSubject: Ontvangstbevestiging\r\n"
        "--BND--\r\n"
    ).encode()


def test_a_bounce_marks_the_notice_failed_and_offers_a_letter(receiver, client):
    case = submit_case("question", citizen_address="Dorpsstraat 1\n1234 AB Voorbeeldstad")
    receipt = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    assert receipt.status == NotificationStatus.SENT
    send(receiver, dsn(notice_message_id(receipt.pk)), sender="")
    receipt.refresh_from_db()
    assert receipt.status == NotificationStatus.FAILED
    assert "5.1.1" in receipt.last_error
    event = case.events.get(kind=EventKind.MESSAGE, data__bounced=True)
    assert "user unknown" in event.reason  # the reason on the timeline
    letter = Notification.objects.get(reference=f"case:{case.pk}", channel="letter")
    assert (letter.status, letter.template_key) == (NotificationStatus.PENDING, "receipt")
    user, _actor = make_staff(Role.FRONT_DESK)
    client.force_login(user)
    letters = client.get("/werkplek/balie/brieven/").content.decode()
    assert case.number in letters  # the front desk's letters list offers it
    assert Case.objects.count() == 1  # a bounce never opens a case
    # Delivered again (the MTA retried): handled once.
    send(receiver, dsn(notice_message_id(receipt.pk)), sender="")
    assert case.events.filter(kind=EventKind.MESSAGE, data__bounced=True).count() == 1


def test_the_same_message_delivered_twice_is_processed_once(receiver):
    message = mail(Message_ID="<een-keer@voorbeeld.test>")
    send(receiver, message)
    send(receiver, message)
    assert Case.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert Notification.objects.filter(template_key="receipt").count() == 1


def test_a_30_mb_message_is_refused_with_552(receiver, settings):
    line = b"A" * 76 + b"\r\n"
    big = b"From: a@voorbeeld.test\r\nTo: loket@gemeente.test\r\nSubject: groot\r\n\r\n" + line * (
        settings.MAIL_IN_MAX_BYTES // len(line) + 100
    )
    assert len(big) > 30 * 1024 * 1024
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        send(receiver, big)  # smtplib announces SIZE: refused at MAIL FROM
    assert refused.value.smtp_code == 552
    # Without the SIZE announcement: refused at the end of DATA, also 552.
    host, port = receiver
    with smtplib.SMTP(host, port, timeout=60) as smtp:
        smtp.ehlo()
        smtp.esmtp_features.pop("size", None)
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp.sendmail("a@voorbeeld.test", ["loket@gemeente.test"], big)
    assert refused.value.smtp_code == 552
    assert InboundMessage.objects.count() == 0
    # The receiver still works afterwards.
    send(receiver, mail())
    assert Case.objects.count() == 1


def test_malformed_mime_and_8bit_headers_are_kept_and_processed(receiver):
    raw = (
        b"From: =?utf-8?q?Jos=C3=A9?= <jose@voorbeeld.test>\r\n"
        b"To: loket@gemeente.test\r\n"
        b"Subject: Stra\xc3\x9fe \xe9\xe8 kapot\r\n"
        b"Message-ID: <kapot@voorbeeld.test>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="nooit"\r\n'
        b"\r\n"
        b"--ander\r\nContent-Type: text/plain; charset=bogus-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!geen base64\x00\r\n"
    )
    send(receiver, raw, sender="jose@voorbeeld.test")
    inbound = InboundMessage.objects.get()
    assert bytes(inbound.raw) == raw  # stored untouched
    assert inbound.status in (InboundStatus.DONE, InboundStatus.QUEUED)
    assert inbound.status == InboundStatus.DONE
    case = Case.objects.get()
    assert case.citizen_email == "jose@voorbeeld.test"
    assert "\x00" not in case.description


def test_html_mail_is_kept_as_text_never_rendered(receiver):
    message = EmailMessage()
    message["From"] = "piet@voorbeeld.test"
    message["To"] = "loket@gemeente.test"
    message["Subject"] = "HTML"
    message.set_content(
        "<html><head><style>p{}</style><script>alert(1)</script></head>"
        "<body><p>Mijn <b>vraag</b></p><img src=x onerror=alert(2)></body></html>",
        subtype="html",
    )
    send(receiver, message)
    case = Case.objects.get()
    assert case.description == "Mijn vraag"


def test_spam_flag_and_daily_limit_send_mail_to_the_queue(receiver, settings):
    settings.MAIL_IN_CASES_PER_SENDER_PER_DAY = 2
    send(receiver, mail(X_Spam_Flag="YES"))
    for _ in range(3):
        send(receiver, mail())
    assert Case.objects.count() == 2
    queued = InboundMessage.objects.filter(status=InboundStatus.QUEUED)
    assert sorted(queued.values_list("queue_reason", flat=True)) == [
        QueueReason.LIMIT,
        QueueReason.SPAM,
    ]
