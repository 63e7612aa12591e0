"""RDS exposure: a publicly accessible instance, with how far the network path lets traffic in."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity, is_unreadable, unreadable_reason
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.rds_exposure", {
    "public": ("publicly accessible; exposure: {level}", "パブリックアクセス可能です。露出レベル: {level}"),
    "public_path_unknown": ("publicly accessible; the network path was not assessed ({path})",
                            "パブリックアクセス可能です。ネットワーク経路は評価できませんでした（{path}）"),
})


@check(id="aws.rds.instance_not_internet_reachable", resource_types=("aws.rds.db_instance",), severity=Severity.CRITICAL,
       frameworks={"cis-aws-3.0": ["2.3.3"]},
       title=T("RDS instance is neither publicly accessible nor reachable", "RDS インスタンスがパブリックアクセス可能でも到達可能でもない"),
       description=T("PubliclyAccessible gives the endpoint a public address: it is reported even while today's security group happens to be closed, with "
           "the exposure level (reachable / public-but-blocked) in the detail.",
                     "PubliclyAccessible はエンドポイントにパブリックアドレスを与えます。現在のセキュリティグループがたまたま閉じていても報告し、露出レベル "
                         "(到達可能 / 公開だが遮断) を詳細に示します。"),
       remediation=T("Modify the instance with --no-publicly-accessible and keep it in private subnets.",
                     "--no-publicly-accessible を指定してインスタンスを変更し、プライベートサブネットに置いてください。"))
def instance_not_internet_reachable(r: Resource) -> Result:
    if not need(r, "PubliclyAccessible"):
        return Result.ok()
    # The flag alone decides the answer; the network path only says how far traffic gets in, so a
    # path the collector could not assess is named in the detail instead of turning a FAIL to ERROR.
    exp = r.data.get("_exposure")
    if is_unreadable(exp) or not isinstance(exp, dict):
        why = unreadable_reason(exp) or "not derived"
        return MSG.fail("public_path_unknown", path=[why], open_ports=[])
    if not exp.get("level"):
        return MSG.fail("public_path_unknown", path=exp.get("path", []), open_ports=exp.get("open_ports", []))
    return MSG.fail("public", level=exp["level"], path=exp.get("path", []), open_ports=exp.get("open_ports", []))
