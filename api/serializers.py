"""What the API shows. Tasks: what the partner role sees in the backoffice; cases: no free text
and no contact details (number, type, states, dates)."""

from __future__ import annotations

from rest_framework import serializers

from cases.models import CaseStatus, TaskStatus


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = serializers.DictField(required=False)


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number")
    system = serializers.CharField(source="system.code")
    system_name = serializers.CharField(source="system.name")
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    elements = serializers.ListField(child=serializers.CharField(), source="element_codes")
    due_date = serializers.DateField(allow_null=True)
    hold_consequences = serializers.BooleanField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class PersonalFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class TaskDetailSerializer(TaskSerializer):
    reason = serializers.CharField()
    # The fields the organisation's relation to the case allows (loket/privacy.py): for a task
    # owner the citizen's name, the wrong elements and the right value.
    personal_data = PersonalFieldSerializer(many=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, trim_whitespace=True)


class EvidenceSerializer(serializers.Serializer):
    file = serializers.FileField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    from_citizen = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class CaseSerializer(serializers.Serializer):
    number = serializers.CharField()
    case_type = serializers.CharField(source="case_type.code")
    channel = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    organisation = serializers.CharField(source="organisation.code", allow_null=True)
    team = serializers.CharField(source="team.code", allow_null=True)
    outcome = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class StatusChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    transition = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="actor_kind")
