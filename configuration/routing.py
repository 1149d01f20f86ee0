"""Routing rules that explain themselves (issue 22): lowest order first, the first rule that
matches wins. A rule that an earlier active rule covers can never match; the admin says so."""

from __future__ import annotations

from cases.models import RoutingRule


def _covers(earlier: RoutingRule, later: RoutingRule) -> bool:
    """Every case `later` matches is matched by `earlier`: on each criterion `earlier` is empty
    (any) or the same."""
    return (
        earlier.case_type_id in (None, later.case_type_id)
        and earlier.channel in ("", later.channel)
        and earlier.source_system_id in (None, later.source_system_id)
    )


def shadowing_rules(rules: list[RoutingRule]) -> dict[int, RoutingRule]:
    """For each rule that can never match, the earlier active rule that takes its cases. `rules`
    in routing order (position, id), as `route()` reads them."""
    found: dict[int, RoutingRule] = {}
    active_before: list[RoutingRule] = []
    for rule in rules:
        for earlier in active_before:
            if _covers(earlier, rule):
                found[rule.pk] = earlier
                break
        if rule.is_active:
            active_before.append(rule)
    return found


def routing_rules_in_order():
    return RoutingRule.objects.select_related(
        "case_type", "source_system", "team__organisation"
    ).order_by("position", "id")
