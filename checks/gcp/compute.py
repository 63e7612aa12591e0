"""Compute Engine instance and project checks (CIS section 4)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import cis, metadata_value, truthy

INSTANCE = ("gcp.compute.instance",)
DEFAULT_SA_SUFFIX = "-compute@developer.gserviceaccount.com"
FULL_ACCESS_SCOPE = "https://www.googleapis.com/auth/cloud-platform"

MSG = Messages("gcp.compute", {
    "gke_node": ("GKE node (managed by GKE)", "GKE ノードです (GKE が管理)"),
    "default_sa": ("runs as {email}", "{email} として動作しています"),
    "default_sa_full_access": ("{email} with scope cloud-platform", "{email} を cloud-platform スコープで使用しています"),
    "project_ssh_keys": ("project-wide SSH keys are accepted", "プロジェクト全体の SSH 鍵を受け付けます"),
    "os_login_off": ("enable-oslogin={value}", "OS Login が無効化されています (enable-oslogin={value})"),
    "serial_port": ("serial-port-enable is on", "serial-port-enable が有効です"),
    "ip_forwarding": ("canIpForward is true", "canIpForward が true です"),
    "not_shielded": ("not enabled: {missing}", "有効になっていない設定: {missing}"),
    "external_addresses": ("external addresses: {addresses}", "外部アドレス: {addresses}"),
    "project_os_login": ("enable-oslogin is {value}", "enable-oslogin が {value} です"),
    "project_os_login_unset": ("enable-oslogin is not set", "enable-oslogin が設定されていません"),
    "not_confidential": ("Confidential Computing is off", "Confidential Computing が無効です"),
    "disks_without_csek": ("disks without a customer-supplied key: {disks}", "顧客指定の鍵のないディスク: {disks}"),
    "no_secure_boot": ("secure boot is off", "セキュアブートが無効です"),
    "project_2fa": ("enable-oslogin-2fa is {value}", "enable-oslogin-2fa が {value} です"),
    "project_2fa_unset": ("enable-oslogin-2fa is not set", "enable-oslogin-2fa が設定されていません"),
    "project_serial_port": ("serial-port-enable={value} for every instance of the project",
                            "プロジェクトの全インスタンスで serial-port-enable={value} です"),
})


def _is_gke_node(r: Resource) -> bool:
    """GKE node VMs are managed by GKE; CIS exempts them from the instance-level rules."""
    return "goog-gke-node" in (r.data.get("labels") or {})


def _service_accounts(r: Resource) -> list[dict[str, Any]]:
    return as_list(r.data.get("serviceAccounts"))


@check(id="gcp.compute.instance_no_default_service_account", resource_types=INSTANCE, severity=Severity.MEDIUM,
       frameworks=cis("4.1"),
       title={"en": "VM instance does not run as the Compute Engine default service account",
              "ja": "VM インスタンスが Compute Engine のデフォルトサービスアカウントで動作していない"},
       description={"en": "The default service account has the Editor role on the project by default; every VM "
                          "running as it can change almost anything.",
                    "ja": "デフォルトサービスアカウントには既定でプロジェクトの編集者ロールがあり、それで動く VM は"
                          "ほぼ何でも変更できます。"},
       remediation={"en": "Stop the instance, attach a dedicated least-privilege service account and start it "
                          "again (gcloud compute instances set-service-account).",
                    "ja": "インスタンスを停止し、最小権限の専用サービスアカウントを設定して再起動してください"
                          "（gcloud compute instances set-service-account）。"})
def instance_no_default_service_account(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    default = [str(sa.get("email", "")) for sa in _service_accounts(r)
               if str(sa.get("email", "")).endswith(DEFAULT_SA_SUFFIX)]
    return MSG.fail("default_sa", email=default[0]) if default else Result.ok()


@check(id="gcp.compute.instance_default_sa_no_full_api_access", resource_types=INSTANCE, severity=Severity.HIGH,
       frameworks=cis("4.2"),
       title={"en": "VM instance does not use the default service account with full access to all Cloud APIs",
              "ja": "VM インスタンスがデフォルトサービスアカウントと全 Cloud API へのフルアクセスを併用していない"},
       description={"en": "The default service account (Editor) combined with the cloud-platform scope gives any "
                          "process on the VM, or anyone reaching its metadata server, editor rights on the project.",
                    "ja": "デフォルトサービスアカウント（編集者）と cloud-platform スコープの組み合わせでは、VM 上の任意の"
                          "プロセスやメタデータサーバーに到達した者がプロジェクトの編集権限を得ます。"},
       remediation={"en": "Use a dedicated service account, or restrict the access scopes of the default one.",
                    "ja": "専用のサービスアカウントを使うか、デフォルトアカウントのアクセススコープを制限してください。"})
def instance_default_sa_no_full_api_access(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    for sa in _service_accounts(r):
        if str(sa.get("email", "")).endswith(DEFAULT_SA_SUFFIX) and FULL_ACCESS_SCOPE in (sa.get("scopes") or []):
            return MSG.fail("default_sa_full_access", email=sa["email"])
    return Result.ok()


@check(id="gcp.compute.instance_block_project_ssh_keys", resource_types=INSTANCE, severity=Severity.MEDIUM,
       frameworks=cis("4.3"),
       title={"en": "VM instance blocks project-wide SSH keys", "ja": "VM インスタンスでプロジェクト全体の SSH 鍵がブロックされている"},
       description={"en": "Project-wide SSH keys open every instance of the project; one leaked key reaches all VMs.",
                    "ja": "プロジェクト全体の SSH 鍵はプロジェクトの全インスタンスに有効で、1 本の鍵の漏洩で全 VM に到達されます。"},
       remediation={"en": "Set the instance metadata block-project-ssh-keys=TRUE "
                          "(gcloud compute instances add-metadata INSTANCE --metadata block-project-ssh-keys=TRUE).",
                    "ja": "インスタンスのメタデータ block-project-ssh-keys=TRUE を設定してください"
                          "（gcloud compute instances add-metadata INSTANCE --metadata block-project-ssh-keys=TRUE）。"})
def instance_block_project_ssh_keys(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    if truthy(metadata_value(r.data.get("metadata"), "block-project-ssh-keys")):
        return Result.ok()
    return MSG.fail("project_ssh_keys")


@check(id="gcp.compute.instance_os_login_not_disabled", resource_types=INSTANCE, severity=Severity.MEDIUM,
       frameworks=cis("4.4"),
       title={"en": "VM instance does not switch OS Login off", "ja": "VM インスタンスで OS Login が無効化されていない"},
       description={"en": "Instance metadata enable-oslogin=FALSE overrides the project's OS Login and falls back "
                          "to unmanaged metadata SSH keys.",
                    "ja": "インスタンスのメタデータ enable-oslogin=FALSE はプロジェクトの OS Login を上書きし、"
                          "管理されないメタデータ SSH 鍵に戻してしまいます。"},
       remediation={"en": "Remove the enable-oslogin metadata key from the instance (or set it to TRUE).",
                    "ja": "インスタンスのメタデータ enable-oslogin を削除する（または TRUE にする）してください。"})
def instance_os_login_not_disabled(r: Resource) -> Result:
    value = metadata_value(r.data.get("metadata"), "enable-oslogin")
    if value is not None and not truthy(value):
        return MSG.fail("os_login_off", value=value)
    return Result.ok()


@check(id="gcp.compute.instance_serial_port_disabled", resource_types=INSTANCE, severity=Severity.MEDIUM,
       frameworks=cis("4.5"),
       title={"en": "Interactive serial console access is disabled", "ja": "シリアルポートへの対話型接続が無効"},
       description={"en": "The serial console accepts connections from any IP address and bypasses firewall rules.",
                    "ja": "シリアルコンソールは任意の IP アドレスから接続でき、ファイアウォールルールを迂回します。"},
       remediation={"en": "Set serial-port-enable=FALSE in the instance metadata (or remove it).",
                    "ja": "インスタンスのメタデータ serial-port-enable を FALSE にする（または削除する）してください。"})
def instance_serial_port_disabled(r: Resource) -> Result:
    if truthy(metadata_value(r.data.get("metadata"), "serial-port-enable")):
        return MSG.fail("serial_port")
    return Result.ok()


@check(id="gcp.compute.instance_ip_forwarding_disabled", resource_types=INSTANCE, severity=Severity.MEDIUM,
       frameworks=cis("4.6"),
       title={"en": "IP forwarding is disabled on the VM instance", "ja": "VM インスタンスで IP 転送が無効"},
       description={"en": "With canIpForward a VM can send and receive packets for other addresses and act as an "
                          "unmonitored router.",
                    "ja": "canIpForward が有効な VM は他のアドレス宛のパケットを送受信でき、監視されないルーターになり得ます。"},
       remediation={"en": "Recreate the instance with --no-can-ip-forward (the setting cannot be changed in place).",
                    "ja": "--no-can-ip-forward を指定してインスタンスを再作成してください（設定はその場で変更できません）。"})
def instance_ip_forwarding_disabled(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    return MSG.fail("ip_forwarding") if r.data.get("canIpForward") else Result.ok()


@check(id="gcp.compute.instance_shielded_vm", resource_types=INSTANCE, severity=Severity.MEDIUM, frameworks=cis("4.8"),
       title={"en": "VM instance runs as a Shielded VM (vTPM and integrity monitoring)",
              "ja": "VM インスタンスが Shielded VM（vTPM と整合性モニタリング）で動作している"},
       description={"en": "Shielded VM protects against boot-level rootkits and lets you detect tampering with the "
                          "boot sequence.",
                    "ja": "Shielded VM はブートレベルのルートキットから保護し、ブートシーケンスの改ざんを検知できます。"},
       remediation={"en": "Stop the instance and enable vTPM and integrity monitoring "
                          "(gcloud compute instances update INSTANCE --shielded-vtpm --shielded-integrity-monitoring).",
                    "ja": "インスタンスを停止し vTPM と整合性モニタリングを有効にしてください"
                          "（gcloud compute instances update INSTANCE --shielded-vtpm "
                          "--shielded-integrity-monitoring）。"})
def instance_shielded_vm(r: Resource) -> Result:
    cfg = r.data.get("shieldedInstanceConfig") or {}
    missing = [k for k in ("enableVtpm", "enableIntegrityMonitoring") if not cfg.get(k)]
    return MSG.fail("not_shielded", missing=missing) if missing else Result.ok()


@check(id="gcp.compute.instance_no_public_ip", resource_types=INSTANCE, severity=Severity.HIGH, frameworks=cis("4.9"),
       title={"en": "VM instance has no public IP address", "ja": "VM インスタンスにパブリック IP アドレスがない"},
       description={"en": "An external IP puts the VM directly on the Internet; put it behind a load balancer, "
                          "Cloud NAT or IAP instead.",
                    "ja": "外部 IP があると VM はインターネットに直接さらされます。ロードバランサ・Cloud NAT・IAP の背後に"
                          "置いてください。"},
       remediation={"en": "Remove the access config of each network interface "
                          "(gcloud compute instances delete-access-config INSTANCE --access-config-name=…).",
                    "ja": "各ネットワークインターフェースのアクセス構成を削除してください"
                          "（gcloud compute instances delete-access-config INSTANCE --access-config-name=…）。"})
def instance_no_public_ip(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    nics = as_list(r.data.get("networkInterfaces"))
    public = [ac.get("natIP") or ac.get("name", "ephemeral")
              for nic in nics for ac in as_list(nic.get("accessConfigs"))]
    public += [ac.get("externalIpv6") for nic in nics
               for ac in as_list(nic.get("ipv6AccessConfigs")) if ac.get("externalIpv6")]
    return MSG.fail("external_addresses", addresses=public) if public else Result.ok()


@check(id="gcp.compute.project_os_login_enabled", resource_types=("gcp.compute.project",), severity=Severity.MEDIUM,
       frameworks=cis("4.4"),
       title={"en": "OS Login is enabled for the project", "ja": "プロジェクトで OS Login が有効"},
       description={"en": "OS Login ties SSH access to IAM identities, so access is granted, revoked and audited "
                          "centrally instead of through metadata SSH keys.",
                    "ja": "OS Login は SSH アクセスを IAM の ID に結び付け、メタデータの SSH 鍵ではなく一元的に付与・剥奪・"
                          "監査できるようにします。"},
       remediation={"en": "gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE",
                    "ja": "gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE を実行してください。"})
def project_os_login_enabled(r: Resource) -> Result:
    value = metadata_value(r.data.get("commonInstanceMetadata"), "enable-oslogin")
    if truthy(value):
        return Result.ok()
    return MSG.fail("project_os_login", value=value) if value else MSG.fail("project_os_login_unset")


@check(id="gcp.compute.instance_confidential_computing", resource_types=INSTANCE, severity=Severity.LOW,
       frameworks=cis("4.11"),
       title=T("VM instance has Confidential Computing enabled", "VM インスタンスで Confidential Computing が有効"),
       description=T("Confidential VMs keep memory encrypted with a per-VM key the hypervisor cannot read, protecting "
                     "data in use.",
                     "Confidential VM はハイパーバイザーが読めない VM ごとの鍵でメモリを暗号化し、使用中のデータを保護します。"),
       remediation=T("Recreate the instance on a supported machine type (N2D, C2D, C3…) with "
                     "--confidential-compute-type=SEV (or SEV_SNP, TDX).",
                     "対応するマシンタイプ（N2D・C2D・C3 など）で --confidential-compute-type=SEV（または SEV_SNP・TDX）を"
                     "指定してインスタンスを作成し直してください。"))
def instance_confidential_computing(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    cfg = r.data.get("confidentialInstanceConfig") or {}
    on = cfg.get("enableConfidentialCompute") or cfg.get("confidentialInstanceType") not in (
        None, "", "CONFIDENTIAL_INSTANCE_TYPE_UNSPECIFIED")
    return Result.ok() if on else MSG.fail("not_confidential")


@check(id="gcp.compute.instance_disks_csek", resource_types=INSTANCE, severity=Severity.LOW, frameworks=cis("4.7"),
       title=T("VM instance disks are encrypted with customer-supplied keys (CSEK)",
               "VM インスタンスのディスクが顧客指定の暗号鍵（CSEK）で暗号化されている"),
       description=T("With CSEK Google cannot decrypt the disk without the key you supply at start; CIS asks for it "
                     "on critical VMs.",
                     "CSEK では起動時に指定する鍵がなければ Google もディスクを復号できません。CIS は重要な VM で求めています。"),
       remediation=T("Recreate the disks with --csek-key-file (a disk's key cannot be changed in place).",
                     "--csek-key-file を指定してディスクを作成し直してください（ディスクの鍵はその場で変更できません）。"))
def instance_disks_csek(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    missing = [str(d.get("deviceName") or d.get("source", "?")).rsplit("/", 1)[-1]
               for d in as_list(r.data.get("disks")) if not (d.get("diskEncryptionKey") or {}).get("sha256")]
    return MSG.fail("disks_without_csek", disks=missing) if missing else Result.ok()


@check(id="gcp.compute.instance_secure_boot", resource_types=INSTANCE, severity=Severity.LOW, frameworks=cis("4.8"),
       title=T("VM instance boots with Secure Boot", "VM インスタンスがセキュアブートで起動する"),
       description=T("Secure Boot lets the VM run only signed boot components, which stops boot-level rootkits.",
                     "セキュアブートにより VM は署名されたブートコンポーネントのみを実行し、ブートレベルのルートキットを防ぎます。"),
       remediation=T("Stop the instance and gcloud compute instances update INSTANCE --shielded-secure-boot",
                     "インスタンスを停止し gcloud compute instances update INSTANCE --shielded-secure-boot を実行してください。"))
def instance_secure_boot(r: Resource) -> Result:
    if _is_gke_node(r):
        return MSG.ok("gke_node")
    on = (r.data.get("shieldedInstanceConfig") or {}).get("enableSecureBoot")
    return Result.ok() if on else MSG.fail("no_secure_boot")


@check(id="gcp.compute.project_os_login_2fa", resource_types=("gcp.compute.project",), severity=Severity.MEDIUM,
       frameworks=cis("4.4"),
       title=T("OS Login requires two-step verification for the project",
               "プロジェクトの OS Login で 2 段階認証が必須になっている"),
       description=T("enable-oslogin-2fa makes every SSH login through OS Login also ask for a second factor.",
                     "enable-oslogin-2fa により、OS Login による SSH ログインのたびに 2 つ目の要素が求められます。"),
       remediation=T("gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE,enable-oslogin-2fa=TRUE",
                     "gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE,enable-oslogin-2fa=TRUE "
                     "を実行してください。"))
def project_os_login_2fa(r: Resource) -> Result:
    value = metadata_value(r.data.get("commonInstanceMetadata"), "enable-oslogin-2fa")
    if truthy(value):
        return Result.ok()
    return MSG.fail("project_2fa", value=value) if value else MSG.fail("project_2fa_unset")


@check(id="gcp.compute.project_serial_port_disabled", resource_types=("gcp.compute.project",),
       severity=Severity.MEDIUM, frameworks=cis("4.5"),
       title=T("Interactive serial console access is not enabled project-wide",
               "プロジェクト全体でシリアルポートへの対話型接続が有効になっていない"),
       description=T("Project metadata serial-port-enable=TRUE opens the serial console of every instance that does "
                     "not override it.",
                     "プロジェクトのメタデータ serial-port-enable=TRUE は、上書きしていない全インスタンスのシリアルコンソールを"
                     "開きます。"),
       remediation=T("gcloud compute project-info remove-metadata --keys=serial-port-enable",
                     "gcloud compute project-info remove-metadata --keys=serial-port-enable を実行してください。"))
def project_serial_port_disabled(r: Resource) -> Result:
    value = metadata_value(r.data.get("commonInstanceMetadata"), "serial-port-enable")
    return MSG.fail("project_serial_port", value=value) if truthy(value) else Result.ok()
