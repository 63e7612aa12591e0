"""Amazon Bedrock checks: invocation logging, guardrails, agents and custom models."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

LOGGING, GUARDRAIL, AGENT, MODEL = ("aws.bedrock.invocation_logging",), ("aws.bedrock.guardrail",), \
    ("aws.bedrock.agent",), ("aws.bedrock.custom_model",)
WEAK = ("NONE", "LOW")

MSG = Messages("aws.bedrock", {
    "logging_off": ("model invocation logging is not configured", "モデル呼び出しのログ記録が設定されていません"),
    "logging_to": ("invocations are logged to {destinations}", "呼び出しのログ記録先: {destinations}"),
    "no_prompt_filter": ("no prompt-attack filter on input", "入力にプロンプト攻撃フィルターがありません"),
    "weak_prompt_filter": ("the prompt-attack filter's input strength is {strength}",
                           "プロンプト攻撃フィルターの入力強度が {strength} です"),
    "no_pii_filter": ("no sensitive-information filter (PII entities or patterns)",
                      "機密情報フィルター (PII エンティティまたはパターン) がありません"),
    "pii_filter": ("{entities} PII entity type(s), {regexes} pattern(s)", "PII エンティティ {entities} 種類、パターン {regexes} 件"),
    "no_guardrail": ("the agent has no guardrail", "エージェントにガードレールがありません"),
})


@check(id="aws.bedrock.model_invocation_logging_enabled", resource_types=LOGGING, severity=Severity.MEDIUM,
       title=T("Bedrock model invocation logging is enabled", "Bedrock のモデル呼び出しログ記録が有効"),
       description=T("Without invocation logs, prompts and responses sent to Bedrock models in the region (misuse, "
                     "prompt injection, data leaks) cannot be investigated afterwards.",
                     "呼び出しログがないと、このリージョンで Bedrock モデルに送られたプロンプトと応答 (不正利用、プロンプト"
                     "インジェクション、情報漏えい) を後から調査できません。"),
       remediation=T("Configure model invocation logging to CloudWatch Logs or S3 (put-model-invocation-logging-"
                     "configuration) with text data delivery on.",
                     "テキストデータの配信を有効にして、モデル呼び出しログを CloudWatch Logs または S3 に設定してください "
                     "(put-model-invocation-logging-configuration)。"))
def model_invocation_logging_enabled(r: Resource) -> Result:
    config = readable(need(r, "loggingConfig"), "loggingConfig") or {}
    dest = [name for key, name in (("cloudWatchConfig", "CloudWatch Logs"), ("s3Config", "S3"))
            if (config.get(key) or {}).get("logGroupName" if key == "cloudWatchConfig" else "bucketName")]
    return MSG.ok("logging_to", destinations=dest) if dest else MSG.fail("logging_off")


setting_check(Setting(
    "aws.bedrock.guardrail_encrypted_with_cmk", GUARDRAIL, "kmsKeyArn", lambda v, r: bool(v),
    ("Bedrock guardrail is encrypted with a customer managed key", "Bedrock ガードレールがカスタマー管理キーで暗号化されている"),
    ("A guardrail's denied topics, word lists and patterns describe what the organisation protects; with a key of your "
     "own, access to them is yours to audit and revoke.",
     "ガードレールの拒否トピック・単語リスト・パターンは組織が守るものを表します。独自のキーなら、そのアクセスを自分で監査・"
     "失効できます。"),
    ("Update the guardrail with kmsKeyId set to a customer managed KMS key.",
     "kmsKeyId にカスタマー管理 KMS キーを指定してガードレールを更新してください。")), __name__)


def _filters(r: Resource) -> list[dict[str, Any]]:
    policy = readable(need(r, "contentPolicy"), "contentPolicy") or {}
    return [f for f in policy.get("filters") or [] if isinstance(f, dict)]


@check(id="aws.bedrock.guardrail_prompt_attack_filter", resource_types=GUARDRAIL, severity=Severity.MEDIUM,
       title=T("Bedrock guardrail filters prompt attacks at medium strength or higher",
               "Bedrock ガードレールがプロンプト攻撃を中以上の強度でフィルターしている"),
       description=T("The prompt-attack filter detects jailbreaks and prompt injection in user input; off or at low "
                     "strength they reach the model.",
                     "プロンプト攻撃フィルターはユーザー入力中のジェイルブレイクやプロンプトインジェクションを検出します。無効や"
                     "低強度ではそれらがモデルに届きます。"),
       remediation=T("Add a PROMPT_ATTACK content filter with inputStrength MEDIUM or HIGH to the guardrail.",
                     "ガードレールに inputStrength が MEDIUM または HIGH の PROMPT_ATTACK コンテンツフィルターを追加してください。"))
def guardrail_prompt_attack_filter(r: Resource) -> Result:
    found = [f for f in _filters(r) if f.get("type") == "PROMPT_ATTACK"]
    if not found:
        return MSG.fail("no_prompt_filter")
    strength = str(found[0].get("inputStrength") or "NONE")
    if strength in WEAK or found[0].get("inputEnabled") is False:
        return MSG.fail("weak_prompt_filter", strength=strength)
    return Result.ok()


@check(id="aws.bedrock.guardrail_sensitive_information_filter", resource_types=GUARDRAIL, severity=Severity.LOW,
       title=T("Bedrock guardrail filters sensitive information", "Bedrock ガードレールが機密情報をフィルターしている"),
       description=T("Without PII entity or pattern filters, personal data in prompts and answers passes the guardrail "
                     "unmasked.",
                     "PII エンティティやパターンのフィルターがないと、プロンプトや応答中の個人情報がマスクされずにガードレールを"
                     "通過します。"),
       remediation=T("Add sensitive information filters (PII entity types to block or anonymise, or regex patterns) to "
                     "the guardrail.",
                     "ガードレールに機密情報フィルター (ブロックまたは匿名化する PII エンティティ種類、または正規表現パターン) を"
                     "追加してください。"))
def guardrail_sensitive_information_filter(r: Resource) -> Result:
    policy = readable(need(r, "sensitiveInformationPolicy"), "sensitiveInformationPolicy") or {}
    entities, regexes = len(policy.get("piiEntities") or []), int(policy.get("regexes") or 0)
    return MSG.ok("pii_filter", entities=entities, regexes=regexes) if entities or regexes else MSG.fail("no_pii_filter")


setting_check(Setting(
    "aws.bedrock.agent_encrypted_with_cmk", AGENT, "customerEncryptionKeyArn", lambda v, r: bool(v),
    ("Bedrock agent is encrypted with a customer managed key", "Bedrock エージェントがカスタマー管理キーで暗号化されている"),
    ("An agent's configuration and session data are encrypted with an AWS owned key unless a key of your own is set.",
     "独自のキーを設定しない限り、エージェントの設定とセッションデータは AWS 所有キーで暗号化されます。"),
    ("Update the agent with customerEncryptionKeyArn set to a customer managed KMS key.",
     "customerEncryptionKeyArn にカスタマー管理 KMS キーを指定してエージェントを更新してください。")), __name__)


@check(id="aws.bedrock.agent_guardrail_associated", resource_types=AGENT, severity=Severity.MEDIUM,
       title=T("Bedrock agent is protected by a guardrail", "Bedrock エージェントがガードレールで保護されている"),
       description=T("An agent acts on tools and data on a user's request; without a guardrail, harmful or injected "
                     "prompts reach its model and actions unfiltered.",
                     "エージェントはユーザーの依頼でツールやデータを操作します。ガードレールがないと、有害なプロンプトや注入された"
                     "プロンプトがフィルターされずにモデルとアクションに届きます。"),
       remediation=T("Associate a guardrail (guardrailConfiguration) with the agent and prepare it again.",
                     "エージェントにガードレール (guardrailConfiguration) を関連付け、再度準備 (prepare) してください。"))
def agent_guardrail_associated(r: Resource) -> Result:
    config = readable(need(r, "guardrailConfiguration"), "guardrailConfiguration") or {}
    return Result.ok() if config.get("guardrailIdentifier") else MSG.fail("no_guardrail")


setting_check(Setting(
    "aws.bedrock.custom_model_encrypted_with_cmk", MODEL, "modelKmsKeyArn", lambda v, r: bool(v),
    ("Bedrock custom model is encrypted with a customer managed key", "Bedrock カスタムモデルがカスタマー管理キーで暗号化されている"),
    ("A fine-tuned model embodies its training data; with a key of your own its use can be audited and revoked.",
     "ファインチューニングしたモデルにはトレーニングデータが反映されています。独自のキーなら、その利用を監査・失効できます。"),
    ("Customise the model again with customModelKmsKeyId set to a customer managed key, and delete the old model.",
     "customModelKmsKeyId にカスタマー管理キーを指定してモデルをカスタマイズし直し、古いモデルを削除してください。")), __name__)
