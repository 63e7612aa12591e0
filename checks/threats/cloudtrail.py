"""Threat rules over AWS CloudTrail records (management events)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages
from checks.common import as_list, statements
from checks.threats._event import (
    ct_identity,
    ct_is,
    ct_name,
    ct_params,
    ct_service,
    ct_succeeded,
    items,
    policy_document,
    sg_permissions,
)
from checks.threats._rule import CLOUDTRAIL, threat_rule

ADMIN_PORTS = (22, 3389, 3306, 5432, 1433, 6379, 9200, 27017)
WORLD = ("0.0.0.0/0", "::/0")
PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers",
                   "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
# Operating systems and tools built for attacking, as they name themselves in the user agent
# (the same markers GuardDuty's PenTest findings use), and TruffleHog, which calls
# GetCallerIdentity to check that a key it found in code or a paste is live.  A marker, not
# proof: the rule is LOW.
PENTEST_MARKERS = ("kali", "parrot", "pentoo", "pacu", "trufflehog")
BURST_FAILURES = 5
# invokedBy on a root event that still means the root user acting: the console signs the calls
# a person makes there (any other service named acted for the account, not the person)
ROOT_SELF = frozenset(("", "signin.amazonaws.com", "console.amazonaws.com"))
BULK_PARAMETERS = 10

# Parameters are the rule's evidence too: API names and counts only, never who or from where
# (the detector adds those as pseudonyms).
MSG = Messages("threats.cloudtrail", {
    "root_used": ("root user called {event_name}", "ルートユーザーが {event_name} を呼び出しました"),
    "login_without_mfa": ("console sign-in succeeded without MFA", "MFA なしでコンソールへのサインインに成功しました"),
    "login_failure_burst": ("{failures} failed console sign-ins for the same user name",
                            "同じユーザー名でコンソールサインインに {failures} 回失敗しました"),
    "trail_changed": ("{event_name} on a trail", "証跡に対して {event_name} が実行されました"),
    "public_bucket_policy": ("bucket policy allows any principal without a condition",
                             "バケットポリシーが条件なしで任意のプリンシパルを許可しています"),
    "public_bucket_acl": ("bucket ACL grants access to all users", "バケット ACL がすべてのユーザーにアクセスを許可しています"),
    "all_ports_open": ("all ports opened to the internet", "すべてのポートがインターネットに開放されました"),
    "admin_ports_open": ("port(s) {ports} opened to the internet", "ポート {ports} がインターネットに開放されました"),
    "key_for_other_user": ("access key created for a different IAM user", "別の IAM ユーザーのアクセスキーが作成されました"),
    "admin_policy_attached": ("{event_name} with AdministratorAccess",
                              "AdministratorAccess を指定した {event_name} が実行されました"),
    "admin_inline_policy": ("{event_name} allowing *:*", "*:* を許可する {event_name} が実行されました"),
    "kms_key_disabled": ("{event_name} on a KMS key", "KMS キーに対して {event_name} が実行されました"),
    "detection_disabled": ("{service} {event_name}", "{service} で {event_name} が実行されました"),
    "snapshot_public": ("snapshot volume permission granted to all", "スナップショットのボリューム作成権限が all に付与されました"),
    "pentest_agent": ("user agent names {marker}", "ユーザーエージェントに {marker} が含まれています"),
    "policy_other_account": ("{event_name} grants {accounts} other account(s)", "{event_name} で {accounts} 個の別アカウントに許可が与えられました"),
    "parameters_decrypted": ("{count} parameters read with decryption in one call",
                             "1 回の呼び出しで {count} 個のパラメーターが復号付きで読み取られました"),
})


# the pass of the rules that read every CloudTrail event, shared (a Result is never changed once
# made; the detector reads only its status)
_PASS = Result.ok()


@threat_rule(
    id="threat.cloudtrail.root_account_used", source=CLOUDTRAIL, severity=Severity.HIGH, techniques=["T1078.004"],
    title={"en": "Root account used", "ja": "ルートアカウントが使用された"},
    description={"en": "The AWS account root user signed in or called an API. Daily work should never need the root user.",
                 "ja": "AWS アカウントのルートユーザーがサインインまたは API を呼び出しました。日常業務でルートユーザーを使う必要はありません。"},
    remediation={"en": "Confirm the activity with the account owner; if unexpected, reset the root password, rotate its MFA and review recent changes.",
                 "ja": "アカウント所有者に操作を確認し、想定外であればルートのパスワードを再設定し MFA を再登録して、最近の変更を確認してください。"},
)
def root_account_used(ev: Resource) -> Result:
    ident = ev.data.get("userIdentity")  # read for every CloudTrail event: its test first, inline
    if isinstance(ident, dict) and ident.get("type") == "Root" and (ident.get("invokedBy") or "") in ROOT_SELF \
            and ct_succeeded(ev) \
            and ev.data.get("eventType") != "AwsServiceEvent":
        return MSG.fail("root_used", event_name=ct_name(ev))
    return _PASS


@threat_rule(
    id="threat.cloudtrail.console_login_without_mfa", source=CLOUDTRAIL,
    events=["ConsoleLogin"], severity=Severity.MEDIUM, techniques=["T1078"],
    title={"en": "Console sign-in without MFA", "ja": "MFA なしのコンソールサインイン"},
    description={"en": "A successful AWS console sign-in of an IAM user or the root user did not use multi-factor "
                       "authentication (federated sign-ins do MFA at the identity provider and are left out).",
                 "ja": "IAM ユーザーまたはルートユーザーの AWS コンソールへのサインインが多要素認証なしで成功しました"
                       "（フェデレーションによるサインインは ID プロバイダー側で MFA を行うため対象外）。"},
    remediation={"en": "Require MFA for every console user (IAM policy condition aws:MultiFactorAuthPresent) and confirm the sign-in with the user.",
                 "ja": "すべてのコンソールユーザーに MFA を必須とし（aws:MultiFactorAuthPresent 条件）、利用者にサインインを確認してください。"},
)
def console_login_without_mfa(ev: Resource) -> Result:
    if ct_name(ev) != "ConsoleLogin":
        return Result.ok()
    ok = (ev.data.get("responseElements") or {}).get("ConsoleLogin") == "Success"
    extra = ev.data.get("additionalEventData") or {}
    # SAML / IAM Identity Center sign-ins are AssumedRole sessions that always say MFAUsed "No":
    # the identity provider did the MFA, CloudTrail cannot see it
    own_password = ct_identity(ev).get("type") in ("IAMUser", "Root") and not extra.get("SamlProviderArn")
    if ok and own_password and extra.get("MFAUsed") == "No":
        return MSG.fail("login_without_mfa")
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.console_login_failure_burst", source=CLOUDTRAIL,
    events=["ConsoleLogin"], severity=Severity.MEDIUM,
    techniques=["T1110"], needs_inventory=True,
    title={"en": "Burst of failed console sign-ins", "ja": "コンソールサインイン失敗の集中"},
    description={"en": f"{BURST_FAILURES} or more failed AWS console sign-ins for the same user name in one batch of events: password guessing.",
                 "ja": f"同じユーザー名に対する AWS コンソールサインインの失敗が 1 回の取り込みで {BURST_FAILURES} 回以上ありました。"
                     f"パスワード推測の可能性があります。"},
    remediation={"en": "Check whether the user is locked out or attacked; enforce MFA and block the source at the network edge if it is hostile.",
                 "ja": "利用者が締め出されたのか攻撃を受けているのかを確認し、MFA を必須にし、悪意ある送信元であればネットワーク境界で遮断してください。"},
)
def console_login_failure_burst(ev: Resource, window: Inventory) -> Result:
    if not _login_failed(ev):
        return Result.ok()
    n = _failures_by_user(window).get(_login_user(ev), 0)
    if n >= BURST_FAILURES:
        return MSG.fail("login_failure_burst", failures=n)
    return Result.ok()


_FAILURES: dict[int, tuple[Inventory, dict[str, int]]] = {}


def _failures_by_user(window: Inventory) -> dict[str, int]:
    """Failed sign-ins per user name in the window, counted once per window (not once per
    failed sign-in in it)."""
    cached = _FAILURES.get(id(window))
    if cached is not None and cached[0] is window:
        return cached[1]
    counts: dict[str, int] = {}
    for other in window.by_type(CLOUDTRAIL):
        # the batch's every event: its name first, inline (what ct_name reads, for JSON values)
        if other.data.get("eventName") == "ConsoleLogin" and _login_failed(other):
            who = _login_user(other)
            counts[who] = counts.get(who, 0) + 1
    _FAILURES.clear()  # one window at a time: the batch being evaluated
    _FAILURES[id(window)] = (window, counts)
    return counts


def _login_failed(ev: Resource) -> bool:
    return ct_name(ev) == "ConsoleLogin" and (ev.data.get("responseElements") or {}).get("ConsoleLogin") == "Failure"


def _login_user(ev: Resource) -> str:
    ident = ct_identity(ev)
    return str(ident.get("userName") or (ev.data.get("additionalEventData") or {}).get("UserName") or ident.get("arn") or "")


@threat_rule(
    id="threat.cloudtrail.trail_logging_stopped", source=CLOUDTRAIL,
    events=["StopLogging", "DeleteTrail", "UpdateTrail"], severity=Severity.HIGH, techniques=["T1562.008"],
    title={"en": "CloudTrail logging stopped or changed", "ja": "CloudTrail のログ記録が停止または変更された"},
    description={"en": "A trail was stopped, deleted or reconfigured; attackers do this to hide what they do next.",
                 "ja": "証跡が停止・削除・再設定されました。攻撃者が以後の操作を隠すために行う典型的な手口です。"},
    remediation={"en": "Restart logging (StartLogging), restore the trail's settings and find out who changed it and why.",
                 "ja": "ログ記録を再開（StartLogging）し、証跡の設定を元に戻し、誰がなぜ変更したかを調査してください。"},
)
def trail_logging_stopped(ev: Resource) -> Result:
    if ct_is(ev, "cloudtrail", "StopLogging", "DeleteTrail", "UpdateTrail"):
        return MSG.fail("trail_changed", event_name=ct_name(ev))
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.bucket_made_public", source=CLOUDTRAIL,
    events=["PutBucketPolicy", "PutBucketAcl"], severity=Severity.HIGH, techniques=["T1530"],
    title={"en": "S3 bucket made public", "ja": "S3 バケットが公開された"},
    description={"en": "A bucket policy or ACL was set that grants access to everyone.",
                 "ja": "誰にでもアクセスを許可するバケットポリシーまたは ACL が設定されました。"},
    remediation={"en": "Remove the public statement or grant, turn on S3 Block Public Access and check what was read meanwhile.",
                 "ja": "公開しているステートメントまたは権限付与を削除し、S3 ブロックパブリックアクセスを有効にし、その間に読まれたデータを確認してください。"},
)
def bucket_made_public(ev: Resource) -> Result:
    p = ct_params(ev)
    if ct_is(ev, "s3", "PutBucketPolicy"):
        for s in statements(policy_document(p.get("bucketPolicy") or p.get("policy"))):
            principal = s.get("Principal")
            everyone = principal == "*" or (isinstance(principal, dict) and "*" in as_list(principal.get("AWS")))
            if s.get("Effect") == "Allow" and everyone and not s.get("Condition"):
                return MSG.fail("public_bucket_policy")
    # CloudTrail records canned ACL headers as a list (["public-read"])
    canned_public = any(str(a).startswith("public-read") for a in as_list(p.get("x-amz-acl", "")))
    granted_public = any(g in str(p.get("AccessControlPolicy", "")) for g in PUBLIC_GRANTEES)
    if ct_is(ev, "s3", "PutBucketAcl") and (canned_public or granted_public):
        return MSG.fail("public_bucket_acl")
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.admin_port_opened_to_world", source=CLOUDTRAIL,
    events=["AuthorizeSecurityGroupIngress"], severity=Severity.HIGH,
    techniques=["T1562.007"],
    title={"en": "Admin port opened to the internet", "ja": "管理用ポートがインターネットに開放された"},
    description={"en": "A security group rule now allows an administration or database port from 0.0.0.0/0 or ::/0.",
                 "ja": "セキュリティグループのルールで、管理用またはデータベースのポートが 0.0.0.0/0 または ::/0 から許可されました。"},
    remediation={"en": "Revoke the rule and allow the port only from known address ranges or through a bastion / Session Manager.",
                 "ja": "ルールを取り消し、既知のアドレス範囲からのみ、または踏み台や Session Manager 経由でのみ許可してください。"},
)
def admin_port_opened_to_world(ev: Resource) -> Result:
    if not ct_is(ev, "ec2", "AuthorizeSecurityGroupIngress"):
        return Result.ok()
    for perm in sg_permissions(ct_params(ev)):
        cidrs = [r.get("cidrIp") for r in items(perm.get("ipRanges")) if isinstance(r, dict)]
        cidrs += [r.get("cidrIpv6") for r in items(perm.get("ipv6Ranges")) if isinstance(r, dict)]
        cidrs += [perm.get("cidrIp"), perm.get("cidrIpv6")]
        if not any(c in WORLD for c in cidrs):
            continue
        if str(perm.get("ipProtocol")) == "-1":
            return MSG.fail("all_ports_open", ports="all")
        lo, hi = perm.get("fromPort"), perm.get("toPort")
        if isinstance(lo, int) and isinstance(hi, int):
            hit = [port for port in ADMIN_PORTS if lo <= port <= hi]
            if hit:
                return MSG.fail("admin_ports_open", ports=hit)
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.access_key_created_for_other_user", source=CLOUDTRAIL,
    events=["CreateAccessKey"], severity=Severity.MEDIUM,
    techniques=["T1098.001"],
    title={"en": "Access key created for another user", "ja": "別のユーザーのアクセスキーが作成された"},
    description={"en": "An identity created an access key for a different IAM user, a common way to keep access.",
                 "ja": "ある ID が別の IAM ユーザーのアクセスキーを作成しました。アクセスを維持するためによく使われる手口です。"},
    remediation={"en": "Confirm the request with the user's owner; if unexpected, delete the key and review the creator's permissions.",
                 "ja": "ユーザーの管理者に依頼内容を確認し、想定外であればキーを削除し、作成者の権限を見直してください。"},
)
def access_key_created_for_other_user(ev: Resource) -> Result:
    if not ct_is(ev, "iam", "CreateAccessKey"):
        return Result.ok()
    target = ct_params(ev).get("userName")
    ident = ct_identity(ev)
    own = ident.get("userName") or str(ident.get("arn", "")).rsplit("/", 1)[-1]
    if target and target != own:
        return MSG.fail("key_for_other_user")
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.admin_policy_granted", source=CLOUDTRAIL,
    events=["AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy", "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy"],
    severity=Severity.HIGH, techniques=["T1098.003"],
    title={"en": "Administrator permissions granted", "ja": "管理者権限が付与された"},
    description={"en": "AdministratorAccess was attached, or an inline policy allowing every action on every resource was put, on a user, group or role.",
                 "ja": "ユーザー・グループ・ロールに AdministratorAccess がアタッチされた、"
                     "またはすべてのリソースへのすべての操作を許可するインラインポリシーが設定されました。"},
    remediation={"en": "Confirm the change was approved; otherwise detach the policy and grant least privilege.",
                 "ja": "変更が承認済みか確認し、そうでなければポリシーを外して最小権限を付与してください。"},
)
def admin_policy_granted(ev: Resource) -> Result:
    p = ct_params(ev)
    if ct_is(ev, "iam", "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy") \
            and str(p.get("policyArn", "")).endswith(":policy/AdministratorAccess"):
        return MSG.fail("admin_policy_attached", event_name=ct_name(ev))
    if ct_is(ev, "iam", "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy"):
        for s in statements(policy_document(p.get("policyDocument"))):
            if s.get("Effect") == "Allow" and "*" in as_list(s.get("Action")) and "*" in as_list(s.get("Resource")):
                return MSG.fail("admin_inline_policy", event_name=ct_name(ev))
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.kms_key_disabled", source=CLOUDTRAIL,
    events=["DisableKey", "ScheduleKeyDeletion"], severity=Severity.HIGH, techniques=["T1485"],
    title={"en": "KMS key disabled or scheduled for deletion", "ja": "KMS キーが無効化または削除予定にされた"},
    description={"en": "A customer managed KMS key was disabled or scheduled for deletion; data encrypted under it becomes unreadable.",
                 "ja": "カスタマー管理の KMS キーが無効化または削除予定にされました。そのキーで暗号化されたデータは読めなくなります。"},
    remediation={"en": "If unexpected, cancel the deletion (CancelKeyDeletion) and re-enable the key, then review who did it.",
                 "ja": "想定外であれば削除を取り消し（CancelKeyDeletion）、キーを再度有効にしてから、実行者を調査してください。"},
)
def kms_key_disabled(ev: Resource) -> Result:
    if ct_is(ev, "kms", "DisableKey", "ScheduleKeyDeletion"):
        return MSG.fail("kms_key_disabled", event_name=ct_name(ev))
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.detection_disabled", source=CLOUDTRAIL,
    events=["DeleteDetector", "StopConfigurationRecorder", "DeleteConfigurationRecorder"], severity=Severity.HIGH, techniques=["T1562.001"],
    title={"en": "Threat detection or configuration recording disabled", "ja": "脅威検知または設定記録が無効化された"},
    description={"en": "A GuardDuty detector was deleted, or AWS Config recording was stopped or deleted.",
                 "ja": "GuardDuty のディテクターが削除された、または AWS Config の記録が停止・削除されました。"},
    remediation={"en": "Re-enable GuardDuty / the configuration recorder and investigate the activity around the change.",
                 "ja": "GuardDuty と設定レコーダーを再度有効にし、変更前後の操作を調査してください。"},
)
def detection_disabled(ev: Resource) -> Result:
    if ct_is(ev, "guardduty", "DeleteDetector") or \
            ct_is(ev, "config", "StopConfigurationRecorder", "DeleteConfigurationRecorder"):
        return MSG.fail("detection_disabled", service=ct_service(ev), event_name=ct_name(ev))
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.snapshot_made_public", source=CLOUDTRAIL,
    events=["ModifySnapshotAttribute"], severity=Severity.HIGH, techniques=["T1537"],
    title={"en": "EBS snapshot shared publicly", "ja": "EBS スナップショットが一般公開された"},
    description={"en": "ModifySnapshotAttribute added createVolumePermission for the group 'all': anyone can copy the disk.",
                 "ja": "ModifySnapshotAttribute でグループ all に createVolumePermission が追加され、誰でもディスクを複製できる状態です。"},
    remediation={"en": "Remove the 'all' permission at once and treat the snapshot's data as exposed.",
                 "ja": "直ちに all への権限を削除し、スナップショットのデータは漏えいしたものとして扱ってください。"},
)
def snapshot_made_public(ev: Resource) -> Result:
    if not ct_is(ev, "ec2", "ModifySnapshotAttribute"):
        return Result.ok()
    perm = ct_params(ev).get("createVolumePermission") or {}
    adds = items(perm.get("add")) if isinstance(perm, dict) else []
    if any(isinstance(a, dict) and a.get("group") == "all" for a in adds):
        return MSG.fail("snapshot_public")
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.pentest_user_agent", source=CLOUDTRAIL, severity=Severity.LOW, techniques=["T1078"],
    title={"en": "API call from a penetration-testing tool", "ja": "ペネトレーションテストツールからの API 呼び出し"},
    description={"en": "The user agent names an attack distribution or tool (Kali, Parrot, Pentoo, Pacu) or the TruffleHog secret "
        "scanner, which tries keys it found published. It may be an authorised test; it may be an intruder with stolen keys.",
                 "ja": "ユーザーエージェントが攻撃用ディストリビューションまたはツール（Kali、Parrot、Pentoo、Pacu）、または公開されたキーを試す"
                     "秘密情報スキャナー TruffleHog を示しています。許可された診断の場合も、盗まれたキーを使う侵入者の場合もあります。"},
    remediation={"en": "Check whether a test was authorised; if not, deactivate the credentials used and investigate.",
                 "ja": "診断が許可されていたか確認し、そうでなければ使われた認証情報を無効化して調査してください。"},
)
def pentest_user_agent(ev: Resource) -> Result:
    raw = ev.data.get("userAgent", "")
    marker = _AGENTS.get(raw) if type(raw) is str else None  # read for every CloudTrail event
    if marker is None:
        marker = _pentest_marker(str(raw).lower())
        if type(raw) is str:
            if len(_AGENTS) >= AGENTS_KEPT:
                _AGENTS.clear()
            _AGENTS[raw] = marker
    return MSG.fail("pentest_agent", marker=marker) if marker else _PASS


AGENTS_KEPT = 4096
_AGENTS: dict[str, str] = {}  # user agent -> the marker it names, "" for none: a stream repeats a few agents


def _pentest_marker(ua: str) -> str:
    for marker in PENTEST_MARKERS:  # a loop, not a generator
        if marker in ua:
            return marker
    return ""


def _principal_accounts(principal: object) -> set[str]:
    """Account ids named by a policy principal (ARNs or bare ids) under "AWS"."""
    names = as_list(principal.get("AWS")) if isinstance(principal, dict) else []
    out = set()
    for n in names:
        text = str(n)
        if text.isdigit() and len(text) == 12:
            out.add(text)
        elif text.startswith("arn:aws") and text.count(":") >= 5:
            acct = text.split(":")[4]
            if acct.isdigit():
                out.add(acct)
    return out


def _grants_other_accounts(ev: Resource, policy: object) -> Result:
    """FAIL when an Allow statement of the policy names principals of accounts other than the
    event's own."""
    own = str(ev.data.get("recipientAccountId") or ct_identity(ev).get("accountId") or "")
    others: set[str] = set()
    for st in statements(policy_document(policy)):
        if st.get("Effect") == "Allow":
            others |= _principal_accounts(st.get("Principal")) - {own}
    if others:
        return MSG.fail("policy_other_account", event_name=ct_name(ev), accounts=len(others))
    return Result.ok()


