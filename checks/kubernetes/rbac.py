"""RBAC: roles with wildcards, risky bindings, and what each subject can effectively do.

Effective permissions come from the collector's ``k8s.rbac_subject`` resources (one per subject,
with every grant resolved through bindings and aggregated cluster roles by
``agent.policy.k8s_rbac``).  Subjects that are part of Kubernetes itself (``system:``
users and groups, kube-system service accounts) are exempt from the "who can" checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Resource, Result, Severity
from agent.policy.k8s_rbac import ANYWHERE, allowing, is_system_subject, rule_allows
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA

RBAC = "authn.rbac"
ROLE_TYPES = ("k8s.role", "k8s.cluster_role")
BINDING_TYPES = ("k8s.role_binding", "k8s.cluster_role_binding")
BUILTIN_LABEL = "kubernetes.io/bootstrapping"
ANONYMOUS = frozenset({"system:anonymous", "system:unauthenticated"})
BROAD = frozenset({"system:authenticated", "system:serviceaccounts"})
# Roles Kubernetes itself binds to system:authenticated (discovery and self-review).
BROAD_DEFAULT_ROLES = frozenset({"system:basic-user", "system:discovery", "system:public-info-viewer",
                                 "system:service-account-issuer-discovery"})

MSG = Messages("kubernetes.rbac", {
    "builtin_role": ("built-in role", "組み込みのロールです"),
    # rules: the indexes of the offending rules in the role's ``rules`` list.
    "wildcard_verbs": ("wildcard verbs in rules [{rules}]", "ルール [{rules}] でワイルドカードの動詞を許可しています"),
    "wildcard_resources": ("wildcard resources in rules [{rules}]",
                           "ルール [{rules}] でワイルドカードのリソースを許可しています"),
    "cluster_admin_bound": ("cluster-admin bound to {subjects}", "cluster-admin が {subjects} に割り当てられています"),
    "bound_to": ("bound to {subjects}", "{subjects} に割り当てられています"),
    "default_discovery_role": ("default discovery role", "既定のディスカバリー用ロールです"),
    "system_subject": ("system subject", "システムのサブジェクトです"),
    # allowed: "verb resource" pairs; paths: the "binding → role → rules[i]" paths granting them, joined by "; ".
    "can": ("can {allowed} (via {paths})", "{allowed} が可能です（{paths} 経由）"),
})


def _builtin(r: Resource) -> bool:
    return ((r.data.get("metadata") or {}).get("labels") or {}).get(BUILTIN_LABEL) == "rbac-defaults"


def _wildcard_rules(r: Resource, field: str) -> list[int]:
    return [i for i, rule in enumerate(r.data.get("rules") or ()) if "*" in (rule.get(field) or ())]


@check(id="k8s.rbac.no_wildcard_verbs", resource_types=ROLE_TYPES, severity=Severity.MEDIUM,
       title=T("Roles do not grant wildcard verbs", "ロールがワイルドカードの動詞を許可していない"),
       description=T("verbs: ['*'] grants every present and future verb, including escalate, bind and impersonate.",
                     "verbs: ['*'] は escalate、bind、impersonate を含む現在・将来のすべての動詞を許可します。"),
       remediation=T("List the verbs the role needs (get, list, watch, …) instead of '*'.",
                     "'*' ではなく、必要な動詞（get、list、watch など）を列挙してください。"),
       frameworks={CIS: ["5.1.3"], CIS10: ["5.1.3"], NSA: [RBAC]})
def no_wildcard_verbs(r: Resource) -> Result:
    if _builtin(r):
        return MSG.ok("builtin_role")
    rules = _wildcard_rules(r, "verbs")
    return MSG.fail("wildcard_verbs", rules=rules) if rules else Result.ok()


@check(id="k8s.rbac.no_wildcard_resources", resource_types=ROLE_TYPES, severity=Severity.MEDIUM,
       title=T("Roles do not grant wildcard resources", "ロールがワイルドカードのリソースを許可していない"),
       description=T("resources: ['*'] grants access to every resource type, including Secrets and ones added later.",
                     "resources: ['*'] は Secret や今後追加されるものを含む、すべてのリソース種別へのアクセスを許可します。"),
       remediation=T("List the resources the role needs instead of '*'.", "'*' ではなく、必要なリソースを列挙してください。"),
       frameworks={CIS: ["5.1.3"], CIS10: ["5.1.3"], NSA: [RBAC]})
def no_wildcard_resources(r: Resource) -> Result:
    if _builtin(r):
        return MSG.ok("builtin_role")
    rules = _wildcard_rules(r, "resources")
    return MSG.fail("wildcard_resources", rules=rules) if rules else Result.ok()


def _subjects(r: Resource) -> list[dict[str, Any]]:
    return list(r.data.get("subjects") or [])


def _label(s: dict[str, Any]) -> str:
    ns = f"{s.get('namespace')}/" if s.get("namespace") else ""
    return f"{s.get('kind')}:{ns}{s.get('name')}"


def _subjects_where(r: Resource, predicate: Callable[[dict[str, Any]], bool]) -> list[str]:
    """The binding's subjects for which ``predicate`` holds, as labels."""
    return [_label(s) for s in _subjects(r) if predicate(s)]


