"""The administrator's screens for issue 22, one module per topic; importing them registers them
(each replaces the `cases` admin page of its model by a subclass)."""

from configuration.admin import (  # noqa: F401
    calendar,
    case_types,
    cases,
    organisations,
    register,
    routing,
)
