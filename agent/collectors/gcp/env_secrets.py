"""Secrets in the plain environment variables of Cloud Run services and Cloud Functions.

The collector runs the ``detect-secrets`` detectors over every plain environment value of a
``run.googleapis.com/Service`` (v2 ``template.containers[].env`` and the Knative v1
``spec.template.spec.containers[].env``) and a ``cloudfunctions.googleapis.com/Function``
(``serviceConfig`` / ``buildConfig.environmentVariables``), records **which variable** and **which
detector** as ``data["envSecrets"]``, and then replaces every plain value with ``<redacted>``: no
environment value is ever stored, logged or reported.  Values taken from Secret Manager
(``valueSource.secretKeyRef``, ``secretEnvironmentVariables``) are references, not secrets, and stay.

The high-entropy detectors are left out: on environment values (URLs, ids, image digests) they flag
almost everything and would bury the real keys.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from typing import Any

REDACTED = "<redacted>"
RUN_SERVICE = "run.googleapis.com/Service"
FUNCTION = "cloudfunctions.googleapis.com/Function"
ENV_ASSETS = frozenset({RUN_SERVICE, FUNCTION})
_SKIPPED_PLUGINS = ("HighEntropy", "IPPublic")


@cache
def _plugins() -> tuple[str, ...]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    return tuple(sorted(c.__name__ for c in get_mapping_from_secret_type_to_class().values()
                        if not any(s in c.__name__ for s in _SKIPPED_PLUGINS)))


def _containers(data: dict[str, Any]) -> list[Any]:
    template = data.get("template")
    if isinstance(template, dict) and isinstance(template.get("containers"), list):  # run v2
        return template["containers"]
    spec = ((data.get("spec") or {}).get("template") or {}).get("spec") or {}  # Knative serving v1
    return spec.get("containers") if isinstance(spec.get("containers"), list) else []


def plain_env(asset_type: str, data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str, str]]:
    """(where, holder, key, name) of every plain environment value: ``holder[key]`` is the value."""
    if asset_type == RUN_SERVICE:
        for i, container in enumerate(_containers(data)):
            env = container.get("env") if isinstance(container, dict) else None
            for entry in env if isinstance(env, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                    yield f"containers[{i}]", entry, "value", str(entry.get("name", ""))
    elif asset_type == FUNCTION:
        for section in ("serviceConfig", "buildConfig"):
            env = (data.get(section) or {}).get("environmentVariables")
            if isinstance(env, dict):
                for name in env:
                    if isinstance(env[name], str):
                        yield section, env, name, str(name)


def detect(name: str, value: str) -> list[str]:
    """The detect-secrets detectors that fire on ``NAME="value"`` (the keyword detector needs the name)."""
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import transient_settings

    line = f'{name}="{value}"'
    with transient_settings({"plugins_used": [{"name": p} for p in _plugins()]}):
        return sorted({str(s.type) for s in scan_line(line)})


def scrub(asset_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with the detected secrets recorded (variable and detector only) and every plain
    environment value redacted."""
    if asset_type not in ENV_ASSETS:
        return data
    data = copy.deepcopy(data)
    found = []
    for where, holder, key, name in list(plain_env(asset_type, data)):
        value = holder[key]
        if value and value != REDACTED:
            found += [{"where": where, "name": name, "detector": d} for d in detect(name, value)]
        holder[key] = REDACTED
    data["envSecrets"] = found
    return data
