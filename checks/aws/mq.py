"""Amazon MQ broker checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.mq", {
    "public": ("the broker is publicly accessible", "ブローカーがパブリックアクセス可能です"),
})


@check(id="aws.mq.broker_not_publicly_accessible", resource_types=("aws.mq.broker",), severity=Severity.HIGH,
       title=T("Amazon MQ broker is not publicly accessible", "Amazon MQ ブローカーがパブリックアクセス可能でない"),
       description=T("A broker created publicly accessible has an internet-resolvable endpoint for its console and "
                     "wire protocols.",
                     "パブリックアクセス可能として作成されたブローカーは、コンソールとプロトコルのエンドポイントがインターネットから"
                     "解決できます。"),
       remediation=T("Public accessibility cannot be changed in place: recreate the broker with PubliclyAccessible "
                     "false in private subnets.",
                     "パブリックアクセス可否は後から変更できないため、PubliclyAccessible を false にしてプライベートサブネットに"
                     "ブローカーを作り直してください。"))
def broker_not_publicly_accessible(r: Resource) -> Result:
    return MSG.fail("public") if need(r, "PubliclyAccessible") else Result.ok()
