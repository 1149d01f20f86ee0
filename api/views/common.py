"""Pieces every API view uses: scopes, the version in ETag / If-Match, problem responses in the
schema, and the query filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission

from api.models import TokenScope
from api.problems import PROBLEM_CONTENT_TYPE, PreconditionFailed, PreconditionRequired
from api.serializers import ProblemSerializer


class _ScopePermission(BasePermission):
    scope = ""
    message = _("Dit token mag deze gegevens niet gebruiken.")

    def has_permission(self, request, view):
        token = getattr(request, "auth", None)
        return token is not None and token.scope == self.scope


class PartnerTasksScope(_ScopePermission):
    scope = TokenScope.PARTNER_TASKS


class MunicipalityCasesScope(_ScopePermission):
    scope = TokenScope.MUNICIPALITY_CASES


class SyncCursorPagination(CursorPagination):
    """Oldest change first, so a client that stores the last `updated_at` it saw can resume
    with `updated_since`; the cursor keeps pages stable while rows change."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def problems(*codes: int) -> dict:
    return {(code, PROBLEM_CONTENT_TYPE): ProblemSerializer for code in codes}


def etag(version: int) -> str:
    return f'"{version}"'


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the task as read, e.g. "3". 412 when it changed meanwhile.',
)


def expected_version(request) -> int:
    """The version the client read, from If-Match. Missing: 428; not one of ours: 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header.startswith("W/"):
        header = header[2:]
    try:
        return int(header.strip('"'))
    except ValueError as exc:
        raise PreconditionFailed() from exc


class ListFilters(serializers.Serializer):
    """The list's query parameters, strictly: a wrong value is a 400, never silently ignored
    (DRF's pagination would fall back to the default page size)."""

    updated_since = serializers.DateTimeField(required=False)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=SyncCursorPagination.max_page_size
    )
    cursor = serializers.CharField(required=False)

    def __init__(self, *args, status_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = serializers.ChoiceField(choices=status_choices, required=False)

    def validate(self, attrs):
        # DRF skips an empty query parameter as if it were absent; `?status=` is a mistake.
        empty = [
            name
            for name in ("status", "updated_since", "page_size")
            if self.initial_data.get(name, None) == ""
        ]
        if empty:
            raise serializers.ValidationError({name: [_("Vul een waarde in.")] for name in empty})
        return attrs
