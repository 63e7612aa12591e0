"""CloudFront distribution checks: encryption to viewers and origins, origin access control, WAF,
logging, default root object, certificates, origin failover, geo restriction."""

from __future__ import annotations

import re
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity, Status
from checks import Messages, check, need, readable
from checks.common import T

DIST = ("aws.cloudfront.distribution",)
S3_REST = re.compile(r"^(?P<bucket>.+?)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$", re.IGNORECASE)
S3_WEBSITE = re.compile(r"\.s3-website[.-]", re.IGNORECASE)
OLD_TLS = ("SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016")
MSG = Messages("aws.cloudfront", {
    "viewer_http": ("cache behaviours allowing plain HTTP: {behaviours}", "平文 HTTP を許可するキャッシュ動作: {behaviours}"),
    "default_cert": ("the default *.cloudfront.net certificate accepts TLS 1.0 and 1.1",
                     "既定の *.cloudfront.net 証明書は TLS 1.0 と 1.1 を受け入れます"),
    "old_tls": ("minimum viewer protocol {version}", "ビューアーの最小プロトコルは {version} です"),
    "origin_http": ("custom origins reachable over plain HTTP: {origins}", "平文 HTTP で接続するカスタムオリジン: {origins}"),
    "origin_ssl": ("custom origins allowing deprecated SSL/TLS: {origins}", "非推奨の SSL/TLS を許可するカスタムオリジン: {origins}"),
    "no_s3_origin": ("no S3 origins", "S3 オリジンがありません"),
    "no_oac": ("S3 origins without origin access control: {origins}", "オリジンアクセスコントロールのない S3 オリジン: {origins}"),
    "no_waf": ("no WAF web ACL associated", "WAF ウェブ ACL が関連付けられていません"),
    "no_logging": ("standard logging is off", "標準ログが無効です"),
    "no_root_object": ("no default root object", "デフォルトルートオブジェクトがありません"),
    "no_geo": ("no geographic restriction", "地理的制限がありません"),
    "geo": ("geographic restriction: {kind}", "地理的制限: {kind}"),
    "no_failover": ("no origin group with failover", "フェイルオーバーするオリジングループがありません"),
    "no_custom_cert": ("uses the default CloudFront certificate", "既定の CloudFront 証明書を使用しています"),
    "not_sni": ("custom certificate served with {method}", "カスタム証明書の提供方式は {method} です"),
    "missing_buckets": ("S3 origins whose bucket is not in the account: {buckets}", "アカウントに存在しないバケットの S3 オリジン: {buckets}"),
})


def _items(block: Any) -> list[dict[str, Any]]:
    return [i for i in ((block or {}).get("Items") or []) if isinstance(i, dict)] if isinstance(block, dict) else []


def _origins(r: Resource) -> list[dict[str, Any]]:
    return _items(readable(need(r, "Origins"), "Origins"))


def _s3_origins(r: Resource) -> list[dict[str, Any]]:
    return [o for o in _origins(r) if "S3OriginConfig" in o
            or (S3_REST.match(str(o.get("DomainName", ""))) and not S3_WEBSITE.search(str(o.get("DomainName", ""))))]


def _custom_origins(r: Resource) -> list[dict[str, Any]]:
    return [o for o in _origins(r) if "CustomOriginConfig" in o]


def _cert(r: Resource) -> dict[str, Any]:
    return readable(need(r, "ViewerCertificate"), "ViewerCertificate") or {}


@check(id="aws.cloudfront.viewer_https_only", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.3"]},
       title=T("CloudFront distribution requires HTTPS from viewers", "CloudFront ディストリビューションがビューアーに HTTPS を要求する"),
       description=T("A cache behaviour with ViewerProtocolPolicy allow-all serves content over plain HTTP.",
                     "ViewerProtocolPolicy が allow-all のキャッシュ動作はコンテンツを平文 HTTP で提供します。"),
       remediation=T("Set ViewerProtocolPolicy to redirect-to-https or https-only on the default and every other cache behaviour.",
                     "既定およびすべてのキャッシュ動作の ViewerProtocolPolicy を redirect-to-https または https-only にしてください。"))
def viewer_https_only(r: Resource) -> Result:
    default = readable(need(r, "DefaultCacheBehavior"), "DefaultCacheBehavior") or {}
    behaviours = [("default", default)] + [(str(b.get("PathPattern")), b) for b in _items(r.data.get("CacheBehaviors"))]
    bad = [name for name, b in behaviours if b.get("ViewerProtocolPolicy", "allow-all") == "allow-all"]
    return MSG.fail("viewer_http", behaviours=bad) if bad else Result.ok()


