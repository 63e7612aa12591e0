"""Cloud SQL checks: network exposure, TLS, backups and the engine flags CIS asks for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import as_list
from checks.gcp.common import cis

SQL = ("gcp.sql.instance",)
INTERNET = frozenset({"0.0.0.0/0", "::/0"})
SSL_ENFORCED = frozenset({"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"})

MSG = Messages("gcp.sql", {
    "unencrypted": ("unencrypted connections accepted (sslMode={sslMode})",
                    "暗号化されていない接続を受け付けます (sslMode={sslMode})"),
    "open_networks": ("authorised networks open to {networks}", "承認済みネットワークが {networks} に開いています"),
    "public_ip": ("public IPv4 is enabled", "パブリック IPv4 が有効です"),
    "read_replica": ("read replica (backed up through its primary)", "リードレプリカです (プライマリ経由でバックアップされます)"),
    "no_backups": ("automated backups are off", "自動バックアップが無効です"),
    "other_engine": ("not applicable to {engine}", "{engine} には適用されません"),
    "unknown_engine": ("not applicable to unknown engine", "エンジンが不明のため適用されません"),
    "flag_set": ("{flag} is {value}", "{flag} は {value} です"),
    "flag_default": ("{flag} is default ({wanted})", "{flag} は既定値 ({wanted}) です"),
    "flag_wrong": ("{flag} is {value} (want {wanted})", "{flag} が {value} です (期待値 {wanted})"),
    "flag_unset": ("{flag} is not set (want {wanted})", "{flag} が設定されていません (期待値 {wanted})"),
    "google_managed": ("encrypted with a Google-managed key", "Google 管理の鍵で暗号化されています"),
    "no_deletion_protection": ("deletion protection is off", "削除保護が無効です"),
    "no_password_policy": ("no password policy for database users", "データベースユーザーのパスワードポリシーがありません"),
    "flag_set_unwanted": ("{flag} is set to {value} (want it unset)", "{flag} が {value} に設定されています (未設定が期待値)"),
})


def _ip_config(r: Resource) -> dict[str, Any]:
    return (r.data.get("settings") or {}).get("ipConfiguration") or {}


def _flag(r: Resource, name: str) -> str | None:
    for f in as_list((r.data.get("settings") or {}).get("databaseFlags")):
        if f.get("name") == name:
            return str(f.get("value", "")).lower()
    return None


def _engine(r: Resource) -> str:
    return str(r.data.get("databaseVersion", "")).upper()


@check(id="gcp.sql.require_ssl", resource_types=SQL, severity=Severity.HIGH, frameworks=cis("6.4"),
       title={"en": "Cloud SQL instance accepts only encrypted (SSL/TLS) connections",
              "ja": "Cloud SQL インスタンスが暗号化（SSL/TLS）接続のみを受け付ける"},
       description={"en": "Unencrypted database connections expose credentials and data on the network.",
                    "ja": "暗号化されていないデータベース接続は、ネットワーク上で認証情報やデータを露出させます。"},
       remediation={"en": "gcloud sql instances patch INSTANCE --ssl-mode=ENCRYPTED_ONLY",
                    "ja": "gcloud sql instances patch INSTANCE --ssl-mode=ENCRYPTED_ONLY を実行してください。"})
def require_ssl(r: Resource) -> Result:
    ip = _ip_config(r)
    if ip.get("sslMode") in SSL_ENFORCED or (not ip.get("sslMode") and ip.get("requireSsl")):
        return Result.ok()
    return MSG.fail("unencrypted", sslMode=ip.get("sslMode") or "unset")


@check(id="gcp.sql.no_open_authorized_networks", resource_types=SQL, severity=Severity.CRITICAL, frameworks=cis("6.5"),
       title={"en": "Cloud SQL instance does not authorise connections from the whole Internet",
              "ja": "Cloud SQL インスタンスがインターネット全体からの接続を許可していない"},
       description={"en": "An authorised network of 0.0.0.0/0 lets anyone try to log in to the database.",
                    "ja": "承認済みネットワーク 0.0.0.0/0 は誰でもデータベースへのログインを試せる状態にします。"},
       remediation={"en": "Remove 0.0.0.0/0 from the authorised networks; use private IP or the Cloud SQL Auth Proxy.",
                    "ja": "承認済みネットワークから 0.0.0.0/0 を削除し、プライベート IP か Cloud SQL Auth Proxy を"
                          "使用してください。"})
def no_open_authorized_networks(r: Resource) -> Result:
    open_nets = sorted({str(n.get("value")) for n in as_list(_ip_config(r).get("authorizedNetworks"))
                        if n.get("value") in INTERNET})
    return MSG.fail("open_networks", networks=open_nets) if open_nets else Result.ok()


@check(id="gcp.sql.no_public_ip", resource_types=SQL, severity=Severity.HIGH, frameworks=cis("6.6"),
       title={"en": "Cloud SQL instance has no public IP address", "ja": "Cloud SQL インスタンスにパブリック IP アドレスがない"},
       description={"en": "A public IP makes the database reachable from the Internet; private IP keeps it inside "
                          "the VPC.",
                    "ja": "パブリック IP があるとデータベースにインターネットから到達できます。プライベート IP なら VPC 内に"
                          "閉じます。"},
       remediation={"en": "Configure private IP and then gcloud sql instances patch INSTANCE --no-assign-ip",
                    "ja": "プライベート IP を構成した後、gcloud sql instances patch INSTANCE --no-assign-ip を"
                          "実行してください。"})
def no_public_ip(r: Resource) -> Result:
    public = [a.get("ipAddress") for a in as_list(r.data.get("ipAddresses")) if a.get("type") == "PRIMARY"]
    if _ip_config(r).get("ipv4Enabled") or public:
        return MSG.fail("public_ip", addresses=public)
    return Result.ok()


@check(id="gcp.sql.automated_backups", resource_types=SQL, severity=Severity.MEDIUM, frameworks=cis("6.7"),
       title={"en": "Cloud SQL instance has automated backups", "ja": "Cloud SQL インスタンスで自動バックアップが有効"},
       description={"en": "Without automated backups a deletion, corruption or ransomware leaves nothing to restore.",
                    "ja": "自動バックアップがないと、削除・破損・ランサムウェアの後に復元するものが残りません。"},
       remediation={"en": "gcloud sql instances patch INSTANCE --backup-start-time=HH:MM",
                    "ja": "gcloud sql instances patch INSTANCE --backup-start-time=HH:MM を実行してください。"})
def automated_backups(r: Resource) -> Result:
    if r.data.get("instanceType") == "READ_REPLICA_INSTANCE":
        return MSG.ok("read_replica")
    enabled = ((r.data.get("settings") or {}).get("backupConfiguration") or {}).get("enabled")
    return Result.ok() if enabled else MSG.fail("no_backups")


def _flag_check(engine: str, flag: str, wanted: str, absent_ok: bool,
                also: tuple[str, ...] = ()) -> Callable[[Resource], Result]:
    """The check that ``flag`` of ``engine`` instances is ``wanted`` (or one of the stricter values ``also``);
    ``absent_ok`` when the engine's default (flag not set) is already what CIS asks for."""
    accepted = {wanted, *also}

    def evaluate(r: Resource) -> Result:
        if not _engine(r).startswith(engine):
            return MSG.ok("other_engine", engine=_engine(r)) if _engine(r) else MSG.ok("unknown_engine")
        value = _flag(r, flag)
        if value in accepted or (value is None and absent_ok):
            if value:
                return MSG.ok("flag_set", flag=flag, value=value)
            return MSG.ok("flag_default", flag=flag, wanted=wanted)
        if value is None:
            return MSG.fail("flag_unset", flag=flag, wanted=wanted)
        return MSG.fail("flag_wrong", flag=flag, value=value, wanted=wanted)
    return evaluate


