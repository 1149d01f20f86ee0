"""`Authorization: Bearer <token>`: the token's hash is looked up (one indexed query)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.services import TOKEN_PREFIX, token_hash
from cases.actors import Actor
from cases.models import OrganisationKind, Role

LAST_USED_RESOLUTION = timedelta(minutes=5)


def token_actor(token: ApiToken) -> Actor:
    """The actor a token acts as: a caseworker of its organisation, exactly as a member of that
    organisation's staff in the backoffice, so the same selectors and transition permissions
    decide what it may see and do. No coordinator, no front desk: a token never sees more."""
    organisation = token.organisation
    return Actor(
        kind="staff",
        user=token.service_user,
        roles=frozenset({Role.CASEWORKER}),
        organisation_ids=frozenset({organisation.pk}),
        partner_organisation_ids=frozenset(
            {organisation.pk} if organisation.kind == OrganisationKind.PARTNER else ()
        ),
    )


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Het token ontbreekt of is ongeldig."))
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Het token ontbreekt of is ongeldig.")) from exc
        if not raw.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("Het token ontbreekt of is ongeldig."))
        token = (
            ApiToken.objects.select_related("organisation", "service_user")
            .filter(key_hash=token_hash(raw))
            .first()
        )
        # Revoked, expired and unknown get the same answer: nothing to learn by trying.
        if token is None or not token.is_usable or not token.organisation.is_active:
            raise exceptions.AuthenticationFailed(_("Het token ontbreekt of is ongeldig."))
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            # At most one write per token per few minutes, not one per call.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.api_token = token
        request.actor = token_actor(token)
        return token.service_user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate) instead of 403 to a missing token.
        return 'Bearer realm="api"'