@check(id="k8s.rbac.cluster_admin_restricted", resource_types=BINDING_TYPES, severity=Severity.HIGH,
       title=T("cluster-admin is bound only to system subjects", "cluster-admin がシステムのサブジェクトにのみ割り当てられている"),
       description=T("cluster-admin can do anything anywhere; bound to people or application service accounts it makes each of them a full cluster "
           "administrator.",
                     "cluster-admin はあらゆる操作が可能で、人やアプリケーションのサービスアカウントに割り当てると、"
                         "それぞれがクラスタの完全な管理者になります。"),
       remediation=T("Replace the binding with a role that grants only what the subject needs.",
                     "サブジェクトに必要な権限だけを持つロールへのバインディングに置き換えてください。"),
       frameworks={CIS: ["5.1.1"], CIS10: ["5.1.1"], NSA: [RBAC]})
def cluster_admin_restricted(r: Resource) -> Result:
    if (r.data.get("roleRef") or {}).get("name") != "cluster-admin" or (r.data.get("roleRef") or {}).get("kind") != "ClusterRole":
        return Result.ok()
    bad = _subjects_where(r, lambda s: not is_system_subject(str(s.get("kind")), str(s.get("name")),
                                                            str(s.get("namespace") or "")))
    return MSG.fail("cluster_admin_bound", subjects=bad) if bad else Result.ok()


@check(id="k8s.rbac.no_anonymous_bindings", resource_types=BINDING_TYPES, severity=Severity.CRITICAL,
       title=T("Nothing is bound to anonymous users", "匿名ユーザーに権限が割り当てられていない"),
       description=T("A binding to system:anonymous or system:unauthenticated grants its role to anyone who can reach the API server.",
                     "system:anonymous や system:unauthenticated へのバインディングは、API サーバーに到達できる誰にでもそのロールを与えます。"),
       remediation=T("Delete the binding or remove the anonymous subjects from it.",
                     "バインディングを削除するか、匿名のサブジェクトを取り除いてください。"),
       frameworks={NSA: ["authn.authentication", RBAC]})
def no_anonymous_bindings(r: Resource) -> Result:
    bad = _subjects_where(r, lambda s: s.get("name") in ANONYMOUS)
    return MSG.fail("bound_to", subjects=bad) if bad else Result.ok()


@check(id="k8s.rbac.no_broad_authenticated_bindings", resource_types=BINDING_TYPES, severity=Severity.HIGH,
       title=T("Roles are not granted to every authenticated user", "認証済みの全ユーザーにロールを与えていない"),
       description=T("A binding to system:authenticated or system:serviceaccounts grants its role to every user or every service account of the cluster.",
                     "system:authenticated や system:serviceaccounts へのバインディングは、"
                         "クラスタのすべてのユーザーまたはサービスアカウントにロールを与えます。"),
       remediation=T("Bind the role to the specific users, groups or service accounts that need it.",
                     "ロールは必要な特定のユーザー、グループ、サービスアカウントにだけ割り当ててください。"),
       frameworks={CIS: ["5.1.1"], CIS10: ["5.1.1"], NSA: [RBAC]})
def no_broad_authenticated(r: Resource) -> Result:
    if (r.data.get("roleRef") or {}).get("name") in BROAD_DEFAULT_ROLES:
        return MSG.ok("default_discovery_role")
    bad = _subjects_where(r, lambda s: s.get("name") in BROAD
                          or str(s.get("name", "")).startswith("system:serviceaccounts:"))
    return MSG.fail("bound_to", subjects=bad) if bad else Result.ok()


@check(id="k8s.rbac.no_system_masters_binding", resource_types=BINDING_TYPES, severity=Severity.HIGH,
       title=T("No binding names the system:masters group", "system:masters グループを指定したバインディングがない"),
       description=T("Members of system:masters bypass RBAC entirely; a binding naming it suggests credentials in that group are being handed out.",
                     "system:masters のメンバーは RBAC を完全に迂回します。このグループを指定したバインディングは、"
                         "そのグループの認証情報が配布されていることを示唆します。"),
       remediation=T("Remove the binding and stop issuing client certificates in the system:masters group.",
                     "バインディングを削除し、system:masters グループのクライアント証明書の発行をやめてください。"),
       frameworks={CIS: ["5.1.7"], CIS10: ["5.1.7"], NSA: [RBAC]})
