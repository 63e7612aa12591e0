"""In-cluster attack surface through RBAC: who can reach a shell, the node, kube-system or the
cluster's guards, with the path (binding → role → rule) that grants it; dangerous rules in roles
nobody is bound to yet (one binding away from being granted); the default service account
holding grants.
"""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from agent.policy.k8s_rbac import ANYWHERE, rule_allows
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA
from checks.kubernetes.rbac import (
    CSR_APPROVAL,
    ESCALATE,
    EXEC_ATTACH,
    NODE_PROXY,
    RBAC,
    ROLE_TYPES,
    TOKEN_CREATE,
    WEBHOOK_WRITE,
    Query,
    _builtin,
    subject_check,
)

MSG = Messages("kubernetes.rbac_paths", {
    "builtin_role": ("built-in role", "組み込みのロールです"),
    # allowed: "verb resource" pairs; rules: the indexes of the rules allowing them.
    "role_allows": ("rules [{rules}] allow {allowed}", "ルール [{rules}] で {allowed} を許可しています"),
    "not_default": ("not a default service account", "default サービスアカウントではありません"),
    "default_granted": ("the default service account has grants: {paths}",
                        "default サービスアカウントに権限が付与されています: {paths}"),
    "system_subject": ("system subject", "システムのサブジェクトです"),
})

PORT_FORWARD: list[Query] = [("create", "pods/portforward", "", ANYWHERE), ("get", "pods/portforward", "", ANYWHERE)]
CRITICAL_DELETE: list[Query] = (
    [(v, res, "", None) for v in ("delete", "deletecollection") for res in ("namespaces", "nodes", "persistentvolumes")]
    + [("delete", res, "rbac.authorization.k8s.io", None) for res in ("clusterroles", "clusterrolebindings")]
    + [("delete", "customresourcedefinitions", "apiextensions.k8s.io", None)]
    + [("delete", res, grp, "kube-system") for res, grp in (("pods", ""), ("deployments", "apps"), ("daemonsets", "apps"),
                                                            ("secrets", ""), ("configmaps", ""))])
KUBE_SYSTEM_WORKLOADS: list[Query] = [("create", "pods", "", "kube-system"), ("create", "deployments", "apps", "kube-system"),
                                      ("create", "daemonsets", "apps", "kube-system"), ("create", "jobs", "batch", "kube-system"),
                                      ("create", "cronjobs", "batch", "kube-system")]
EPHEMERAL: list[Query] = [(v, "pods/ephemeralcontainers", "", ANYWHERE) for v in ("update", "patch")]
KUBE_SYSTEM_CONFIG: list[Query] = [(v, "configmaps", "", "kube-system") for v in ("update", "patch", "create")]
NODE_WRITE: list[Query] = [(v, res, "", None) for v in ("update", "patch") for res in ("nodes", "nodes/status")]

subject_check(
    "k8s.rbac.no_port_forward", Severity.HIGH, PORT_FORWARD,
    ("Only system subjects can port-forward to pods", "Pod へのポートフォワードができるのはシステムのサブジェクトのみ"),
    ("pods/portforward opens a tunnel from the subject's machine to any port of a pod, past Services, Ingresses and network policies.",
     "pods/portforward は、Service や Ingress、ネットワークポリシーを迂回して、Pod の任意のポートへのトンネルを開きます。"),
    ("Remove create/get on pods/portforward from non-system roles; use break-glass access with audit.",
     "システム以外のロールから pods/portforward の create・get を削除し、監査付きの緊急用アクセスを使ってください。"),
    ["5.1.4"])
subject_check(
    "k8s.rbac.no_critical_object_delete", Severity.HIGH, CRITICAL_DELETE,
    ("Only system subjects can delete critical objects", "重要なオブジェクトを削除できるのはシステムのサブジェクトのみ"),
    ("Deleting namespaces, nodes, persistent volumes, cluster roles, CRDs or kube-system workloads destroys data or disables the cluster.",
     "名前空間、ノード、PersistentVolume、ClusterRole、CRD、kube-system のワークロードの削除は、データ消失やクラスタ停止につながります。"),
    ("Remove delete and deletecollection on these resources from non-system roles.",
     "システム以外のロールから、これらのリソースの delete と deletecollection を削除してください。"),
    [])
subject_check(
    "k8s.rbac.no_kube_system_workload_create", Severity.HIGH, KUBE_SYSTEM_WORKLOADS,
    ("Only system subjects can create workloads in kube-system", "kube-system にワークロードを作成できるのはシステムのサブジェクトのみ"),
    ("A pod created in kube-system can run as the namespace's highly privileged controller service accounts and mount their tokens.",
     "kube-system に作成した Pod は、名前空間内の強い権限を持つコントローラーのサービスアカウントで実行し、そのトークンをマウントできます。"),
    ("Remove create on pods and controllers in kube-system from non-system roles.",
     "システム以外のロールから kube-system での Pod やコントローラーの create を削除してください。"),
    ["5.1.4"])
subject_check(
    "k8s.rbac.no_ephemeral_container_update", Severity.HIGH, EPHEMERAL,
    ("Only system subjects can add ephemeral containers", "エフェメラルコンテナを追加できるのはシステムのサブジェクトのみ"),
    ("Updating pods/ephemeralcontainers adds a debug container, with a shell, to any running pod: an exec by another name.",
     "pods/ephemeralcontainers を更新できると、実行中の任意の Pod にシェル付きのデバッグコンテナを追加でき、実質的に exec と同じです。"),
    ("Remove update/patch on pods/ephemeralcontainers from non-system roles.",
     "システム以外のロールから pods/ephemeralcontainers の update・patch を削除してください。"),
    ["5.1.4"])
