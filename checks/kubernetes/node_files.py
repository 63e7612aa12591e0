"""File permissions and owners on a node (CIS Kubernetes 1.10 sections 1.1 and 4.1).

Assessed when a node's root directory is scanned offline (``ucs scan --manifests NODE_ROOT``):
the collector records each file's mode and numeric owner (``k8s.node_files``).  A file the node
does not have passes (CIS asks "if it exists"); one that could not be stat'ed is ERROR.
Ownership "root:root" is uid 0 and gid 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.core.model import Resource, Result
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS10, NSA

NODE_FILES = "k8s.node_files"

MSG = Messages("kubernetes.node_files", {
    "absent": ("{path} does not exist", "{path} は存在しません"),
    "mode": ("{path} has mode {mode}", "{path} のモードは {mode} です"),
    "too_open": ("mode {mode} allows more than {limit}: {paths}", "モードが {limit} より緩いファイル: {paths}（{mode}）"),
    "owner": ("{path} is owned by {uid}:{gid}", "{path} の所有者は {uid}:{gid} です"),
    "not_root": ("not owned by root:root: {paths}", "root:root の所有ではありません: {paths}"),
    "unreadable": ("{path}: {error}", "{path} を読み取れません: {error}"),
    "none": ("no such files", "対象のファイルはありません"),
})


def _entries(r: Resource, role: str) -> list[Mapping[str, Any]]:
    if role in ("pki_certificates", "pki_keys"):
        return list(r.data.get(role) or ())
    if role == "pki":
        return [*(r.data.get("pki_certificates") or ()), *(r.data.get("pki_keys") or ()), *(r.data.get("pki_other") or ())]
    entry = (r.data.get("files") or {}).get(role)
    return [entry] if entry and entry.get("exists") else []


def _stated(r: Resource, role: str) -> tuple[list[Mapping[str, Any]], Result | None]:
    """The role's files, or the answer when there is nothing to judge: none (PASS) or a file
    that could not be stat'ed (ERROR)."""
    entries = _entries(r, role)
    if not entries:
        return entries, MSG.ok("none")
    for e in entries:
        if e.get("error"):
            return entries, MSG.error("unreadable", path=e.get("path"), error=e.get("error"))
    return entries, None


def _permissions(role: str, limit: int) -> Any:
    def evaluate(r: Resource) -> Result:
        entries, answer = _stated(r, role)
        if answer is not None:
            return answer
        bad = [e for e in entries if int(str(e.get("mode") or "0"), 8) & ~limit]
        if bad:
            return MSG.fail("too_open", mode=", ".join(sorted({str(e.get("mode")) for e in bad})), limit=f"{limit:o}",
                            paths=[str(e.get("path")) for e in bad])
        return MSG.ok("mode", path=entries[0].get("path"), mode=entries[0].get("mode"))
    return evaluate


def _ownership(role: str) -> Any:
    def evaluate(r: Resource) -> Result:
        entries, answer = _stated(r, role)
        if answer is not None:
            return answer
        bad = [str(e.get("path")) for e in entries if e.get("uid") != 0 or e.get("gid") != 0]
        return MSG.fail("not_root", paths=bad) if bad else MSG.ok("owner", path=entries[0].get("path"), uid=0, gid=0)
    return evaluate


