"""Vertex AI Workbench instance checks (``notebooks.googleapis.com/Instance``): no public IP, no root access,
customer-managed disk encryption, secure boot.

Workbench instances (Notebooks API v2) keep the VM settings under ``gceSetup``; user-managed notebooks
(v1) keep them at the top level (``noPublicIp``, ``metadata``, ``diskEncryption``): both are read.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T
from checks.gcp.common import truthy

INSTANCE = ("gcp.notebooks.instance",)

MSG = Messages("gcp.notebooks", {
    "public_ip": ("the instance has a public IP address", "インスタンスにパブリック IP アドレスがあります"),
    "root_access": ("users can become root (notebook-disable-root is not true)",
                    "ユーザーが root になれます (notebook-disable-root が true ではありません)"),
    "google_managed": ("boot disk encrypted with a Google-managed key", "ブートディスクが Google 管理の鍵で暗号化されています"),
    "no_secure_boot": ("secure boot is off", "セキュアブートが無効です"),
})


def _setup(r: Resource) -> tuple[dict[str, Any], bool]:
    """(the settings holder, whether it is the v2 ``gceSetup``)."""
    setup = r.data.get("gceSetup")
    return (setup, True) if isinstance(setup, dict) else (r.data, False)


@check(id="gcp.notebooks.instance_no_public_ip", resource_types=INSTANCE, severity=Severity.HIGH,
       title=T("Vertex AI Workbench instance has no public IP address", "Vertex AI Workbench インスタンスにパブリック IP アドレスがない"),
       description=T("A notebook VM with a public IP is reachable from the Internet and holds the credentials of its "
                     "service account and often training data.",
                     "パブリック IP を持つノートブック VM はインターネットから到達でき、サービスアカウントの認証情報や多くの場合"
                     "学習データを持っています。"),
       remediation=T("Create the instance with --disable-public-ip (Workbench) / --no-public-ip and use Private "
                     "Google Access.",
                     "--disable-public-ip（Workbench）/ --no-public-ip を指定してインスタンスを作成し、限定公開の Google "
                     "アクセスを使用してください。"))
def instance_no_public_ip(r: Resource) -> Result:
    setup, v2 = _setup(r)
    private = setup.get("disablePublicIp") if v2 else setup.get("noPublicIp")
    return Result.ok() if private else MSG.fail("public_ip")


@check(id="gcp.notebooks.instance_root_access_disabled", resource_types=INSTANCE, severity=Severity.MEDIUM,
       title=T("Vertex AI Workbench instance does not give users root access",
               "Vertex AI Workbench インスタンスでユーザーに root アクセスが与えられていない"),
       description=T("With root, anyone using the notebook can change the VM, read other users' files and the "
                     "service account's token.",
                     "root があると、ノートブックの利用者は誰でも VM を変更し、他のユーザーのファイルやサービスアカウントの"
                     "トークンを読めます。"),
       remediation=T("Set the metadata notebook-disable-root=true on the instance (re-create it if the setting "
                     "cannot be changed).",
                     "インスタンスのメタデータ notebook-disable-root=true を設定してください（変更できない場合は作り直して"
                     "ください）。"))
def instance_root_access_disabled(r: Resource) -> Result:
    setup, _ = _setup(r)
    metadata = setup.get("metadata") or {}
    return Result.ok() if truthy(metadata.get("notebook-disable-root")) else MSG.fail("root_access")


@check(id="gcp.notebooks.instance_cmek", resource_types=INSTANCE, severity=Severity.LOW,
       title=T("Vertex AI Workbench instance disks are encrypted with a customer-managed key",
               "Vertex AI Workbench インスタンスのディスクが顧客管理の鍵で暗号化されている"),
       description=T("Notebook disks hold data and code; a Cloud KMS key you control can cut off access to them.",
                     "ノートブックのディスクにはデータとコードがあり、自身が管理する Cloud KMS 鍵でアクセスを遮断できます。"),
       remediation=T("Create the instance with --boot-disk-encryption=CMEK --boot-disk-kms-key=… (and the same for "
                     "the data disk).",
                     "--boot-disk-encryption=CMEK --boot-disk-kms-key=… を指定してインスタンスを作成してください"
                     "（データディスクも同様）。"))
def instance_cmek(r: Resource) -> Result:
    setup, v2 = _setup(r)
    disk = (setup.get("bootDisk") or {}) if v2 else setup
    return Result.ok() if disk.get("diskEncryption") == "CMEK" and disk.get("kmsKey") else MSG.fail("google_managed")


@check(id="gcp.notebooks.instance_secure_boot", resource_types=INSTANCE, severity=Severity.LOW,
       title=T("Vertex AI Workbench instance boots with Secure Boot", "Vertex AI Workbench インスタンスがセキュアブートで起動する"),
       description=T("Secure Boot lets the VM run only signed boot components, which stops boot-level rootkits.",
                     "セキュアブートにより VM は署名されたブートコンポーネントのみを実行し、ブートレベルのルートキットを防ぎます。"),
       remediation=T("Create the instance with --shielded-secure-boot=true.",
                     "--shielded-secure-boot=true を指定してインスタンスを作成してください。"))
def instance_secure_boot(r: Resource) -> Result:
    setup, _ = _setup(r)
    on = (setup.get("shieldedInstanceConfig") or {}).get("enableSecureBoot")
    return Result.ok() if on else MSG.fail("no_secure_boot")
