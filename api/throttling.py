"""Throttling per token (DRF's cache-based throttle): 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self):
        # Read per request (DRF reads its rates once at import), so tests and settings can set it.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is None:
            # Unauthenticated calls fail authentication first; count them by address anyway.
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"token{token.pk}"}
