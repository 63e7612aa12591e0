"""Control-plane component flags (CIS Kubernetes 1.10 sections 1.2–1.4, 2 and 3.2).

Each check reads one component's command-line flags, as the collector parsed them from its
kube-system static pod (live) or from a node's pod manifest (offline).  A flag left unset takes
the component's documented default.  On EKS, AKS and GKE the provider runs these components:
the collector builds no such resource there, so none of these checks is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from agent.core.model import Resource, Result
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS10, NSA

CONTROL_PLANE = "network.control-plane"
AUDIT = "audit.logging"
STRONG_CIPHERS = frozenset({
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})

MSG = Messages("kubernetes.control_plane", {
    "value": ("--{flag}={value}", "--{flag} の値は {value} です"),
    "unset": ("--{flag} is not set", "--{flag} が設定されていません"),
    "set": ("--{flag} is set", "--{flag} が設定されています"),
    "missing_item": ("--{flag} does not include {item}", "--{flag} に {item} が含まれていません"),
    "has_item": ("--{flag} includes {item}", "--{flag} に {item} が含まれています"),
    "below": ("--{flag}={value} (below {minimum})", "--{flag}={value}（{minimum} 未満）"),
    "weak_ciphers": ("--{flag} allows {ciphers}", "--{flag} で {ciphers} を許可しています"),
    "authz_config_file": ("authorization is configured by --authorization-config, which is not read",
                          "認可は --authorization-config のファイルで設定されており、読み取っていません"),
})

Flags = dict[str, str]
Test = Callable[[Flags], Result]


def _items(flags: Flags, flag: str, default: str = "") -> list[str]:
    return [x.strip() for x in flags.get(flag, default).split(",") if x.strip()]


def equals(flag: str, want: str, default: str) -> Test:
    def test(flags: Flags) -> Result:
        value = flags.get(flag, default)
        return MSG.ok("value", flag=flag, value=value) if value.lower() == want else MSG.fail("value", flag=flag, value=value)
    return test


def is_set(*names: str) -> Test:
    def test(flags: Flags) -> Result:
        missing = [n for n in names if not flags.get(n)]
        return MSG.fail("unset", flag=", --".join(missing)) if missing else MSG.ok("set", flag=", --".join(names))
    return test


def not_set(flag: str) -> Test:
    def test(flags: Flags) -> Result:
        return MSG.fail("value", flag=flag, value=flags[flag]) if flags.get(flag) else MSG.ok("unset", flag=flag)
    return test


def has(flag: str, item: str, default: str = "") -> Test:
    def test(flags: Flags) -> Result:
        if flag == "authorization-mode" and flag not in flags and flags.get("authorization-config"):
            return MSG.error("authz_config_file")
        ok = item in _items(flags, flag, default)
        return MSG.ok("has_item", flag=flag, item=item) if ok else MSG.fail("missing_item", flag=flag, item=item)
    return test


def lacks(flag: str, item: str, default: str = "") -> Test:
    def test(flags: Flags) -> Result:
        if flag == "authorization-mode" and flag not in flags and flags.get("authorization-config"):
            return MSG.error("authz_config_file")
        bad = item in _items(flags, flag, default)
        return MSG.fail("has_item", flag=flag, item=item) if bad else MSG.ok("missing_item", flag=flag, item=item)
    return test


def at_least(flag: str, minimum: int) -> Test:
    def test(flags: Flags) -> Result:
        raw = flags.get(flag)
        if not raw:
            return MSG.fail("unset", flag=flag)
        try:
            ok = int(raw) >= minimum
        except ValueError:
            ok = False
        return MSG.ok("value", flag=flag, value=raw) if ok else MSG.fail("below", flag=flag, value=raw, minimum=minimum)
    return test


def strong_ciphers(flag: str) -> Test:
    def test(flags: Flags) -> Result:
        items = _items(flags, flag)
        if not items:
            return MSG.fail("unset", flag=flag)
        weak = sorted(set(items) - STRONG_CIPHERS)
        return MSG.fail("weak_ciphers", flag=flag, ciphers=weak) if weak else MSG.ok("set", flag=flag)
    return test


def gate_not_false(flag: str, gate: str) -> Test:
    def test(flags: Flags) -> Result:
        gates = dict(x.split("=", 1) for x in _items(flags, flag) if "=" in x)
        bad = gates.get(gate, "true").lower() == "false"
        return MSG.fail("has_item", flag=flag, item=f"{gate}=false") if bad else MSG.ok("missing_item", flag=flag, item=f"{gate}=false")
    return test


@dataclass(frozen=True)
class FlagCheck:
    id: str
    cis: str
    severity: str
    test: Test
    title: tuple[str, str]
    why: tuple[str, str]
    fix: tuple[str, str]
    nsa: str = CONTROL_PLANE


COMPONENT_FILES = {"k8s.api_server": "kube-apiserver", "k8s.controller_manager": "kube-controller-manager",
                   "k8s.scheduler": "kube-scheduler", "k8s.etcd": "etcd"}


def register(resource_type: str, specs: list[FlagCheck]) -> None:
    component = COMPONENT_FILES[resource_type]
    for spec in specs:
        def evaluate(r: Resource, test: Test = spec.test) -> Result:
            return test(dict(r.data.get("flags") or {}))

        check(id=spec.id, resource_types=(resource_type,), severity=spec.severity,
              title=T(*spec.title), description=T(*spec.why),
              remediation=T(f"{spec.fix[0]} (in /etc/kubernetes/manifests/{component}.yaml on each control-plane node).",
                            f"{spec.fix[1]}（各コントロールプレーンノードの /etc/kubernetes/manifests/{component}.yaml）。"),
              frameworks={CIS10: [spec.cis], NSA: [spec.nsa]})(evaluate)


A = "k8s.api_server"
P = "enable-admission-plugins"
D = "disable-admission-plugins"
register(A, [
    FlagCheck("k8s.control_plane.apiserver_anonymous_auth_disabled", "1.2.1", "medium", equals("anonymous-auth", "false", "true"),
              ("The API server rejects anonymous requests", "API サーバーが匿名のリクエストを拒否する"),
              ("Anonymous requests reach the API as system:anonymous; any binding to it, or a discovery flaw, is open to the network.",
               "匿名のリクエストは system:anonymous として API に届き、それへのバインディングや情報公開の不備がネットワークに開かれます。"),
              ("Set --anonymous-auth=false", "--anonymous-auth=false を設定してください"), "authn.authentication"),
    FlagCheck("k8s.control_plane.apiserver_no_token_auth_file", "1.2.2", "high", not_set("token-auth-file"),
              ("The API server uses no static token file", "API サーバーが静的トークンファイルを使用していない"),
              ("Static tokens are plain-text, never expire and cannot be revoked without restarting the API server.",
               "静的トークンは平文で失効せず、API サーバーを再起動しなければ無効にできません。"),
              ("Remove --token-auth-file and use OIDC or client certificates", "--token-auth-file を削除し、OIDC かクライアント証明書を使ってください"),
              "authn.authentication"),
    FlagCheck("k8s.control_plane.apiserver_deny_service_external_ips", "1.2.3", "medium", has(P, "DenyServiceExternalIPs"),
              ("The API server denies Service externalIPs", "API サーバーが Service の externalIPs を拒否する"),
              ("Without the DenyServiceExternalIPs plugin anyone who can create a Service can intercept traffic to any IP (CVE-2020-8554).",
               "DenyServiceExternalIPs がないと、Service を作成できる誰もが任意の IP への通信を横取りできます（CVE-2020-8554）。"),
              ("Add DenyServiceExternalIPs to --enable-admission-plugins", "--enable-admission-plugins に DenyServiceExternalIPs を追加してください")),
    FlagCheck("k8s.control_plane.apiserver_kubelet_client_certificate", "1.2.4", "high", is_set("kubelet-client-certificate", "kubelet-client-key"),
              ("The API server authenticates to kubelets with a client certificate", "API サーバーがクライアント証明書で kubelet に認証する"),
              ("Without a client certificate the kubelets cannot authenticate the API server, so they must accept unauthenticated requests.",
               "クライアント証明書がないと kubelet は API サーバーを認証できず、未認証の要求を受け付けざるを得ません。"),
              ("Set --kubelet-client-certificate and --kubelet-client-key", "--kubelet-client-certificate と --kubelet-client-key を設定してください"),
              "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_kubelet_certificate_authority", "1.2.5", "high", is_set("kubelet-certificate-authority"),
              ("The API server verifies kubelet certificates", "API サーバーが kubelet の証明書を検証する"),
              ("Without --kubelet-certificate-authority connections to kubelets are not verified and can be intercepted.",
               "--kubelet-certificate-authority がないと kubelet への接続が検証されず、盗聴・改ざんされ得ます。"),
              ("Set --kubelet-certificate-authority to the kubelets' CA", "--kubelet-certificate-authority に kubelet の CA を設定してください"),
              "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_authorization_not_always_allow", "1.2.6", "critical", lacks("authorization-mode", "AlwaysAllow", "AlwaysAllow"),
              ("The API server does not authorize every request", "API サーバーがすべての要求を許可していない"),
              ("--authorization-mode=AlwaysAllow (the default when unset) lets every authenticated request do anything.",
               "--authorization-mode=AlwaysAllow（未設定時の既定）では、認証された要求はすべて何でもできます。"),
              ("Set --authorization-mode=Node,RBAC", "--authorization-mode=Node,RBAC を設定してください"), "authn.rbac"),
    FlagCheck("k8s.control_plane.apiserver_authorization_node", "1.2.7", "high", has("authorization-mode", "Node", "AlwaysAllow"),
              ("The API server uses the Node authorizer", "API サーバーが Node 認可を使用している"),
              ("The Node authorizer limits each kubelet to the objects of its own pods; without it a compromised node reads every Secret.",
               "Node 認可は kubelet を自ノードの Pod のオブジェクトに限定します。ないと侵害されたノードからすべての Secret を読めます。"),
              ("Include Node in --authorization-mode", "--authorization-mode に Node を含めてください"), "authn.rbac"),
    FlagCheck("k8s.control_plane.apiserver_authorization_rbac", "1.2.8", "high", has("authorization-mode", "RBAC", "AlwaysAllow"),
              ("The API server uses RBAC", "API サーバーが RBAC を使用している"),
              ("Without the RBAC authorizer roles and bindings have no effect.", "RBAC 認可がないと、ロールとバインディングは効果を持ちません。"),
              ("Include RBAC in --authorization-mode", "--authorization-mode に RBAC を含めてください"), "authn.rbac"),
    FlagCheck("k8s.control_plane.apiserver_event_rate_limit", "1.2.9", "low", has(P, "EventRateLimit"),
              ("The API server limits the event rate", "API サーバーがイベントの流量を制限している"),
              ("Without EventRateLimit a flood of events can exhaust the API server and etcd.",
               "EventRateLimit がないと、大量のイベントで API サーバーと etcd を枯渇させられます。"),
              ("Add EventRateLimit to --enable-admission-plugins with an --admission-control-config-file",
               "--admission-control-config-file とともに --enable-admission-plugins に EventRateLimit を追加してください")),
    FlagCheck("k8s.control_plane.apiserver_no_always_admit", "1.2.10", "critical", lacks(P, "AlwaysAdmit"),
              ("The API server does not use AlwaysAdmit", "API サーバーが AlwaysAdmit を使用していない"),
              ("AlwaysAdmit switches admission control off: every request is admitted, whatever other plugins say.",
               "AlwaysAdmit はアドミッション制御を無効にし、他のプラグインにかかわらずすべての要求を許可します。"),
              ("Remove AlwaysAdmit from --enable-admission-plugins", "--enable-admission-plugins から AlwaysAdmit を削除してください")),
    FlagCheck("k8s.control_plane.apiserver_always_pull_images", "1.2.11", "low", has(P, "AlwaysPullImages"),
              ("The API server forces image pulls", "API サーバーがイメージの取得を強制している"),
              ("Without AlwaysPullImages a pod can run a private image already cached on its node without the registry credentials.",
               "AlwaysPullImages がないと、ノードにキャッシュ済みの非公開イメージをレジストリの認証情報なしで実行できます。"),
              ("Add AlwaysPullImages to --enable-admission-plugins", "--enable-admission-plugins に AlwaysPullImages を追加してください"),
              "pod-security.secure-images"),
    FlagCheck("k8s.control_plane.apiserver_service_account_plugin", "1.2.12", "medium", lacks(D, "ServiceAccount"),
              ("The ServiceAccount admission plugin is enabled", "ServiceAccount アドミッションプラグインが有効"),
              ("The ServiceAccount plugin assigns and validates service accounts and their tokens for every pod.",
               "ServiceAccount プラグインはすべての Pod にサービスアカウントとトークンを割り当て・検証します。"),
              ("Remove ServiceAccount from --disable-admission-plugins", "--disable-admission-plugins から ServiceAccount を削除してください"),
              "pod-security.service-account-tokens"),
    FlagCheck("k8s.control_plane.apiserver_namespace_lifecycle_plugin", "1.2.13", "medium", lacks(D, "NamespaceLifecycle"),
              ("The NamespaceLifecycle admission plugin is enabled", "NamespaceLifecycle アドミッションプラグインが有効"),
              ("NamespaceLifecycle stops objects being created in namespaces that are terminating or do not exist.",
               "NamespaceLifecycle は、削除中や存在しない名前空間へのオブジェクト作成を防ぎます。"),
              ("Remove NamespaceLifecycle from --disable-admission-plugins",
               "--disable-admission-plugins から NamespaceLifecycle を削除してください"), "network.namespaces"),
    FlagCheck("k8s.control_plane.apiserver_node_restriction_plugin", "1.2.14", "high", has(P, "NodeRestriction"),
              ("The NodeRestriction admission plugin is enabled", "NodeRestriction アドミッションプラグインが有効"),
              ("NodeRestriction stops a kubelet from changing other nodes or pods not bound to it (and from relabelling itself).",
               "NodeRestriction は、kubelet が他のノードや自ノード以外の Pod を変更すること（自身のラベル変更も）を防ぎます。"),
              ("Add NodeRestriction to --enable-admission-plugins", "--enable-admission-plugins に NodeRestriction を追加してください"), "authn.rbac"),
    FlagCheck("k8s.control_plane.apiserver_profiling_disabled", "1.2.15", "low", equals("profiling", "false", "true"),
              ("API server profiling is off", "API サーバーのプロファイリングが無効"),
              ("The profiling endpoints reveal internals and can be used to load the server.",
               "プロファイリングのエンドポイントは内部情報を明かし、サーバーへの負荷にも使えます。"),
              ("Set --profiling=false", "--profiling=false を設定してください")),
    FlagCheck("k8s.control_plane.apiserver_audit_log_path", "1.2.16", "high", is_set("audit-log-path"),
              ("The API server writes an audit log", "API サーバーが監査ログを出力している"),
              ("Without an audit log nobody can tell who did what through the API.", "監査ログがないと、API で誰が何をしたか分かりません。"),
              ("Set --audit-log-path (and --audit-policy-file)", "--audit-log-path（と --audit-policy-file）を設定してください"), AUDIT),
    FlagCheck("k8s.control_plane.apiserver_audit_log_maxage", "1.2.17", "medium", at_least("audit-log-maxage", 30),
              ("Audit logs are kept 30 days", "監査ログを 30 日間保持している"),
              ("Audit logs deleted sooner than 30 days are gone before most incidents are noticed.",
               "30 日未満で消える監査ログは、多くのインシデントが発覚する前に失われます。"),
              ("Set --audit-log-maxage=30 or more", "--audit-log-maxage を 30 以上に設定してください"), AUDIT),
    FlagCheck("k8s.control_plane.apiserver_audit_log_maxbackup", "1.2.18", "low", at_least("audit-log-maxbackup", 10),
              ("Ten audit log files are kept", "監査ログのファイルを 10 個保持している"),
              ("Fewer rotated files lose history on a busy cluster.", "ローテーション後のファイルが少ないと、負荷の高いクラスタで履歴が失われます。"),
              ("Set --audit-log-maxbackup=10 or more", "--audit-log-maxbackup を 10 以上に設定してください"), AUDIT),
    FlagCheck("k8s.control_plane.apiserver_audit_log_maxsize", "1.2.19", "low", at_least("audit-log-maxsize", 100),
              ("Audit log files rotate at 100 MB", "監査ログのファイルが 100 MB でローテーションされる"),
              ("Small audit files rotate away history quickly.", "小さな監査ログファイルは履歴をすぐに押し流します。"),
              ("Set --audit-log-maxsize=100 or more", "--audit-log-maxsize を 100 以上に設定してください"), AUDIT),
    FlagCheck("k8s.control_plane.apiserver_service_account_lookup", "1.2.21", "medium", equals("service-account-lookup", "true", "true"),
              ("The API server checks that service account tokens still exist", "API サーバーがサービスアカウントトークンの存在を確認する"),
              ("Without lookup a token keeps working after its service account or Secret is deleted.",
               "確認しないと、サービスアカウントや Secret の削除後もトークンが使えます。"),
              ("Set --service-account-lookup=true (or remove it)", "--service-account-lookup=true を設定（または削除）してください"),
              "pod-security.service-account-tokens"),
    FlagCheck("k8s.control_plane.apiserver_service_account_key_file", "1.2.22", "medium", is_set("service-account-key-file"),
              ("The API server has a service account public key", "API サーバーにサービスアカウントの公開鍵が設定されている"),
              ("A dedicated key file lets service account signing keys be rotated without touching the TLS key.",
               "専用の鍵ファイルがあれば、TLS の鍵に触れずにサービスアカウントの署名鍵をローテーションできます。"),
              ("Set --service-account-key-file", "--service-account-key-file を設定してください"), "pod-security.service-account-tokens"),
    FlagCheck("k8s.control_plane.apiserver_etcd_client_certificate", "1.2.23", "high", is_set("etcd-certfile", "etcd-keyfile"),
              ("The API server authenticates to etcd with a certificate", "API サーバーが証明書で etcd に認証する"),
              ("etcd holds every object, Secrets included: the API server must reach it over authenticated TLS.",
               "etcd は Secret を含むすべてのオブジェクトを保持するため、API サーバーは認証付き TLS で接続する必要があります。"),
              ("Set --etcd-certfile and --etcd-keyfile", "--etcd-certfile と --etcd-keyfile を設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_tls_certificate", "1.2.24", "high", is_set("tls-cert-file", "tls-private-key-file"),
              ("The API server serves TLS with its own certificate", "API サーバーが独自の証明書で TLS を提供している"),
              ("Without an explicit certificate the API server serves a self-signed one clients cannot verify.",
               "明示的な証明書がないと、クライアントが検証できない自己署名証明書が使われます。"),
              ("Set --tls-cert-file and --tls-private-key-file", "--tls-cert-file と --tls-private-key-file を設定してください"),
              "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_client_ca_file", "1.2.25", "high", is_set("client-ca-file"),
              ("The API server verifies client certificates", "API サーバーがクライアント証明書を検証する"),
              ("Without --client-ca-file client certificates (kubelets, controllers) cannot be verified.",
               "--client-ca-file がないと、クライアント証明書（kubelet、コントローラー）を検証できません。"),
              ("Set --client-ca-file", "--client-ca-file を設定してください"), "authn.authentication"),
    FlagCheck("k8s.control_plane.apiserver_etcd_ca_file", "1.2.26", "high", is_set("etcd-cafile"),
              ("The API server verifies etcd's certificate", "API サーバーが etcd の証明書を検証する"),
              ("Without --etcd-cafile the API server cannot tell the real etcd from an impostor.",
               "--etcd-cafile がないと、API サーバーは本物の etcd と偽物を区別できません。"),
              ("Set --etcd-cafile", "--etcd-cafile を設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_encryption_provider_config", "1.2.27", "high", is_set("encryption-provider-config"),
              ("Secrets are encrypted at rest in etcd", "Secret が etcd で保存時に暗号化されている"),
              ("Without an encryption configuration Secrets are stored in etcd (and its backups) in plain text.",
               "暗号化の設定がないと、Secret は etcd（とそのバックアップ）に平文で保存されます。"),
              ("Set --encryption-provider-config to an EncryptionConfiguration using kms, aescbc or secretbox",
               "--encryption-provider-config に kms・aescbc・secretbox を使う EncryptionConfiguration を設定してください"), "network.secrets"),
    FlagCheck("k8s.control_plane.apiserver_strong_tls_ciphers", "1.2.29", "medium", strong_ciphers("tls-cipher-suites"),
              ("The API server allows only strong TLS ciphers", "API サーバーが強力な TLS 暗号スイートのみを許可している"),
              ("Weak cipher suites let an attacker on the network downgrade or break API traffic.",
               "弱い暗号スイートは、ネットワーク上の攻撃者に API 通信のダウングレードや解読を許します。"),
              ("Set --tls-cipher-suites to ECDHE/AEAD suites only", "--tls-cipher-suites を ECDHE/AEAD の暗号スイートのみにしてください"),
              "network.encryption"),
    FlagCheck("k8s.control_plane.apiserver_audit_policy_file", "3.2.1", "medium", is_set("audit-policy-file"),
              ("The API server has an audit policy", "API サーバーに監査ポリシーが設定されている"),
              ("Without --audit-policy-file no event is audited, even with a log path.",
               "--audit-policy-file がないと、ログの出力先があっても何も監査されません。"),
              ("Set --audit-policy-file to a policy logging at least Metadata",
               "少なくとも Metadata を記録するポリシーを --audit-policy-file に設定してください"),
              AUDIT),
])

register("k8s.controller_manager", [
    FlagCheck("k8s.control_plane.controller_manager_terminated_pod_gc_threshold", "1.3.1", "low", is_set("terminated-pod-gc-threshold"),
              ("The controller manager garbage-collects terminated pods", "コントローラーマネージャーが終了した Pod を回収する"),
              ("Terminated pods pile up (12,500 by default) and slow the API server and etcd.",
               "終了した Pod が（既定では 12,500 まで）溜まり、API サーバーと etcd を遅くします。"),
              ("Set --terminated-pod-gc-threshold (for example 10)", "--terminated-pod-gc-threshold を設定してください（例: 10）")),
    FlagCheck("k8s.control_plane.controller_manager_profiling_disabled", "1.3.2", "low", equals("profiling", "false", "true"),
              ("Controller manager profiling is off", "コントローラーマネージャーのプロファイリングが無効"),
              ("The profiling endpoints reveal internals and can be used to load the component.",
               "プロファイリングのエンドポイントは内部情報を明かし、負荷にも使えます。"),
              ("Set --profiling=false", "--profiling=false を設定してください")),
    FlagCheck("k8s.control_plane.controller_manager_service_account_credentials", "1.3.3", "medium",
              equals("use-service-account-credentials", "true", "false"),
              ("Controllers run with their own service accounts", "コントローラーが個別のサービスアカウントで動作する"),
              ("Without it every controller acts with the controller manager's own, all-powerful credentials.",
               "設定しないと、すべてのコントローラーがコントローラーマネージャー自身の強力な認証情報で動作します。"),
              ("Set --use-service-account-credentials=true", "--use-service-account-credentials=true を設定してください"), "authn.rbac"),
    FlagCheck("k8s.control_plane.controller_manager_service_account_private_key", "1.3.4", "medium", is_set("service-account-private-key-file"),
              ("The controller manager signs tokens with a dedicated key", "コントローラーマネージャーが専用の鍵でトークンに署名する"),
              ("A dedicated signing key can be rotated on its own.", "専用の署名鍵は単独でローテーションできます。"),
              ("Set --service-account-private-key-file", "--service-account-private-key-file を設定してください"),
              "pod-security.service-account-tokens"),
    FlagCheck("k8s.control_plane.controller_manager_root_ca_file", "1.3.5", "medium", is_set("root-ca-file"),
              ("Pods receive the cluster's root CA", "Pod にクラスタのルート CA が配布される"),
              ("Without --root-ca-file pods cannot verify the API server's certificate and are open to interception.",
               "--root-ca-file がないと、Pod は API サーバーの証明書を検証できず、盗聴の危険があります。"),
              ("Set --root-ca-file", "--root-ca-file を設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.controller_manager_rotate_kubelet_server_certificate", "1.3.6", "medium",
              gate_not_false("feature-gates", "RotateKubeletServerCertificate"),
              ("Kubelet serving certificates are rotated", "kubelet のサーバー証明書がローテーションされる"),
              ("With the gate off kubelet serving certificates are never renewed.", "無効だと kubelet のサーバー証明書は更新されません。"),
              ("Remove RotateKubeletServerCertificate=false from --feature-gates",
               "--feature-gates から RotateKubeletServerCertificate=false を削除してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.controller_manager_bind_address_localhost", "1.3.7", "medium", equals("bind-address", "127.0.0.1", "0.0.0.0"),
              ("The controller manager listens on localhost only", "コントローラーマネージャーが localhost のみで待ち受ける"),
              ("Bound to all addresses, its metrics and health endpoints are reachable from the network.",
               "全アドレスで待ち受けると、メトリクスやヘルスチェックのエンドポイントにネットワークから到達できます。"),
              ("Set --bind-address=127.0.0.1", "--bind-address=127.0.0.1 を設定してください")),
])

register("k8s.scheduler", [
    FlagCheck("k8s.control_plane.scheduler_profiling_disabled", "1.4.1", "low", equals("profiling", "false", "true"),
              ("Scheduler profiling is off", "スケジューラーのプロファイリングが無効"),
              ("The profiling endpoints reveal internals and can be used to load the component.",
               "プロファイリングのエンドポイントは内部情報を明かし、負荷にも使えます。"),
              ("Set --profiling=false", "--profiling=false を設定してください")),
    FlagCheck("k8s.control_plane.scheduler_bind_address_localhost", "1.4.2", "medium", equals("bind-address", "127.0.0.1", "0.0.0.0"),
              ("The scheduler listens on localhost only", "スケジューラーが localhost のみで待ち受ける"),
              ("Bound to all addresses, its metrics and health endpoints are reachable from the network.",
               "全アドレスで待ち受けると、メトリクスやヘルスチェックのエンドポイントにネットワークから到達できます。"),
              ("Set --bind-address=127.0.0.1", "--bind-address=127.0.0.1 を設定してください")),
])

register("k8s.etcd", [
    FlagCheck("k8s.control_plane.etcd_tls_certificate", "2.1", "high", is_set("cert-file", "key-file"),
              ("etcd serves clients over TLS", "etcd がクライアントに TLS で応答する"),
              ("Without a certificate etcd serves every object, Secrets included, in plain text.",
               "証明書がないと、etcd は Secret を含むすべてのオブジェクトを平文で送ります。"),
              ("Set --cert-file and --key-file", "--cert-file と --key-file を設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.etcd_client_cert_auth", "2.2", "critical", equals("client-cert-auth", "true", "false"),
              ("etcd requires client certificates", "etcd がクライアント証明書を要求する"),
              ("Without client certificate authentication anyone who reaches etcd's port reads and writes the whole cluster state.",
               "クライアント証明書の認証がないと、etcd のポートに到達できる誰もがクラスタの状態全体を読み書きできます。"),
              ("Set --client-cert-auth=true", "--client-cert-auth=true を設定してください"), "authn.authentication"),
    FlagCheck("k8s.control_plane.etcd_no_auto_tls", "2.3", "high", equals("auto-tls", "false", "false"),
              ("etcd does not use self-signed client certificates", "etcd が自己署名のクライアント向け証明書を使用していない"),
              ("--auto-tls generates self-signed certificates nobody can verify.", "--auto-tls は誰も検証できない自己署名証明書を生成します。"),
              ("Remove --auto-tls or set it to false", "--auto-tls を削除するか false に設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.etcd_peer_tls_certificate", "2.4", "high", is_set("peer-cert-file", "peer-key-file"),
              ("etcd members talk over TLS", "etcd のメンバー間通信が TLS"),
              ("Without peer certificates replication between etcd members is in plain text.",
               "ピア証明書がないと、etcd メンバー間のレプリケーションが平文になります。"),
              ("Set --peer-cert-file and --peer-key-file", "--peer-cert-file と --peer-key-file を設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.etcd_peer_client_cert_auth", "2.5", "high", equals("peer-client-cert-auth", "true", "false"),
              ("etcd members authenticate each other", "etcd のメンバー同士が相互に認証する"),
              ("Without peer authentication any host can join the etcd cluster and receive its data.",
               "ピア認証がないと、任意のホストが etcd クラスタに参加してデータを受け取れます。"),
              ("Set --peer-client-cert-auth=true", "--peer-client-cert-auth=true を設定してください"), "authn.authentication"),
    FlagCheck("k8s.control_plane.etcd_no_peer_auto_tls", "2.6", "high", equals("peer-auto-tls", "false", "false"),
              ("etcd members do not use self-signed certificates", "etcd のメンバー間で自己署名証明書を使用していない"),
              ("--peer-auto-tls generates self-signed peer certificates nobody can verify.",
               "--peer-auto-tls は誰も検証できない自己署名のピア証明書を生成します。"),
              ("Remove --peer-auto-tls or set it to false", "--peer-auto-tls を削除するか false に設定してください"), "network.encryption"),
    FlagCheck("k8s.control_plane.etcd_trusted_ca_file", "2.7", "medium", is_set("trusted-ca-file"),
              ("etcd trusts a certificate authority of its own", "etcd が専用の認証局を信頼している"),
              ("etcd should accept only clients signed by a CA used for etcd alone, not the cluster's general CA.",
               "etcd は、クラスタ共通の CA ではなく etcd 専用の CA で署名されたクライアントだけを受け入れるべきです。"),
              ("Set --trusted-ca-file to a CA dedicated to etcd", "--trusted-ca-file に etcd 専用の CA を設定してください"),
              "authn.authentication"),
])

