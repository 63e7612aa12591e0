"""Cloud Asset documents -> UCS Resources: account, region, name, labels, joined IAM policy, key ages.

Everything here is pure (the collection time is passed in), so it is tested without any server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.collectors.gcp.asset_types import IAM_POLICY_TYPES, ORG_POLICY_TYPES, PROJECT_ASSET, RESOURCE_TYPES
from agent.core.model import Resource

KEY_ASSET = "iam.googleapis.com/ServiceAccountKey"
REDACTED = "<redacted>"
# Compute metadata values can hold startup scripts with passwords and tokens; only these switches,
# which checks read, are kept in clear.
SAFE_METADATA_KEYS = frozenset({"block-project-ssh-keys", "enable-oslogin", "enable-oslogin-2fa", "serial-port-enable",
                                "serial-port-logging-enable", "enable-guest-attributes", "enable-osconfig",
                                "google-logging-enabled", "google-monitoring-enabled"})
# GKE masterAuth can carry a basic-auth password and a client key: keep only whether they exist.
SECRET_MASTER_AUTH_KEYS = ("password", "clientKey", "clientCertificate")


@dataclass(slots=True)
class RawAsset:
    """The parts of one ListAssets entry the collector keeps (the proto is dropped at once)."""

    asset_type: str
    name: str
    location: str
    ancestors: list[str]
    data: dict[str, Any]


def parent_account(parent: str) -> str:
    """The account a parent's own failures are recorded under: the project id, or folders/N, organizations/N."""
    return parent.split("/", 1)[1] if parent.startswith("projects/") else parent


def project_numbers(assets: list[RawAsset]) -> dict[str, str]:
    """projects/<number> -> project id, from the Project assets of one listing."""
    out = {}
    for a in assets:
        number = a.data.get("projectNumber")
        if a.asset_type == PROJECT_ASSET and number and a.data.get("projectId"):
            # int64 travels as a JSON string, but a Struct turns a bare JSON number into a float
            out[f"projects/{int(number) if isinstance(number, float) else number}"] = str(a.data["projectId"])
    return out


def account_of(asset: RawAsset, parent: str, numbers: dict[str, str]) -> str:
    """The project id an asset belongs to; folders and organisations are their own account."""
    if parent.startswith("projects/"):
        # A project named by its number is accounted under its id once the listing names it.
        return numbers.get(parent, parent.split("/", 1)[1])
    if asset.asset_type == PROJECT_ASSET and asset.data.get("projectId"):
        return str(asset.data["projectId"])
    for anc in asset.ancestors:
        if anc.startswith("projects/"):
            return numbers.get(anc, anc.split("/", 1)[1])
    # Not inside a project: a folder or organisation, or something attached to one (a folder sink).
    for anc in asset.ancestors:
        if anc.startswith(("folders/", "organizations/")):
            return anc
    parts = asset.name.split("googleapis.com/", 1)[-1].split("/")
    if parts[0] in ("folders", "organizations") and len(parts) > 1:
        return f"{parts[0]}/{parts[1]}"
    return parent_account(parent)


def _display_name(asset: RawAsset) -> str:
    if asset.asset_type == PROJECT_ASSET:
        return str(asset.data.get("projectId") or asset.name.rsplit("/", 1)[-1])
    return asset.name.rsplit("/", 1)[-1]


def _labels(data: dict[str, Any]) -> dict[str, str]:
    labels = data.get("labels")
    if not isinstance(labels, dict):
        labels = (data.get("settings") or {}).get("userLabels")  # Cloud SQL keeps them here
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def key_age_days(valid_after: str | None, now: datetime) -> int | None:
    """Whole days since a key became valid; None when the timestamp is missing or malformed."""
    if not valid_after:
        return None
    try:
        since = datetime.fromisoformat(valid_after.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (now - since).days


def redact(asset_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Drop secret values the API documents may carry, before anything stores or logs them."""
    for holder in ("metadata", "commonInstanceMetadata"):
        items = (data.get(holder) or {}).get("items") if isinstance(data.get(holder), dict) else None
        if items:
            data[holder] = dict(data[holder], items=[
                item if item.get("key") in SAFE_METADATA_KEYS else dict(item, value=REDACTED) for item in items])
    auth = data.get("masterAuth")
    if asset_type == "container.googleapis.com/Cluster" and isinstance(auth, dict):
        data["masterAuth"] = {k: (REDACTED if k in SECRET_MASTER_AUTH_KEYS and v else v) for k, v in auth.items()}
    return data


def to_resource(asset: RawAsset, account: str, policy: Any, now: datetime, org_policies: Any = None) -> Resource:
    """One Resource.  ``policy`` is the IAM policy to join and ``org_policies`` the organisation policies
    set on the resource ({constraint: policy}); either may be an unreadable marker, None when it has none."""
    data = redact(asset.asset_type, dict(asset.data))
    if asset.asset_type in IAM_POLICY_TYPES:
        data["iamPolicy"] = policy if policy is not None else {"bindings": []}
    if asset.asset_type in ORG_POLICY_TYPES:
        data["orgPolicies"] = org_policies if org_policies is not None else {}
    if asset.ancestors:
        data["ancestors"] = list(asset.ancestors)  # lets checks find inherited folder/org policies and sinks
    if asset.asset_type == KEY_ASSET:
        # Derived here, against the collection time, so checks stay pure and fixtures never expire.
        data["keyAgeDays"] = key_age_days(data.get("validAfterTime"), now)
    region = (asset.location or "global").lower()
    return Resource(provider="gcp", account=account, region=region, type=RESOURCE_TYPES[asset.asset_type],
                    id=asset.name, name=_display_name(asset), tags=_labels(asset.data), data=data)
