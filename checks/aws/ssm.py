"""SSM document: who outside the account the resource policy or sharing lets in
(:mod:`checks.aws.policies` words the answers of :mod:`agent.policy.aws_resource_policy`)."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import check, need
from checks.aws.policies import shared_result, shared_texts
from checks.common import T


@check(id="aws.ssm.document_not_shared_cross_account", resource_types=('aws.ssm.document',), severity=Severity.MEDIUM,
       needs_inventory=True, **shared_texts("SSM document", "SSM ドキュメント"))
def document_not_shared_cross_account(r: Resource, inventory: Inventory | None = None) -> Result:
    return shared_result([str(a) for a in need(r, "_shared_with") or []], r, inventory)


@check(id="aws.ssm.document_not_public", resource_types=("aws.ssm.document",), severity=Severity.CRITICAL,
       frameworks={"aws-fsbp": ["SSM.4"]},
       title=T("SSM document is not shared publicly", "SSM ドキュメントが公開共有されていない"),
       description=T("A document shared with 'all' can be read and run by every AWS account; documents often carry "
                     "scripts, internal names and sometimes credentials.",
                     "'all' と共有されたドキュメントはすべての AWS アカウントが閲覧・実行できます。ドキュメントにはスクリプトや"
                     "内部名、時に認証情報が含まれます。"),
       remediation=T("aws ssm modify-document-permission --name NAME --permission-type Share --account-ids-to-remove all",
                     "aws ssm modify-document-permission --name NAME --permission-type Share --account-ids-to-remove all を"
                     "実行してください。"))
def document_not_public(r: Resource) -> Result:
    return shared_result(["all"], r, None) if "all" in (need(r, "_shared_with") or []) else Result.ok()
