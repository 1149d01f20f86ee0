"""Destruction over two years of `seed_volume` cases (issue 18, "Done when"): counts of rows and
files before and after, no personal data left in the database or the media folder, every council
figure unchanged, and a job killed halfway that a rerun completes."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    ContactMoment,
    Note,
    Role,
)
from council.figures import compute_figures
from council.period import Period
from council.values import Scope
from inbox.models import InboundMessage
from notifications.models import Notification
from records.models import (
    DestructionItem,
    ItemDecision,
    LegalHold,
    ListStatus,
    Nomination,
    PendingFileRemoval,
    RetentionRule,
)
from records.services import destruction as destruction_module
from records.services.destruction import destruction_list_destroy
from records.services.retention import (
    destruction_item_review,
    destruction_list_approve,
    destruction_list_propose,
    legal_hold_place,
)
from tests.factories import build_world, make_staff, valid_bsn

pytestmark = pytest.mark.django_db


def _figures(period: Period) -> dict:
    data = dataclasses.asdict(compute_figures(Scope(period), today=timezone.localdate()))
    data.pop("generated_at")
    return data


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in (Case, CaseEvent, Note, ContactMoment, Attachment, Notification, InboundMessage)
    }


def _text_in_database(needles: set[str]) -> set[str]:
    """Every needle found in any text, JSON or binary column of any table."""
    found = set()
    for model in apps.get_models():
        cols = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.BinaryField
            )
        ]
        if not cols:
            continue
        for row in model.objects.values_list(*cols).iterator(2000):
            text = " ".join(
                bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v)
                for v in row
            )
            found |= {n for n in needles if n in text}
    return found


def _text_in_media(needles: set[str]) -> set[str]:
    found = set()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            found |= {n for n in needles if n.encode() in data}
    return found


def _enrich(cases: list[Case]) -> None:
    """Give cases every kind of row that can hold personal data, with the person in it."""
    for i, case in enumerate(cases):
        who = f"{case.citizen_name} {case.citizen_email} {case.citizen_phone} {case.bsn}"
        Note.objects.create(case=case, body=f"Gebeld met {who}")
        ContactMoment.objects.create(case=case, channel="phone", summary=f"Belde: {who}")
        att = Attachment(
            case=case, original_name=f"{case.citizen_name}.txt", content_type="text/plain", size=1
        )
        att.file.save("x", ContentFile(f"Brief van {who}".encode()), save=False)
        att.save()
        Notification.objects.create(
            channel="email",
            recipient=case.citizen_email,
            template_key="case_received",
            context={"name": case.citizen_name},
            idempotency_key=f"test:{case.pk}",
            reference=f"case:{case.pk}",
        )
        CaseEvent.objects.create(
            case=case, kind="note", actor_kind="staff", reason=f"Gesproken met {who}"
        )
        InboundMessage.objects.create(
            message_id=f"<{i}.{case.citizen_email}>",
            raw=f"From: {case.citizen_email}\r\n\r\n{who}".encode(),
            sender=case.citizen_email,
            text=who,
            case=case,
        )


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    build_world()
    call_command("seed_volume", cases=500, days=730, batch=250, stdout=io.StringIO())
    # Unique names and a BSN per case, so a search for a destroyed person proves something.
    cases = list(Case.objects.all())
    for case in cases:
        case.citizen_name = f"{case.citizen_name} Testpersoon{case.pk:05d}"
        case.bsn = valid_bsn(case.pk)
        case.citizen_phone = f"0612{case.pk:06d}"
        case.citizen_email = f"persoon{case.pk:05d}@voorbeeld.example"
    Case.objects.bulk_update(cases, ["citizen_name", "bsn", "citizen_phone", "citizen_email"], 250)
    # Short terms so most finished cases of the two years are due today.
    RetentionRule.objects.filter(nomination=Nomination.DESTROY).update(period="P6M")
    return cases


def test_destruction_over_two_years_of_seeded_cases(seeded, monkeypatch):
    today = timezone.localdate()
    periods = [Period.year(today.year - 2), Period.year(today.year - 1)]
    periods += [Period(today - timedelta(days=730), today - timedelta(days=200))]

    archivist, actor = make_staff(Role.ARCHIVIST)
    held_case = Case.objects.filter(status="closed").order_by("pk").first()
    legal_hold_place(case=held_case, reason="appeal", actor=actor)

    dlist = destruction_list_propose(today=today)
    assert dlist is not None
    items = list(dlist.items.select_related("case").order_by("pk"))
    assert len(items) > 100
    assert held_case.pk not in {i.case_id for i in items}
    # Nothing open, nothing nominated to keep, nothing whose term has not run out.
    assert all(i.case.status in ("resolved", "closed", "rejected", "withdrawn") for i in items)
    assert all(i.retention_ends <= today for i in items)

    postponed, kept, *rest = items
    destruction_item_review(
        item=postponed,
        decision=ItemDecision.POSTPONED,
        reason="Bezwaartermijn loopt nog",
        postponed_until=today + timedelta(days=90),
        actor=actor,
    )
    destruction_item_review(item=kept, decision=ItemDecision.KEEP, reason="Precedent", actor=actor)
    with pytest.raises(ValueError):
        destruction_list_approve(destruction_list=dlist, actor=actor)  # items still pending
    for item in rest:
        destruction_item_review(item=item, decision=ItemDecision.APPROVED, actor=actor)
    destruction_list_approve(destruction_list=dlist, actor=actor)

    doomed = [i.case for i in rest]
    _enrich(doomed[:40])
    personal = set()
    for case in doomed:
        # The BSN column is encrypted (issue 17): only where staff typed it is it text.
        personal |= {case.citizen_name, case.citizen_email, case.citizen_phone}
    survivors = [postponed.case, kept.case, held_case]
    assert _text_in_database(personal) == personal
    assert _text_in_media(personal)  # the attachment files hold the persons too
    before = _counts()
    figures_before = [_figures(p) for p in periods]
    files_before = sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())

    # --- a job killed halfway: the third batch dies inside its transaction -------------------
    real = destruction_module._destroy_batch
    calls = {"n": 0}

    def dying(case_ids, item_ids):
        calls["n"] += 1
        real(case_ids, item_ids)
        if calls["n"] == 3:
            raise SystemExit("worker killed")

    monkeypatch.setattr(destruction_module, "_destroy_batch", dying)
    with pytest.raises(SystemExit):
        destruction_list_destroy(destruction_list=dlist, batch=50)
    monkeypatch.setattr(destruction_module, "_destroy_batch", real)
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.APPROVED
    destroyed_ids = set(
        DestructionItem.objects.filter(destroyed_at__isnull=False).values_list("case_id", flat=True)
    )
    assert len(destroyed_ids) == 100  # two batches committed, the third rolled back whole
    for case in Case.objects.filter(pk__in=[c.pk for c in doomed]):
        assert (case.citizen_name == "") == (case.pk in destroyed_ids)  # no half-destroyed case

    # --- the rerun completes it --------------------------------------------------------------
    dlist = destruction_list_destroy(destruction_list=dlist, batch=50)
    assert dlist.status == ListStatus.DESTROYED
    assert dlist.counts["destroyed"] == len(doomed)
    assert dlist.counts["postponed"] == 1 and dlist.counts["kept"] == 1
    assert PendingFileRemoval.objects.count() == 0

    after = _counts()
    assert after["cases.Case"] == before["cases.Case"]  # anonymised rows stay
    assert after["cases.CaseEvent"] == before["cases.CaseEvent"]  # bare events stay (figures)
    assert before["cases.Note"] >= 40 and after["cases.Note"] == before["cases.Note"] - 40
    assert after["cases.ContactMoment"] == before["cases.ContactMoment"] - 40
    assert after["cases.Attachment"] == before["cases.Attachment"] - 40
    assert after["notifications.Notification"] == before["notifications.Notification"] - 40
    files_after = sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert files_after == files_before - 40 + 1  # the attachments gone, the certificate added

    # No personal data of a destroyed case anywhere, in the database or the media folder.
    assert _text_in_database(personal) == set()
    assert _text_in_media(personal) == set()
    # The cases not destroyed keep theirs.
    for case in survivors:
        case.refresh_from_db()
        assert case.citizen_name and case.citizen_email

    # Every council figure of the destroyed period is unchanged.
    assert [_figures(p) for p in periods] == figures_before

    # The certificate: list, counts, approver; case numbers only.
    with zipfile.ZipFile(io.BytesIO(dlist.certificate.read())) as z:
        text = z.read("word/document.xml").decode()
    assert "Verklaring van vernietiging" in text
    assert (archivist.get_full_name() or archivist.username) in text
    assert doomed[0].number in text and str(len(doomed)) in text

    # A new proposal never brings back destroyed, kept, postponed or held cases.
    again = destruction_list_propose(today=today)
    again_ids = set(again.items.values_list("case_id", flat=True)) if again else set()
    assert not again_ids & ({c.pk for c in doomed} | {c.pk for c in survivors})


def test_only_the_archivist_reviews(seeded):
    from django.core.exceptions import PermissionDenied

    dlist = destruction_list_propose(today=timezone.localdate())
    _, caseworker = make_staff(Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        destruction_item_review(
            item=dlist.items.first(), decision=ItemDecision.APPROVED, actor=caseworker
        )


def test_lifting_a_hold_puts_the_case_back_on_the_next_list(seeded):
    from records.services.retention import legal_hold_lift

    _, actor = make_staff(Role.ARCHIVIST)
    case = Case.objects.filter(status="closed").order_by("pk").first()
    hold = legal_hold_place(case=case, reason="objection", actor=actor)
    first = destruction_list_propose(today=timezone.localdate())
    assert not first.items.filter(case=case).exists()
    first.delete()
    legal_hold_lift(hold=hold, actor=actor)
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is not None
    second = destruction_list_propose(today=date.today())
    assert second.items.filter(case=case).exists()


def test_the_archivist_reviews_item_by_item_on_the_page_and_approves(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    call_command("seed_volume", cases=60, days=730, batch=60, stdout=io.StringIO())
    RetentionRule.objects.filter(nomination=Nomination.DESTROY).update(period="P1M")
    archivist, _ = make_staff(Role.ARCHIVIST, team=world.teams["regie"])
    dlist = destruction_list_propose(today=timezone.localdate())
    items = list(dlist.items.order_by("pk"))
    assert len(items) > 5

    client.force_login(world.users["caseworker"])
    assert client.get(f"/werkplek/archief/vernietigingslijsten/{dlist.pk}/").status_code == 404
    client.force_login(archivist)
    page = client.get(f"/werkplek/archief/vernietigingslijsten/{dlist.pk}/").content.decode()
    assert items[0].case_number in page and items[0].rule.result_number in page
    # "To be confirmed" is shown exactly where the list leaves a choice.
    assert ("nog te bevestigen" in page) == any(
        i.rule.to_be_confirmed for i in dlist.items.select_related("rule")[:100]
    )
    base = f"/werkplek/archief/vernietigingslijsten/{dlist.pk}"
    # Postponing without a reason is refused, with it accepted.
    client.post(f"{base}/zaken/{items[0].pk}/", {"oordeel": "postponed", "tot": "2030-01-01"})
    items[0].refresh_from_db()
    assert items[0].decision == ItemDecision.PENDING
    client.post(
        f"{base}/zaken/{items[0].pk}/",
        {"oordeel": "postponed", "tot": "2030-01-01", "reden": "Bezwaar aangekondigd"},
    )
    client.post(f"{base}/zaken/{items[1].pk}/", {"oordeel": "keep", "reden": "Precedent"})
    for item in items[2:]:
        client.post(f"{base}/zaken/{item.pk}/", {"oordeel": "approved"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/goedkeuren/")
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.DESTROYED and dlist.approved_by == archivist
    assert dlist.counts["destroyed"] == len(items) - 2
    assert Case.objects.get(pk=items[2].case_id).citizen_name == ""
    assert Case.objects.get(pk=items[0].case_id).citizen_name != ""
    response = client.get(f"{base}/verklaring/")
    assert response.status_code == 200
