"""Threat rules over Kubernetes audit events (audit.k8s.io/v1 Event)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages
from checks.threats._event import k8s_allowed, k8s_ref, k8s_user
from checks.threats._rule import K8S_AUDIT, threat_rule

WRITE_VERBS = ("create", "update", "patch")
POD_TEMPLATES = ("pods", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs")
# Control-plane identities: the kubelet (static and mirror pods), controller-manager / scheduler,
# kube-system controllers (a DaemonSet's or Deployment's pods are created by these — the workload's
# own create or patch by a person is what the rules report) and EKS's managers.
CONTROL_PLANE = ("system:node:", "system:kube-", "system:apiserver", "system:serviceaccount:kube-system:", "eks:")


def _control_plane(ev: Resource) -> bool:
    return str(k8s_user(ev).get("username", "")).startswith(CONTROL_PLANE)

# Parameters are the rule's evidence too: verbs and resource kinds only, never the user, the
# service account or the source (the detector adds those as pseudonyms).
MSG = Messages("threats.k8s_audit", {
    "exec_allowed": ("pods/{subresource} allowed", "pods/{subresource} が許可されました"),
    "privileged_pod": ("{resource} with {reasons}", "{reasons} を使う {resource} が作成・変更されました"),
    "cluster_admin_bound": ("{resource} to cluster-admin", "cluster-admin への {resource} が作成・変更されました"),
    "anonymous_allowed": ("anonymous {verb} allowed", "匿名の {verb} が許可されました"),
    "service_account_read_secrets": ("service account {verb} on secrets",
                                     "サービスアカウントがシークレットに {verb} を実行しました"),
})


@threat_rule(
    id="threat.k8s_audit.pod_exec", source=K8S_AUDIT,
    events=["pods"], severity=Severity.MEDIUM, techniques=["T1609"],
    title={"en": "Command run inside a pod (exec/attach)", "ja": "Pod 内でコマンドが実行された（exec/attach）"},
    description={"en": "Someone opened an exec or attach session into a running container.",
                 "ja": "稼働中のコンテナに exec または attach のセッションが開かれました。"},
    remediation={"en": "Confirm the session was maintenance; restrict pods/exec and pods/attach to break-glass roles.",
                 "ja": "保守作業によるものか確認し、pods/exec と pods/attach の権限を緊急用ロールに限定してください。"},
)
def pod_exec(ev: Resource) -> Result:
    ref = k8s_ref(ev)
    if ref.get("resource") == "pods" and ref.get("subresource") in ("exec", "attach") and k8s_allowed(ev) \
            and ev.data.get("verb") in ("create", "get"):
        return MSG.fail("exec_allowed", subresource=ref["subresource"])
    return Result.ok()


def _pod_spec(obj: Any) -> dict[str, Any]:
    """The pod spec inside a Pod or a workload's template (CronJob: jobTemplate.spec.template)."""
    if not isinstance(obj, dict):
        return {}
    spec = obj.get("spec") or {}
    for _ in range(3):
        if not isinstance(spec, dict) or "containers" in spec or not (spec.get("template") or spec.get("jobTemplate")):
            break
        inner = spec.get("template") or spec.get("jobTemplate")
        spec = (inner.get("spec") or {}) if isinstance(inner, dict) else {}
    return spec if isinstance(spec, dict) else {}


@threat_rule(
    id="threat.k8s_audit.privileged_pod_created", source=K8S_AUDIT,
    events=POD_TEMPLATES, severity=Severity.HIGH,
    techniques=["T1610", "T1611"],
    title={"en": "Privileged or host-mounting pod created", "ja": "特権または hostPath を使う Pod が作成された"},
    description={"en": "A pod (or workload template) was created or changed with a privileged container, host namespaces or a hostPath volume: a path to the "
        "node.  Pods the kubelet and kube-system controllers create from a workload are left out; the workload's own change is reported.",
                 "ja": "特権コンテナ、ホストの名前空間、hostPath ボリュームを使う Pod（またはワークロードのテンプレート）が作成・変更されました。"
                     "ノードへの侵入経路になります。kubelet や kube-system のコントローラーがワークロードから作る Pod は除き、"
                     "ワークロード自体の変更を報告します。"},
    remediation={"en": "Enforce the Pod Security 'restricted' or 'baseline' level on the namespace and remove the workload if unexpected.",
                 "ja": "名前空間に Pod Security の restricted または baseline を適用し、想定外のワークロードは削除してください。"},
)
def privileged_pod_created(ev: Resource) -> Result:
    ref = k8s_ref(ev)
    if ev.data.get("verb") not in WRITE_VERBS or ref.get("resource") not in POD_TEMPLATES or ref.get("subresource") \
            or not k8s_allowed(ev) or _control_plane(ev):
        return Result.ok()
    spec = _pod_spec(ev.data.get("requestObject"))
    reasons = [k for k in ("hostPID", "hostIPC", "hostNetwork") if spec.get(k) is True]
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        if isinstance(c, dict) and (c.get("securityContext") or {}).get("privileged") is True:
            reasons.append("privileged container")
            break
    if any(isinstance(v, dict) and "hostPath" in v for v in spec.get("volumes") or []):
        reasons.append("hostPath volume")
    if reasons:
        return MSG.fail("privileged_pod", resource=ref.get("resource"), reasons=reasons)
    return Result.ok()