@check(id="aws.cloudfront.viewer_minimum_tls_1_2", resource_types=DIST, severity=Severity.MEDIUM,
       title=T("CloudFront distribution requires TLS 1.2 or later from viewers", "CloudFront ディストリビューションがビューアーに TLS 1.2 以上を要求する"),
       description=T("ViewerCertificate.MinimumProtocolVersion below TLSv1.2 lets viewers negotiate TLS 1.0/1.1; the default "
                     "CloudFront certificate always allows them.",
                     "ViewerCertificate.MinimumProtocolVersion が TLSv1.2 未満だと TLS 1.0/1.1 で接続できます。既定の CloudFront "
                     "証明書では常に許可されます。"),
       remediation=T("Use a custom certificate with MinimumProtocolVersion TLSv1.2_2021 (or later).",
                     "カスタム証明書を使用し、MinimumProtocolVersion を TLSv1.2_2021 以上にしてください。"))
def viewer_minimum_tls_1_2(r: Resource) -> Result:
    cert = _cert(r)
    if not (cert.get("ACMCertificateArn") or cert.get("IAMCertificateId")):
        return MSG.fail("default_cert")
    version = str(cert.get("MinimumProtocolVersion") or "TLSv1")
    return MSG.fail("old_tls", version=version) if version in OLD_TLS else Result.ok()


@check(id="aws.cloudfront.origin_https_to_custom_origins", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.9"]},
       title=T("CloudFront distribution encrypts traffic to custom origins", "CloudFront ディストリビューションがカスタムオリジンへの通信を暗号化する"),
       description=T("OriginProtocolPolicy http-only (or match-viewer with viewers allowed on HTTP) sends requests to the "
                     "origin unencrypted.",
                     "OriginProtocolPolicy が http-only (またはビューアーが HTTP を使える match-viewer) だと、オリジンへのリクエストは"
                     "暗号化されません。"),
       remediation=T("Set OriginProtocolPolicy to https-only on every custom origin.",
                     "すべてのカスタムオリジンの OriginProtocolPolicy を https-only にしてください。"))
def origin_https_to_custom_origins(r: Resource) -> Result:
    viewer_http = viewer_https_only(r).status is not Status.PASS
    bad = []
    for o in _custom_origins(r):
        policy = (o.get("CustomOriginConfig") or {}).get("OriginProtocolPolicy")
        if policy == "http-only" or (policy == "match-viewer" and viewer_http):
            bad.append(str(o.get("Id")))
    return MSG.fail("origin_http", origins=bad) if bad else Result.ok()


@check(id="aws.cloudfront.origin_no_deprecated_ssl", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.10"]},
       title=T("CloudFront does not use deprecated SSL protocols to custom origins",
               "CloudFront がカスタムオリジンへ非推奨の SSL プロトコルを使用しない"),
       description=T("Allowing SSLv3 (or TLSv1/TLSv1.1) in OriginSslProtocols lets the connection to the origin be downgraded.",
                     "OriginSslProtocols で SSLv3 (または TLSv1/TLSv1.1) を許可すると、オリジンへの接続がダウングレードされ得ます。"),
       remediation=T("Allow only TLSv1.2 in OriginSslProtocols of every custom origin.",
                     "すべてのカスタムオリジンの OriginSslProtocols で TLSv1.2 のみを許可してください。"))
def origin_no_deprecated_ssl(r: Resource) -> Result:
    bad = [str(o.get("Id")) for o in _custom_origins(r)
           if (o.get("CustomOriginConfig") or {}).get("OriginProtocolPolicy") != "http-only"
           and set(((o.get("CustomOriginConfig") or {}).get("OriginSslProtocols") or {}).get("Items") or []) & {"SSLv3", "TLSv1", "TLSv1.1"}]
    return MSG.fail("origin_ssl", origins=bad) if bad else Result.ok()


