"""SageMaker AI checks: notebook instances, endpoint configurations, models and training jobs."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

NB, EC, MODEL, JOB = ("aws.sagemaker.notebook_instance",), ("aws.sagemaker.endpoint_config",), \
    ("aws.sagemaker.model",), ("aws.sagemaker.training_job",)
# Platform identifiers SageMaker still supports (Amazon Linux 2); notebook-al1-* reached end of
# standard support in 2024.
SUPPORTED_PLATFORMS = ("notebook-al2-v2", "notebook-al2-v3", "notebook-al2023-v1")

MSG = Messages("aws.sagemaker", {
    "single_instance": ("production variant(s) {variants} start with a single instance",
                        "本番バリアント {variants} の初期インスタンス数が 1 です"),
    "serverless": ("serverless variants only", "サーバーレスバリアントのみです"),
    "no_platform": ("the notebook reports no platform identifier", "ノートブックがプラットフォーム識別子を返していません"),
    "platform": ("platform {platform} is no longer supported", "プラットフォーム {platform} はサポートが終了しています"),
})


def _vpc(v: object) -> bool:
    return isinstance(v, dict) and bool(v.get("Subnets"))


setting_check(Setting(
    "aws.sagemaker.notebook_no_direct_internet_access", NB, "DirectInternetAccess", lambda v, r: v == "Disabled",
    ("SageMaker notebook instance has no direct internet access",
     "SageMaker ノートブックインスタンスに直接のインターネットアクセスがない"),
    ("A notebook with direct internet access can send its data (and its role's reach) out past every network control "
     "of the VPC.",
     "直接インターネットにアクセスできるノートブックは、VPC のネットワーク制御を経ずにデータ (とロールの権限) を外部へ送れます。"),
    ("Recreate the notebook in a private subnet with DirectInternetAccess Disabled (reach the internet through a NAT "
     "gateway or VPC endpoints).",
     "DirectInternetAccess を Disabled にしてプライベートサブネットにノートブックを作り直してください (NAT ゲートウェイや "
     "VPC エンドポイント経由で通信)。"),
    Severity.HIGH, ("SageMaker.1",)), __name__)

setting_check(Setting(
    "aws.sagemaker.notebook_in_vpc", NB, "SubnetId", lambda v, r: bool(v),
    ("SageMaker notebook instance is launched in a VPC subnet", "SageMaker ノートブックインスタンスが VPC サブネットで起動されている"),
    ("A notebook outside a customer VPC cannot be reached by the VPC's security groups, flow logs or endpoints.",
     "顧客の VPC 外のノートブックには、VPC のセキュリティグループ・フローログ・エンドポイントが適用されません。"),
    ("Recreate the notebook instance with a SubnetId and security groups of your VPC.",
     "VPC のサブネット ID とセキュリティグループを指定してノートブックインスタンスを作り直してください。"),
    Severity.HIGH, ("SageMaker.2",)), __name__)

setting_check(Setting(
    "aws.sagemaker.notebook_root_access_disabled", NB, "RootAccess", lambda v, r: v == "Disabled",
    ("SageMaker notebook instance users have no root access", "SageMaker ノートブックインスタンスのユーザーに root 権限がない"),
    ("With root access any notebook user can change the instance's software and reach credentials beyond the "
     "notebook's intent.",
     "root 権限があると、ノートブックの利用者がインスタンスのソフトウェアを変更し、想定外の認証情報に到達できます。"),
    ("Stop the notebook, set RootAccess to Disabled (update-notebook-instance --root-access Disabled) and start it.",
     "ノートブックを停止し、RootAccess を Disabled に設定 (update-notebook-instance --root-access Disabled) して再開してください。"),
    Severity.HIGH, ("SageMaker.3",)), __name__)

setting_check(Setting(
    "aws.sagemaker.notebook_volume_encrypted_with_kms", NB, "KmsKeyId", lambda v, r: bool(v),
    ("SageMaker notebook instance storage is encrypted with a KMS key",
     "SageMaker ノートブックインスタンスのストレージが KMS キーで暗号化されている"),
    ("Without a KMS key of your own the ML storage volume's encryption cannot be audited or revoked by you.",
     "独自の KMS キーがないと、ML ストレージボリュームの暗号化を自分で監査・失効できません。"),
    ("Recreate the notebook instance with KmsKeyId set to a customer managed key.",
     "KmsKeyId にカスタマー管理キーを指定してノートブックインスタンスを作り直してください。")), __name__)


@check(id="aws.sagemaker.notebook_platform_supported", resource_types=NB, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SageMaker.8"]},
       title=T("SageMaker notebook instance runs on a supported platform",
               "SageMaker ノートブックインスタンスがサポート対象のプラットフォームで動作している"),
       description=T("Platforms past end of support (Amazon Linux 1 based) receive no security updates.",
                     "サポート終了したプラットフォーム (Amazon Linux 1 ベース) にはセキュリティ更新が提供されません。"),
       remediation=T("Recreate the notebook with PlatformIdentifier notebook-al2-v3 or notebook-al2023-v1 and move its "
                     "data.",
                     "PlatformIdentifier を notebook-al2-v3 または notebook-al2023-v1 にしてノートブックを作り直し、データを"
                     "移してください。"))
def notebook_platform_supported(r: Resource) -> Result:
    platform = need(r, "PlatformIdentifier")
    if not platform:
        return MSG.error("no_platform")
    return Result.ok() if platform in SUPPORTED_PLATFORMS else MSG.fail("platform", platform=platform)


setting_check(Setting(
    "aws.sagemaker.endpoint_config_encrypted_with_kms", EC, "KmsKeyId", lambda v, r: bool(v),
    ("SageMaker endpoint configuration encrypts its storage with a KMS key",
     "SageMaker エンドポイント設定がストレージを KMS キーで暗号化している"),
    ("Without KmsKeyId the ML storage volumes attached to the endpoint's instances are not encrypted with a key you "
     "control.",
     "KmsKeyId がないと、エンドポイントのインスタンスに接続される ML ストレージボリュームが自分の管理するキーで暗号化されません。"),
    ("Create a new endpoint configuration with KmsKeyId and update the endpoint to it.",
     "KmsKeyId を指定した新しいエンドポイント設定を作成し、エンドポイントを更新してください。")), __name__)


@check(id="aws.sagemaker.endpoint_config_multiple_instances", resource_types=EC, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SageMaker.4"]},
       title=T("SageMaker endpoint production variants start with more than one instance",
               "SageMaker エンドポイントの本番バリアントの初期インスタンス数が 2 以上"),
       description=T("A variant on one instance has no Availability Zone to fail over to: the endpoint stops answering "
                     "when that instance is replaced.",
                     "1 インスタンスのバリアントはフェイルオーバー先のアベイラビリティーゾーンがなく、インスタンス交換時に"
                     "エンドポイントが応答しなくなります。"),
       remediation=T("Create an endpoint configuration with InitialInstanceCount of 2 or more per variant and update the "
                     "endpoint.",
                     "各バリアントの InitialInstanceCount を 2 以上にしたエンドポイント設定を作成し、エンドポイントを更新して"
                     "ください。"))
def endpoint_config_multiple_instances(r: Resource) -> Result:
    variants = [v for v in readable(need(r, "ProductionVariants"), "ProductionVariants") or [] if isinstance(v, dict)]
    provisioned = [v for v in variants if not v.get("ServerlessConfig")]
    if variants and not provisioned:
        return MSG.ok("serverless")
    single = [str(v.get("VariantName")) for v in provisioned if int(v.get("InitialInstanceCount") or 1) < 2]
    return MSG.fail("single_instance", variants=single) if single else Result.ok()


setting_check(Setting(
    "aws.sagemaker.model_network_isolation", MODEL, "EnableNetworkIsolation", lambda v, r: v is True,
    ("SageMaker model has network isolation enabled", "SageMaker モデルのネットワーク分離が有効"),
    ("Without network isolation the model's containers can make outbound calls, so a compromised model or inference "
     "code can exfiltrate data.",
     "ネットワーク分離がないとモデルのコンテナが外部へ通信でき、侵害されたモデルや推論コードがデータを持ち出せます。"),
    ("Recreate the model with EnableNetworkIsolation true.", "EnableNetworkIsolation を true にしてモデルを作り直してください。"),
    Severity.MEDIUM, ("SageMaker.5",)), __name__)

setting_check(Setting(
    "aws.sagemaker.model_in_vpc", MODEL, "VpcConfig", lambda v, r: _vpc(v),
    ("SageMaker model runs its containers in a VPC", "SageMaker モデルのコンテナが VPC 内で実行される"),
    ("Hosted model containers outside your VPC reach your data over the public network, outside your security groups.",
     "VPC 外でホストされるモデルのコンテナは、セキュリティグループの外からパブリックネットワーク経由でデータにアクセスします。"),
    ("Recreate the model with a VpcConfig (private subnets and security groups).",
     "VpcConfig (プライベートサブネットとセキュリティグループ) を指定してモデルを作り直してください。")), __name__)

setting_check(Setting(
    "aws.sagemaker.training_job_inter_container_encryption", JOB, "EnableInterContainerTrafficEncryption",
    lambda v, r: v is True,
    ("SageMaker training job encrypts traffic between its containers",
     "SageMaker トレーニングジョブがコンテナ間通信を暗号化している"),
    ("Distributed training exchanges model data between instances; without inter-container encryption it travels in "
     "clear.",
     "分散トレーニングではインスタンス間でモデルデータをやり取りし、コンテナ間暗号化がないと平文で流れます。"),
    ("Run training jobs with EnableInterContainerTrafficEncryption true.",
     "EnableInterContainerTrafficEncryption を true にしてトレーニングジョブを実行してください。")), __name__)

setting_check(Setting(
    "aws.sagemaker.training_job_network_isolation", JOB, "EnableNetworkIsolation", lambda v, r: v is True,
    ("SageMaker training job has network isolation enabled", "SageMaker トレーニングジョブのネットワーク分離が有効"),
    ("Without network isolation the training container can call out to the internet with the training data in reach.",
     "ネットワーク分離がないと、トレーニングコンテナがトレーニングデータを扱いながら外部へ通信できます。"),
    ("Run training jobs with EnableNetworkIsolation true.", "EnableNetworkIsolation を true にしてトレーニングジョブを実行してください。")),
    __name__)

setting_check(Setting(
    "aws.sagemaker.training_job_in_vpc", JOB, "VpcConfig", lambda v, r: _vpc(v),
    ("SageMaker training job runs in a VPC", "SageMaker トレーニングジョブが VPC 内で実行される"),
    ("A training job outside your VPC reaches its data sources outside your security groups and flow logs.",
     "VPC 外のトレーニングジョブは、セキュリティグループやフローログの外からデータソースにアクセスします。"),
    ("Run training jobs with a VpcConfig of private subnets and security groups.",
     "プライベートサブネットとセキュリティグループの VpcConfig を指定してトレーニングジョブを実行してください。")), __name__)

setting_check(Setting(
    "aws.sagemaker.training_job_volume_encrypted_with_kms", JOB, "ResourceConfig",
    lambda v, r: bool((v or {}).get("VolumeKmsKeyId")),
    ("SageMaker training job encrypts its storage volumes with a KMS key",
     "SageMaker トレーニングジョブがストレージボリュームを KMS キーで暗号化している"),
    ("The ML storage volumes of training instances hold the training data and checkpoints.",
     "トレーニングインスタンスの ML ストレージボリュームにはトレーニングデータとチェックポイントが保存されます。"),
    ("Run training jobs with ResourceConfig.VolumeKmsKeyId set to a customer managed key.",
     "ResourceConfig.VolumeKmsKeyId にカスタマー管理キーを指定してトレーニングジョブを実行してください。"),
    shows=lambda v: (v or {}).get("VolumeKmsKeyId")), __name__)


def _network(key: str) -> Any:
    return lambda v, r: bool((v or {}).get(key))


_MONITORING_ROWS = (
    ("data_quality", "data quality", "データ品質", "SageMaker.9", "SageMaker.11"),
    ("model_quality", "model quality", "モデル品質", "SageMaker.13", None),
    ("model_bias", "model bias", "モデルバイアス", "SageMaker.15", "SageMaker.12"),
    ("model_explainability", "model explainability", "モデル説明可能性", "SageMaker.10", None),
)
for kind, label, ja, encryption, isolation in _MONITORING_ROWS:
    rtypes = (f"aws.sagemaker.{kind}_job_definition",)
    setting_check(Setting(
        f"aws.sagemaker.{kind}_job_inter_container_encryption", rtypes, "NetworkConfig",
        _network("EnableInterContainerTrafficEncryption"),
        (f"SageMaker {label} job definition encrypts traffic between its containers",
         f"SageMaker の{ja}ジョブ定義がコンテナ間通信を暗号化している"),
        (f"A {label} monitoring job spread over several instances moves the captured inference data between them; "
         "without inter-container encryption it travels in clear.",
         f"複数インスタンスで実行される{ja}モニタリングジョブは、キャプチャした推論データをインスタンス間で移動します。"
         "コンテナ間暗号化がないと平文で流れます。"),
        ("Recreate the job definition with NetworkConfig.EnableInterContainerTrafficEncryption true (it cannot be "
         "changed in place).",
         "NetworkConfig.EnableInterContainerTrafficEncryption を true にしてジョブ定義を作り直してください (後から変更"
         "できません)。"),
        Severity.MEDIUM, (encryption,), shows=lambda v: (v or {}).get("EnableInterContainerTrafficEncryption")), __name__)
    if isolation:
        setting_check(Setting(
            f"aws.sagemaker.{kind}_job_network_isolation", rtypes, "NetworkConfig", _network("EnableNetworkIsolation"),
            (f"SageMaker {label} job definition has network isolation enabled",
             f"SageMaker の{ja}ジョブ定義のネットワーク分離が有効"),
            (f"Without network isolation the {label} monitoring container can call out to the internet with the "
             "captured inference data in reach.",
             f"ネットワーク分離がないと、{ja}モニタリングのコンテナがキャプチャした推論データを扱いながら外部へ通信できます。"),
            ("Recreate the job definition with NetworkConfig.EnableNetworkIsolation true.",
             "NetworkConfig.EnableNetworkIsolation を true にしてジョブ定義を作り直してください。"),
            Severity.MEDIUM, (isolation,), shows=lambda v: (v or {}).get("EnableNetworkIsolation")), __name__)
