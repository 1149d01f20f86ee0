"""The API reference page: Swagger UI from drf-spectacular-sidecar's files, started by our own
static script (no inline script, no CDN), reading the schema from /api/v1/schema/."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET


@require_GET
def api_docs(request):
    return render(request, "api/docs.html")


@csrf_exempt  # no session, no cookie: a POST to a wrong URL must get this 404, not CSRF's 403
def api_not_found(request, rest: str = ""):
    """Anything under /api/v1/ that matches no endpoint: a problem document, not the HTML 404."""
    return JsonResponse(
        {
            "type": "https://loket.example/problems/not-found",
            "title": _("Niet gevonden"),
            "status": 404,
            "detail": _("Dit object bestaat niet of hoort niet bij uw organisatie."),
            "instance": request.path,
        },
        status=404,
        content_type="application/problem+json",
    )
