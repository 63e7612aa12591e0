"""Amazon Comprehend custom model checks: storage and model encryption with KMS."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

CLASSIFIER, RECOGNIZER = ("aws.comprehend.document_classifier",), ("aws.comprehend.entity_recognizer",)

for rtypes, what, ja in ((CLASSIFIER, "document_classifier", "ドキュメント分類子"),
                         (RECOGNIZER, "entity_recognizer", "エンティティ認識器")):
    label = what.replace("_", " ")
    setting_check(Setting(
        f"aws.comprehend.{what}_volume_encrypted", rtypes, "VolumeKmsKeyId", lambda v, r: bool(v),
        (f"Comprehend {label} encrypts its training volumes with KMS",
         f"Comprehend の{ja}がトレーニング用ボリュームを KMS で暗号化している"),
        (f"The storage volumes that process the {label}'s training documents hold that data while the model trains.",
         f"{ja}のトレーニング文書を処理するストレージボリュームには、トレーニング中そのデータが保存されます。"),
        ("Train the model again with VolumeKmsKeyId set to a customer managed key.",
         "VolumeKmsKeyId にカスタマー管理キーを指定してモデルをトレーニングし直してください。")), __name__)
    setting_check(Setting(
        f"aws.comprehend.{what}_model_encrypted", rtypes, "ModelKmsKeyId", lambda v, r: bool(v),
        (f"Comprehend {label} model is encrypted with a customer managed key",
         f"Comprehend の{ja}のモデルがカスタマー管理キーで暗号化されている"),
        (f"A trained {label} embodies its training documents; a key of your own lets you audit and revoke its use.",
         f"トレーニング済みの{ja}にはトレーニング文書が反映されています。独自のキーならその利用を監査・失効できます。"),
        ("Train the model again with ModelKmsKeyId set to a customer managed key.",
         "ModelKmsKeyId にカスタマー管理キーを指定してモデルをトレーニングし直してください。"),
        Severity.LOW), __name__)