def no_system_masters(r: Resource) -> Result:
    bad = _subjects_where(r, lambda s: s.get("name") == "system:masters")
    return MSG.fail("bound_to", subjects=bad) if bad else Result.ok()


# ---------------------------------------------------------------------------- effective permissions

Query = tuple[str, str, str, "str | None"]  # verb, resource, api group, namespace (None: cluster-wide)


def subject_check(id: str, severity: Severity, queries: list[Query], title: tuple[str, str],
                  description: tuple[str, str], remediation: tuple[str, str], cis: list[str]) -> None:
    """Register a check failing every non-system subject allowed any of ``queries``."""

    def evaluate(r: Resource) -> Result:
        if r.data.get("system"):
            return MSG.ok("system_subject")
        grants = r.data.get("grants") or []
        hits: dict[str, set[str]] = {}
        for verb, resource, group, namespace in queries:
            for g in allowing(grants, verb, resource, group, namespace):
                where = f" in {namespace}" if namespace not in (None, ANYWHERE) else ""
                for i, rule in enumerate(g.get("rules") or ()):
                    if rule_allows(rule, verb, group, resource):
                        hits.setdefault(f"{verb} {resource}{where}", set()).add(
                            f"{g.get('binding')} → {g.get('role')} → rules[{i}]")
        if not hits:
            return Result.ok()
        via = sorted({b for bs in hits.values() for b in bs})
        return MSG.fail("can", allowed=sorted(hits), via=via, paths="; ".join(via))

    check(id=id, resource_types=("k8s.rbac_subject",), severity=severity,
          title=T(*title), description=T(*description), remediation=T(*remediation),
          frameworks={CIS: cis, CIS10: cis, NSA: [RBAC]} if cis else {NSA: [RBAC]})(evaluate)


READ = ("get", "list", "watch")
subject_check(
    "k8s.rbac.no_cluster_wide_secret_read", Severity.HIGH, [(v, "secrets", "", None) for v in READ],
    ("No subject can read Secrets cluster-wide", "クラスタ全体の Secret を読めるサブジェクトがない"),
    ("get, list or watch on Secrets in every namespace reveals every credential stored in the cluster, including service account tokens.",
     "全名前空間の Secret に対する get・list・watch は、サービスアカウントトークンを含むクラスタ内のすべての認証情報を明らかにします。"),
    ("Grant Secret access with RoleBindings in the namespaces that need it, for named Secrets (resourceNames).",
     "Secret へのアクセスは、必要な名前空間の RoleBinding で、resourceNames で指定した Secret にのみ許可してください。"),
    ["5.1.2"])
subject_check(
    "k8s.rbac.no_pod_create", Severity.MEDIUM, [("create", "pods", "", ANYWHERE)],
    ("Only system subjects can create pods", "Pod を作成できるのはシステムのサブジェクトのみ"),
    ("Creating pods lets a subject run any service account of the namespace and mount its Secrets: it is a path to privilege escalation.",
     "Pod を作成できると、名前空間の任意のサービスアカウントで実行し Secret をマウントできるため、権限昇格の経路になります。"),
    ("Let people deploy through controllers (Deployments) or a CD system instead of granting create on pods.",
     "pods の create を許可せず、Deployment などのコントローラーや CD システム経由でデプロイさせてください。"),
    ["5.1.4"])
EXEC_ATTACH: list[Query] = [("create", "pods/exec", "", ANYWHERE), ("get", "pods/exec", "", ANYWHERE),
                            ("create", "pods/attach", "", ANYWHERE), ("get", "pods/attach", "", ANYWHERE)]
subject_check(
    "k8s.rbac.no_pod_exec", Severity.HIGH, EXEC_ATTACH,
    ("Only system subjects can exec into pods", "Pod で exec できるのはシステムのサブジェクトのみ"),
    ("pods/exec and pods/attach give a shell inside running containers, with their credentials and data.",
     "pods/exec と pods/attach は実行中のコンテナ内のシェルを与え、その認証情報やデータにアクセスできます。"),
    ("Remove create on pods/exec and pods/attach; use break-glass access with audit for debugging.",
     "pods/exec と pods/attach の create を削除し、デバッグには監査付きの緊急用アクセスを使ってください。"),
    ["5.1.4"])
ESCALATE: list[Query] = [
    ("escalate", "roles", "rbac.authorization.k8s.io", ANYWHERE), ("escalate", "clusterroles", "rbac.authorization.k8s.io", ANYWHERE),
    ("bind", "roles", "rbac.authorization.k8s.io", ANYWHERE), ("bind", "clusterroles", "rbac.authorization.k8s.io", ANYWHERE),
    ("impersonate", "users", "", ANYWHERE), ("impersonate", "groups", "", ANYWHERE), ("impersonate", "serviceaccounts", "", ANYWHERE)]
