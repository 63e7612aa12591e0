"""Compute Engine checks beyond instances: disks, load-balancer backend services, managed instance groups and
SSL policies."""

from __future__ import annotations

from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, NotCollected, Result, check
from checks.common import T, as_list
from checks.gcp.common import cis

SSL_POLICY = "gcp.compute.ssl_policy"
HTTP_PROTOCOLS = frozenset({"HTTP", "HTTPS", "HTTP2"})
# Cipher suites CIS (3.9) calls weak: RSA key exchange without forward secrecy, 3DES.
WEAK_FEATURES = frozenset({"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                           "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
                           "TLS_RSA_WITH_3DES_EDE_CBC_SHA"})

MSG = Messages("gcp.compute_services", {
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
    "not_http": ("{protocol} backend service (not an HTTP(S) load balancer)",
                 "{protocol} のバックエンドサービスです (HTTP(S) ロードバランサではありません)"),
    "logging_off": ("request logging is off", "リクエストのロギングが無効です"),
    "no_autohealing": ("no autohealing health check", "自動修復のヘルスチェックがありません"),
    "weak_tls": ("allows TLS below 1.2 (minTlsVersion {min})", "TLS 1.2 未満を許可しています (minTlsVersion {min})"),
    "weak_profile": ("profile {profile} allows weak cipher suites", "プロファイル {profile} は弱い暗号スイートを許可します"),
    "weak_features": ("weak cipher suites enabled: {features}", "弱い暗号スイートが有効です: {features}"),
    "default_ssl_policy": ("no SSL policy: Google's default (TLS 1.0, COMPATIBLE) applies",
                           "SSL ポリシーがありません: Google の既定値 (TLS 1.0, COMPATIBLE) が適用されます"),
})


@check(id="gcp.compute.disk_cmek", resource_types=("gcp.compute.disk",), severity=Severity.LOW,
       title=T("Persistent disk is encrypted with a customer-managed or customer-supplied key",
               "永続ディスクが顧客管理または顧客指定の鍵で暗号化されている"),
       description=T("With a key you control (Cloud KMS or CSEK) you can cut off access to the disk and its "
                     "snapshots; Google-managed keys cannot be revoked.",
                     "自身が管理する鍵（Cloud KMS または CSEK）を使うと、ディスクとそのスナップショットへのアクセスを遮断できます。"
                     "Google 管理の鍵は取り消せません。"),
       remediation=T("Create a new disk from a snapshot with --kms-key=projects/…/cryptoKeys/KEY and swap it in.",
                     "スナップショットから --kms-key=projects/…/cryptoKeys/KEY を指定して新しいディスクを作成し、"
                     "置き換えてください。"))
def disk_cmek(r: Resource) -> Result:
    key = r.data.get("diskEncryptionKey") or {}
    return Result.ok() if key.get("kmsKeyName") or key.get("sha256") else MSG.fail("google_managed")


@check(id="gcp.compute.backend_service_logging", resource_types=("gcp.compute.backend_service",),
       severity=Severity.MEDIUM, frameworks=cis("2.16"),
       title=T("HTTP(S) load balancer backend service logs requests", "HTTP(S) ロードバランサのバックエンドサービスがリクエストを記録する"),
       description=T("Load-balancer request logs are the record of who called the application, from where, and "
                     "what Cloud Armor decided.",
                     "ロードバランサのリクエストログは、誰がどこからアプリケーションを呼び出し、Cloud Armor が何を判断したかの"
                     "記録です。"),
       remediation=T("gcloud compute backend-services update SERVICE --global --enable-logging --logging-sample-rate=1",
                     "gcloud compute backend-services update SERVICE --global --enable-logging "
                     "--logging-sample-rate=1 を実行してください。"))
def backend_service_logging(r: Resource) -> Result:
    protocol = str(r.data.get("protocol") or "HTTP")  # the API's default protocol is HTTP
    if protocol not in HTTP_PROTOCOLS:
        return MSG.ok("not_http", protocol=protocol)
    return Result.ok() if (r.data.get("logConfig") or {}).get("enable") else MSG.fail("logging_off")


@check(id="gcp.compute.instance_group_autohealing", resource_types=("gcp.compute.instance_group_manager",),
       severity=Severity.LOW,
       title=T("Managed instance group heals instances with a health check",
               "マネージドインスタンスグループがヘルスチェックでインスタンスを自動修復する"),
       description=T("Without an autohealing health check a hung or broken VM keeps serving (or failing) until "
                     "someone notices.",
                     "自動修復のヘルスチェックがないと、停止・故障した VM が誰かが気付くまで動き続けます。"),
       remediation=T("gcloud compute instance-groups managed update GROUP --health-check=CHECK --initial-delay=300",
                     "gcloud compute instance-groups managed update GROUP --health-check=CHECK --initial-delay=300 を"
                     "実行してください。"))
