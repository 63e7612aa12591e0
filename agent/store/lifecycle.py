"""Finding lifecycle rules, kept pure so they are easy to test and reason about.

    FAIL  : none/passed -> new ; resolved -> reopened ; new/reopened -> open ; muted -> open
    MUTED : anything -> muted
    PASS  : new/open/reopened/muted -> resolved ; otherwise unchanged (passed if first seen)
    ERROR : the state is left as it was (a check that could not assess proves nothing)
    absent: an active finding whose (provider, account, region, type) this scan covered and whose
            check this scan ran -> resolved ("no longer present"); otherwise untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agent.core.model import ACTIVE_STATES, Finding, Severity, State, Status

# Transition kinds that people are told about; notifiers route on these names.
NEW = "new"
REOPENED = "reopened"
RESOLVED = "resolved"
SEVERITY_RAISED = "severity_raised"
MUTED = "muted"
UNMUTED = "unmuted"


@dataclass(slots=True)
class Transition:
    kind: str
    fingerprint: str
    from_state: State | None
    to_state: State
    finding: Finding
    scan_id: int | None
    at: datetime
    previous_severity: Severity | None = None


def next_state(prev_state: State | None, status: Status) -> State:
    if status is Status.MUTED:
        return State.MUTED
    if status is Status.FAIL:
        if prev_state in (None, State.PASSED):
            return State.NEW
        if prev_state is State.RESOLVED:
            return State.REOPENED
        return State.OPEN
    if status is Status.PASS:
        if prev_state in ACTIVE_STATES or prev_state is State.MUTED:
            return State.RESOLVED
        return prev_state or State.PASSED
    # ERROR: keep what we knew; a first sighting that errors is shown as open so it is not hidden
    return prev_state or State.OPEN


def transition_kind(prev_state: State | None, new_state: State, prev_severity: Severity | None, severity: Severity) -> str | None:
    if new_state is State.NEW and prev_state is not State.NEW:
        return NEW
    if new_state is State.REOPENED:
        return REOPENED
    if new_state is State.RESOLVED and prev_state is not State.RESOLVED:
        return RESOLVED
    if new_state is State.MUTED and prev_state is not State.MUTED:
        return MUTED
    if prev_state is State.MUTED and new_state is State.OPEN:
        return UNMUTED
    if new_state in ACTIVE_STATES and prev_severity is not None and severity > prev_severity:
        return SEVERITY_RAISED
    return None