@threat_rule(
    id="threat.cloudtrail.bucket_policy_grants_other_account", source=CLOUDTRAIL, events=["PutBucketPolicy"],
    severity=Severity.MEDIUM, techniques=["T1537", "T1530"],
    title={"en": "Bucket policy grants another AWS account", "ja": "バケットポリシーが別の AWS アカウントに許可を与えた"},
    description={"en": "PutBucketPolicy added an Allow statement for a principal in an account other than the bucket's: a backdoor for reading or "
                       "writing the data from outside.",
                 "ja": "PutBucketPolicy で、バケットのアカウント以外のプリンシパルを許可するステートメントが追加されました。"
                       "外部からデータを読み書きするためのバックドアになります。"},
    remediation={"en": "Confirm the other account is a known partner; otherwise remove the statement and review who changed the policy.",
                 "ja": "相手のアカウントが既知の取引先か確認し、そうでなければステートメントを削除してポリシーを変更した人を調査してください。"},
)
def bucket_policy_grants_other_account(ev: Resource) -> Result:
    if not ct_is(ev, "s3", "PutBucketPolicy"):
        return Result.ok()
    p = ct_params(ev)
    return _grants_other_accounts(ev, p.get("bucketPolicy") or p.get("policy"))


@threat_rule(
    id="threat.cloudtrail.role_trusts_other_account", source=CLOUDTRAIL, events=["CreateRole", "UpdateAssumeRolePolicy"],
    severity=Severity.HIGH, techniques=["T1098.003", "T1078.004"],
    title={"en": "Role made assumable from another AWS account", "ja": "別の AWS アカウントから引き受け可能なロール"},
    description={"en": "CreateRole or UpdateAssumeRolePolicy set a trust policy whose Allow statement names a principal in an account other "
                       "than the role's, so that account can take the role's permissions: a common backdoor.",
                 "ja": "CreateRole または UpdateAssumeRolePolicy で、ロールのアカウント以外のプリンシパルを許可する信頼ポリシーが設定されました。"
                       "その相手アカウントがロールの権限を使えるようになる、よくあるバックドアです。"},
    remediation={"en": "Confirm the other account is a known one (a partner, a tooling account of the organization); otherwise remove the "
                       "statement, revoke the role's sessions and review who changed the trust.",
                 "ja": "相手のアカウントが既知のもの（取引先、組織のツール用アカウント）か確認し、そうでなければステートメントを削除して"
                       "ロールのセッションを失効させ、信頼ポリシーを変更した人を調査してください。"},
)
def role_trusts_other_account(ev: Resource) -> Result:
    if not ct_is(ev, "iam", "CreateRole", "UpdateAssumeRolePolicy"):
        return Result.ok()
    p = ct_params(ev)
    return _grants_other_accounts(ev, p.get("assumeRolePolicyDocument") or p.get("policyDocument"))