def _flag_texts(engine: str, flag: str, wanted: str, why_en: str, why_ja: str) -> dict[str, Any]:
    return dict(
        title={"en": f"Cloud SQL {engine} flag '{flag}' is '{wanted}'",
               "ja": f"Cloud SQL {engine} のデータベースフラグ '{flag}' が '{wanted}' に設定されている"},
        description={"en": why_en, "ja": why_ja},
        remediation={"en": f"gcloud sql instances patch INSTANCE --database-flags={flag}={wanted} "
                           "(list every flag you keep: the option replaces them all).",
                     "ja": f"gcloud sql instances patch INSTANCE --database-flags={flag}={wanted} を実行してください"
                           "（このオプションは全フラグを置き換えるため、残すフラグもすべて指定してください）。"})


mysql_local_infile_off = check(
    id="gcp.sql.mysql_local_infile_off", resource_types=SQL, severity=Severity.MEDIUM, frameworks=cis("6.1.3"),
    **_flag_texts("MySQL", "local_infile", "off",
                  "local_infile lets clients load local files into the server, a path for reading arbitrary files "
                  "through SQL injection.",
                  "local_infile はクライアントのローカルファイルをサーバーに読み込ませる機能で、SQL インジェクション経由で"
                  "任意のファイルを読まれる経路になります。"),
)(_flag_check("MYSQL", "local_infile", "off", absent_ok=False))

