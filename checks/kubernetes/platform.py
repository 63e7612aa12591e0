"""Cluster and node versions, service accounts, ConfigMaps and Secrets (metadata only)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from agent.core.model import Resource, Result, Severity, is_unreadable, unreadable_reason
from checks import check
from checks.kubernetes.pod_hygiene import SECRET_NAME
from checks.kubernetes.podspec import CIS, NSA, texts

VERSION = re.compile(r"^v?(\d+)\.(\d+)")
UPGRADING = "upgrading.patching"


@lru_cache(maxsize=1)
def version_table() -> dict[tuple[int, int], date]:
    """{(major, minor): end of life} from config/kubernetes-versions.yaml."""
    doc = yaml.safe_load(resources.files("config").joinpath("kubernetes-versions.yaml").read_text(encoding="utf-8"))
    out = {}
    for minor, info in (doc.get("minors") or {}).items():
        major, _, m = str(minor).partition(".")
        out[(int(major), int(m))] = info["end_of_life"]
    return out


def support_status(version: str, today: date | None = None) -> tuple[bool, str]:
    """(supported, reason) for a version string such as v1.29.3-eks-1234."""
    m = VERSION.match(version.strip())
    if not m:
        return False, f"unrecognised version {version!r}"
    key = (int(m.group(1)), int(m.group(2)))
    table = version_table()
    label = f"{key[0]}.{key[1]}"
    if key in table:
        eol = table[key]
        if eol < (today or date.today()):
            return False, f"{label} reached end of life on {eol.isoformat()}"
        return True, f"{label} supported until {eol.isoformat()}"
    if key < min(table):
        return False, f"{label} is older than every supported minor version"
    return True, f"{label} is newer than the support table"


@check(id="k8s.cluster.version_supported", resource_types=("k8s.cluster",), severity=Severity.HIGH,
       title=texts("The API server runs a supported Kubernetes version", "API サーバーがサポート期間内の Kubernetes を実行している"),
       description=texts("Minor versions past their end of life receive no security fixes.",
                          "サポート終了を迎えたマイナーバージョンにはセキュリティ修正が提供されません。"),
       remediation=texts("Upgrade the control plane to a supported minor version (one minor at a time).",
                          "コントロールプレーンをサポート期間内のマイナーバージョンへ（1 つずつ）アップグレードしてください。"),
       frameworks={NSA: [UPGRADING]})
def cluster_version(r: Resource) -> Result:
    v = r.data.get("version")
    if is_unreadable(v):
        return Result.error(unreadable_reason(v))
    git = str((v or {}).get("gitVersion") or f"v{(v or {}).get('major', '')}.{(v or {}).get('minor', '')}")
    ok, why = support_status(git)
    return Result.ok(why, version=git) if ok else Result.fail(why, version=git)


@check(id="k8s.node.kubelet_version_supported", resource_types=("k8s.node",), severity=Severity.HIGH,
       title=texts("Nodes run a supported kubelet version", "ノードがサポート期間内の kubelet を実行している"),
       description=texts("A kubelet past its end of life receives no security fixes, and may be outside the supported skew to the API server.",
                          "サポート終了の kubelet にはセキュリティ修正が提供されず、API サーバーとのバージョン差の許容範囲外の可能性もあります。"),
       remediation=texts("Upgrade or replace the node with one running a supported kubelet.",
                          "サポート期間内の kubelet を実行するノードへアップグレードまたは置き換えてください。"),
       frameworks={NSA: [UPGRADING]})
def kubelet_version(r: Resource) -> Result:
    version = ((r.data.get("status") or {}).get("nodeInfo") or {}).get("kubeletVersion")
    if not version:
        return Result.error("the node reports no kubelet version")
    ok, why = support_status(str(version))
    return Result.ok(why, version=version) if ok else Result.fail(why, version=version)


@check(id="k8s.service_account.default_automount_disabled", resource_types=("k8s.service_account",), severity=Severity.MEDIUM,
       title=texts("Default service accounts do not automount tokens", "default サービスアカウントがトークンを自動マウントしない"),
       description=texts("Every pod that names no service account runs as default; unless its token automount is off, each such pod carries an API credential.",
                          "サービスアカウントを指定しない Pod はすべて default で実行され、自動マウントを無効にしない限り API の認証情報を持ちます。"),
       remediation=texts("Set automountServiceAccountToken: false on each namespace's default service account.",
                          "各名前空間の default サービスアカウントに automountServiceAccountToken: false を設定してください。"),
       frameworks={CIS: ["5.1.5"], NSA: ["pod-security.service-account-tokens"]})
def default_sa_automount(r: Resource) -> Result:
    if (r.data.get("metadata") or {}).get("name") != "default":
        return Result.ok("not a default service account")
    if r.data.get("automountServiceAccountToken") is False:
        return Result.ok()
    return Result.fail("automountServiceAccountToken is not false")


@check(id="k8s.config_map.no_secret_like_keys", resource_types=("k8s.config_map",), severity=Severity.MEDIUM,
       title=texts("ConfigMaps do not hold secrets", "ConfigMap にシークレットを格納していない"),
       description=texts("ConfigMaps are readable by far more subjects than Secrets and are not encrypted at rest; keys named like passwords or tokens suggest a secret stored there.",
                          "ConfigMap は Secret よりも多くのサブジェクトが読め、保存時の暗号化対象外です。パスワードやトークンのような名前のキーはシークレットの格納を示唆します。"),
       remediation=texts("Move the values into Secrets (or an external secret store) and reference those instead.",
                          "値を Secret（または外部のシークレットストア）に移し、そちらを参照してください。"),
       frameworks={CIS: ["5.4.2"], NSA: ["network.secrets"]})
def configmap_secret_keys(r: Resource) -> Result:
    keys = [k for k in r.data.get("_keys") or () if SECRET_NAME.search(str(k))]
    return Result.fail(f"secret-like keys: {', '.join(keys)}", keys=keys) if keys else Result.ok()


def _annotations(r: Resource) -> dict[str, Any]:
    return (r.data.get("metadata") or {}).get("annotations") or {}


@check(id="k8s.secret.no_legacy_service_account_tokens", resource_types=("k8s.secret",), severity=Severity.MEDIUM,
       title=texts("No long-lived service account token Secrets", "長期間有効なサービスアカウントトークンの Secret がない"),
       description=texts("Token Secrets (type kubernetes.io/service-account-token) never expire; bound tokens from the TokenRequest API expire and are audience-bound.",
                          "トークン Secret（type kubernetes.io/service-account-token）は失効しません。TokenRequest API の期限付きトークンは有効期限と対象が限定されます。"),
       remediation=texts("Delete the token Secret and let pods use projected, time-bound tokens (kubectl create token for tools).",
                          "トークン Secret を削除し、Pod には期限付きの projected トークンを使わせてください（ツールには kubectl create token）。"),
       frameworks={CIS: ["5.1.6"], NSA: ["pod-security.service-account-tokens"]})
def no_legacy_tokens(r: Resource) -> Result:
    # Only metadata is read: the type is recognised by the annotation the token controller sets.
    sa = _annotations(r).get("kubernetes.io/service-account.name")
    if sa or r.data.get("type") == "kubernetes.io/service-account-token":
        return Result.fail(f"long-lived token for service account {sa or '?'}", service_account=sa)
    return Result.ok()
