from cases.models.access_log import PersonalDataAccess
from cases.models.calendar import CalendarChange, CalendarChangeStatus, ClosingDay, DecreeDay
from cases.models.case import (
    ATTACHMENT_DIR,
    Attachment,
    Case,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    ContactMoment,
    EventKind,
    Extension,
    Language,
    Note,
    RoutingRule,
    Suspension,
)
from cases.models.case_types import CaseType, Outcome, TermBasis, TermUnitChoice
from cases.models.chain import (
    ChainReport,
    CorrectionTask,
    DataElement,
    DataFlow,
    System,
    SystemKind,
)
from cases.models.configuration_stamp import ConfigurationStamp
from cases.models.organisations import Membership, Organisation, OrganisationKind, Role, Team
from cases.workflow import CaseStatus
from cases.workflow_correction import TaskStatus

__all__ = [
    "ATTACHMENT_DIR",
    "CalendarChange",
    "CalendarChangeStatus",
    "ChainReport",
    "ConfigurationStamp",
    "CorrectionTask",
    "DataElement",
    "DataFlow",
    "System",
    "SystemKind",
    "TaskStatus",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseNumberSequence",
    "CaseStatus",
    "CaseType",
    "Channel",
    "ClosingDay",
    "ContactMoment",
    "DecreeDay",
    "EventKind",
    "Extension",
    "Language",
    "Membership",
    "Note",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "PersonalDataAccess",
    "Role",
    "RoutingRule",
    "Suspension",
    "Team",
    "TermBasis",
    "TermUnitChoice",
]
