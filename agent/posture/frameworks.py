"""Framework files (``config/frameworks/<id>.yaml``): schema, loading, and which checks evidence
each control.

Two shapes share one schema (:data:`SCHEMA`, documented in ``config/frameworks/README.md``):

* a **benchmark** file (``provider: aws``; CIS benchmarks, FSBP, NSA/CISA, MITRE ATT&CK): plain
  string titles; its checks declare the controls they evidence (``@check(frameworks={...})``);
* a **cross-provider** file (``providers: [aws, azure, gcp, kubernetes]``; NIST, PCI DSS, ISO,
  SOC 2, CIS Controls, FISC, ISMAP, NISC): ``version``, ``source``, sections, en+ja titles, and
  per control its evidence as ``groups:`` (named check sets in ``evidence/groups.yaml``) and/or
  ``checks:``, or ``manual: true`` with a ``reason`` (a key of the shared reasons or {en, ja}).

A control's checks are the union of both directions, so a check may still declare a control of a
cross-provider file; the framework side keeps those files free of edits to check modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

import checks as registry
from agent.core.errors import UsageError
from agent.core.model import Texts
from agent.settings.compliance import known_frameworks

_TEXTS = {"type": "object", "required": ["en", "ja"], "additionalProperties": False,
          "properties": {"en": {"type": "string", "minLength": 1}, "ja": {"type": "string", "minLength": 1}}}
_IDS = {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "controls"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9.-]*$"},
        "title": {"anyOf": [{"type": "string", "minLength": 1}, _TEXTS]},
        "version": {"type": "string", "minLength": 1},
        "source": {"type": "string", "minLength": 1},
        "provider": {"type": "string"},
        "providers": {"type": "array", "items": {"enum": ["aws", "azure", "gcp", "kubernetes"]}, "minItems": 1},
        "sections": {"type": "object", "additionalProperties": _TEXTS},
        "controls": {"type": "array", "items": {
            "type": "object", "required": ["id", "title"],
            "properties": {"id": {"type": ["string", "number"]}, "title": {"anyOf": [{"type": "string"}, _TEXTS]},
                           "section": {"type": "string"}, "groups": _IDS, "checks": _IDS,
                           "manual": {"type": "boolean"}, "reason": {"anyOf": [{"type": "string"}, _TEXTS]}},
            "additionalProperties": False}},
    },
    "additionalProperties": False,
    # A cross-provider file carries what an auditor needs to trust it: edition, source, sections,
    # bilingual titles, and per control either its evidence or why it stays manual.
    "if": {"required": ["providers"]},
    "then": {
        "required": ["version", "source", "sections"],
        "properties": {"title": _TEXTS, "controls": {"items": {
            "required": ["id", "title", "section"],
            "properties": {"title": _TEXTS},
            "oneOf": [{"required": ["manual", "reason"], "properties": {"manual": {"const": True}},
                       "not": {"anyOf": [{"required": ["groups"]}, {"required": ["checks"]}]}},
                      {"anyOf": [{"required": ["groups"]}, {"required": ["checks"]}],
                       "not": {"required": ["manual"]}}]}}},
    },
}


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    title: Texts
    section: str
    checks: tuple[str, ...]  # every check that evidences it (both mapping directions), sorted
    manual: bool = False
    reason: Texts | None = None


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: Texts
    version: str
    source: str
    providers: tuple[str, ...]
    sections: dict[str, Texts]
    controls: tuple[Control, ...]

    @property
    def automated(self) -> int:
        """Controls UCS evaluates: not manual, and evidenced by at least one check."""
        return sum(not c.manual and bool(c.checks) for c in self.controls)

    @property
    def unmapped(self) -> int:
        """Automated controls no check evidences yet (always reported not assessed)."""
        return sum(not c.manual and not c.checks for c in self.controls)

    @property
    def automated_share(self) -> float:
        """Automated controls in percent of all listed controls (one decimal)."""
        return round(100.0 * self.automated / len(self.controls), 1) if self.controls else 0.0


def _folder() -> Any:
    return resources.files("config").joinpath("frameworks")


def available_frameworks() -> list[str]:
    return known_frameworks()


@cache
def evidence() -> tuple[dict[str, tuple[str, ...]], dict[str, Texts]]:
    """(evidence groups {name: check ids}, shared manual reasons {key: texts})."""
    doc = yaml.safe_load(_folder().joinpath("evidence", "groups.yaml").read_text(encoding="utf-8")) or {}
    groups = {k: tuple(v["checks"]) for k, v in (doc.get("groups") or {}).items()}
    return groups, dict(doc.get("reasons") or {})


def raw_framework(framework_id: str) -> dict[str, Any]:
    f = _folder().joinpath(f"{framework_id}.yaml")
    if not f.is_file():
        raise UsageError(f"unknown framework {framework_id!r}", hint=f"available: {', '.join(available_frameworks())}")
    doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    doc.setdefault("controls", [])
    return dict(doc)


def schema_problems(doc: dict[str, Any], name: str) -> list[str]:
    """Every way one framework document breaks :data:`SCHEMA` or its references (empty when valid)."""
    v = jsonschema.Draft202012Validator(SCHEMA)
    out = [f"{name}: {'/'.join(map(str, e.absolute_path)) or '<top>'}: {e.message}" for e in v.iter_errors(doc)]
    if out:
        return out
    groups, reasons = evidence()
    known = {c.id for c in registry.all_checks()}
    sections = doc.get("sections") or {}
    seen: set[str] = set()
    for c in doc["controls"]:
        cid = str(c["id"])
        if cid in seen:
            out.append(f"{name}: control {cid} listed twice")
        seen.add(cid)
        if sections and c.get("section") not in sections:
            out.append(f"{name}: control {cid}: section {c.get('section')!r} is not declared under sections")
        out += [f"{name}: control {cid}: unknown evidence group {g!r}" for g in c.get("groups", []) if g not in groups]
        out += [f"{name}: control {cid}: unknown check {k!r}" for k in c.get("checks", []) if k not in known]
        if isinstance(c.get("reason"), str) and c["reason"] not in reasons:
            out.append(f"{name}: control {cid}: unknown reason {c['reason']!r} (known: {', '.join(sorted(reasons))})")
    return out


def _texts(value: Any) -> Texts:
    return dict(value) if isinstance(value, dict) else {"en": str(value), "ja": str(value)}


@cache
def load_framework(framework_id: str) -> Framework:
    doc = raw_framework(framework_id)
    groups, reasons = evidence()
    declared: dict[str, set[str]] = {}
    for chk in registry.all_checks():
        for ctrl in chk.meta.frameworks.get(framework_id, ()):
            declared.setdefault(str(ctrl), set()).add(chk.id)
    controls = []
    for c in doc["controls"]:
        cid = str(c["id"])
        ids = set(declared.get(cid, set())) | set(c.get("checks", []))
        for g in c.get("groups", []):
            ids |= set(groups.get(g, ()))
        reason = c.get("reason")
        controls.append(Control(
            id=cid, title=_texts(c.get("title", "")), section=str(c.get("section") or cid.split(".")[0]),
            checks=tuple(sorted(ids)), manual=bool(c.get("manual")),
            reason=(reasons.get(reason) if isinstance(reason, str) else _texts(reason)) if reason else None))
    providers = doc.get("providers") or ([doc["provider"]] if doc.get("provider") else [])
    # A benchmark file names its version in its title ("… Benchmark v3.0.0"); a version: key wins.
    found = re.search(r"\bv(\d+(?:\.\d+)+)", str(doc.get("title", "")))
    version = str(doc.get("version") or (found.group(1) if found else ""))
    return Framework(id=framework_id, title=_texts(doc.get("title", framework_id)), version=version,
                     source=str(doc.get("source", "")), providers=tuple(providers),
                     sections={k: _texts(v) for k, v in (doc.get("sections") or {}).items()},
                     controls=tuple(controls))


@cache
def controls_by_check() -> dict[str, tuple[tuple[str, str], ...]]:
    """{check id: ((framework, control), …)} over every framework file, both mapping directions."""
    out: dict[str, list[tuple[str, str]]] = {}
    for fw_id in available_frameworks():
        for c in load_framework(fw_id).controls:
            for k in c.checks:
                out.setdefault(k, []).append((fw_id, c.id))
    return {k: tuple(v) for k, v in out.items()}
