"""The API reference page: Swagger UI from drf-spectacular-sidecar's files, started by our own
static script (no inline script, no CDN), reading the schema from /api/v1/schema/."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def api_docs(request):
    return render(request, "api/docs.html")
