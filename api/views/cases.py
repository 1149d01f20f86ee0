"""Cases for the municipality's own integrations (a separate scope): list, detail, status
history and attachments, without free text or contact details."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.selectors import api_case, api_case_history, api_cases
from api.serializers import AttachmentSerializer, CaseSerializer, StatusChangeSerializer
from api.views.common import (
    ListFilters,
    MunicipalityCasesScope,
    SyncCursorPagination,
    etag,
    problems,
)
from cases.models import CaseStatus
from cases.selectors.backoffice import attachment_for_download, case_attachments
from cases.services.privacy import personal_data_access_record

CASE_PERMISSIONS = [IsAuthenticated, MunicipalityCasesScope]


def _case_or_404(request, number: str):
    case = api_case(actor=request.actor, number=number)
    if case is None:
        raise Http404
    return case


class CaseList(generics.ListAPIView):
    permission_classes = CASE_PERMISSIONS
    serializer_class = CaseSerializer
    pagination_class = SyncCursorPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=[c for c, _label in CaseStatus.choices]),
            OpenApiParameter(
                "updated_since", OpenApiTypes.DATETIME, description="ISO 8601 date-time"
            ),
        ],
        responses={200: CaseSerializer, **problems(400, 401, 403, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = ListFilters(data=self.request.query_params, status_choices=CaseStatus.choices)
        filters.is_valid(raise_exception=True)
        return api_cases(
            actor=self.request.actor,
            status=filters.validated_data.get("status"),
            updated_since=filters.validated_data.get("updated_since"),
        )


class CaseDetail(APIView):
    permission_classes = CASE_PERMISSIONS

    @extend_schema(responses={200: CaseSerializer, **problems(401, 403, 404, 429)})
    def get(self, request, number: str):
        case = _case_or_404(request, number)
        return Response(CaseSerializer(case).data, headers={"ETag": etag(case.version)})


class CaseHistory(APIView):
    permission_classes = CASE_PERMISSIONS

    @extend_schema(
        responses={200: StatusChangeSerializer(many=True), **problems(401, 403, 404, 429)}
    )
    def get(self, request, number: str):
        case = _case_or_404(request, number)
        return Response(StatusChangeSerializer(api_case_history(case=case), many=True).data)


class CaseAttachments(APIView):
    permission_classes = CASE_PERMISSIONS

    @extend_schema(responses={200: AttachmentSerializer(many=True), **problems(401, 403, 404, 429)})
    def get(self, request, number: str):
        case = _case_or_404(request, number)
        attachments = case_attachments(actor=request.actor, case=case)
        return Response(AttachmentSerializer(attachments, many=True).data)


class CaseAttachmentContent(APIView):
    permission_classes = CASE_PERMISSIONS

    @extend_schema(
        operation_id="cases_attachment_content",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **problems(401, 403, 404, 429),
        },
    )
    def get(self, request, number: str, pk: int):
        case = _case_or_404(request, number)
        attachment = attachment_for_download(actor=request.actor, case=case, pk=pk)
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        personal_data_access_record(
            actor=request.actor,
            case=case,
            view="api_attachment",
            fields=[f"attachment:{attachment.pk}"],
        )
        response = FileResponse(
            handle, as_attachment=True, filename="bijlage", content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
