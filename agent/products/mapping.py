"""The dedup mapping: which product control says the same thing as which check of ours.

Data in ``config/products/<source>.yaml`` (``controls: {<product control>: {check, resource?}}``);
:func:`to_finding` turns a :class:`Reported` into the Finding we store: a mapped one gets our
check's id and so our check's fingerprint (one finding, two sources, notified once); the others
``product.<source>.<control>`` and a fingerprint that includes the product's own id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from agent.core.model import Finding, Resource, Status, fingerprint
from agent.products.model import MSG, PRODUCT_NAMES, Reported, product_check_id

MAPPED_SOURCES = ("securityhub", "defender", "scc")


@dataclass(frozen=True, slots=True)
class Rule:
    check: str
    resource: str = ""  # our resource id template ({account}, {region}) when the product names another


@cache
def rules(source: str) -> dict[str, Rule]:
    """The mapping of ``source`` keyed by control (lower case for Defender's display names)."""
    f = resources.files("config").joinpath("products", f"{source}.yaml")
    if not f.is_file():
        return {}
    doc: dict[str, Any] = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    fold = source == "defender"
    return {(str(k).lower() if fold else str(k)): Rule(str(v["check"]), str(v.get("resource") or ""))
            for k, v in (doc.get("controls") or {}).items()}


def rule_for(rep: Reported) -> Rule | None:
    table = rules(rep.source)
    key = rep.control.lower() if rep.source == "defender" else rep.control
    return table.get(key) or table.get(rep.product_id.rsplit("/", 1)[-1].lower() if rep.source == "defender" else "")


def resource_key(rep: Reported) -> str:
    """The id of our resource this finding is about (the rule's template, else the product's)."""
    rule = rule_for(rep)
    if rule and rule.resource:
        return rule.resource.format(account=rep.resource.account, region=rep.resource.region)
    return rep.resource.id


def to_finding(rep: Reported, ours: Resource | None) -> Finding:
    """The Finding of ``rep``; ``ours`` is our inventory's resource of that id, when we have it."""
    rule = rule_for(rep)
    rid = resource_key(rep)
    r = ours or Resource(rep.resource.provider, rep.resource.account, rep.resource.region, rep.resource.type, rid,
                         rep.resource.name, dict(rep.resource.tags))
    status = Status.FAIL if rep.active else Status.PASS
    params = {"product": PRODUCT_NAMES.get(rep.source, rep.source), "title": rep.title, "control": rep.control}
    result = MSG.fail("reported", **params)
    if rule is not None:
        check_id = rule.check
        fp = fingerprint(check_id, r.provider, r.account, r.region, r.id)
    else:
        check_id = product_check_id(rep.source, rep.control)
        fp = fingerprint(check_id, r.provider, r.account, r.region, f"{r.id}#{rep.product_id}")
    return Finding(check_id, r, status, rep.severity, result.detail, dict(params), fp, kind=rep.kind,
                   message=result.message, sources=(rep.source,), refs={rep.source: rep.ref()})