subject_check(
    "k8s.rbac.no_kube_system_configmap_write", Severity.HIGH, KUBE_SYSTEM_CONFIG,
    ("Only system subjects can change ConfigMaps in kube-system", "kube-system の ConfigMap を変更できるのはシステムのサブジェクトのみ"),
    ("kube-system ConfigMaps configure cluster services; write access to coredns lets a subject redirect every DNS name in the cluster.",
     "kube-system の ConfigMap はクラスタのサービスを設定します。coredns への書き込み権限があれば、クラスタ内のすべての DNS 名を差し替えられます。"),
    ("Remove create/update/patch on configmaps in kube-system from non-system roles.",
     "システム以外のロールから kube-system の configmaps に対する create・update・patch を削除してください。"),
    [])
subject_check(
    "k8s.rbac.no_node_write", Severity.MEDIUM, NODE_WRITE,
    ("Only system subjects can modify nodes", "ノードを変更できるのはシステムのサブジェクトのみ"),
    ("Patching nodes changes their labels and taints, attracting sensitive workloads to a node the subject controls.",
     "ノードを変更できるとラベルや taint を書き換え、重要なワークロードを自分の管理するノードに引き寄せられます。"),
    ("Remove update/patch on nodes and nodes/status from non-system roles.",
     "システム以外のロールから nodes と nodes/status の update・patch を削除してください。"),
    [])


def _role_check(id: str, severity: str, queries: list[Query], what_en: str, what_ja: str, cis: list[str]) -> None:
    """A role whose own rules allow any of ``queries``, bound or not: unbound today, it is one
    binding away from granting them."""

    def evaluate(r: Resource) -> Result:
        if _builtin(r) or str((r.data.get("metadata") or {}).get("name", "")).startswith("system:"):
            return MSG.ok("builtin_role")
        rules, allowed = set(), set()
        for i, rule in enumerate(r.data.get("rules") or ()):
            for verb, resource, group, _ns in queries:
                if rule_allows(rule, verb, group, resource):
                    rules.add(i)
                    allowed.add(f"{verb} {resource}")
        if not rules:
            return Result.ok()
        return MSG.fail("role_allows", rules=sorted(rules), allowed=sorted(allowed))

    check(id=id, resource_types=ROLE_TYPES, severity=severity,
          title=T(f"Roles do not allow {what_en}", f"ロールが{what_ja}を許可していない"),
          description=T(f"A role allowing {what_en} grants it to whoever is bound to it, now or later; a dormant role is one binding away.",
                        f"{what_ja}を許可するロールは、現在または将来割り当てられる誰にでもその権限を与えます。"
                        "未使用でもバインディング 1 つで有効になります。"),
          remediation=T(f"Remove the rules allowing {what_en}, or delete the role if nothing needs it.",
                        f"{what_ja}を許可するルールを削除するか、不要であればロールを削除してください。"),
          frameworks={CIS: cis, CIS10: cis, NSA: [RBAC]} if cis else {NSA: [RBAC]})(evaluate)


_role_check("k8s.rbac.role_no_exec_attach", "high", EXEC_ATTACH, "exec or attach into pods", "Pod への exec・attach", ["5.1.4"])
_role_check("k8s.rbac.role_no_port_forward", "medium", PORT_FORWARD, "port-forwarding to pods", "Pod へのポートフォワード", ["5.1.4"])
_role_check("k8s.rbac.role_no_escalate_bind_impersonate", "high", ESCALATE, "escalate, bind or impersonate",
            "escalate・bind・impersonate", ["5.1.8"])
_role_check("k8s.rbac.role_no_webhook_config_write", "high", WEBHOOK_WRITE, "changing admission webhooks",
            "アドミッション Webhook の変更", ["5.1.12"])
_role_check("k8s.rbac.role_no_csr_approval", "high", CSR_APPROVAL, "approving certificate signing requests",
            "証明書署名要求の承認", ["5.1.11"])
_role_check("k8s.rbac.role_no_node_proxy", "high", NODE_PROXY, "the nodes/proxy subresource", "nodes/proxy の使用", ["5.1.10"])
_role_check("k8s.rbac.role_no_token_create", "medium", TOKEN_CREATE, "creating service account tokens",
            "サービスアカウントトークンの作成", ["5.1.13"])


@check(id="k8s.rbac.default_service_account_unbound", resource_types=("k8s.rbac_subject",), severity=Severity.MEDIUM,
       title=T("Default service accounts hold no RBAC grants", "default サービスアカウントに RBAC 権限がない"),
       description=T("Every pod that names no service account runs as its namespace's default account: a grant to it reaches all of them.",
                     "サービスアカウントを指定しない Pod はすべて名前空間の default で実行されるため、default への権限付与はそのすべてに及びます。"),
       remediation=T("Bind the role to a dedicated service account and set it as the workload's serviceAccountName.",
                     "専用のサービスアカウントにロールを割り当て、ワークロードの serviceAccountName に指定してください。"),
       frameworks={CIS: ["5.1.5"], CIS10: ["5.1.5"], NSA: [RBAC, "pod-security.service-account-tokens"]})
def default_sa_unbound(r: Resource) -> Result:
    subject = r.data.get("subject") or {}
    if subject.get("kind") != "ServiceAccount" or subject.get("name") != "default":
        return MSG.ok("not_default")
    if r.data.get("system"):
        return MSG.ok("system_subject")
    paths = sorted({f"{g.get('binding')} → {g.get('role')}" for g in r.data.get("grants") or ()})
    return MSG.fail("default_granted", paths=paths) if paths else Result.ok()
