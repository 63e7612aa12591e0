"""RDS exposure: a publicly accessible instance, with how far the network path lets traffic in."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.aws.exposure import exposure
from checks.common import T

MSG = Messages("aws.rds_exposure", {
    "public": ("publicly accessible; exposure: {level}", "パブリックアクセス可能です。露出レベル: {level}"),
})


@check(id="aws.rds.instance_not_internet_reachable", resource_types=("aws.rds.db_instance",), severity=Severity.CRITICAL,
       frameworks={"cis-aws-3.0": ["2.3.3"]},
       title=T("RDS instance is neither publicly accessible nor reachable", "RDS インスタンスがパブリックアクセス可能でも到達可能でもない"),
       description=T("PubliclyAccessible gives the endpoint a public address: it is reported even while today's security group happens to be closed, with the exposure level (reachable / public-but-blocked) in the detail.",
                     "PubliclyAccessible はエンドポイントにパブリックアドレスを与えます。現在のセキュリティグループがたまたま閉じていても報告し、露出レベル (到達可能 / 公開だが遮断) を詳細に示します。"),
       remediation=T("Modify the instance with --no-publicly-accessible and keep it in private subnets.",
                     "--no-publicly-accessible を指定してインスタンスを変更し、プライベートサブネットに置いてください。"))
def instance_not_internet_reachable(r: Resource) -> Result:
    exp = exposure(r)
    if r.data.get("PubliclyAccessible"):
        level = exp.get("level", "public (network path not assessed)")
        return MSG.fail("public", level=level, path=exp.get("path", []), open_ports=exp.get("open_ports", []))
    return Result.ok()
