"""Hypothesis throws random text, odd unicode (NUL, right-to-left, emoji, non-characters), huge and
empty values at every field of every public form, the tracking reply and the withdrawal: never a
server error, and never a half-saved case (either a complete case with its submitted event and
its receipt in the outbox, or nothing at all)."""

from __future__ import annotations

import os
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases import services
from cases.models import Case, CaseEvent, CaseStatus, ChainReport, EventKind, Role
from notifications.models import Notification
from tests.factories import (
    SLUGS,
    TYPE_OF_SLUG,
    image_bytes,
    import_register,
    make_staff,
    submit_case,
    valid_data,
)

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MISSING = object()  # the field is left out of the POST altogether

# Any code point but surrogates (they cannot be encoded in a request at all).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
ODD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x00" * 500,
        "\x7f\x1b[31m",
        "\r\n\r\n",
        "\u202eevil.exe\u202c",  # right-to-left override
        "مرحبا بالعالم",
        "שלום עולם",
        "👩‍👩‍👧‍👦🏳️‍🌈🇳🇱",
        "\U0001f4a9" * 300,
        "\ufeff\u200b\u200d\u2028\u2029",
        "\uffff\ufffe\U0010ffff",
        "𝕿𝖊𝖘𝖙 Ω≈ç√∫ Zalgo: Z̵̡̛a̸l̷g̶o̴",
        "<script>alert(1)</script>",
        "'; DROP TABLE cases_case; --",
        "{{ request }} {% debug %} %(x)s %s",
        "../../etc/passwd",
        "0612345678",
        "anna@voorbeeld.test",
        "-1",
        "99999999999999999999999999",
        "2026-02-30",
        "9999-12-31",
    ]
)
TEXT = st.text(alphabet=ANY_CHAR, max_size=300)
# Up to about a megabyte, built by repetition so generating it stays fast.
HUGE = st.builds(
    lambda piece, times: (piece * times)[:1_000_000],
    st.text(alphabet=ANY_CHAR, min_size=1, max_size=6),
    st.integers(min_value=1_000, max_value=1_000_000),
)
# Ordinary text salted with the characters that break things: NUL, bidi controls, BOM, emoji.
SALTED = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            ["\x00", "\u202e", "\u200f", "\ufeff", "👩", "\u200d", "ש", "ﷺ", "\r", "\n"]
        ),
        ANY_CHAR,
    ),
    min_size=1,
    max_size=200,
)
VALUE = st.one_of(TEXT, SALTED, ODD, HUGE, st.just(""))

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = image_bytes("PNG")  # a real image: photos are re-encoded when stored
FILES = st.lists(
    st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.one_of(
            st.just("bijlage.pdf"),
            # Names the test client can send at all (it refuses "", "." and "..").
            st.text(alphabet=ANY_CHAR, min_size=1, max_size=60).filter(
                lambda name: os.path.basename(name) not in {"", ".", ".."}
            ),
        ),
        st.one_of(st.just(PDF), st.just(PNG), st.binary(max_size=200)),
    ),
    max_size=6,
)


def field_strategy(valid, *, only_fuzz: bool = False):
    """Nasty values, or (when other fields are fuzzed too) sometimes the valid value, so some
    submissions get through; sometimes the field is missing; lists for multi-valued fields."""
    if isinstance(valid, list):
        nasty = st.lists(st.one_of(st.sampled_from(valid), VALUE), max_size=4)
        return nasty if only_fuzz else st.one_of(st.just(valid), nasty)
    nasty = st.one_of(VALUE, st.just(MISSING))
    return nasty if only_fuzz else st.one_of(st.just(valid), nasty)


def post_data(draw, slug: str) -> dict:
    """Half the time one field is fuzzed and the rest is valid (so many odd values get saved);
    otherwise every field is fuzzed."""
    valid = valid_data(slug)
    if draw(st.booleans()):
        fuzzed = {draw(st.sampled_from(sorted([*valid, "evidence"])))}
    else:
        fuzzed = {*valid, "evidence"}
    data = {}
    for name, value in valid.items():
        if name in fuzzed:
            value = draw(field_strategy(value, only_fuzz=len(fuzzed) == 1))
        if value is not MISSING:
            data[name] = value
    files = draw(FILES) if "evidence" in fuzzed else []
    if files:
        data["evidence"] = files
    return data


