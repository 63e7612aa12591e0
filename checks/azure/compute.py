"""Virtual machine and disk checks (CIS Azure 2.1 section 7, public IPs 6.7)."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import cis, lower, props

VM = ("azure.compute.vm",)
CMK_TYPES = {"encryptionatrestwithcustomerkey", "encryptionatrestwithplatformandcustomerkeys"}
# Extension publishers run by Microsoft; anything else needs an explicit review (CIS 7.5).
APPROVED_PUBLISHER_PREFIXES = ("microsoft.",)

MSG = Messages("azure.compute", {
    "unmanaged_disks": ("unmanaged disk(s): {disks}", "非マネージドディスク: {disks}"),
    "cmk": ("{type}", "暗号化の種類: {type}"),
    "platform_keys_only": ("encrypted with platform-managed keys only ({type})",
                           "プラットフォーム管理キーだけで暗号化されています ({type})"),
    "public_ips": ("{count} public IP address(es) attached", "パブリック IP アドレスが {count} 個付いています"),
    "other_publishers": ("extensions from other publishers: {names}", "承認済み以外の発行元の拡張機能: {names}"),
    "no_trusted_launch": ("Trusted Launch with Secure Boot and vTPM is not enabled",
                          "セキュアブートと vTPM によるトラステッド起動が有効になっていません"),
})


@check(id="azure.compute.vm_managed_disks", resource_types=VM, severity=Severity.MEDIUM,
       frameworks=cis("7.2"),
       title={"en": "VM uses managed disks", "ja": "VM がマネージドディスクを使用している"},
       description={"en": "Unmanaged VHDs live as blobs in a storage account, whose keys and public access then guard the disk.",
                    "ja": "非マネージド VHD はストレージアカウントの BLOB として置かれ、そのキーや公開設定がディスクの安全を左右します。"},
       remediation={"en": "ConvertTo-AzVMManagedDisk -ResourceGroupName <rg> -VMName <vm> (the VM is stopped during conversion)",
                    "ja": "ConvertTo-AzVMManagedDisk -ResourceGroupName <RG> -VMName <VM> を実行します (変換中は VM が停止します)。"})
def managed_disks(r: Resource) -> Result:
    storage = props(r).get("storageProfile") or {}
    disks = [storage.get("osDisk") or {}] + list(storage.get("dataDisks") or [])
    unmanaged = [d.get("name") or "os" for d in disks if d and not d.get("managedDisk")]
    if unmanaged:
        return MSG.fail("unmanaged_disks", disks=unmanaged)
    return Result.ok()


@check(id="azure.compute.disk_encrypted_cmk", resource_types=("azure.compute.disk",), severity=Severity.LOW,
       frameworks=cis("7.3", "7.4"),
       title={"en": "Managed disk is encrypted with a customer-managed key", "ja": "マネージドディスクがカスタマーマネージドキーで暗号化されている"},
       description={"en": "Platform-managed keys protect against lost media only; a customer-managed key (or Azure Disk "
                          "Encryption) lets you control, rotate and revoke access to the data.",
                    "ja": "プラットフォーム管理キーは媒体の紛失にしか効きません。カスタマーマネージドキー (または Azure Disk Encryption) "
                          "ならデータへのアクセスを管理・更新・失効できます。"},
       remediation={"en": "Create a disk encryption set with a Key Vault key and assign it: az disk update -n <disk> -g <rg> --encryption-type "
                          "EncryptionAtRestWithCustomerKey --disk-encryption-set <set>",
                    "ja": "Key Vault の鍵でディスク暗号化セットを作成し、az disk update -n <ディスク> -g <RG> --encryption-type "
                          "EncryptionAtRestWithCustomerKey --disk-encryption-set <セット> で割り当てます。"})
def disk_cmk(r: Resource) -> Result:
    p = props(r)
    kind = lower((p.get("encryption") or {}).get("type"))
    if kind in CMK_TYPES or (p.get("encryptionSettingsCollection") or {}).get("enabled") is True:
        return MSG.ok("cmk", type=kind or "azure disk encryption")
    return MSG.fail("platform_keys_only", type=kind or "default", state=p.get("diskState"))


@check(id="azure.compute.vm_no_public_ip", resource_types=VM, severity=Severity.MEDIUM,
       frameworks=cis("6.7"),
       title={"en": "VM has no public IP address", "ja": "VM にパブリック IP アドレスが付いていない"},
       description={"en": "A public IP makes the VM directly reachable from the Internet, subject only to its NSG.",
                    "ja": "パブリック IP があると VM は NSG だけを隔ててインターネットから直接到達可能になります。"},
       remediation={"en": "Dissociate the public IP from the NIC and reach the VM through Bastion, a load balancer or a VPN.",
                    "ja": "NIC からパブリック IP の関連付けを解除し、Bastion、ロードバランサー、VPN 経由で接続します。"})
def no_public_ip(r: Resource) -> Result:
    ips = r.data.get("publicIpAddresses") or []
    if ips:
        return MSG.fail("public_ips", count=len(ips), addresses=[i.get("ipAddress") for i in ips])
    return Result.ok()


@check(id="azure.compute.vm_extensions_approved", resource_types=VM, severity=Severity.LOW,
       frameworks=cis("7.5"),
       title={"en": "VM runs only extensions from approved publishers", "ja": "VM が承認済み発行元の拡張機能だけを実行している"},
       description={"en": "Extensions run as root/SYSTEM inside the VM; third-party ones need to be reviewed and approved.",
                    "ja": "拡張機能は VM 内で root/SYSTEM 権限で動作するため、サードパーティ製のものは審査と承認が必要です。"},
       remediation={"en": "Review the listed extensions; remove unapproved ones with az vm extension delete.",
                    "ja": "一覧の拡張機能を確認し、未承認のものは az vm extension delete で削除します。"})
def extensions_approved(r: Resource) -> Result:
    others = [e for e in r.data.get("extensions") or []
              if not lower(e.get("publisher")).startswith(APPROVED_PUBLISHER_PREFIXES)]
    if others:
        return MSG.fail("other_publishers", names=[str(e.get("name")) for e in others], extensions=others)
    return Result.ok()


@check(id="azure.compute.vm_trusted_launch", resource_types=VM, severity=Severity.LOW,
       frameworks=cis("7.9"),
       title={"en": "VM uses Trusted Launch with Secure Boot and vTPM", "ja": "VM でトラステッド起動 (セキュアブートと vTPM) が有効"},
       description={"en": "Secure Boot and a virtual TPM protect the VM against bootkits and rootkits.",
                    "ja": "セキュアブートと仮想 TPM はブートキットやルートキットから VM を守ります。"},
       remediation={"en": "Enable Trusted Launch (security type TrustedLaunch, secure boot and vTPM on) on a supported generation 2 VM.",
                    "ja": "対応する第 2 世代 VM でトラステッド起動 (セキュリティの種類 TrustedLaunch、セキュアブートと vTPM) を有効にします。"})
def trusted_launch(r: Resource) -> Result:
    sec = props(r).get("securityProfile") or {}
    uefi = sec.get("uefiSettings") or {}
    if lower(sec.get("securityType")) in ("trustedlaunch", "confidentialvm") and uefi.get("secureBootEnabled") and uefi.get("vTpmEnabled"):
        return Result.ok()
    return MSG.fail("no_trusted_launch", securityType=sec.get("securityType"))
