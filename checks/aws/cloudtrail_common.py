"""CloudTrail trail semantics shared by the account-level CloudTrail checks and the CIS 4.x alarms.

A trail "qualifies" for the CIS controls when it is multi-region, logging and records every read
and write management event; these helpers answer that from the trail documents the collector
stores (``EventSelectors`` / ``AdvancedEventSelectors`` as the API returns them).  No checks here.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import is_unreadable


def management_events_all(trail: dict[str, Any]) -> bool:
    """Does the trail record read AND write management events?  A trail with no selectors at all
    has AWS's default (all management events)."""
    sel = trail.get("EventSelectors")
    adv = trail.get("AdvancedEventSelectors") or []
    if isinstance(sel, list) and sel:
        return any(s.get("IncludeManagementEvents", True) and s.get("ReadWriteType", "All") == "All" for s in sel)
    if adv:
        for a in adv:
            fields = {f.get("Field"): f for f in a.get("FieldSelectors", [])}
            if "Management" in (fields.get("eventCategory", {}).get("Equals") or []) and "readOnly" not in fields:
                return True
        return False
    return True


def qualifying_trails(trails: Any) -> list[dict[str, Any]]:
    """Multi-region trails that are logging and record all management events (CIS 3.1)."""
    if not isinstance(trails, list):
        return []
    return [t for t in trails if t.get("IsMultiRegionTrail") and t.get("IsLogging") is True
            and not is_unreadable(t.get("EventSelectors")) and management_events_all(t)]


def unassessed_trails(trails: Any) -> list[str]:
    """Multi-region trails that might qualify but whose status or selectors could not be read: while
    one exists and none qualifies, "no qualifying trail" is not known (the answer is ERROR)."""
    if not isinstance(trails, list):
        return []
    return [str(t.get("Name") or t.get("TrailARN")) for t in trails if t.get("IsMultiRegionTrail")
            and t.get("IsLogging") is not False
            and (is_unreadable(t.get("IsLogging")) or is_unreadable(t.get("EventSelectors")))]


def logs_s3_data_events(trail: dict[str, Any], kind: str) -> bool:
    """Does the trail record S3 object-level ``kind`` ("write" or "read") events for all buckets?"""
    wanted = {"write": ("All", "WriteOnly"), "read": ("All", "ReadOnly")}[kind]
    sel = trail.get("EventSelectors")
    if isinstance(sel, list):
        for s in sel:
            if s.get("ReadWriteType", "All") not in wanted:
                continue
            for dr in s.get("DataResources", []):
                if dr.get("Type") == "AWS::S3::Object" and any(v in ("arn:aws:s3", "arn:aws:s3:::") for v in dr.get("Values", [])):
                    return True
    for a in trail.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in a.get("FieldSelectors", [])}
        if "Data" not in (fields.get("eventCategory", {}).get("Equals") or []):
            continue
        if "AWS::S3::Object" not in (fields.get("resources.type", {}).get("Equals") or []):
            continue
        if "resources.ARN" in fields and not any(v in ("arn:aws:s3", "arn:aws:s3:::") for v in
                                                   (fields["resources.ARN"].get("StartsWith") or [])):
            continue
        ro = fields.get("readOnly", {}).get("Equals")
        if not ro or (kind == "write" and "false" in ro) or (kind == "read" and "true" in ro):
            return True
    return False