def instance_group_autohealing(r: Resource) -> Result:
    healing = [p for p in as_list(r.data.get("autoHealingPolicies")) if p.get("healthCheck")]
    return Result.ok() if healing else MSG.fail("no_autohealing")


@check(id="gcp.compute.ssl_policy_strong", resource_types=("gcp.compute.ssl_policy",), severity=Severity.MEDIUM,
       frameworks=cis("3.9"),
       title=T("SSL policy allows only TLS 1.2+ and strong cipher suites",
               "SSL ポリシーが TLS 1.2 以上と強力な暗号スイートのみを許可している"),
       description=T("HTTPS and SSL proxy load balancers using a policy with TLS 1.0/1.1 or the COMPATIBLE profile "
                     "accept ciphers without forward secrecy and known-weak suites.",
                     "TLS 1.0/1.1 や COMPATIBLE プロファイルのポリシーを使う HTTPS・SSL プロキシロードバランサは、前方秘匿性の"
                     "ない暗号や既知の弱い暗号スイートを受け付けます。"),
       remediation=T("gcloud compute ssl-policies update POLICY --profile=MODERN --min-tls-version=1.2 "
                     "(or --profile=RESTRICTED)",
                     "gcloud compute ssl-policies update POLICY --profile=MODERN --min-tls-version=1.2"
                     "（または --profile=RESTRICTED）を実行してください。"))
def ssl_policy_strong(r: Resource) -> Result:
    return _ssl_policy_result(r.data)


def _ssl_policy_result(data: dict[str, Any]) -> Result:
    minimum = str(data.get("minTlsVersion") or "TLS_1_0")  # omitted = the API default, TLS 1.0
    profile = str(data.get("profile") or "COMPATIBLE")
    if profile == "RESTRICTED":  # requires TLS 1.2 whatever the minimum says (CIS 3.9)
        return Result.ok()
    if minimum in ("TLS_1_0", "TLS_1_1"):
        return MSG.fail("weak_tls", min=minimum)
    if profile == "COMPATIBLE":
        return MSG.fail("weak_profile", profile=profile)
    if profile == "CUSTOM":
        weak = sorted(WEAK_FEATURES & set(as_list(data.get("customFeatures"))))
        if weak:
            return MSG.fail("weak_features", features=weak)
    return Result.ok()


@check(id="gcp.compute.target_proxy_strong_ssl_policy",
       resource_types=("gcp.compute.target_https_proxy", "gcp.compute.target_ssl_proxy"), severity=Severity.MEDIUM,
       frameworks=cis("3.9"), needs_inventory=True, inputs=(SSL_POLICY,),
       title=T("HTTPS / SSL proxy load balancer uses an SSL policy with TLS 1.2+ and strong ciphers",
               "HTTPS / SSL プロキシロードバランサが TLS 1.2 以上と強力な暗号の SSL ポリシーを使用している"),
       description=T("A target proxy without an SSL policy uses Google's default (TLS 1.0, COMPATIBLE profile), which "
                     "accepts ciphers without forward secrecy.",
                     "SSL ポリシーのないターゲットプロキシは Google の既定値（TLS 1.0・COMPATIBLE プロファイル）を使い、前方"
                     "秘匿性のない暗号を受け付けます。"),
       remediation=T("gcloud compute target-https-proxies update PROXY --ssl-policy=POLICY (target-ssl-proxies for "
                     "SSL proxies), with a MODERN/TLS 1.2 or RESTRICTED policy.",
                     "MODERN/TLS 1.2 または RESTRICTED のポリシーを指定して gcloud compute target-https-proxies update "
                     "PROXY --ssl-policy=POLICY を実行してください（SSL プロキシは target-ssl-proxies）。"))
def target_proxy_strong_ssl_policy(r: Resource, inventory: Inventory) -> Result:
    url = str(r.data.get("sslPolicy") or "")
    if not url:
        return MSG.fail("default_ssl_policy")
    path = "projects/" + url.split("projects/", 1)[-1]
    for policy in inventory.in_account("gcp", r.account, SSL_POLICY):
        if policy.id.endswith("/" + path):
            return _ssl_policy_result(policy.data)
    raise NotCollected("SSL policy", f"{path} was not collected")