@check(id="aws.cloudfront.s3_origin_access_control", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.13"]},
       title=T("CloudFront S3 origins use origin access control", "CloudFront の S3 オリジンがオリジンアクセスコントロールを使用する"),
       description=T("Without origin access control (OAC) the bucket must be readable by others, or rely on the legacy origin "
                     "access identity, which does not support SSE-KMS or every region.",
                     "オリジンアクセスコントロール (OAC) がないと、バケットを他者に読ませるか、SSE-KMS や全リージョンに対応しない"
                     "従来のオリジンアクセスアイデンティティに頼ることになります。"),
       remediation=T("Create an origin access control, set OriginAccessControlId on each S3 origin, remove the OAI and grant "
                     "cloudfront.amazonaws.com read in the bucket policy with an AWS:SourceArn condition.",
                     "オリジンアクセスコントロールを作成して各 S3 オリジンに OriginAccessControlId を設定し、OAI を外して、"
                     "バケットポリシーで AWS:SourceArn 条件付きで cloudfront.amazonaws.com に読み取りを許可してください。"))
def s3_origin_access_control(r: Resource) -> Result:
    s3 = _s3_origins(r)
    if not s3:
        return MSG.ok("no_s3_origin")
    bad = [str(o.get("Id")) for o in s3 if not o.get("OriginAccessControlId")]
    return MSG.fail("no_oac", origins=bad) if bad else Result.ok()


@check(id="aws.cloudfront.waf_enabled", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.6"]},
       title=T("CloudFront distribution is associated with an AWS WAF web ACL", "CloudFront ディストリビューションに AWS WAF ウェブ ACL が関連付けられている"),
       description=T("A web ACL at the edge filters common web exploits and floods before they reach the origin.",
                     "エッジのウェブ ACL は一般的な Web 攻撃やフラッドをオリジンに届く前に遮断します。"),
       remediation=T("Create a WAFv2 web ACL with scope CLOUDFRONT (us-east-1) and set it as the distribution's WebACLId.",
                     "スコープ CLOUDFRONT (us-east-1) の WAFv2 ウェブ ACL を作成し、ディストリビューションの WebACLId に設定してください。"))
def waf_enabled(r: Resource) -> Result:
    return Result.ok() if need(r, "WebACLId") else MSG.fail("no_waf")


@check(id="aws.cloudfront.logging_enabled", resource_types=DIST, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["CloudFront.5"]},
       title=T("CloudFront distribution has standard logging enabled", "CloudFront ディストリビューションの標準ログが有効"),
       description=T("Access logs record every viewer request, needed to investigate attacks and abuse.",
                     "アクセスログはすべてのビューアーリクエストを記録し、攻撃や悪用の調査に必要です。"),
       remediation=T("Enable standard logging (Logging.Enabled with a bucket) on the distribution.",
                     "ディストリビューションで標準ログ (Logging.Enabled と保存先バケット) を有効にしてください。"))
def logging_enabled(r: Resource) -> Result:
    return Result.ok() if (need(r, "Logging") or {}).get("Enabled") else MSG.fail("no_logging")


@check(id="aws.cloudfront.default_root_object", resource_types=DIST, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFront.1"]},
       title=T("CloudFront distribution has a default root object", "CloudFront ディストリビューションにデフォルトルートオブジェクトがある"),
       description=T("Without a default root object a request for the root URL is passed to the origin, which may list "
                     "its content.",
                     "デフォルトルートオブジェクトがないと、ルート URL へのリクエストがオリジンに渡され、内容が一覧表示されることがあります。"),
       remediation=T("Set DefaultRootObject (for example index.html) on the distribution.",
                     "ディストリビューションに DefaultRootObject (例: index.html) を設定してください。"))
def default_root_object(r: Resource) -> Result:
    return Result.ok() if need(r, "DefaultRootObject") else MSG.fail("no_root_object")


@check(id="aws.cloudfront.geo_restriction_configured", resource_types=DIST, severity=Severity.LOW,
       title=T("CloudFront distribution restricts viewers by geography", "CloudFront ディストリビューションが地域でビューアーを制限している"),
       description=T("Informational: a geographic allow or deny list narrows who can reach the content where the business "
                     "serves only some countries.",
                     "参考情報: 一部の国だけを対象とする場合、地理的な許可・拒否リストでコンテンツに到達できる相手を絞れます。"),
       remediation=T("Set Restrictions.GeoRestriction to a whitelist (or blacklist) of countries where that fits the service.",
                     "サービスに合う場合は Restrictions.GeoRestriction に国の許可リスト (または拒否リスト) を設定してください。"))
def geo_restriction_configured(r: Resource) -> Result:
    kind = str(((need(r, "Restrictions") or {}).get("GeoRestriction") or {}).get("RestrictionType") or "none")
    return MSG.fail("no_geo") if kind == "none" else MSG.ok("geo", kind=kind)


