"""One configuration setting that should hold on one resource: the shape most data-store checks
take (encryption on, deletion protection on, backups kept, not publicly accessible …).

:func:`setting_check` registers a check from a :class:`Setting` row; the service modules hold
their tables, so each check is found in the module of its service.  "Could not read" is the
engine's ERROR (:func:`checks.need` on the setting's key); absent optional sub-fields are the
API's defaults and are judged by the row's ``holds`` function.  No checks here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.settings_common", {
    "off": ("{setting} is {value}", "{setting} の値は {value} です"),
})


@dataclass(frozen=True)
class Setting:
    """A check of one setting: ``holds(value, resource)`` over ``need(resource, key)``."""

    id: str
    rtypes: tuple[str, ...]
    key: str
    holds: Callable[[Any, Resource], bool]
    title: tuple[str, str]
    description: tuple[str, str]
    remediation: tuple[str, str]
    severity: Severity = Severity.MEDIUM
    fsbp: tuple[str, ...] = ()
    shows: Callable[[Any], Any] = lambda v: v  # what the finding says the setting is


def setting_check(s: Setting, module: str) -> Callable[[Resource], Result]:
    """Register ``s`` as a check of ``module`` (the caller's ``__name__``: a check is found in the
    module of its service, and the registry and conformance test read the function's module)."""

    def evaluate(r: Resource) -> Result:
        value = need(r, s.key)
        return Result.ok() if s.holds(value, r) else MSG.fail("off", setting=s.key, value=s.shows(value))

    evaluate.__name__ = evaluate.__qualname__ = s.id.rsplit(".", 1)[1]
    evaluate.__module__ = module
    return check(id=s.id, resource_types=s.rtypes, severity=s.severity,
                 frameworks={"aws-fsbp": list(s.fsbp)} if s.fsbp else None,
                 title=T(*s.title), description=T(*s.description), remediation=T(*s.remediation))(evaluate)


def sub(key: str, default: Any = None) -> Callable[[Any], Any]:
    """A field of a settings block (``{"Enabled": true}``) with the API's default when absent."""
    return lambda block: (block or {}).get(key, default) if isinstance(block, dict) else default
