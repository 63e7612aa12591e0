"""Amazon WorkSpaces checks: volume encryption of each WorkSpace; IP access restrictions and
internet access defaults of each registered directory."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check, sub

WS, DIRECTORY = ("aws.workspaces.workspace",), ("aws.workspaces.directory",)

setting_check(Setting(
    "aws.workspaces.user_volume_encrypted", WS, "UserVolumeEncryptionEnabled", lambda v, r: v is True,
    ("WorkSpace user volume is encrypted at rest", "WorkSpace のユーザーボリュームが保存時に暗号化されている"),
    ("The user volume (D: or /home) holds the user's files and profile; unencrypted it is readable from snapshots.",
     "ユーザーボリューム (D: または /home) にはユーザーのファイルとプロファイルがあり、暗号化しないとスナップショットから読めます。"),
    ("Encryption is chosen at launch: rebuild the WorkSpace with UserVolumeEncryptionEnabled and a KMS key.",
     "暗号化は起動時に決まるため、UserVolumeEncryptionEnabled と KMS キーを指定して WorkSpace を作り直してください。"),
    Severity.MEDIUM, ("WorkSpaces.1",), shows=lambda v: bool(v)), __name__)

setting_check(Setting(
    "aws.workspaces.root_volume_encrypted", WS, "RootVolumeEncryptionEnabled", lambda v, r: v is True,
    ("WorkSpace root volume is encrypted at rest", "WorkSpace のルートボリュームが保存時に暗号化されている"),
    ("The root volume holds the operating system, cached credentials and temporary files.",
     "ルートボリュームには OS・キャッシュされた認証情報・一時ファイルがあります。"),
    ("Encryption is chosen at launch: rebuild the WorkSpace with RootVolumeEncryptionEnabled and a KMS key.",
     "暗号化は起動時に決まるため、RootVolumeEncryptionEnabled と KMS キーを指定して WorkSpace を作り直してください。"),
    Severity.MEDIUM, ("WorkSpaces.2",), shows=lambda v: bool(v)), __name__)

setting_check(Setting(
    "aws.workspaces.directory_ip_access_restricted", DIRECTORY, "ipGroupIds", lambda v, r: bool(v),
    ("WorkSpaces directory restricts client IP addresses", "WorkSpaces ディレクトリがクライアントの IP アドレスを制限している"),
    ("Without an IP access control group, the WorkSpaces of the directory accept sign-ins from any address on the internet.",
     "IP アクセスコントロールグループがないと、ディレクトリの WorkSpaces はインターネット上のどのアドレスからのサインインも受け付けます。"),
    ("Create an IP access control group with the trusted ranges and associate it with the directory (associate-ip-groups).",
     "信頼できる範囲の IP アクセスコントロールグループを作成し、ディレクトリに関連付けてください (associate-ip-groups)。"),
    Severity.MEDIUM, shows=lambda v: v or "none"), __name__)

setting_check(Setting(
    "aws.workspaces.directory_no_default_internet_access", DIRECTORY, "WorkspaceCreationProperties",
    lambda v, r: sub("EnableInternetAccess", False)(v) is not True,
    ("WorkSpaces directory does not give new WorkSpaces direct internet access",
     "WorkSpaces ディレクトリが新しい WorkSpace に直接のインターネットアクセスを与えない"),
    ("With EnableInternetAccess every new WorkSpace gets a public IP address and reaches the internet around the VPC's controls.",
     "EnableInternetAccess があると、新しい WorkSpace ごとにパブリック IP が付き、VPC の制御を迂回してインターネットに出ます。"),
    ("Turn off EnableInternetAccess (modify-workspace-creation-properties) and route egress through a NAT gateway and firewall.",
     "EnableInternetAccess を無効にし (modify-workspace-creation-properties)、送信は NAT ゲートウェイとファイアウォール経由にしてください。"),
    Severity.MEDIUM, shows=sub("EnableInternetAccess", False)), __name__)
