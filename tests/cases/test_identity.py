"""Issue 17: the BSN (elfproef, digest, mask, encryption at rest) and verifying a citizen's
identity (DigiD or the counter check), with the wait for identification and its suspension."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings

from cases.actors import CITIZEN
from cases.enums import IdentityDocument, IdentityMethod
from cases.errors import ActionNotAllowed, InvalidInput
from cases.identity import bsn_digest, bsn_is_valid, looks_like_bsn, mask_bsn, normalise_bsn
from cases.models import Case, CaseEvent, CaseType, EventKind, PersonalDataAccess, Role
from cases.selectors import cases_for_bsn
from cases.services import identity_verify
from notifications.models import Notification
from tests.factories import make_staff, submit_case, valid_bsn

BSN = "111222333"  # passes the elfproef
OTHER_BSN = "123456782"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("111222333", "111222333"),
        (" 1112.22.333 ", "111222333"),
        ("1112-22-333", "111222333"),
        ("12345672", "012345672"),  # printed without its leading zero
    ],
)
def test_normalise_bsn_accepts_valid_numbers(text, expected):
    assert normalise_bsn(text) == expected


@pytest.mark.parametrize("text", ["111222334", "000000000", "12345678901", "abcdefghi", "", None])
def test_normalise_bsn_refuses_what_fails_the_elfproef(text):
    with pytest.raises(ValueError):
        normalise_bsn(text)
    assert not looks_like_bsn(text or "")


def test_elfproef_on_generated_test_numbers():
    assert all(bsn_is_valid(valid_bsn(n)) for n in range(200))
    assert not bsn_is_valid("123456789")


def test_digest_is_keyed_hex_and_follows_the_normalised_number():
    digest = bsn_digest(BSN)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert bsn_digest("1112 22 333") == digest
    assert bsn_digest(OTHER_BSN) != digest
    with override_settings(BSN_HMAC_KEY="another-key"):
        assert bsn_digest(BSN) != digest
    with override_settings(BSN_HMAC_KEY=""), pytest.raises(ValueError):
        bsn_digest(BSN)


def test_mask_shows_only_the_last_four_digits():
    assert mask_bsn(BSN) == "*****2333"
    assert mask_bsn("") == ""


def test_the_seed_requires_identity_for_privacy_requests_and_chain_errors_only():
    required = set(CaseType.objects.filter(identity_required=True).values_list("code", flat=True))
    assert required == {"privacy_request", "chain_error"}


def _raw_row(case: Case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_table_holds_no_bsn_in_clear_and_the_case_reads_it_back(clock):
    case = submit_case("privacy_request", digid_bsn=BSN)
    row = _raw_row(case)
    assert BSN not in row
    assert "2333" not in row.replace(bsn_digest(BSN), "")  # not even the last digits
    assert bsn_digest(BSN) in row  # the digest is what is searchable
    assert Case.objects.get(pk=case.pk).bsn == BSN
    # The ciphertext is not deterministic: searching the column for the BSN finds nothing.
    assert not Case.objects.filter(bsn=BSN).exists()


def test_a_privacy_request_filed_without_digid_waits_with_its_term_suspended(clock):
    case = submit_case("privacy_request")
    assert case.awaiting_identity and not case.identity_verified
    suspension = case.suspensions.get()
    assert suspension.for_identity and suspension.end is None
    assert suspension.start == clock.now.date()
    notice = Notification.objects.get(template_key="identity_required")
    assert notice.idempotency_key == f"case:{case.pk}:identity_required:awaiting"
    assert BSN not in str(notice.context)
    complaint = submit_case("complaint")
    assert not complaint.awaiting_identity and not complaint.suspensions.exists()


def test_filed_with_digid_the_case_is_verified_and_does_not_wait(clock):
    case = submit_case("privacy_request", digid_bsn=BSN)
    assert case.identity_verified and case.identity_method == IdentityMethod.DIGID
    assert not case.awaiting_identity
    assert not case.suspensions.exists()
    assert not Notification.objects.filter(template_key="identity_required").exists()
    event = case.events.get(kind=EventKind.IDENTITY)
    assert BSN not in str(event.data) + event.reason


def test_the_counter_check_verifies_resumes_the_term_and_is_logged(clock):
    case = submit_case("privacy_request")
    due_before = case.due_date
    clock.set(clock.now.date() + timedelta(days=10))
    user, front_desk = make_staff(Role.FRONT_DESK)
    case = identity_verify(
        case=case,
        method=IdentityMethod.COUNTER,
        bsn="1112.22.333",
        document=IdentityDocument.PASSPORT,
        actor=front_desk,
    )
    case.refresh_from_db()
    assert case.identity_verified and not case.awaiting_identity
    assert case.identity_method == IdentityMethod.COUNTER
    assert case.identity_document == IdentityDocument.PASSPORT
    assert case.identity_checked_by == user
    assert case.bsn == BSN and case.bsn_digest == bsn_digest(BSN)
    suspension = case.suspensions.get()
    assert suspension.end == clock.now.date()
    assert case.due_date == due_before + timedelta(days=10)
    event = CaseEvent.objects.get(case=case, kind=EventKind.IDENTITY)
    assert event.data == {"method": "counter", "document": "passport", "term_resumed": True}
    assert BSN not in str(event.data) + event.reason
    access = PersonalDataAccess.objects.get(case=case, view="identity_check")
    assert access.user == user and access.fields == ["bsn"]


def test_the_explanation_shows_the_wait_for_identification(clock):
    from cases.explain import explain_case_due_date

    case = submit_case("privacy_request")
    clock.set(clock.now.date() + timedelta(days=4))
    _user, front_desk = make_staff(Role.FRONT_DESK)
    identity_verify(
        case=case,
        method=IdentityMethod.COUNTER,
        bsn=BSN,
        document=IdentityDocument.ID_CARD,
        actor=front_desk,
    )
    case = Case.objects.get(pk=case.pk)
    lines = " ".join(explain_case_due_date(case).lines)
    assert "wacht op identificatie (AVG art. 12 lid 6)" in lines
    assert "4 dagen" in lines


@pytest.mark.parametrize(
    ("method", "actor_kind", "document"),
    [
        (IdentityMethod.COUNTER, "citizen", IdentityDocument.PASSPORT),
        (IdentityMethod.COUNTER, Role.CASEWORKER, IdentityDocument.PASSPORT),
        (IdentityMethod.DIGID, Role.FRONT_DESK, ""),
    ],
)
def test_only_the_front_desk_checks_documents_and_only_the_citizen_brings_digid(
    clock, method, actor_kind, document
):
    case = submit_case("privacy_request")
    actor = CITIZEN if actor_kind == "citizen" else make_staff(actor_kind)[1]
    with pytest.raises(ActionNotAllowed):
        identity_verify(case=case, method=method, bsn=BSN, document=document, actor=actor)
    assert not Case.objects.get(pk=case.pk).identity_verified


def test_the_counter_check_needs_a_document_kind_and_a_valid_bsn(clock):
    case = submit_case("privacy_request")
    _user, front_desk = make_staff(Role.FRONT_DESK)
    with pytest.raises(InvalidInput):
        identity_verify(case=case, method="counter", bsn=BSN, actor=front_desk)
    with pytest.raises(InvalidInput):
        identity_verify(
            case=case, method="counter", bsn="111222334", document="passport", actor=front_desk
        )
    assert not Case.objects.get(pk=case.pk).identity_verified


def test_a_verified_case_is_never_bound_to_another_bsn(clock):
    case = submit_case("privacy_request", digid_bsn=BSN)
    with pytest.raises(ActionNotAllowed):
        identity_verify(case=case, method="digid", bsn=OTHER_BSN)
    assert Case.objects.get(pk=case.pk).bsn == BSN
    # The same person signing in again is fine.
    identity_verify(case=case, method="digid", bsn=BSN)


def test_cases_for_bsn_finds_verified_cases_by_digest(clock):
    mine = submit_case("privacy_request", digid_bsn=BSN)
    also_mine = submit_case("complaint", digid_bsn=BSN)
    submit_case("privacy_request", digid_bsn=OTHER_BSN)
    unverified = submit_case("privacy_request")
    Case.objects.filter(pk=unverified.pk).update(bsn_digest=bsn_digest(BSN))
    assert set(cases_for_bsn(bsn="1112 22 333")) == {mine, also_mine}
    assert set(cases_for_bsn(bsn=BSN, verified_only=False)) == {mine, also_mine, unverified}
    assert not cases_for_bsn(bsn="111222334").exists()


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_SALT_KEYS", "BSN_HMAC_KEY"])
def test_production_refuses_to_start_without_the_bsn_keys(missing):
    from tests.factories import start_production

    assert start_production(TRUSTED_PROXY_COUNT="1").returncode == 0
    result = start_production(TRUSTED_PROXY_COUNT="1", **{missing: ""})
    assert result.returncode != 0
    assert missing in result.stderr


def test_rekey_reencrypts_with_the_new_salt_and_recomputes_digests(clock, settings):
    from cases.fields import BsnField
    from cases.services.identity import bsn_rekey

    case = submit_case("privacy_request", digid_bsn=BSN)
    old_cipher = _raw_row(case)

    def rotate(**changes):
        for name, value in changes.items():
            setattr(settings, name, value)
        # The library caches the derived keys per field instance.
        field = Case._meta.get_field("bsn")
        assert isinstance(field, BsnField)
        field.__dict__.pop("keys", None)
        field.__dict__.pop("f", None)

    try:
        rotate(SALT_KEY=["new-salt", *settings.SALT_KEY], BSN_HMAC_KEY="new-hmac-key")
        assert Case.objects.get(pk=case.pk).bsn == BSN  # the old salt still decrypts
        assert bsn_rekey() == (1, 0)
        moved = Case.objects.get(pk=case.pk)
        assert moved.bsn_digest == bsn_digest(BSN) and _raw_row(moved) != old_cipher
        rotate(SALT_KEY=["new-salt"])  # the old salt dropped: still readable
        assert Case.objects.get(pk=case.pk).bsn == BSN
        assert set(cases_for_bsn(bsn=BSN)) == {moved}
    finally:
        rotate()