postgres_log_connections_on = check(
    id="gcp.sql.postgres_log_connections_on", resource_types=SQL, severity=Severity.MEDIUM, frameworks=cis("6.2.2"),
    **_flag_texts("PostgreSQL", "log_connections", "on",
                  "Logging each connection attempt is needed to spot brute force and unexpected clients.",
                  "ブルートフォースや想定外のクライアントを見つけるには、接続試行ごとのログが必要です。"),
)(_flag_check("POSTGRES", "log_connections", "on", absent_ok=False))

postgres_log_disconnections_on = check(
    id="gcp.sql.postgres_log_disconnections_on", resource_types=SQL, severity=Severity.MEDIUM, frameworks=cis("6.2.3"),
    **_flag_texts("PostgreSQL", "log_disconnections", "on",
                  "Session ends and durations complete the connection log for investigations.",
                  "セッションの終了と継続時間のログが、調査のための接続ログを完全なものにします。"),
)(_flag_check("POSTGRES", "log_disconnections", "on", absent_ok=False))

sqlserver_cross_db_ownership_chaining_off = check(
    id="gcp.sql.sqlserver_cross_db_ownership_chaining_off", resource_types=SQL, severity=Severity.MEDIUM,
    frameworks=cis("6.3.2"),
    **_flag_texts("SQL Server", "cross db ownership chaining", "off",
                  "Cross-database ownership chaining lets a member of one database reach objects of another "
                  "without a permission check.",
                  "データベース間の所有権の継承により、あるデータベースのメンバーが権限チェックなしに別のデータベースの"
                  "オブジェクトにアクセスできます。"),
)(_flag_check("SQLSERVER", "cross db ownership chaining", "off", absent_ok=True))


def _register_flag(engine: str, check_id: str, control: str, flag: str, wanted: str, absent_ok: bool, why: tuple[str, str],
          also: tuple[str, ...] = (), severity: Severity = Severity.MEDIUM, label: str = "") -> None:
    """Register one database-flag check (CIS section 6 asks for one flag per control)."""
    name = {"MYSQL": "MySQL", "POSTGRES": "PostgreSQL", "SQLSERVER": "SQL Server"}[engine]
    check(id=f"gcp.sql.{check_id}", resource_types=SQL, severity=severity, frameworks=cis(control),
          **_flag_texts(name, flag, label or wanted, *why))(_flag_check(engine, flag, wanted, absent_ok, also))


_register_flag("MYSQL", "mysql_skip_show_database_on", "6.1.2", "skip_show_database", "on", False,
      ("With skip_show_database on, SHOW DATABASES lists only the databases a user has privileges on.",
       "skip_show_database を on にすると、SHOW DATABASES は権限のあるデータベースだけを表示します。"))
_register_flag("POSTGRES", "postgres_log_error_verbosity", "6.2.1", "log_error_verbosity", "default", True,
      ("VERBOSE error messages write source-code locations and internals to the log; DEFAULT or TERSE keep it "
       "readable.",
       "VERBOSE のエラーメッセージはソースコードの位置や内部情報をログに出します。DEFAULT か TERSE にしてください。"),
      also=("terse",), label="default")
