"""Workload hygiene: images, resources, probes, service accounts, secrets in env, namespaces."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.core.model import Resource, Result, Severity, is_unreadable
from checks import Messages, readable
from checks.kubernetes.podspec import containers, image_parts, offenders, pinned, pod_spec, template, workload_check

IMAGES = "pod-security.secure-images"
RESOURCES = "network.resource-policies"
TOKENS = "pod-security.service-account-tokens"
SECRETS = "network.secrets"
SECRET_NAME = re.compile(r"(PASSW(OR)?D|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)", re.I)

# Container names (with their image for the image checks) are the parameter ``containers``.
MSG = Messages("kubernetes.pod_hygiene", {
    "latest_tag": ("images on latest or untagged: {containers}", "latest タグまたはタグなしのイメージ: {containers}"),
    "no_digest": ("images without a digest: {containers}", "ダイジェストで固定されていないイメージ: {containers}"),
    "no_allow_list": ("no registry allow-list is configured for this cluster",
                      "このクラスタにはレジストリの許可リストが設定されていません"),
    "registry_not_allowed": ("images from registries outside the allow-list: {containers}",
                             "許可リスト外のレジストリのイメージ: {containers}"),
    "no_resources": ("containers without cpu and memory {field}: {containers}",
                     "cpu と memory の {field} が設定されていないコンテナ: {containers}"),
    "run_to_completion": ("run-to-completion workloads do not need probes",
                          "完了まで実行するワークロードにプローブは不要です"),
    "no_probe": ("containers without {probe}: {containers}", "{probe} が設定されていないコンテナ: {containers}"),
    "token_may_be_needed": ("the service account has RBAC permissions, so the token may be needed",
                            "サービスアカウントに RBAC 権限があるため、トークンが必要な可能性があります"),
    "token_unused": ("token of service account {service_account} is mounted but it has no RBAC permissions",
                     "サービスアカウント {service_account} のトークンがマウントされていますが、RBAC 権限がありません"),
    "default_service_account": ("uses the default service account", "default サービスアカウントを使用しています"),
    "secret_literals": ("literal values in secret-like env vars or holding credentials: {env}",
                        "シークレットのような名前、または認証情報を含む値が環境変数に直接記述されています: {env}"),
    "secrets_in_env": ("containers reading Secrets from env: {containers}",
                       "環境変数から Secret を読み込んでいるコンテナ: {containers}"),
    "default_namespace": ("runs in the default namespace", "default 名前空間で実行されています"),
})


def _images(r: Resource) -> list[tuple[str, str]]:
    return [(str(c.get("name", "?")), str(c.get("image", ""))) for c in containers(pod_spec(r))]


@workload_check("k8s.pod.image_tag_not_latest", Severity.MEDIUM,
                ("Images are not referenced by the latest tag", "イメージを latest タグで参照していない"),
                ("An image without a tag, or tagged latest, changes under the workload: what runs is not what was reviewed.",
                 "タグなし、または latest タグのイメージは知らないうちに中身が変わり、レビューしたものと実行中のものが一致しません。"),
                ("Reference images by a version tag, or better by digest (image@sha256:…).",
                 "イメージはバージョンタグ、できればダイジェスト（image@sha256:…）で参照してください。"),
                cis=["5.5.1"], nsa=[IMAGES])
def image_tag_not_latest(r: Resource) -> Result:
    bad = [f"{n} ({img})" for n, img in _images(r) if not pinned(img) and image_parts(img)[2] in (None, "latest")]
    return MSG.fail("latest_tag", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.image_pinned_by_digest", Severity.LOW,
                ("Images are pinned by digest", "イメージがダイジェストで固定されている"),
                ("A tag can be moved to other content; only a digest identifies exactly the image that was scanned and approved.",
                 "タグは別の内容に付け替えられます。スキャン・承認したイメージを正確に特定できるのはダイジェストだけです。"),
                ("Reference images as registry/repository@sha256:<digest>.",
                 "イメージを registry/repository@sha256:<digest> の形式で参照してください。"),
                cis=["5.5.1"], nsa=[IMAGES])
def image_pinned(r: Resource) -> Result:
    bad = [f"{n} ({img})" for n, img in _images(r) if not pinned(img)]
    return MSG.fail("no_digest", containers=bad) if bad else Result.ok()


def _registry_allowed(image: str, allowed: list[str]) -> bool:
    registry, repo, _, _ = image_parts(image)
    full = f"{registry}/{repo}"
    for entry in allowed:
        entry = entry.rstrip("/")
        if registry == entry or full == entry or full.startswith(entry + "/"):
            return True
    return False


@workload_check("k8s.pod.image_registry_allowed", Severity.HIGH,
                ("Images come from allowed registries", "イメージが許可されたレジストリから取得されている"),
                ("Images from registries outside the tenant's allow-list (kubernetes cluster registries_allowed) have not passed its supply-chain controls.",
                 "テナントの許可リスト（クラスタ設定 registries_allowed）にないレジストリのイメージは、サプライチェーンの管理を経ていません。"),
                ("Mirror the image into an allowed registry and reference it there, or extend registries_allowed after review.",
                 "イメージを許可されたレジストリにミラーして参照するか、レビューの上で registries_allowed に追加してください。"),
                cis=["5.5.1"], nsa=[IMAGES])
def image_registry_allowed(r: Resource) -> Result:
    allowed = readable(r.data.get("_registries_allowed"), "allowed registries")
    if not allowed:
        return MSG.ok("no_allow_list")
    bad = [f"{n} ({img})" for n, img in _images(r) if not _registry_allowed(img, list(allowed))]
    return MSG.fail("registry_not_allowed", containers=bad) if bad else Result.ok()


def _resources_check(field: str) -> Callable[[Resource], Result]:
    def evaluate(r: Resource) -> Result:
        bad = offenders(pod_spec(r), lambda c: not {"cpu", "memory"} <= set((c.get("resources") or {}).get(field) or {}),
                        app_only=True)
        return MSG.fail("no_resources", field=field, containers=bad) if bad else Result.ok()
    return evaluate


workload_check("k8s.pod.resource_limits_set", Severity.MEDIUM,
               ("Containers have CPU and memory limits", "コンテナに CPU とメモリの上限が設定されている"),
               ("Without limits one container can starve its node of CPU or memory (denial of service to its neighbours).",
                "上限がないと、1 つのコンテナがノードの CPU やメモリを使い切り、同居する Pod がサービス不能になります。"),
               ("Set resources.limits.cpu and resources.limits.memory on every container (or a LimitRange per namespace).",
                "すべてのコンテナに resources.limits.cpu と resources.limits.memory を設定してください（または名前空間に LimitRange）。"),
               nsa=[RESOURCES])(_resources_check("limits"))
workload_check("k8s.pod.resource_requests_set", Severity.LOW,
               ("Containers have CPU and memory requests", "コンテナに CPU とメモリの要求量が設定されている"),
               ("Requests let the scheduler place pods where resources exist; without them pods are evicted first under pressure.",
                "要求量があればスケジューラが資源のあるノードに配置でき、ないと逼迫時に最初に退避されます。"),
               ("Set resources.requests.cpu and resources.requests.memory on every container.",
                "すべてのコンテナに resources.requests.cpu と resources.requests.memory を設定してください。"),
               nsa=[RESOURCES])(_resources_check("requests"))


def _probe_check(probe: str) -> Callable[[Resource], Result]:
    def evaluate(r: Resource) -> Result:
        if r.type in ("k8s.job", "k8s.cron_job"):
            return MSG.ok("run_to_completion")
        bad = offenders(template(r)[1], lambda c: not c.get(probe), app_only=True)
        return MSG.fail("no_probe", probe=probe, containers=bad) if bad else Result.ok()
    return evaluate


workload_check("k8s.pod.liveness_probe_set", Severity.LOW,
               ("Containers have a liveness probe", "コンテナに liveness プローブが設定されている"),
               ("Without a liveness probe a hung container keeps running and is never restarted.",
                "liveness プローブがないと、応答しなくなったコンテナが再起動されずに残ります。"),
               ("Add a livenessProbe (httpGet, tcpSocket, grpc or exec) to every container.",
                "すべてのコンテナに livenessProbe（httpGet、tcpSocket、grpc、exec）を追加してください。"),
               nsa=[RESOURCES])(_probe_check("livenessProbe"))
workload_check("k8s.pod.readiness_probe_set", Severity.LOW,
               ("Containers have a readiness probe", "コンテナに readiness プローブが設定されている"),
               ("Without a readiness probe traffic is sent to containers that are not ready to serve it.",
                "readiness プローブがないと、準備ができていないコンテナにもトラフィックが送られます。"),
               ("Add a readinessProbe to every container that serves traffic.",
                "トラフィックを受けるすべてのコンテナに readinessProbe を追加してください。"),
               nsa=[RESOURCES])(_probe_check("readinessProbe"))


@workload_check("k8s.pod.token_automount_needed", Severity.MEDIUM,
                ("Service account tokens are mounted only where needed", "サービスアカウントトークンを必要な Pod にのみマウントしている"),
                ("A pod whose service account has no RBAC permissions does not need an API token; a mounted token is still a credential an intruder can use.",
                 "RBAC 権限を持たないサービスアカウントの Pod に API トークンは不要ですが、マウントされていれば侵入者が利用できる認証情報になります。"),
                ("Set automountServiceAccountToken: false on the pod (or its service account) unless it calls the Kubernetes API.",
                 "Kubernetes API を呼ばない Pod（またはそのサービスアカウント）では automountServiceAccountToken: false を設定してください。"),
                cis=["5.1.6"], nsa=[TOKENS])
def token_automount_needed(r: Resource) -> Result:
    spec = pod_spec(r)
    automount = spec.get("automountServiceAccountToken")
    sa = r.data.get("_service_account")
    if automount is None:
        automount = (readable(sa, "service account") or {}).get("automount")
    if automount is False:
        return Result.ok()
    if readable(r.data.get("_service_account_rbac"), "service account RBAC"):
        return MSG.ok("token_may_be_needed")
    # A pod that sets automount itself is assessed even when its service account was unreadable;
    # only the account's name is then unknown.
    name = "?" if is_unreadable(sa) else (sa or {}).get("name", "default")
    return MSG.fail("token_unused", service_account=name)


@workload_check("k8s.pod.default_service_account_not_used", Severity.MEDIUM,
                ("Workloads do not use the default service account", "ワークロードが default サービスアカウントを使用していない"),
                ("Permissions granted to a namespace's default service account reach every pod that does not name its own.",
                 "名前空間の default サービスアカウントに与えた権限は、独自のアカウントを指定しないすべての Pod に及びます。"),
                ("Create a service account per workload and set spec.serviceAccountName.",
                 "ワークロードごとにサービスアカウントを作成し、spec.serviceAccountName を設定してください。"),
                cis=["5.1.5"], nsa=[TOKENS])
def default_sa_not_used(r: Resource) -> Result:
    spec = pod_spec(r)
    name = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    return MSG.fail("default_service_account") if name == "default" else Result.ok()


@workload_check("k8s.pod.no_secret_literals_in_env", Severity.HIGH,
                ("Secrets are not written as literal env values", "シークレットを環境変数の値として直接記述していない"),
                ("An env var named like a password or token with a literal value puts the secret into the manifest, the API object and every copy of it.",
                 "パスワードやトークンのような名前の環境変数に値を直接書くと、シークレットがマニフェストや API オブジェクトのあらゆる複製に残ります。"),
                ("Move the value into a Secret and reference it with valueFrom.secretKeyRef (or mount it as a file).",
                 "値を Secret に移し、valueFrom.secretKeyRef で参照するか、ファイルとしてマウントしてください。"),
                cis=["5.4.1"], nsa=[SECRETS])
def no_secret_literals(r: Resource) -> Result:
    # The collector keeps only env names and a _literal flag: the value itself is never stored.
    # ``_credential`` names the formats detect-secrets recognised in a value (private key, AKIA …),
    # whatever the variable is called.
    bad = sorted({f"{c.get('name', '?')}:{e.get('name')}" + (f" ({', '.join(e['_credential'])})" if e.get("_credential") else "")
                  for c in containers(pod_spec(r)) for e in c.get("env") or ()
                  if e.get("_literal") and (e.get("_credential") or SECRET_NAME.search(str(e.get("name", ""))))})
    return MSG.fail("secret_literals", env=bad) if bad else Result.ok()


@workload_check("k8s.pod.secrets_not_in_env", Severity.LOW,
                ("Secrets are mounted as files, not env vars", "シークレットを環境変数ではなくファイルとして渡している"),
                ("Environment variables leak into logs, crash dumps and child processes; Secrets are safer as mounted files.",
                 "環境変数はログやクラッシュダンプ、子プロセスに漏れやすいため、Secret はファイルとしてマウントする方が安全です。"),
                ("Mount Secrets as volumes instead of env valueFrom.secretKeyRef / envFrom.secretRef.",
                 "env の valueFrom.secretKeyRef や envFrom.secretRef ではなく、Secret をボリュームとしてマウントしてください。"),
                cis=["5.4.1"], nsa=[SECRETS])
def secrets_not_in_env(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: any("secretKeyRef" in (e.get("valueFrom") or {}) for e in c.get("env") or ())
                    or any("secretRef" in e for e in c.get("envFrom") or ()))
    return MSG.fail("secrets_in_env", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.not_in_default_namespace", Severity.LOW,
                ("Workloads are not in the default namespace", "ワークロードが default 名前空間にない"),
                ("The default namespace has no boundary of its own: policies, quotas and RBAC are rarely scoped to it.",
                 "default 名前空間は境界として設計されておらず、ポリシーやクォータ、RBAC が適用されていないことが多いです。"),
                ("Move the workload into a namespace of its own.", "ワークロードを専用の名前空間に移してください。"),
                cis=["5.7.4"], nsa=["network.namespaces"])
def not_in_default_namespace(r: Resource) -> Result:
    return MSG.fail("default_namespace") if r.region == "default" else Result.ok()