@threat_rule(
    id="threat.k8s_audit.cluster_admin_bound", source=K8S_AUDIT,
    events=["clusterrolebindings", "rolebindings"], severity=Severity.HIGH, techniques=["T1098"],
    title={"en": "cluster-admin granted", "ja": "cluster-admin 権限が付与された"},
    description={"en": "A ClusterRoleBinding or RoleBinding to the cluster-admin role was created or changed (by other than the control plane).",
                 "ja": "cluster-admin ロールへの ClusterRoleBinding または RoleBinding が（コントロールプレーン以外によって）作成・変更されました。"},
    remediation={"en": "Confirm the grant was approved; otherwise delete the binding and grant a narrower role.",
                 "ja": "付与が承認済みか確認し、そうでなければバインディングを削除してより狭いロールを付与してください。"},
)
def cluster_admin_bound(ev: Resource) -> Result:
    ref = k8s_ref(ev)
    if ev.data.get("verb") not in WRITE_VERBS or ref.get("resource") not in ("clusterrolebindings", "rolebindings") \
            or not k8s_allowed(ev) or _control_plane(ev):
        return Result.ok()
    role = ((ev.data.get("requestObject") or {}).get("roleRef") or {}).get("name")
    if role == "cluster-admin":
        return MSG.fail("cluster_admin_bound", resource=ref["resource"])
    return Result.ok()


@threat_rule(
    id="threat.k8s_audit.anonymous_request_allowed", source=K8S_AUDIT, severity=Severity.HIGH, techniques=["T1078.001"],
    title={"en": "Anonymous request allowed", "ja": "匿名リクエストが許可された"},
    description={"en": "The API server allowed a request from system:anonymous / system:unauthenticated (health and version endpoints excepted).",
                 "ja": "API サーバーが system:anonymous / system:unauthenticated からのリクエストを許可しました（ヘルス・バージョン確認を除く）。"},
    remediation={"en": "Run the API server with --anonymous-auth=false or remove RBAC bindings to system:anonymous and system:unauthenticated.",
                 "ja": "API サーバーを --anonymous-auth=false で起動するか、system:anonymous と system:unauthenticated への RBAC "
                     "バインディングを削除してください。"},
)
def anonymous_request_allowed(ev: Resource) -> Result:
    user = k8s_user(ev)
    anonymous = user.get("username") == "system:anonymous" or "system:unauthenticated" in (user.get("groups") or [])
    uri = str(ev.data.get("requestURI", "")).split("?", 1)[0]
    public = uri in ("/healthz", "/livez", "/readyz", "/version") or uri.startswith(("/healthz/", "/livez/", "/readyz/"))
    if anonymous and not public and k8s_allowed(ev):
        return MSG.fail("anonymous_allowed", verb=ev.data.get("verb", ""))
    return Result.ok()


@threat_rule(
    id="threat.k8s_audit.secrets_read_by_service_account", source=K8S_AUDIT,
    events=["secrets"], severity=Severity.MEDIUM,
    techniques=["T1552.007"],
    title={"en": "Secrets read by a workload service account", "ja": "ワークロードのサービスアカウントがシークレットを読み取った"},
    description={"en": "A service account outside kube-system read or listed Secrets: a compromised pod harvesting credentials looks like this.",
                 "ja": "kube-system 以外のサービスアカウントがシークレットを取得・一覧しました。侵害された Pod による認証情報の収集はこのように見えます。"},
    remediation={"en": "Check that the workload needs those Secrets; narrow its Role to the named Secrets it uses (resourceNames).",
                 "ja": "そのワークロードにシークレットが必要か確認し、ロールを使用するシークレット名（resourceNames）だけに絞ってください。"},
)
def secrets_read_by_service_account(ev: Resource) -> Result:
    ref = k8s_ref(ev)
    name = str(k8s_user(ev).get("username", ""))
    if ref.get("resource") != "secrets" or ev.data.get("verb") not in ("get", "list", "watch") or not k8s_allowed(ev):
        return Result.ok()
    if name.startswith("system:serviceaccount:") and not name.startswith("system:serviceaccount:kube-system:"):
        return MSG.fail("service_account_read_secrets", verb=ev.data["verb"])
    return Result.ok()