def assert_complete(case: Case, slug: str | None = None) -> None:
    """A case is all there: number, secret-link hash, submitted event, receipt in the outbox
    and, for a chain error, its report with the wrong data."""
    assert re.fullmatch(r"LDZ-\d{4}-\d{6}", case.number)
    assert len(case.tracking_token_hash) == 64
    assert case.events.filter(kind=EventKind.SUBMITTED).count() == 1
    assert Notification.objects.filter(reference=f"case:{case.pk}", template_key="receipt").exists()
    assert case.subject.strip() and case.citizen_name.strip()
    assert case.citizen_email or case.citizen_address
    for value in (case.subject, case.description, case.citizen_name, case.citizen_address):
        assert "\x00" not in value
    if slug is not None:
        assert case.case_type.code == TYPE_OF_SLUG[slug]
    if case.case_type.code == "chain_error":
        report = ChainReport.objects.get(case=case)
        assert report.elements.exists()
        assert report.wrong_value.strip() and report.right_value.strip()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    import_register()
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("slug", SLUGS)
def test_public_forms_never_fail_and_never_half_save(client, slug):
    accepted = []

    @FUZZ
    @given(st.data())
    def run(data):
        cache.clear()  # the submission rate limit is not what this test is about
        payload = post_data(data.draw, slug)
        before = set(Case.objects.values_list("pk", flat=True))
        response = client.post(f"/indienen/{slug}/", payload)
        # 302: accepted; 400: the form said what is wrong, or the request was too big.
        assert response.status_code in (302, 400), response.status_code
        new = list(Case.objects.exclude(pk__in=before))
        if response.status_code == 302:
            assert len(new) == 1
            assert_complete(new[0], slug)
            accepted.append(new[0].pk)
        else:
            assert new == []

    run()
    assert accepted, "no example got through: the fuzzing says nothing about saving"
    for case in Case.objects.all():
        assert_complete(case)


@pytest.fixture
def waiting_case():
    """A case that waits for the citizen, and its secret link."""
    actor = make_staff(Role.COORDINATOR)[1]

    def make():
        case = submit_case("privacy_request")
        token = "fuzz-" + str(case.pk) + "-" + "x" * 30
        from cases.services.intake import hash_token

        Case.objects.filter(pk=case.pk).update(tracking_token_hash=hash_token(token))
        case = services.case_take(case=case, actor=actor)
        services.case_request_information(case=case, actor=actor, question="Welke jaren?")
        return Case.objects.get(pk=case.pk), token

    return make


def test_tracking_reply_never_fails_and_is_all_or_nothing(client, waiting_case):
    @FUZZ
    @given(st.data())
    def run(data):
        cache.clear()
        case, token = waiting_case()
        payload = {}
        text = data.draw(st.one_of(st.just("Over 2024."), VALUE, st.just(MISSING)))
        if text is not MISSING:
            payload["text"] = text
        files = data.draw(FILES)
        if files:
            payload["evidence"] = files
        events_before = CaseEvent.objects.filter(case=case).count()
        response = client.post(f"/volg/{token}/antwoord/", payload)
        assert response.status_code in (302, 400), response.status_code
        case.refresh_from_db()
        replies = case.events.filter(kind=EventKind.REPLY)
        if case.status == CaseStatus.IN_PROGRESS:
            assert response.status_code == 302
            assert replies.count() == 1
            assert replies.get().reason.strip() and "\x00" not in replies.get().reason
            assert case.reply_due_date is None
            assert case.events.filter(transition="receive_reply").count() == 1
        else:
            assert case.status == CaseStatus.AWAITING_CITIZEN
            assert replies.count() == 0
            assert case.attachments.count() == 0
            assert CaseEvent.objects.filter(case=case).count() == events_before

    run()


def test_withdrawal_happens_only_with_the_confirmation(client, waiting_case):
    @FUZZ
    @given(confirm=st.one_of(VALUE, st.just("yes"), st.just(MISSING)))
    def run(confirm):
        cache.clear()
        case, token = waiting_case()
        payload = {} if confirm is MISSING else {"confirm": confirm}
        response = client.post(f"/volg/{token}/intrekken/", payload)
        assert response.status_code in (200, 302, 400)
        case.refresh_from_db()
        if confirm == "yes":
            assert case.status == CaseStatus.WITHDRAWN
        else:
            assert case.status == CaseStatus.AWAITING_CITIZEN

    run()


# Every free-text field, with the characters PostgreSQL and templates choke on, is saved with
# only the control characters removed (a fixed companion to the random runs above).
ODD_TEXT = "Ω \u202eRTL\u202c שלום 👩\u200d👩\u200d👧 a\x00b\x07 \ufeff𝕿 <b>&amp;</b>"
CLEANED = "Ω \u202eRTL\u202c שלום 👩\u200d👩\u200d👧 ab \ufeff𝕿 <b>&amp;</b>"
TEXT_FIELDS = [
    ("vraag", "subject", "subject"),
    ("vraag", "description", "description"),
    ("vraag", "citizen_name", "citizen_name"),
    ("vraag", "citizen_address", "citizen_address"),
    ("klacht", "complained_about", "complained_about"),
    ("ketenfout", "wrong_value", "chain_report.wrong_value"),
    ("ketenfout", "right_value", "chain_report.right_value"),
    ("ketenfout", "noticed_where", "chain_report.noticed_where"),
    ("ketenfout", "description", "description"),
    ("privacy", "description", "description"),
    ("woo", "subject", "subject"),
]


@pytest.mark.parametrize("slug,field,attribute", TEXT_FIELDS)
def test_odd_unicode_in_every_text_field_is_saved_cleanly(client, slug, field, attribute):
    response = client.post(f"/indienen/{slug}/", valid_data(slug, **{field: ODD_TEXT}))
    assert response.status_code == 302
    case = Case.objects.get()
    assert_complete(case, slug)
    value = case
    for part in attribute.split("."):
        value = getattr(value, part)
    assert value == CLEANED
    # And it is shown back escaped, as text, on the tracking page and the receipt.
    receipt = client.get("/ontvangen/").content.decode()
    assert "<b>&amp;</b>" not in receipt
