"""Correction tasks for the owner's own system: list, detail, the owner's three answers and
evidence. Each write goes through the correction-task service with the version the client
read (If-Match), so the backoffice's "changed meanwhile" rule holds here too."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.selectors import api_task, api_tasks
from api.serializers import (
    AttachmentSerializer,
    EvidenceSerializer,
    ReasonSerializer,
    TaskDetailSerializer,
    TaskSerializer,
)
from api.services import task_evidence_add
from api.views.common import (
    IF_MATCH,
    ListFilters,
    PartnerTasksScope,
    SyncCursorPagination,
    etag,
    expected_version,
    problems,
)
from cases.models import ChainReport, TaskStatus
from cases.services.chain import (
    correction_task_dispute,
    correction_task_mark_corrected,
    correction_task_not_affected,
)
from cases.services.privacy import personal_data_access_record
from loket import privacy
from loket.forms.fields import EvidenceField

TASK_PERMISSIONS = [IsAuthenticated, PartnerTasksScope]
LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=[c for c, _label in TaskStatus.choices]),
    OpenApiParameter("updated_since", OpenApiTypes.DATETIME, description="ISO 8601 date-time"),
]


def _task_or_404(request, pk: int):
    task = api_task(actor=request.actor, pk=pk)
    if task is None:
        raise Http404
    return task


def task_detail_response(request, task, *, status_code: int = 200) -> Response:
    """The task as its owner's staff see it, with the personal fields their relation allows;
    writes the access log with the token's name (its service user)."""
    actor = request.actor
    report = ChainReport.objects.filter(case=task.case).first()
    elements = list(report.elements.all()) if report is not None else []
    relation = privacy.relation_to_case(actor, task.case)
    shown = privacy.personal_data(task.case, relation, chain_report=report, elements=elements)
    personal_data_access_record(
        actor=actor, case=task.case, view="api_task", fields=[f.name for f in shown]
    )
    task.personal_data = shown
    data = TaskDetailSerializer(task).data
    return Response(data, status=status_code, headers={"ETag": etag(task.version)})


class TaskList(generics.ListAPIView):
    permission_classes = TASK_PERMISSIONS
    serializer_class = TaskSerializer
    pagination_class = SyncCursorPagination

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: TaskSerializer, **problems(400, 401, 403, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = ListFilters(data=self.request.query_params, status_choices=TaskStatus.choices)
        filters.is_valid(raise_exception=True)
        return api_tasks(
            actor=self.request.actor,
            status=filters.validated_data.get("status"),
            updated_since=filters.validated_data.get("updated_since"),
        )


class TaskDetail(APIView):
    permission_classes = TASK_PERMISSIONS

    @extend_schema(responses={200: TaskDetailSerializer, **problems(401, 403, 404, 429)})
    def get(self, request, pk: int):
        return task_detail_response(request, _task_or_404(request, pk))


class _TaskAnswer(APIView):
    permission_classes = TASK_PERMISSIONS
    needs_reason = True

    def answer(self, *, task, actor, reason, version):
        raise NotImplementedError

    def post(self, request, pk: int):
        task = _task_or_404(request, pk)
        reason = ""
        if self.needs_reason:
            body = ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            reason = body.validated_data["reason"]
        version = expected_version(request)
        task = self.answer(task=task, actor=request.actor, reason=reason, version=version)
        return task_detail_response(request, _task_or_404(request, task.pk))


ANSWER_RESPONSES = {200: TaskDetailSerializer, **problems(400, 401, 403, 404, 409, 412, 428, 429)}


class TaskCorrected(_TaskAnswer):
    needs_reason = False

    @extend_schema(request=None, parameters=[IF_MATCH], responses=ANSWER_RESPONSES)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def answer(self, *, task, actor, reason, version):
        return correction_task_mark_corrected(task=task, actor=actor, expected_version=version)


class TaskNotAffected(_TaskAnswer):
    @extend_schema(request=ReasonSerializer, parameters=[IF_MATCH], responses=ANSWER_RESPONSES)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def answer(self, *, task, actor, reason, version):
        return correction_task_not_affected(
            task=task, actor=actor, reason=reason, expected_version=version
        )


class TaskDisputed(_TaskAnswer):
    @extend_schema(request=ReasonSerializer, parameters=[IF_MATCH], responses=ANSWER_RESPONSES)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def answer(self, *, task, actor, reason, version):
        return correction_task_dispute(
            task=task, actor=actor, reason=reason, expected_version=version
        )


class TaskEvidence(APIView):
    permission_classes = TASK_PERMISSIONS

    @extend_schema(
        request={"multipart/form-data": EvidenceSerializer},
        responses={
            201: AttachmentSerializer(many=True),
            **problems(400, 401, 403, 404, 409, 415, 429),
        },
    )
    def post(self, request, pk: int):
        task = _task_or_404(request, pk)
        body = EvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            # The web's own field: count, size, empty files and the type by content.
            files = EvidenceField().clean([body.validated_data["file"]])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        stored = task_evidence_add(task=task, actor=request.actor, files=files)
        return Response(
            AttachmentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED
        )