_register_flag("POSTGRES", "postgres_log_statement_ddl", "6.2.4", "log_statement", "ddl", False,
      ("Logging DDL statements records every schema change (who dropped a table, who created a user).",
       "DDL 文をログに残すと、すべてのスキーマ変更（誰がテーブルを削除し、誰がユーザーを作ったか）が記録されます。"),
      also=("mod", "all"))
_register_flag("POSTGRES", "postgres_log_min_messages", "6.2.5", "log_min_messages", "warning", True,
      ("Below WARNING the log fills with debug noise; above it, warnings that matter are lost.",
       "WARNING より低いとログがデバッグ情報で埋まり、高いと重要な警告が失われます。"),
      also=("error", "log", "fatal", "panic"))
_register_flag("POSTGRES", "postgres_log_min_error_statement", "6.2.6", "log_min_error_statement", "error", True,
      ("Statements that cause errors are logged, which shows SQL injection attempts and failing clients.",
       "エラーを起こした SQL 文が記録され、SQL インジェクションの試行や異常なクライアントが分かります。"),
      also=("log", "fatal", "panic"))
_register_flag("POSTGRES", "postgres_log_min_duration_statement_off", "6.2.7", "log_min_duration_statement", "-1", True,
      ("Logging statements by duration writes whole SQL texts, with the data in them, into the logs.",
       "実行時間による SQL 文のログは、データを含む SQL 全文をログに書き出します。"))
_register_flag("POSTGRES", "postgres_pgaudit_on", "6.2.8", "cloudsql.enable_pgaudit", "on", False,
      ("pgAudit writes session and object audit logs to Cloud Logging, as many audit regimes require.",
       "pgAudit はセッションとオブジェクトの監査ログを Cloud Logging に出力します。多くの監査基準が求めるものです。"))
_register_flag("SQLSERVER", "sqlserver_external_scripts_off", "6.3.1", "external scripts enabled", "off", True,
      ("External scripts run R and Python code on the database server, outside SQL Server's permission model.",
       "外部スクリプトは SQL Server の権限モデルの外で、データベースサーバー上の R や Python のコードを実行します。"))
_register_flag("SQLSERVER", "sqlserver_user_connections_unlimited", "6.3.3", "user connections", "0", True,
      ("A limit on user connections lets a few clients lock everybody else out of the database.",
       "ユーザー接続数の上限があると、少数のクライアントが他の全員をデータベースから締め出せます。"),
      severity=Severity.LOW)
_register_flag("SQLSERVER", "sqlserver_remote_access_off", "6.3.5", "remote access", "off", False,
      ("Remote access lets stored procedures be run from and on other servers, a path for lateral movement.",
       "remote access は他サーバーとの間でストアドプロシージャを実行させ、横展開の経路になります。"))
_register_flag("SQLSERVER", "sqlserver_trace_flag_3625_on", "6.3.6", "3625", "on", False,
      ("Trace flag 3625 masks parameters in error messages for users who are not sysadmin.",
       "トレースフラグ 3625 は、sysadmin 以外のユーザーへのエラーメッセージでパラメータを隠します。"),
      severity=Severity.LOW)
_register_flag("SQLSERVER", "sqlserver_contained_db_auth_off", "6.3.7", "contained database authentication", "off", True,
      ("Contained database users authenticate inside the database, bypassing the server's logins and password "
       "policy.",
       "包含データベースのユーザーはデータベース内で認証され、サーバーのログインやパスワードポリシーを迂回します。"))


@check(id="gcp.sql.sqlserver_user_options_unset", resource_types=SQL, severity=Severity.LOW, frameworks=cis("6.3.4"),
       title={"en": "Cloud SQL SQL Server flag 'user options' is not configured",
              "ja": "Cloud SQL SQL Server のデータベースフラグ 'user options' が設定されていない"},
       description={"en": "'user options' overrides session defaults (such as ANSI and XACT settings) for every user; "
                          "CIS asks to leave it unset.",
                    "ja": "'user options' は全ユーザーのセッション既定値（ANSI や XACT の設定など）を上書きします。CIS は"
                          "未設定のままにすることを求めています。"},
       remediation={"en": "gcloud sql instances patch INSTANCE --database-flags=… without 'user options' (the option "
                          "replaces all flags), or --clear-database-flags.",
                    "ja": "'user options' を除いて gcloud sql instances patch INSTANCE --database-flags=… を実行して"
                          "ください（全フラグが置き換わります）。または --clear-database-flags を使用してください。"})