subject_check(
    "k8s.rbac.no_escalate_bind_impersonate", Severity.HIGH, ESCALATE,
    ("No subject can escalate, bind or impersonate", "escalate・bind・impersonate ができるサブジェクトがない"),
    ("escalate and bind let a subject grant itself permissions it does not have; impersonate lets it act as any user or group.",
     "escalate と bind は自分にない権限を自分に与えることを、impersonate は任意のユーザーやグループとして振る舞うことを可能にします。"),
    ("Remove the escalate, bind and impersonate verbs from the subject's roles.",
     "サブジェクトのロールから escalate、bind、impersonate の動詞を削除してください。"),
    ["5.1.8"])
subject_check(
    "k8s.rbac.no_pv_create", Severity.MEDIUM, [("create", "persistentvolumes", "", None)],
    ("Only system subjects can create persistent volumes", "PersistentVolume を作成できるのはシステムのサブジェクトのみ"),
    ("A persistent volume can be a hostPath on the node: creating one is a path to the node's file system.",
     "PersistentVolume はノードの hostPath にもなり得るため、作成できるとノードのファイルシステムへの経路になります。"),
    ("Let workloads use PersistentVolumeClaims with storage classes; remove create on persistentvolumes.",
     "ワークロードにはストレージクラス経由の PersistentVolumeClaim を使わせ、persistentvolumes の create を削除してください。"),
    ["5.1.9"])
NODE_PROXY: list[Query] = [("get", "nodes/proxy", "", None), ("create", "nodes/proxy", "", None)]
subject_check(
    "k8s.rbac.no_node_proxy", Severity.HIGH, NODE_PROXY,
    ("Only system subjects can use the nodes/proxy subresource", "nodes/proxy を使えるのはシステムのサブジェクトのみ"),
    ("nodes/proxy reaches the kubelet API directly, bypassing admission control and audit of pod operations (exec into any pod).",
     "nodes/proxy は kubelet API に直接到達し、アドミッション制御や Pod 操作の監査を迂回して任意の Pod で exec できます。"),
    ("Remove access to nodes/proxy from non-system roles.", "システム以外のロールから nodes/proxy へのアクセスを削除してください。"),
    ["5.1.10"])
CSR_APPROVAL: list[Query] = [("update", "certificatesigningrequests/approval", "certificates.k8s.io", None),
                             ("approve", "signers", "certificates.k8s.io", None)]
subject_check(
    "k8s.rbac.no_csr_approval", Severity.HIGH, CSR_APPROVAL,
    ("Only system subjects can approve certificate signing requests", "証明書署名要求を承認できるのはシステムのサブジェクトのみ"),
    ("Approving a CSR can mint a client certificate for any user or group, system:masters included.",
     "CSR を承認できると、system:masters を含む任意のユーザーやグループのクライアント証明書を発行できます。"),
    ("Remove update on certificatesigningrequests/approval and approve on signers from non-system roles.",
     "システム以外のロールから certificatesigningrequests/approval の update と signers の approve を削除してください。"),
    ["5.1.11"])
WEBHOOK_WRITE: list[Query] = [(v, res, "admissionregistration.k8s.io", None) for v in ("create", "update", "patch", "delete")
                              for res in ("validatingwebhookconfigurations", "mutatingwebhookconfigurations")]
subject_check(
    "k8s.rbac.no_webhook_config_write", Severity.HIGH, WEBHOOK_WRITE,
    ("Only system subjects can change admission webhooks", "アドミッション Webhook を変更できるのはシステムのサブジェクトのみ"),
    ("A mutating webhook sees and can change every object written to the cluster, Secrets included; deleting a validating one removes a guard.",
     "Mutating Webhook は Secret を含むクラスタへのすべての書き込みを参照・変更でき、Validating Webhook の削除は防御を外します。"),
    ("Remove write access to validating/mutating webhook configurations from non-system roles.",
     "システム以外のロールから Validating/Mutating Webhook 設定への書き込み権限を削除してください。"),
    ["5.1.12"])
TOKEN_CREATE: list[Query] = [("create", "serviceaccounts/token", "", ANYWHERE)]
subject_check(
    "k8s.rbac.no_token_create", Severity.MEDIUM, TOKEN_CREATE,
    ("Only system subjects can create service account tokens", "サービスアカウントトークンを作成できるのはシステムのサブジェクトのみ"),
    ("Creating tokens for service accounts lets a subject act with those accounts' permissions.",
     "サービスアカウントのトークンを作成できると、そのアカウントの権限で操作できます。"),
    ("Remove create on serviceaccounts/token from non-system roles.",
     "システム以外のロールから serviceaccounts/token の create を削除してください。"),
    ["5.1.13"])