@check(id="aws.cloudfront.origin_failover_configured", resource_types=DIST, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFront.4"]},
       title=T("CloudFront distribution has origin failover configured", "CloudFront ディストリビューションにオリジンフェイルオーバーが設定されている"),
       description=T("An origin group with two origins keeps the content available when the primary origin fails.",
                     "2 つのオリジンを持つオリジングループがあれば、プライマリオリジンの障害時もコンテンツを提供し続けられます。"),
       remediation=T("Create an origin group with a primary and a secondary origin and route the cache behaviours to it.",
                     "プライマリとセカンダリのオリジンを持つオリジングループを作成し、キャッシュ動作をそこへ向けてください。"))
def origin_failover_configured(r: Resource) -> Result:
    groups = _items(readable(r.data.get("OriginGroups"), "OriginGroups"))
    ok = any(len(_items(g.get("Members"))) >= 2 for g in groups)
    return Result.ok() if ok else MSG.fail("no_failover")


@check(id="aws.cloudfront.custom_ssl_certificate", resource_types=DIST, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFront.7"]},
       title=T("CloudFront distribution uses a custom SSL/TLS certificate", "CloudFront ディストリビューションがカスタム SSL/TLS 証明書を使用する"),
       description=T("With the default *.cloudfront.net certificate viewers cannot use the organisation's own domain over "
                     "HTTPS and the TLS policy cannot be tightened.",
                     "既定の *.cloudfront.net 証明書では、ビューアーが自組織のドメインで HTTPS を使えず、TLS ポリシーも強化できません。"),
       remediation=T("Import or request an ACM certificate in us-east-1 and set it as the distribution's ViewerCertificate.",
                     "us-east-1 で ACM 証明書をインポートまたはリクエストし、ディストリビューションの ViewerCertificate に設定してください。"))
def custom_ssl_certificate(r: Resource) -> Result:
    cert = _cert(r)
    return Result.ok() if cert.get("ACMCertificateArn") or cert.get("IAMCertificateId") else MSG.fail("no_custom_cert")


@check(id="aws.cloudfront.custom_certificate_sni", resource_types=DIST, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["CloudFront.8"]},
       title=T("CloudFront serves its custom certificate with SNI", "CloudFront がカスタム証明書を SNI で提供する"),
       description=T("Dedicated-IP (vip) certificate serving is costly and unnecessary for modern clients; SNI is recommended.",
                     "専用 IP (vip) での証明書提供は高価で、最近のクライアントには不要です。SNI を推奨します。"),
       remediation=T("Set ViewerCertificate.SSLSupportMethod to sni-only.", "ViewerCertificate.SSLSupportMethod を sni-only にしてください。"))
def custom_certificate_sni(r: Resource) -> Result:
    cert = _cert(r)
    if not (cert.get("ACMCertificateArn") or cert.get("IAMCertificateId")):
        return MSG.ok("no_custom_cert")
    method = str(cert.get("SSLSupportMethod") or "sni-only")
    return Result.ok() if method == "sni-only" else MSG.fail("not_sni", method=method)


@check(id="aws.cloudfront.s3_origins_exist", resource_types=DIST, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["CloudFront.12"]}, needs_inventory=True, inputs=("aws.s3.bucket",),
       title=T("CloudFront S3 origins point to buckets that exist in the account",
               "CloudFront の S3 オリジンがアカウントに存在するバケットを指している"),
       description=T("An origin naming a bucket that no longer exists lets anyone who creates a bucket of that name serve "
                     "content through the distribution.",
                     "存在しないバケットを指すオリジンは、同名のバケットを作成した誰かがディストリビューション経由でコンテンツを"
                     "配信できてしまいます。"),
       remediation=T("Recreate the bucket in this account or remove the origin from the distribution.",
                     "このアカウントでバケットを作り直すか、ディストリビューションからオリジンを削除してください。"))
def s3_origins_exist(r: Resource, inventory: Inventory | None = None) -> Result:
    s3 = _s3_origins(r)
    if not s3:
        return MSG.ok("no_s3_origin")
    known = {b.name for b in (inventory.in_account("aws", r.account, "aws.s3.bucket") if inventory else [])}
    buckets = [m.group("bucket") for o in s3 if (m := S3_REST.match(str(o.get("DomainName", ""))))]
    missing = sorted(b for b in buckets if b not in known)
    return MSG.fail("missing_buckets", buckets=missing) if missing else Result.ok()
