"""Kubernetes version support, shared by the cluster and node version checks.

The support table is config/kubernetes-versions.yaml; the date it is compared with is the scan's
(``Inventory.now``), never the clock, so a stored fixture gives the same answer on every day.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from agent.core.messages import render
from agent.core.model import Result
from checks import Messages

VERSION = re.compile(r"^v?(\d+)\.(\d+)")
UPGRADING = "upgrading.patching"

MSG = Messages("kubernetes.versions", {
    "unrecognised": ("unrecognised version {version!r}", "認識できないバージョン {version!r}"),
    "end_of_life": ("{minor} reached end of life on {end_of_life}", "{minor} は {end_of_life} にサポートが終了しました"),
    "supported_until": ("{minor} supported until {end_of_life}", "{minor} は {end_of_life} までサポートされます"),
    "older_than_table": ("{minor} is older than every supported minor version",
                         "{minor} はサポート対象のどのマイナーバージョンよりも古いバージョンです"),
    "newer_than_table": ("{minor} is newer than the support table", "{minor} はサポート表より新しいバージョンです"),
    "scan_time_unknown": ("the scan time is unknown, so the end of support of {version} cannot be compared",
                          "スキャン時刻が不明なため、{version} のサポート終了日と比較できません"),
})


@lru_cache(maxsize=1)
def version_table() -> dict[tuple[int, int], date]:
    """{(major, minor): end of life} from config/kubernetes-versions.yaml."""
    doc = yaml.safe_load(resources.files("config").joinpath("kubernetes-versions.yaml").read_text(encoding="utf-8"))
    out = {}
    for minor, info in (doc.get("minors") or {}).items():
        major, _, m = str(minor).partition(".")
        out[(int(major), int(m))] = info["end_of_life"]
    return out


def support(version: str, today: date) -> tuple[bool, str, dict[str, Any]]:
    """(supported, message key, parameters) for a version string such as v1.29.3-eks-1234."""
    m = VERSION.match(version.strip())
    if not m:
        return False, "unrecognised", {"version": version}
    key = (int(m.group(1)), int(m.group(2)))
    table = version_table()
    params: dict[str, Any] = {"version": version, "minor": f"{key[0]}.{key[1]}"}
    if key in table:
        params["end_of_life"] = table[key].isoformat()
        if table[key] < today:
            return False, "end_of_life", params
        return True, "supported_until", params
    if key < min(table):
        return False, "older_than_table", params
    return True, "newer_than_table", params


def support_status(version: str, today: date) -> tuple[bool, str]:
    """(supported, reason in English) for a version string on the day ``today``."""
    ok, key, params = support(version, today)
    return ok, render(MSG.qualify(key), params)


def version_result(version: str, now: datetime | None) -> Result:
    """The check answer for a running version on the scan's day (ERROR when that is unknown)."""
    if now is None:
        return MSG.error("scan_time_unknown", version=version)
    ok, key, params = support(version, now.date())
    return MSG.ok(key, **params) if ok else MSG.fail(key, **params)
