"""Step Functions state machines: execution logging, X-Ray tracing, a customer managed key."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check, sub

SM = ("aws.stepfunctions.state_machine",)

setting_check(Setting(
    "aws.stepfunctions.state_machine_logging_enabled", SM, "loggingConfiguration",
    lambda v, r: sub("level", "OFF")(v) in ("ALL", "ERROR"),
    ("Step Functions state machine logs executions (level ALL or ERROR)",
     "Step Functions ステートマシンが実行をログに記録する（レベル ALL または ERROR）"),
    ("Execution history in CloudWatch Logs shows failed and unexpected runs long after the console's 90 days.",
     "CloudWatch Logs の実行履歴により、コンソールの 90 日を過ぎても失敗した実行や想定外の実行を確認できます。"),
    ("Edit the state machine: Logging > level ERROR or ALL with a log group.",
     "ステートマシンを編集し、ログ記録のレベルを ERROR または ALL にしてロググループを指定してください。"),
    Severity.MEDIUM, ("StepFunctions.1",), shows=sub("level", "OFF")), __name__)

setting_check(Setting(
    "aws.stepfunctions.state_machine_tracing_enabled", SM, "tracingConfiguration",
    lambda v, r: bool(sub("enabled", False)(v)),
    ("Step Functions state machine has X-Ray tracing on", "Step Functions ステートマシンで X-Ray トレースが有効"),
    ("Traces show which service each execution called and where it failed or slowed down.",
     "トレースにより、各実行がどのサービスを呼び出し、どこで失敗・遅延したかが分かります。"),
    ("aws stepfunctions update-state-machine --state-machine-arn ARN --tracing-configuration enabled=true",
     "aws stepfunctions update-state-machine --state-machine-arn ARN --tracing-configuration enabled=true を実行してください。"),
    Severity.LOW, shows=sub("enabled", False)), __name__)

setting_check(Setting(
    "aws.stepfunctions.state_machine_encrypted_with_cmk", SM, "encryptionConfiguration",
    lambda v, r: sub("type", "AWS_OWNED_KEY")(v) == "CUSTOMER_MANAGED_KMS_KEY",
    ("Step Functions state machine encrypts its data with a customer managed KMS key",
     "Step Functions ステートマシンがデータをカスタマー管理の KMS キーで暗号化する"),
    ("With your own key, who may read the definition and execution input and output is governed by its key policy.",
     "独自のキーを使うと、定義と実行の入出力を読めるのは、そのキーポリシーで許可された人だけになります。"),
    ("Update the state machine with an encryption configuration of type CUSTOMER_MANAGED_KMS_KEY.",
     "タイプ CUSTOMER_MANAGED_KMS_KEY の暗号化設定でステートマシンを更新してください。"),
    Severity.LOW, shows=sub("type", "AWS_OWNED_KEY")), __name__)
