"""Workloads in their surroundings: network policies that select them, how they are reached from
outside, the attack paths that start there (internet → container → node / cloud role / API),
and the identity settings (groups, tokens, pulls) an intruder would inherit.

The collector derives ``_network_policy``, ``_exposure``, ``_service_account`` and
``_service_account_rbac`` (see :mod:`agent.collectors.kubernetes.normalise`); unreadable inputs
make these checks ERROR.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, readable
from checks.kubernetes.podspec import (
    containers,
    effective,
    image_parts,
    offenders,
    pinned,
    pod_sc,
    pod_spec,
    sc,
    workload_check,
)

NETPOL = "network.network-policies"
TOKENS = "pod-security.service-account-tokens"
ENFORCE = "pod-security.enforcement"
MAX_TOKEN_SECONDS = 86400

MSG = Messages("kubernetes.pod_paths", {
    "selected_by": ("selected by {policies}", "{policies} が適用されています"),
    "no_policy": ("no {direction} network policy selects these pods", "この Pod を選択する {direction} のネットワークポリシーがありません"),
    "not_exposed": ("not reachable from outside the cluster", "クラスタ外から到達できません"),
    # exposure: how it is reached; weaknesses: what an intruder gets there.
    "exposed_path": ("exposed via {exposure}: {weaknesses}", "{exposure} 経由で公開されており、{weaknesses}"),
    "token_off": ("no service account token is mounted", "サービスアカウントトークンはマウントされていません"),
    "no_grants": ("the service account has no RBAC grants", "サービスアカウントに RBAC 権限はありません"),
    "granted_token": ("token of {service_account} is mounted and grants {paths}",
                      "{service_account} のトークンがマウントされ、{paths} の権限を与えます"),
    "root_groups": ("supplemental groups include 0: {groups}", "補助グループに 0 が含まれています: {groups}"),
    "fs_group_unset": ("fsGroup is not set", "fsGroup が設定されていません"),
    "fs_group_root": ("fsGroup is 0", "fsGroup が 0 です"),
    "no_volumes": ("no volumes to own", "所有権を設定するボリュームがありません"),
    "root_group": ("containers running with group 0: {containers}", "グループ 0 で実行されるコンテナ: {containers}"),
    "mutable_not_pulled": ("mutable tags not pulled Always: {containers}",
                           "可変タグで imagePullPolicy が Always ではないイメージ: {containers}"),
    "long_tokens": ("projected tokens valid over 24 h: {volumes}", "24 時間を超えて有効な projected トークン: {volumes}"),
    "ephemeral": ("ephemeral containers: {containers}", "エフェメラルコンテナ: {containers}"),
})


def _policy_check(direction: str) -> Any:
    def evaluate(r: Resource) -> Result:
        found = readable(r.data.get("_network_policy"), "network policies") or {}
        names = list(found.get(direction) or ())
        if names:
            return MSG.ok("selected_by", policies=names)
        return MSG.fail("no_policy", direction=direction)
    return evaluate


workload_check("k8s.pod.ingress_network_policy_applies", Severity.MEDIUM,
               ("A network policy restricts traffic to the pods", "Pod への通信をネットワークポリシーが制限している"),
               ("A namespace may have policies that select none of this workload's pods; then every pod in the cluster can connect to them.",
                "名前空間にポリシーがあっても、このワークロードの Pod を選択していなければ、クラスタ内のすべての Pod から接続できます。"),
               ("Add a NetworkPolicy (or Cilium/Calico policy) whose selector matches the pod labels, with an ingress section.",
                "Pod のラベルに一致するセレクタと ingress を持つ NetworkPolicy（または Cilium/Calico のポリシー）を追加してください。"),
               cis=["5.3.2"], nsa=[NETPOL])(_policy_check("ingress"))
workload_check("k8s.pod.egress_network_policy_applies", Severity.LOW,
               ("A network policy restricts traffic from the pods", "Pod からの通信をネットワークポリシーが制限している"),
               ("Without an egress policy a compromised pod can reach the cloud metadata service, the API server and the internet.",
                "egress のポリシーがないと、侵害された Pod からクラウドのメタデータサービスや API サーバー、インターネットに到達できます。"),
               ("Add a policy with policyTypes: [Egress] selecting the pods, allowing only the destinations they need.",
                "Pod を選択し policyTypes に Egress を含むポリシーを追加し、必要な宛先だけを許可してください。"),
               cis=["5.3.2"], nsa=[NETPOL])(_policy_check("egress"))


def _token_mounted(r: Resource) -> bool:
    automount = pod_spec(r).get("automountServiceAccountToken")
    if automount is None:
        automount = (readable(r.data.get("_service_account"), "service account") or {}).get("automount")
    return automount is not False


def _exposure(r: Resource) -> list[str]:
    return list(readable(r.data.get("_exposure"), "services and ingresses") or ())


def _node_weaknesses(r: Resource) -> list[str]:
    spec = pod_spec(r)
    out = [f"privileged {c}" for c in offenders(spec, lambda c: sc(c).get("privileged") is True)]
    out += [f"hostPath {(v.get('hostPath') or {}).get('path')}" for v in spec.get("volumes") or () if "hostPath" in v]
    out += [f"{f}" for f in ("hostNetwork", "hostPID", "hostIPC") if spec.get(f) is True]
    out += [f"SYS_ADMIN {c}" for c in offenders(spec, lambda c: "SYS_ADMIN" in {
        str(x).upper() for x in ((sc(c).get("capabilities") or {}).get("add") or ())})]
    return out


def _attack_path(r: Resource, weaknesses: list[str]) -> Result:
    exposure = _exposure(r)
    if not exposure:
        return MSG.ok("not_exposed")
    if not weaknesses:
        return Result.ok()
    return MSG.fail("exposed_path", exposure="; ".join(exposure), weaknesses="; ".join(weaknesses),
                    path=exposure + weaknesses)


@workload_check("k8s.pod.exposed_workload_not_privileged", Severity.CRITICAL,
                ("Internet-exposed workloads have no path to the node", "インターネットに公開されたワークロードからノードへの経路がない"),
                ("A workload reached through a LoadBalancer, NodePort or Ingress that is privileged, shares host namespaces or mounts host paths "
                 "turns one application bug into control of the node.",
                 "LoadBalancer・NodePort・Ingress で公開されたワークロードが特権やホスト名前空間、hostPath を持つと、"
                 "アプリケーションの脆弱性 1 つでノードを掌握されます。"),
                ("Remove privileged, host namespaces, hostPath and SYS_ADMIN from exposed workloads, or stop exposing them.",
                 "公開ワークロードから特権、ホスト名前空間、hostPath、SYS_ADMIN を取り除くか、公開をやめてください。"),
                cis=["5.2.2"], nsa=[ENFORCE, NETPOL])
def exposed_not_privileged(r: Resource) -> Result:
    return _attack_path(r, _node_weaknesses(r))


@workload_check("k8s.pod.exposed_workload_no_cloud_identity", Severity.HIGH,
                ("Internet-exposed workloads carry no cloud role", "インターネットに公開されたワークロードがクラウドのロールを持たない"),
                ("An exposed workload whose service account maps to a cloud role (IRSA, GKE or Azure workload identity) hands that role to whoever "
                 "compromises it.",
                 "公開ワークロードのサービスアカウントがクラウドのロール（IRSA、GKE・Azure のワークロード ID）に対応付けられていると、"
                 "侵害した者にそのロールを渡します。"),
                ("Move the cloud access into a workload that is not exposed, or narrow the role to what the exposed service needs.",
                 "クラウドへのアクセスを公開されていないワークロードに移すか、ロールを公開サービスに必要な権限に絞ってください。"),
                nsa=[TOKENS, NETPOL])
def exposed_no_cloud_identity(r: Resource) -> Result:
    sa = readable(r.data.get("_service_account"), "service account") or {}
    role = sa.get("cloud_identity")
    return _attack_path(r, [f"service account {sa.get('name')} → {role}"] if role and _token_mounted(r) else [])


@workload_check("k8s.pod.exposed_workload_no_api_grants", Severity.HIGH,
                ("Internet-exposed workloads carry no Kubernetes API grants", "インターネットに公開されたワークロードが Kubernetes API の権限を持たない"),
                ("An exposed workload with a mounted token of a service account that holds RBAC grants lets an intruder act on the cluster's API.",
                 "RBAC 権限を持つサービスアカウントのトークンをマウントした公開ワークロードは、侵入者にクラスタの API を操作させます。"),
                ("Set automountServiceAccountToken: false on exposed workloads, or move the API access to an internal component.",
                 "公開ワークロードでは automountServiceAccountToken: false を設定するか、API へのアクセスを内部のコンポーネントに移してください。"),
                cis=["5.1.6"], nsa=[TOKENS, NETPOL])
def exposed_no_api_grants(r: Resource) -> Result:
    paths = list(readable(r.data.get("_service_account_rbac"), "service account RBAC") or ())
    return _attack_path(r, [f"token → {p}" for p in paths] if paths and _token_mounted(r) else [])


@workload_check("k8s.pod.exposed_workload_no_credentials", Severity.HIGH,
                ("Internet-exposed workloads hold no literal credentials", "インターネットに公開されたワークロードが認証情報を直接保持していない"),
                ("A credential written as a literal env value (a private key, a cloud access key, a token) in an exposed workload is one file "
                 "read away for whoever compromises it, and usable from anywhere.",
                 "公開ワークロードの環境変数に直接書かれた認証情報（秘密鍵、クラウドのアクセスキー、トークン）は、侵害した者がすぐに読め、"
                 "どこからでも使えます。"),
                ("Move the credential into a Secret mounted as a file, or replace it with workload identity; rotate it.",
                 "認証情報をファイルとしてマウントする Secret に移すか、ワークロード ID に置き換え、ローテーションしてください。"),
                cis=["5.4.1"], nsa=["network.secrets", NETPOL])
def exposed_no_credentials(r: Resource) -> Result:
    # ``_credential`` holds the formats detect-secrets recognised in a literal value, never the value.
    found = [f"{c.get('name', '?')}:{e.get('name')} ({', '.join(e['_credential'])})"
             for c in containers(pod_spec(r)) for e in c.get("env") or () if e.get("_credential")]
    return _attack_path(r, found)


@workload_check("k8s.pod.granted_token_not_automounted", Severity.MEDIUM,
                ("Tokens of service accounts with grants are not mounted by default", "権限を持つサービスアカウントのトークンを自動マウントしていない"),
                ("A pod whose service account holds RBAC grants carries them in its mounted token; any process (or intruder) in the pod can use them.",
                 "RBAC 権限を持つサービスアカウントの Pod は、マウントされたトークンでその権限を持ち、Pod 内の任意のプロセスや侵入者が使えます。"),
                ("Mount the token only in the pods that call the API: automountServiceAccountToken: false elsewhere, or a projected token volume "
                 "in the one container that needs it.",
                 "API を呼ぶ Pod にのみトークンをマウントし、それ以外では automountServiceAccountToken: false、"
                 "必要なコンテナにだけ projected トークンボリュームを使ってください。"),
                cis=["5.1.6"], nsa=[TOKENS])
def granted_token_not_automounted(r: Resource) -> Result:
    if not _token_mounted(r):
        return MSG.ok("token_off")
    paths = list(readable(r.data.get("_service_account_rbac"), "service account RBAC") or ())
    if not paths:
        return MSG.ok("no_grants")
    name = (readable(r.data.get("_service_account"), "service account") or {}).get("name", "default")
    return MSG.fail("granted_token", service_account=name, paths=paths)


@workload_check("k8s.pod.no_root_supplemental_groups", Severity.MEDIUM,
                ("Pods do not add group 0 as a supplemental group", "Pod が補助グループに 0 を追加していない"),
                ("Supplemental group 0 gives the container's processes root's group, and access to every root-group file they can reach.",
                 "補助グループ 0 はコンテナのプロセスに root グループを与え、到達できる root グループのファイルへのアクセスを許します。"),
                ("Remove 0 from securityContext.supplementalGroups.", "securityContext.supplementalGroups から 0 を削除してください。"),
                cis=["5.2.7"], nsa=["pod-security.non-root"])
def no_root_supplemental(r: Resource) -> Result:
    groups = list(pod_sc(pod_spec(r)).get("supplementalGroups") or ())
    return MSG.fail("root_groups", groups=groups) if 0 in groups else Result.ok()


@workload_check("k8s.pod.fs_group_non_root", Severity.LOW,
                ("Pods with volumes set a non-root fsGroup", "ボリュームを持つ Pod が root 以外の fsGroup を設定している"),
                ("Without fsGroup (or with 0) volume files are owned by root's group, so the application needs root group access to use them.",
                 "fsGroup がない（または 0 の）場合、ボリュームのファイルは root グループの所有となり、利用に root グループの権限が必要になります。"),
                ("Set securityContext.fsGroup to the application's non-zero group id.",
                 "securityContext.fsGroup にアプリケーションの 0 以外のグループ ID を設定してください。"),
                cis=["5.2.7"], nsa=["pod-security.non-root"])
def fs_group_non_root(r: Resource) -> Result:
    spec = pod_spec(r)
    if not spec.get("volumes"):
        return MSG.ok("no_volumes")
    fs_group = pod_sc(spec).get("fsGroup")
    if fs_group is None:
        return MSG.fail("fs_group_unset")
    return MSG.fail("fs_group_root") if fs_group == 0 else Result.ok()


@workload_check("k8s.pod.no_root_group", Severity.MEDIUM,
                ("Containers do not run with group 0", "コンテナがグループ 0 で実行されていない"),
                ("runAsGroup: 0 runs the container's processes in root's group, with write access to root-group files.",
                 "runAsGroup: 0 はコンテナのプロセスを root グループで実行し、root グループのファイルへの書き込みを許します。"),
                ("Set runAsGroup to a non-zero group id.", "runAsGroup に 0 以外のグループ ID を設定してください。"),
                cis=["5.2.7"], nsa=["pod-security.non-root"])
def no_root_group(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: effective(spec, c, "runAsGroup") == 0)
    return MSG.fail("root_group", containers=bad) if bad else Result.ok()


def _pull_policy(c: Mapping[str, Any]) -> str:
    """imagePullPolicy as the API server defaults it: Always for :latest or untagged, else IfNotPresent."""
    image = str(c.get("image", ""))
    _, _, tag, digest = image_parts(image)
    return str(c.get("imagePullPolicy") or ("Always" if tag in (None, "latest") and not digest else "IfNotPresent"))


@workload_check("k8s.pod.mutable_tag_pulled_always", Severity.LOW,
                ("Images referenced by a mutable tag are pulled Always", "可変タグで参照するイメージを常に取得している"),
                ("With IfNotPresent a node keeps whatever image it once pulled under a tag: a private image cached on the node can be run by any pod "
                 "without registry credentials, and nodes drift apart.",
                 "IfNotPresent では、ノードが一度取得したイメージをタグのまま使い続けます。ノードにキャッシュされた非公開イメージを"
                 "認証情報なしで任意の Pod が実行でき、ノードごとに内容がずれます。"),
                ("Pin the image by digest, or set imagePullPolicy: Always (and the AlwaysPullImages admission plugin).",
                 "イメージをダイジェストで固定するか、imagePullPolicy: Always（と AlwaysPullImages アドミッションプラグイン）を設定してください。"),
                cis=["5.5.1"], nsa=["pod-security.secure-images"])
def mutable_tag_pulled_always(r: Resource) -> Result:
    bad = [f"{c.get('name', '?')} ({c.get('image', '')})" for c in containers(pod_spec(r))
           if not pinned(str(c.get("image", ""))) and _pull_policy(c) != "Always"]
    return MSG.fail("mutable_not_pulled", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.projected_token_expiry_bounded", Severity.LOW,
                ("Projected service account tokens expire within a day", "projected のサービスアカウントトークンが 1 日以内に失効する"),
                ("A projected token requested with a long expirationSeconds stays usable long after it leaks.",
                 "長い expirationSeconds で要求した projected トークンは、漏えい後も長期間使えます。"),
                ("Request projected tokens with expirationSeconds of at most 86400 (the kubelet refreshes them).",
                 "projected トークンの expirationSeconds は 86400 以下にしてください（kubelet が更新します）。"),
                cis=["5.1.6"], nsa=[TOKENS])
def projected_token_expiry(r: Resource) -> Result:
    bad = []
    for v in pod_spec(r).get("volumes") or ():
        for src in ((v.get("projected") or {}).get("sources") or ()):
            token = (src or {}).get("serviceAccountToken")
            if token and int(token.get("expirationSeconds") or 3600) > MAX_TOKEN_SECONDS:
                bad.append(f"{v.get('name')} ({token.get('expirationSeconds')} s)")
    return MSG.fail("long_tokens", volumes=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_ephemeral_containers", Severity.MEDIUM,
                ("Pods carry no ephemeral debug containers", "Pod にエフェメラルのデバッグコンテナが残っていない"),
                ("An ephemeral container is a debug shell added to a running pod (kubectl debug); it stays in the pod spec, often with fewer restrictions "
                 "than the pod's own containers.",
                 "エフェメラルコンテナは実行中の Pod に追加されたデバッグ用シェル（kubectl debug）で、Pod の定義に残り、"
                 "本来のコンテナより制限が緩いことが多いです。"),
                ("Restart the pod (delete it so its controller recreates it) once debugging is done.",
                 "デバッグが終わったら Pod を再作成してください（削除するとコントローラーが作り直します）。"),
                nsa=[ENFORCE])
def no_ephemeral(r: Resource) -> Result:
    bad = [str(c.get("name", "?")) for c in pod_spec(r).get("ephemeralContainers") or ()]
    return MSG.fail("ephemeral", containers=bad) if bad else Result.ok()
