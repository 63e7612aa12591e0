"""VM encryption at host: temp disks and caches are encrypted too, not only the managed disks."""

from __future__ import annotations

from agent.core.model import Severity
from checks import Messages
from checks.azure._common import property_check
from checks.common import T

MSG = Messages("azure.compute_host", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})

property_check(MSG, ("azure.compute.vm",), "azure.compute.vm_encryption_at_host", Severity.LOW,
               ("securityProfile", "encryptionAtHost"), lambda v: v is True, False, {},
               T("VM encrypts temporary disks and caches at the host", "VM がホストで一時ディスクとキャッシュを暗号化している"),
               T("Server-side encryption covers managed disks only; temp disks and disk caches stay unencrypted without it.",
                 "サーバー側暗号化はマネージドディスクのみが対象で、ホストでの暗号化がないと一時ディスクとキャッシュは暗号化されません。"),
               T("az vm update -g <rg> -n <vm> --set securityProfile.encryptionAtHost=true (deallocate the VM first)",
                 "VM の割り当てを解除してから az vm update -g <RG> -n <VM> --set securityProfile.encryptionAtHost=true を実行します。"))
