"""First-seen rules over CloudTrail: an API or a region never seen for a principal that has a
history.  A pattern cannot say "never before"; these are Python rules over a baseline.

The rule is a pure function of the event and its history (the inventory: earlier events).  The
daemon keeps that history in the store as digests (``threat_baseline``, see
:mod:`agent.threats.baselines`), so the same rule holds across polls and restarts; the
conformance fixtures give it as inventory events.  A principal is *established* once its first
event is at least ``LEARNING_DAYS`` old: until then everything it does is new and nothing alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages
from checks.threats._event import ct_identity, record_succeeded
from checks.threats._rule import CLOUDTRAIL, threat_rule

LEARNING_DAYS = 7
MEMORY_DAYS = 30

MSG = Messages("threats.cloudtrail_baseline", {
    "new_api": ("first call of {api} by this principal in {days} days", "このプリンシパルによる {api} の呼び出しは {days} 日間で初めてです"),
    "new_region": ("first activity in region {region} by this principal in {days} days",
                   "このプリンシパルによるリージョン {region} での操作は {days} 日間で初めてです"),
})


def principal(ev: Resource) -> str:
    """Who, stable across sessions: the role behind a session, else the identity's ARN."""
    ident = ct_identity(ev)
    issuer = (ident.get("sessionContext") or {}).get("sessionIssuer") or {}
    return str(issuer.get("arn") or ident.get("arn") or "")


def _time(ev: Resource) -> datetime | None:
    try:
        return datetime.fromisoformat(str(ev.data.get("eventTime", "")).replace("Z", "+00:00"))
    except ValueError:
        return None


def eligible(ev: Resource) -> bool:
    """Successful calls of people and roles (AWS services acting for the account are not)."""
    return bool(eligible_principal(ev))


def eligible_principal(ev: Resource) -> str:
    """:func:`principal` of an :func:`eligible` event, else "" (one read of the identity)."""
    data = ev.data
    ident = data.get("userIdentity")
    # the cheap refusals first (every event of a stream passes here): no identity, a service
    # acting for the account, a failed call
    if not isinstance(ident, dict) or ident.get("type") in ("AWSService", None) \
            or data.get("eventType") == "AwsServiceEvent" or not record_succeeded(data):
        return ""
    issuer = (ident.get("sessionContext") or {}).get("sessionIssuer") or {}
    return str(issuer.get("arn") or ident.get("arn") or "")


@dataclass(frozen=True, slots=True)
class Baseline:
    """One first-seen rule: which attribute of an event it learns."""

    rule: str
    attribute: str
    value: Callable[[Resource], str]
    message: Callable[[Resource], Result]


def _api(ev: Resource) -> str:
    data = ev.data  # ct_service and ct_name, inline: read for every CloudTrail event of the baseline
    return f"{str(data.get('eventSource', '')).partition('.')[0]}:{str(data.get('eventName', ''))}"


def first_seen(b: Baseline, ev: Resource, history: Inventory) -> Result:
    at = _time(ev)
    if at is None or not eligible(ev):
        return Result.ok()
    who, value = principal(ev), b.value(ev)
    earliest, seen = None, False
    for other in history.by_type(CLOUDTRAIL):
        t = _time(other)
        if other is ev or t is None or t >= at or not eligible(other) or principal(other) != who:
            continue
        earliest = t if earliest is None else min(earliest, t)
        if t >= at - timedelta(days=MEMORY_DAYS) and b.value(other) == value:
            seen = True
    if earliest is None or earliest > at - timedelta(days=LEARNING_DAYS) or seen:
        return Result.ok()
    return b.message(ev)


API = Baseline("threat.cloudtrail.first_seen_api_for_principal", "api", _api,
               lambda ev: MSG.fail("new_api", api=_api(ev), days=MEMORY_DAYS))
REGION = Baseline("threat.cloudtrail.first_seen_region_for_principal", "region",
                  lambda ev: str(ev.data.get("awsRegion") or ""),
                  lambda ev: MSG.fail("new_region", region=str(ev.data.get("awsRegion") or ""), days=MEMORY_DAYS))
BASELINES = {b.rule: b for b in (API, REGION)}


@threat_rule(
    id=API.rule, source=CLOUDTRAIL, severity=Severity.LOW, techniques=["T1078.004"], needs_inventory=True,
    title={"en": "API never called before by this principal", "ja": "このプリンシパルが初めて呼び出した API"},
    description={"en": f"An established principal (first seen at least {LEARNING_DAYS} days ago) called an API it had not called in "
                       f"{MEMORY_DAYS} days: stolen credentials often do things their owner never does.",
                 "ja": f"確立したプリンシパル（{LEARNING_DAYS} 日以上前から活動）が、{MEMORY_DAYS} 日間呼び出していなかった API を呼び出しました。"
                       "盗まれた認証情報は本来の持ち主がしない操作をしがちです。"},
    remediation={"en": "Ask the principal's owner whether the call was intended; if not, revoke its credentials.",
                 "ja": "プリンシパルの所有者に意図した呼び出しか確認し、そうでなければ認証情報を無効化してください。"},
)
def first_seen_api_for_principal(ev: Resource, history: Inventory) -> Result:
    return first_seen(API, ev, history)


@threat_rule(
    id=REGION.rule, source=CLOUDTRAIL, severity=Severity.MEDIUM, techniques=["T1535"], needs_inventory=True,
    title={"en": "Region never used before by this principal", "ja": "このプリンシパルが初めて使ったリージョン"},
    description={"en": f"An established principal acted in a region it had not used in {MEMORY_DAYS} days, as attackers do in regions "
                       "nobody watches.",
                 "ja": f"確立したプリンシパルが {MEMORY_DAYS} 日間使っていなかったリージョンで操作しました。攻撃者は誰も見ていないリージョンを使います。"},
    remediation={"en": "Confirm the region is in use; otherwise block unused regions with an SCP and investigate the principal.",
                 "ja": "そのリージョンが利用中か確認し、そうでなければ SCP で未使用リージョンを禁止し、プリンシパルを調査してください。"},
)
def first_seen_region_for_principal(ev: Resource, history: Inventory) -> Result:
    return first_seen(REGION, ev, history)
