"""Amazon AppStream 2.0 fleet checks: default internet access, session length and the
disconnect and idle timeouts."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

FLEET = ("aws.appstream.fleet",)
MAX_SESSION_SECONDS = 10 * 3600
MAX_DISCONNECT_SECONDS = 5 * 60
MAX_IDLE_SECONDS = 10 * 60

setting_check(Setting(
    "aws.appstream.fleet_no_default_internet_access", FLEET, "EnableDefaultInternetAccess", lambda v, r: v is not True,
    ("AppStream fleet instances have no default internet access", "AppStream フリートのインスタンスに既定のインターネットアクセスがない"),
    ("Default internet access gives every streaming instance a public address, bypassing the VPC's egress controls.",
     "既定のインターネットアクセスは各ストリーミングインスタンスにパブリックアドレスを与え、VPC の送信制御を迂回させます。"),
    ("Turn off EnableDefaultInternetAccess (update-fleet) and route egress through a NAT gateway in private subnets.",
     "EnableDefaultInternetAccess を無効にし (update-fleet)、送信はプライベートサブネットの NAT ゲートウェイ経由にしてください。"),
    Severity.MEDIUM, shows=lambda v: bool(v)), __name__)

setting_check(Setting(
    "aws.appstream.fleet_session_duration_limited", FLEET, "MaxUserDurationInSeconds",
    lambda v, r: int(v or 0) <= MAX_SESSION_SECONDS,
    ("AppStream fleet sessions last at most 10 hours", "AppStream フリートのセッションが最長 10 時間"),
    ("Very long sessions keep an unattended, signed-in desktop and its data available for days.",
     "非常に長いセッションは、放置されたサインイン済みのデスクトップとそのデータを何日も使える状態にします。"),
    ("Set MaxUserDurationInSeconds to 36000 or less (update-fleet).", "MaxUserDurationInSeconds を 36000 以下にしてください (update-fleet)。"),
    Severity.LOW), __name__)

setting_check(Setting(
    "aws.appstream.fleet_disconnect_timeout_short", FLEET, "DisconnectTimeoutInSeconds",
    lambda v, r: int(v or 0) <= MAX_DISCONNECT_SECONDS,
    ("AppStream fleet ends disconnected sessions within 5 minutes", "AppStream フリートが切断されたセッションを 5 分以内に終了する"),
    ("A disconnected session stays resumable, by anyone who can sign in as the user, until the timeout ends it.",
     "切断されたセッションは、タイムアウトで終了するまで、そのユーザーとしてサインインできる誰もが再開できます。"),
    ("Set DisconnectTimeoutInSeconds to 300 or less (update-fleet).", "DisconnectTimeoutInSeconds を 300 以下にしてください (update-fleet)。"),
    Severity.LOW), __name__)

setting_check(Setting(
    "aws.appstream.fleet_idle_disconnect_timeout_short", FLEET, "IdleDisconnectTimeoutInSeconds",
    lambda v, r: 0 < int(v or 0) <= MAX_IDLE_SECONDS,
    ("AppStream fleet disconnects idle users within 10 minutes", "AppStream フリートがアイドル状態のユーザーを 10 分以内に切断する"),
    ("Without an idle timeout (0 turns it off) an unattended session stays open on the user's device.",
     "アイドルタイムアウトがないと (0 は無効)、放置されたセッションがユーザーの端末で開いたままになります。"),
    ("Set IdleDisconnectTimeoutInSeconds between 60 and 600 (update-fleet).",
     "IdleDisconnectTimeoutInSeconds を 60〜600 にしてください (update-fleet)。"),
    Severity.LOW), __name__)
