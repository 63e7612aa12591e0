"""Storage logging for the blob, queue and table services (CIS Azure 2.1 3.13, 3.5, 3.14).

Each service's logging is a diagnostic setting on its sub-resource (``…/blobServices/default``);
the collector reads the three.  Read, write and delete requests must all be exported, by the
categories StorageRead/StorageWrite/StorageDelete or the ``allLogs`` category group.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need, readable
from checks.azure._common import cis, lower
from checks.common import T, as_list

ACCOUNT = ("azure.storage.account",)
CATEGORIES = ("storageread", "storagewrite", "storagedelete")

MSG = Messages("azure.storage_logging", {
    "no_service": ("the account has no {service} service", "このアカウントには {service} サービスがありません"),
    "logged": ("{service} requests exported by {names}", "{service} の要求を {names} がエクスポートしています"),
    "not_logged": ("{service} read, write and delete requests are not all exported (missing {missing})",
                   "{service} の読み取り・書き込み・削除の要求がすべてはエクスポートされていません (不足: {missing})"),
})


def _exported(settings: Any) -> tuple[list[str], set[str]]:
    """Names of the settings that export something, and the categories exported (allLogs = every one)."""
    names, categories = [], set()
    for setting in as_list(settings):
        found = set()
        for log in as_list((setting.get("properties") or {}).get("logs")):
            if not log.get("enabled"):
                continue
            if lower(log.get("categoryGroup")) == "alllogs":
                found |= set(CATEGORIES)
            elif lower(log.get("category")) in CATEGORIES:
                found.add(lower(log.get("category")))
        if found:
            names.append(str(setting.get("name")))
            categories |= found
    return names, categories


def _logging(service: str, control: str) -> None:
    def evaluate(r: Resource) -> Result:
        settings = (need(r, "serviceDiagnosticSettings") or {}).get(service)
        if settings is None:
            return MSG.ok("no_service", service=service)
        names, categories = _exported(readable(settings, f"{service} service diagnostic settings"))
        missing = [c for c in CATEGORIES if c not in categories]
        if missing:
            return MSG.fail("not_logged", service=service, missing=missing)
        return MSG.ok("logged", service=service, names=names)

    check(id=f"azure.storage.{service}_logging_enabled", resource_types=ACCOUNT, severity=Severity.LOW,
          frameworks=cis(control),
          title=T(f"Storage {service} service logs read, write and delete requests",
                  f"ストレージの {service} サービスが読み取り・書き込み・削除の要求を記録している"),
          description=T(f"Without {service} request logs, data access and deletions cannot be investigated.",
                        f"{service} の要求ログがないと、データへのアクセスや削除を調査できません。"),
          remediation=T(f"az monitor diagnostic-settings create --resource <account id>/{service}Services/default -n logs "
                        "--workspace <workspace id> --logs '[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]'",
                        f"az monitor diagnostic-settings create --resource <アカウント ID>/{service}Services/default -n logs "
                        "--workspace <ワークスペース ID> --logs '[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]' を実行します。"))(evaluate)


for _service, _control in (("blob", "3.13"), ("queue", "3.5"), ("table", "3.14")):
    _logging(_service, _control)