@threat_rule(
    id="threat.cloudtrail.parameters_decrypted_in_one_call", source=CLOUDTRAIL, events=["GetParameters"],
    severity=Severity.MEDIUM, techniques=["T1555", "T1552"],
    title={"en": "Many SSM parameters decrypted in one call", "ja": "1 回の呼び出しで多数の SSM パラメーターが復号された"},
    description={"en": f"GetParameters read {BULK_PARAMETERS} or more parameters with decryption in one call: harvesting the "
                       "SecureString secrets of an account (tools fetch them in batches of ten). Applications read the few they "
                       "need; false positives are deployment tools that load a whole configuration at start.",
                 "ja": f"GetParameters で 1 回の呼び出しに {BULK_PARAMETERS} 個以上のパラメーターが復号付きで読み取られました。"
                       "アカウントの SecureString の秘密情報を収集する動きです（ツールは 10 個ずつまとめて取得します）。"
                       "アプリケーションが読むのは必要な少数です。誤検知は起動時に設定全体を読み込むデプロイツールです。"},
    remediation={"en": "Confirm the caller is a known deployment tool; otherwise rotate the secrets read and revoke the caller's credentials.",
                 "ja": "呼び出し元が既知のデプロイツールか確認し、そうでなければ読み取られた秘密情報を更新し、呼び出し元の認証情報を失効させてください。"},
)
def parameters_decrypted_in_one_call(ev: Resource) -> Result:
    if not ct_is(ev, "ssm", "GetParameters") or ct_identity(ev).get("type") == "AWSService":
        return Result.ok()
    p = ct_params(ev)
    names = p.get("names")
    if p.get("withDecryption") is True and isinstance(names, list) and len(names) >= BULK_PARAMETERS:
        return MSG.fail("parameters_decrypted", count=len(names))
    return Result.ok()
