"""Writes of the API app: creating and revoking tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from cases.errors import ActionNotAllowed
from cases.models import Organisation
from cases.services.attachments import attachments_add
from cases.services.common import lock_case
from cases.workflow_correction import OPEN_TASK_STATUSES

TOKEN_PREFIX = "ldz_"


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once to the administrator, never stored


def api_token_create(
    *,
    organisation: Organisation,
    name: str,
    scope: str,
    expires_at: datetime,
    created_by=None,
) -> NewToken:
    """A new token and its service user. The raw token is returned once; only its hash is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        user = get_user_model().objects.create(
            username=f"api:{secrets.token_hex(6)}",
            first_name="API",
            last_name=f"{name} ({organisation.code})"[:150],
            is_active=False,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name,
            scope=scope,
            prefix=raw[:12],
            key_hash=token_hash(raw),
            expires_at=expires_at,
            created_by=created_by,
            service_user=user,
        )
        # The access log shows the user's name: make it the token's.
        user.username = f"api:{organisation.code}:{name}"[:140] + f":{token.pk}"
        user.save(update_fields=["username"])
    return NewToken(token=token, raw=raw)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke at once: the next call with it gets 401."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def task_evidence_add(*, task, actor, files) -> list:
    """Evidence from the task's owner, stored with the case as the web stores it (checked by the
    caller with the web's EvidenceField; `attachments_add` re-checks). Not shown to the citizen."""
    with transaction.atomic():
        case = lock_case(task.case_id)
        if task.status not in OPEN_TASK_STATUSES:
            raise ActionNotAllowed()
        return attachments_add(case=case, files=files, actor=actor, public=False)
