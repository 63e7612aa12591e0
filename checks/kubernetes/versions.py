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
    "managed_end_of_life": ("{minor} on {offering} reached its end of support on {end_of_life}",
                            "{offering} の {minor} は {end_of_life} にサポートが終了しました"),
    "managed_supported_until": ("{minor} on {offering} patched until {end_of_life} (standard support until {end_of_standard_support})",
                                "{offering} の {minor} は {end_of_life} まで修正が提供されます（標準サポートは {end_of_standard_support} まで）"),
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


@lru_cache(maxsize=1)
def managed_tables() -> list[tuple[str, str, dict[tuple[int, int], dict[str, date]]]]:
    """[(version marker, offering name, {(major, minor): {end_of_life, end_of_standard_support}})]."""
    doc = yaml.safe_load(resources.files("config").joinpath("kubernetes-versions.yaml").read_text(encoding="utf-8"))
    out = []
    for info in (doc.get("managed") or {}).values():
        minors = {}
        for minor, dates in (info.get("minors") or {}).items():
            major, _, m = str(minor).partition(".")
            minors[(int(major), int(m))] = dict(dates)
        out.append((str(info["marker"]), str(info["name"]), minors))
    return out


def support(version: str, today: date) -> tuple[bool, str, dict[str, Any]]:
    """(supported, message key, parameters) for a version string such as v1.29.3-eks-1234.

    A managed offering's version (its marker in the string, ``-eks-``) is judged by that
    offering's dates in config/kubernetes-versions.yaml when the minor is listed there."""
    m = VERSION.match(version.strip())
    if not m:
        return False, "unrecognised", {"version": version}
    key = (int(m.group(1)), int(m.group(2)))
    for marker, offering, minors in managed_tables():
        if marker in version and key in minors:
            dates = minors[key]
            params = {"version": version, "minor": f"{key[0]}.{key[1]}", "offering": offering,
                      "end_of_life": dates["end_of_life"].isoformat(),
                      "end_of_standard_support": dates["end_of_standard_support"].isoformat()}
            if dates["end_of_life"] < today:
                return False, "managed_end_of_life", params
            return True, "managed_supported_until", params
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