def sqlserver_user_options_unset(r: Resource) -> Result:
    if not _engine(r).startswith("SQLSERVER"):
        return MSG.ok("other_engine", engine=_engine(r)) if _engine(r) else MSG.ok("unknown_engine")
    value = _flag(r, "user options")
    return MSG.fail("flag_set_unwanted", flag="user options", value=value) if value is not None else Result.ok()


@check(id="gcp.sql.instance_cmek", resource_types=SQL, severity=Severity.LOW,
       title={"en": "Cloud SQL instance is encrypted with a customer-managed key",
              "ja": "Cloud SQL インスタンスが顧客管理の鍵で暗号化されている"},
       description={"en": "With a Cloud KMS key you control, disabling the key makes the instance, its backups and "
                          "replicas unreadable, and key use is audited.",
                    "ja": "自身が管理する Cloud KMS 鍵を使うと、鍵を無効化してインスタンス・バックアップ・レプリカを読めなくでき、"
                          "鍵の利用も監査されます。"},
       remediation={"en": "Create a new instance with --disk-encryption-key=projects/…/cryptoKeys/KEY and migrate "
                          "(the key cannot be added to an existing instance).",
                    "ja": "--disk-encryption-key=projects/…/cryptoKeys/KEY を指定して新しいインスタンスを作成し移行して"
                          "ください（既存のインスタンスには追加できません）。"})
def instance_cmek(r: Resource) -> Result:
    key = (r.data.get("diskEncryptionConfiguration") or {}).get("kmsKeyName")
    return Result.ok() if key else MSG.fail("google_managed")


@check(id="gcp.sql.deletion_protection", resource_types=SQL, severity=Severity.LOW,
       title={"en": "Cloud SQL instance has deletion protection", "ja": "Cloud SQL インスタンスで削除保護が有効"},
       description={"en": "Deletion protection stops the instance (and the backups deleted with it) from being removed "
                          "by mistake or by a compromised identity in one call.",
                    "ja": "削除保護により、誤操作や侵害された ID の 1 回の呼び出しでインスタンス（と一緒に削除されるバックアップ）が"
                          "消されることを防ぎます。"},
       remediation={"en": "gcloud sql instances patch INSTANCE --deletion-protection",
                    "ja": "gcloud sql instances patch INSTANCE --deletion-protection を実行してください。"})
def deletion_protection(r: Resource) -> Result:
    on = (r.data.get("settings") or {}).get("deletionProtectionEnabled")
    return Result.ok() if on else MSG.fail("no_deletion_protection")


@check(id="gcp.sql.password_policy_enabled", resource_types=SQL, severity=Severity.LOW,
       title={"en": "Cloud SQL instance enforces a password policy for database users",
              "ja": "Cloud SQL インスタンスでデータベースユーザーのパスワードポリシーが適用されている"},
       description={"en": "Without a password policy built-in database users can be given short, reused or "
                          "username-derived passwords.",
                    "ja": "パスワードポリシーがないと、組み込みのデータベースユーザーに短い・使い回しの・ユーザー名に由来する"
                          "パスワードを設定できてしまいます。"},
       remediation={"en": "gcloud sql instances patch INSTANCE --enable-password-policy --password-policy-min-length=12 "
                          "--password-policy-complexity=COMPLEXITY_DEFAULT --password-policy-disallow-username-substring",
                    "ja": "gcloud sql instances patch INSTANCE --enable-password-policy --password-policy-min-length=12 "
                          "--password-policy-complexity=COMPLEXITY_DEFAULT --password-policy-disallow-username-substring "
                          "を実行してください。"})
def password_policy_enabled(r: Resource) -> Result:
    policy = (r.data.get("settings") or {}).get("passwordValidationPolicy") or {}
    return Result.ok() if policy.get("enablePasswordPolicy") else MSG.fail("no_password_policy")
