"""Who performs an action: a staff member (with roles), the citizen, or the system.

django-fsm's `permission` callables receive this object in place of a user, so a transition can
tell a caseworker from the citizen and the system apart. System-only transitions accept only
`SYSTEM`, which no view can construct from a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.enums import Role


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff" | "citizen" | "system"
    user: object | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)
    partner_organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen"

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def sees_everything(self) -> bool:
        return self.has_role(Role.COORDINATOR) or bool(getattr(self.user, "is_superuser", False))

    def __str__(self) -> str:
        if self.is_staff:
            return str(self.user)
        return self.kind


CITIZEN = Actor(kind="citizen")
SYSTEM = Actor(kind="system")