# (check id stem, role, what en, what ja, CIS permission id, CIS owner id, mode limit)
FILES: list[tuple[str, str, str, str, str | None, str | None, int]] = [
    ("apiserver_manifest", "apiserver_manifest", "The API server pod specification", "API サーバーの Pod 定義ファイル", "1.1.1", "1.1.2", 0o600),
    ("controller_manager_manifest", "controller_manager_manifest", "The controller manager pod specification",
     "コントローラーマネージャーの Pod 定義ファイル", "1.1.3", "1.1.4", 0o600),
    ("scheduler_manifest", "scheduler_manifest", "The scheduler pod specification", "スケジューラーの Pod 定義ファイル", "1.1.5", "1.1.6", 0o600),
    ("etcd_manifest", "etcd_manifest", "The etcd pod specification", "etcd の Pod 定義ファイル", "1.1.7", "1.1.8", 0o600),
    ("etcd_data_dir", "etcd_data_dir", "The etcd data directory", "etcd のデータディレクトリ", "1.1.11", None, 0o700),
    ("admin_conf", "admin_conf", "The admin.conf credential file", "admin.conf 認証情報ファイル", "1.1.13", "1.1.14", 0o600),
    ("super_admin_conf", "super_admin_conf", "The super-admin.conf credential file", "super-admin.conf 認証情報ファイル",
     "1.1.13", "1.1.14", 0o600),
    ("scheduler_conf", "scheduler_conf", "The scheduler.conf kubeconfig", "scheduler.conf の kubeconfig", "1.1.15", "1.1.16", 0o600),
    ("controller_manager_conf", "controller_manager_conf", "The controller-manager.conf kubeconfig",
     "controller-manager.conf の kubeconfig", "1.1.17", "1.1.18", 0o600),
    ("pki_certificates", "pki_certificates", "The PKI certificate files", "PKI の証明書ファイル", "1.1.20", "1.1.19", 0o600),
    ("pki_keys", "pki_keys", "The PKI key files", "PKI の秘密鍵ファイル", "1.1.21", "1.1.19", 0o600),
    ("kubelet_service", "kubelet_service", "The kubelet service file", "kubelet のサービスファイル", "4.1.1", "4.1.2", 0o600),
    ("proxy_kubeconfig", "kube_proxy_kubeconfig", "The kube-proxy kubeconfig", "kube-proxy の kubeconfig", "4.1.3", "4.1.4", 0o600),
    ("kubelet_kubeconfig", "kubelet_conf", "The kubelet.conf kubeconfig", "kubelet.conf の kubeconfig", "4.1.5", "4.1.6", 0o600),
    ("kubelet_ca", "kubelet_ca", "The kubelet client CA file", "kubelet のクライアント CA ファイル", "4.1.7", "4.1.8", 0o600),
    ("kubelet_config", "kubelet_config", "The kubelet config.yaml", "kubelet の config.yaml", "4.1.9", "4.1.10", 0o600),
]

for stem, role, en, ja, cis_mode, cis_owner, limit in FILES:
    if cis_mode:
        check(id=f"k8s.node_files.{stem}_permissions", resource_types=(NODE_FILES,), severity="medium",
              title=T(f"{en} has mode {limit:o} or stricter", f"{ja}のモードが {limit:o} 以下"),
              description=T(f"{en} configures or authenticates a cluster component; anyone else who can write (or read) it can change or "
                            "impersonate that component.",
                            f"{ja}はクラスタのコンポーネントを設定・認証します。他のユーザーが書き込み（または読み取り）できると、"
                            "そのコンポーネントを改ざん・なりすましできます。"),
              remediation=T(f"chmod {limit:o} the file on each node.", f"各ノードでファイルに chmod {limit:o} を実行してください。"),
              frameworks={CIS10: [cis_mode], NSA: ["network.control-plane"]})(_permissions(role, limit))
    if cis_owner and stem != "pki_keys":  # one PKI ownership check covers certificates and keys
        owner_role = "pki" if stem == "pki_certificates" else role
        check(id=f"k8s.node_files.{'pki' if stem == 'pki_certificates' else stem}_ownership", resource_types=(NODE_FILES,),
              severity="medium",
              title=T(f"{en if stem != 'pki_certificates' else 'The PKI directory'} is owned by root:root",
                      f"{ja if stem != 'pki_certificates' else 'PKI ディレクトリ'}の所有者が root:root"),
              description=T("A file owned by another user can be changed by that user, whatever its mode.",
                            "他のユーザーが所有するファイルは、モードにかかわらずそのユーザーが変更できます。"),
              remediation=T("chown root:root the file on each node.", "各ノードでファイルに chown root:root を実行してください。"),
              frameworks={CIS10: [cis_owner], NSA: ["network.control-plane"]})(_ownership(owner_role))
