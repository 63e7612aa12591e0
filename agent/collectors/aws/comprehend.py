"""Amazon Comprehend custom models in one region: document classifiers and entity recognizers.

ListDocumentClassifiers and ListEntityRecognizers (paginated) return each model's full
properties (volume and model KMS keys, VPC, output location), so no per-model call is made.
Training-data locations are kept (bucket paths, not data).  An unused region costs two listings.
"""

from __future__ import annotations

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._described import with_defaults
from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "comprehend"
GLOBAL = False
RESOURCE_TYPES = ("aws.comprehend.document_classifier", "aws.comprehend.entity_recognizer")
PERMISSIONS = ("comprehend:ListDocumentClassifiers", "comprehend:ListEntityRecognizers")
_KEYS = ("VolumeKmsKeyId", "ModelKmsKeyId", "VpcConfig")


def _name(arn: str) -> str:
    parts = arn.split("/")
    return parts[1] if len(parts) > 1 else arn


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("comprehend")
    return (listed(ctx, "aws.comprehend.document_classifier", lambda: [
        make(ctx, "aws.comprehend.document_classifier", p["DocumentClassifierArn"], _name(p["DocumentClassifierArn"]),
             with_defaults(p, _KEYS))
        for p in ctx.paginate(c, "list_document_classifiers", "DocumentClassifierPropertiesList")])
        + listed(ctx, "aws.comprehend.entity_recognizer", lambda: [
            make(ctx, "aws.comprehend.entity_recognizer", p["EntityRecognizerArn"], _name(p["EntityRecognizerArn"]),
                 with_defaults(p, _KEYS))
            for p in ctx.paginate(c, "list_entity_recognizers", "EntityRecognizerPropertiesList")]))
