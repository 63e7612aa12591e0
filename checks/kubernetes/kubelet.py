"""Kubelet configuration (CIS Kubernetes 1.10 section 4.2), per node.

The collector reads each node's configuration through the API server's node proxy (configz:
the kubelet's effective configuration) or, offline, the node's ``var/lib/kubelet/config.yaml``
(a KubeletConfiguration file, where a field left out takes the ``kubelet.config.k8s.io/v1beta1``
default listed in :data:`DEFAULTS`).  configz refused (RBAC ``get nodes/proxy``) is ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from agent.core.model import Resource, Result
from checks import Messages, check, readable
from checks.common import T
from checks.kubernetes.podspec import CIS10, NSA

KUBELET = "k8s.kubelet_configuration"
# kubelet.config.k8s.io/v1beta1 defaults for the fields checked here (configz reports them filled in).
DEFAULTS: dict[str, Any] = {
    "authentication.anonymous.enabled": False, "authentication.webhook.enabled": True, "authorization.mode": "Webhook",
    "readOnlyPort": 0, "streamingConnectionIdleTimeout": "4h0m0s", "makeIPTablesUtilChains": True, "eventRecordQPS": 50,
    "protectKernelDefaults": False, "seccompDefault": False, "serverTLSBootstrap": False,
    "podPidsLimit": -1,
}
STRONG_KUBELET_CIPHERS = frozenset({
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256"})

MSG = Messages("kubernetes.kubelet", {
    "field": ("{field}: {value}", "{field} の値は {value} です"),
    "unset": ("{field} is not set", "{field} が設定されていません"),
    "weak_ciphers": ("tlsCipherSuites allows {ciphers}", "tlsCipherSuites で {ciphers} を許可しています"),
    "bootstrap": ("serverTLSBootstrap: true (certificates from the cluster CA)", "serverTLSBootstrap: true（クラスタ CA の証明書）"),
})

Config = Mapping[str, Any]


def value(config: Config, path: str) -> Any:
    node: Any = config
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return DEFAULTS.get(path)
        node = node[part]
    return node


def _is(path: str, good: Callable[[Any], bool]) -> Callable[[Config], Result]:
    def test(config: Config) -> Result:
        v = value(config, path)
        if v is None:
            return MSG.fail("unset", field=path)
        return MSG.ok("field", field=path, value=v) if good(v) else MSG.fail("field", field=path, value=v)
    return test


def _explicitly_not_false(field: str) -> Callable[[Config], Result]:
    """CIS accepts the field unset (the kubelet's command-line default rotates); only false fails."""
    def test(config: Config) -> Result:
        v = config.get(field)
        return MSG.fail("field", field=field, value=v) if v is False else MSG.ok("field", field=field, value=v)
    return test


def _tls_files(config: Config) -> Result:
    if value(config, "serverTLSBootstrap") is True:
        return MSG.ok("bootstrap")
    missing = [f for f in ("tlsCertFile", "tlsPrivateKeyFile") if not value(config, f)]
    return MSG.fail("unset", field=", ".join(missing)) if missing else MSG.ok("field", field="tlsCertFile", value=value(config, "tlsCertFile"))


def _ciphers(config: Config) -> Result:
    suites = list(value(config, "tlsCipherSuites") or ())
    if not suites:
        return MSG.fail("unset", field="tlsCipherSuites")
    weak = sorted(set(suites) - STRONG_KUBELET_CIPHERS)
    return MSG.fail("weak_ciphers", ciphers=weak) if weak else MSG.ok("field", field="tlsCipherSuites", value=len(suites))


def _not_zero_duration(v: Any) -> bool:
    return str(v).strip() not in ("0", "0s", "0m0s", "0h0m0s")


def _qps(v: Any) -> bool:
    # 0 records every event; a positive limit below 5 per second drops most of them.
    return isinstance(v, int | float) and (v == 0 or v >= 5)


@dataclass(frozen=True)
class KubeletCheck:
    id: str
    cis: str | None
    severity: str
    test: Callable[[Config], Result]
    title: tuple[str, str]
    why: tuple[str, str]
    fix: tuple[str, str]
    nsa: str = "network.worker-node-segmentation"


SPECS = [
    KubeletCheck("k8s.kubelet.anonymous_auth_disabled", "4.2.1", "critical", _is("authentication.anonymous.enabled", lambda v: v is False),
                 ("The kubelet rejects anonymous requests", "kubelet が匿名のリクエストを拒否する"),
                 ("An anonymous kubelet API lets anyone who reaches port 10250 list pods and, with weak authorization, exec into them.",
                  "匿名の kubelet API では、ポート 10250 に到達できる誰もが Pod を一覧でき、認可が弱ければ exec もできます。"),
                 ("Set authentication.anonymous.enabled: false", "authentication.anonymous.enabled: false を設定してください"), "authn.authentication"),
    KubeletCheck("k8s.kubelet.authorization_not_always_allow", "4.2.2", "critical", _is("authorization.mode", lambda v: v != "AlwaysAllow"),
                 ("The kubelet authorizes requests", "kubelet が要求を認可している"),
                 ("authorization.mode: AlwaysAllow lets every authenticated caller run commands in every pod of the node.",
                  "authorization.mode: AlwaysAllow では、認証された呼び出し元がノード上のすべての Pod でコマンドを実行できます。"),
                 ("Set authorization.mode: Webhook", "authorization.mode: Webhook を設定してください"), "authn.rbac"),
    KubeletCheck("k8s.kubelet.client_ca_file", "4.2.3", "high", _is("authentication.x509.clientCAFile", bool),
                 ("The kubelet verifies client certificates", "kubelet がクライアント証明書を検証する"),
                 ("Without a client CA the kubelet cannot authenticate the API server's client certificate.",
                  "クライアント CA がないと、kubelet は API サーバーのクライアント証明書を認証できません。"),
                 ("Set authentication.x509.clientCAFile", "authentication.x509.clientCAFile を設定してください"), "authn.authentication"),
    KubeletCheck("k8s.kubelet.read_only_port_disabled", "4.2.4", "high", _is("readOnlyPort", lambda v: v == 0),
                 ("The kubelet's read-only port is closed", "kubelet の読み取り専用ポートが閉じている"),
                 ("The read-only port (10255) serves pod specs and metrics with no authentication at all.",
                  "読み取り専用ポート（10255）は認証なしで Pod の定義やメトリクスを提供します。"),
                 ("Set readOnlyPort: 0", "readOnlyPort: 0 を設定してください"), "authn.authentication"),
    KubeletCheck("k8s.kubelet.streaming_idle_timeout", "4.2.5", "medium", _is("streamingConnectionIdleTimeout", _not_zero_duration),
                 ("Idle exec and port-forward sessions time out", "アイドル状態の exec・port-forward セッションがタイムアウトする"),
                 ("A timeout of 0 keeps idle exec, attach and port-forward streams open forever.",
                  "タイムアウトが 0 だと、アイドル状態の exec・attach・port-forward のストリームが永久に開いたままになります。"),
                 ("Set streamingConnectionIdleTimeout to a duration such as 5m", "streamingConnectionIdleTimeout を 5m などの時間に設定してください")),
    KubeletCheck("k8s.kubelet.iptables_util_chains", "4.2.6", "low", _is("makeIPTablesUtilChains", lambda v: v is True),
                 ("The kubelet manages its iptables chains", "kubelet が iptables のチェーンを管理している"),
                 ("With makeIPTablesUtilChains off the kubelet's firewall rules can drift from what pods need.",
                  "makeIPTablesUtilChains が無効だと、kubelet のファイアウォール規則が Pod の必要と食い違います。"),
                 ("Set makeIPTablesUtilChains: true", "makeIPTablesUtilChains: true を設定してください")),
    KubeletCheck("k8s.kubelet.event_record_qps", "4.2.8", "low", _is("eventRecordQPS", _qps),
                 ("The kubelet records events at a useful rate", "kubelet が十分な頻度でイベントを記録している"),
                 ("A very low eventRecordQPS drops the events that show what happened on the node.",
                  "eventRecordQPS が低すぎると、ノードで何が起きたかを示すイベントが失われます。"),
                 ("Set eventRecordQPS to 0 (no limit) or at least 5", "eventRecordQPS を 0（無制限）または 5 以上に設定してください"), "audit.logging"),
    KubeletCheck("k8s.kubelet.tls_certificate", "4.2.9", "medium", _tls_files,
                 ("The kubelet serves TLS with a real certificate", "kubelet が正規の証明書で TLS を提供している"),
                 ("Without tlsCertFile/tlsPrivateKeyFile (or serverTLSBootstrap) the kubelet serves a self-signed certificate.",
                  "tlsCertFile/tlsPrivateKeyFile（または serverTLSBootstrap）がないと、kubelet は自己署名証明書を使います。"),
                 ("Set tlsCertFile and tlsPrivateKeyFile, or serverTLSBootstrap: true",
                  "tlsCertFile と tlsPrivateKeyFile、または serverTLSBootstrap: true を設定してください"), "network.encryption"),
    KubeletCheck("k8s.kubelet.rotate_certificates", "4.2.10", "medium", _explicitly_not_false("rotateCertificates"),
                 ("The kubelet rotates its client certificate", "kubelet がクライアント証明書をローテーションしている"),
                 ("rotateCertificates: false leaves the kubelet with one client certificate until it expires.",
                  "rotateCertificates: false では、kubelet は期限切れまで同じクライアント証明書を使い続けます。"),
                 ("Set rotateCertificates: true", "rotateCertificates: true を設定してください"), "network.encryption"),
    KubeletCheck("k8s.kubelet.rotate_server_certificate", "4.2.11", "medium",
                 _is("featureGates", lambda v: not isinstance(v, Mapping) or v.get("RotateKubeletServerCertificate") is not False),
                 ("The kubelet rotates its serving certificate", "kubelet がサーバー証明書をローテーションしている"),
                 ("With RotateKubeletServerCertificate off the serving certificate is never renewed.",
                  "RotateKubeletServerCertificate が無効だと、サーバー証明書は更新されません。"),
                 ("Remove RotateKubeletServerCertificate: false from featureGates",
                  "featureGates から RotateKubeletServerCertificate: false を削除してください"), "network.encryption"),
    KubeletCheck("k8s.kubelet.strong_tls_ciphers", "4.2.12", "medium", _ciphers,
                 ("The kubelet allows only strong TLS ciphers", "kubelet が強力な TLS 暗号スイートのみを許可している"),
                 ("Weak cipher suites let an attacker on the node network downgrade or break kubelet traffic.",
                  "弱い暗号スイートは、ノードのネットワーク上の攻撃者に kubelet 通信のダウングレードや解読を許します。"),
                 ("Set tlsCipherSuites to ECDHE/AEAD suites only", "tlsCipherSuites を ECDHE/AEAD の暗号スイートのみにしてください"),
                 "network.encryption"),
    KubeletCheck("k8s.kubelet.pod_pids_limit", "4.2.13", "low", _is("podPidsLimit", lambda v: isinstance(v, int) and v > 0),
                 ("Pods have a process-id limit", "Pod にプロセス ID の上限がある"),
                 ("Without podPidsLimit one pod can fork-bomb the node and starve every other pod.",
                  "podPidsLimit がないと、1 つの Pod がフォーク爆弾でノードを枯渇させ、他の Pod を止められます。"),
                 ("Set podPidsLimit (for example 4096)", "podPidsLimit を設定してください（例: 4096）"), "network.resource-policies"),
    KubeletCheck("k8s.kubelet.protect_kernel_defaults", None, "medium", _is("protectKernelDefaults", lambda v: v is True),
                 ("The kubelet protects kernel defaults", "kubelet がカーネルの既定値を保護している"),
                 ("protectKernelDefaults makes the kubelet refuse to run when kernel tunables differ from its defaults, instead of changing them.",
                  "protectKernelDefaults を有効にすると、kubelet はカーネルの設定値が既定と異なる場合に変更せず起動を拒否します。"),
                 ("Set protectKernelDefaults: true (and the kernel sysctls it expects)",
                  "protectKernelDefaults: true（と kubelet が想定する sysctl）を設定してください")),
    KubeletCheck("k8s.kubelet.seccomp_default", None, "medium", _is("seccompDefault", lambda v: v is True),
                 ("The kubelet applies RuntimeDefault seccomp by default", "kubelet が既定で RuntimeDefault の seccomp を適用する"),
                 ("seccompDefault: true gives every container without a profile the runtime's default system-call filter.",
                  "seccompDefault: true にすると、プロファイルのないすべてのコンテナにランタイム既定のシステムコールフィルタが適用されます。"),
                 ("Set seccompDefault: true", "seccompDefault: true を設定してください"), "pod-security.enforcement"),
    KubeletCheck("k8s.kubelet.webhook_authentication", None, "high", _is("authentication.webhook.enabled", lambda v: v is True),
                 ("The kubelet authenticates bearer tokens with the API server", "kubelet が API サーバーでベアラートークンを認証する"),
                 ("Without webhook authentication the kubelet accepts no service account or user tokens, pushing operators to open anonymous access.",
                  "Webhook 認証がないと kubelet はトークンを受け付けず、運用者が匿名アクセスを開ける原因になります。"),
                 ("Set authentication.webhook.enabled: true", "authentication.webhook.enabled: true を設定してください"), "authn.authentication"),
]


def _register(spec: KubeletCheck) -> None:
    def evaluate(r: Resource) -> Result:
        return spec.test(readable(r.data.get("config"), "kubelet configuration (configz)") or {})

    frameworks: dict[str, list[str]] = {NSA: [spec.nsa]}
    if spec.cis:
        frameworks[CIS10] = [spec.cis]
    check(id=spec.id, resource_types=(KUBELET,), severity=spec.severity, title=T(*spec.title), description=T(*spec.why),
          remediation=T(f"{spec.fix[0]} in the kubelet configuration file (/var/lib/kubelet/config.yaml) and restart the kubelet.",
                        f"kubelet の設定ファイル（/var/lib/kubelet/config.yaml）で{spec.fix[1]}。その後 kubelet を再起動してください。"),
          frameworks=frameworks)(evaluate)


for _spec in SPECS:
    _register(_spec)
