"""SageMaker AI in one region: notebook instances, endpoint configurations, models and recent
training jobs.  Each is listed (paginated) and described one by one (no batch form).

Training jobs pile up for ever and rarely matter once finished, so only the jobs created in the
last ``TRAINING_DAYS`` days are read, newest first, at most ``TRAINING_MAX`` of them.  Model
monitoring job definitions (data quality, model quality, bias, explainability) are read where the
region has endpoint configurations (monitoring needs an endpoint).  Values no
check needs and that can hold secrets are dropped: container environments (their names are
kept), hyperparameters, lifecycle scripts.  An account without SageMaker costs four listings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._described import detail, scrub, with_defaults
from agent.collectors.aws._util import bounded_map, make, now_utc
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "sagemaker"
GLOBAL = False
# monitoring job definition kind (the API's operation stem) -> resource type
MONITORING = {"DataQuality": "aws.sagemaker.data_quality_job_definition",
              "ModelQuality": "aws.sagemaker.model_quality_job_definition",
              "ModelBias": "aws.sagemaker.model_bias_job_definition",
              "ModelExplainability": "aws.sagemaker.model_explainability_job_definition"}
RESOURCE_TYPES = ("aws.sagemaker.notebook_instance", "aws.sagemaker.endpoint_config", "aws.sagemaker.model",
                  "aws.sagemaker.training_job", *MONITORING.values())
PERMISSIONS = (
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:DescribeModel",
    "sagemaker:DescribeNotebookInstance",
    "sagemaker:DescribeDataQualityJobDefinition",
    "sagemaker:DescribeModelBiasJobDefinition",
    "sagemaker:DescribeModelExplainabilityJobDefinition",
    "sagemaker:DescribeModelQualityJobDefinition",
    "sagemaker:DescribeTrainingJob",
    "sagemaker:ListDataQualityJobDefinitions",
    "sagemaker:ListModelBiasJobDefinitions",
    "sagemaker:ListModelExplainabilityJobDefinitions",
    "sagemaker:ListModelQualityJobDefinitions",
    "sagemaker:ListEndpointConfigs",
    "sagemaker:ListModels",
    "sagemaker:ListNotebookInstances",
    "sagemaker:ListTrainingJobs",
)
TRAINING_DAYS = 90
TRAINING_MAX = 100
_GONE = ("ValidationException", "ResourceNotFound")  # SageMaker's answer for a name that no longer exists


def _containers(doc: dict[str, Any]) -> dict[str, Any]:
    """A model's containers with the names of their environment variables only (other documents
    have no containers and pass unchanged)."""
    def strip(c: Any) -> Any:
        if not isinstance(c, dict):
            return c
        env = c.get("Environment") or {}
        return {**scrub(c, ("Environment",)), "EnvironmentNames": sorted(env) if isinstance(env, dict) else []}
    out = dict(doc)
    if "PrimaryContainer" in out:
        out["PrimaryContainer"] = strip(out["PrimaryContainer"])
    if isinstance(out.get("Containers"), list):
        out["Containers"] = [strip(c) for c in out["Containers"]]
    return out


# resource type -> (listing, its result key, the item's name field, its ARN field, describe operation,
# the fields checks read that the API leaves out when unset)
KINDS: dict[str, tuple[str, str, str, str, str, tuple[str, ...]]] = {
    "aws.sagemaker.notebook_instance": ("list_notebook_instances", "NotebookInstances", "NotebookInstanceName",
                                        "NotebookInstanceArn", "describe_notebook_instance",
                                        ("SubnetId", "KmsKeyId", "DirectInternetAccess", "RootAccess",
                                         "PlatformIdentifier")),
    "aws.sagemaker.endpoint_config": ("list_endpoint_configs", "EndpointConfigs", "EndpointConfigName",
                                      "EndpointConfigArn", "describe_endpoint_config", ("KmsKeyId", "ProductionVariants")),
    "aws.sagemaker.model": ("list_models", "Models", "ModelName", "ModelArn", "describe_model",
                            ("EnableNetworkIsolation", "VpcConfig")),
}


def _kind(ctx: ServiceContext, c: Any, rtype: str) -> list[Resource]:
    listing, key, name, arn, describe, fields = KINDS[rtype]

    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, getattr(c, describe), gone=_GONE, **{name: s[name]})
        if d is None:
            return None
        return make(ctx, rtype, s[arn], s[name], with_defaults(_containers(d), fields))
    return [r for r in bounded_map(one, ctx.paginate(c, listing, key)) if r]


def _training_jobs(ctx: ServiceContext, c: Any) -> list[Resource]:
    since = now_utc() - timedelta(days=TRAINING_DAYS)
    listing = ctx.paginate(c, "list_training_jobs", "TrainingJobSummaries", CreationTimeAfter=since,
                           SortBy="CreationTime", SortOrder="Descending",
                           PaginationConfig={"MaxItems": TRAINING_MAX})

    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, c.describe_training_job, gone=_GONE, TrainingJobName=s["TrainingJobName"])
        if d is None:
            return None
        d = with_defaults(scrub(d, ("HyperParameters", "Environment")),
                          ("EnableNetworkIsolation", "EnableInterContainerTrafficEncryption", "VpcConfig",
                           "ResourceConfig", "OutputDataConfig"))
        return make(ctx, "aws.sagemaker.training_job", s["TrainingJobArn"], s["TrainingJobName"], d)
    return [r for r in bounded_map(one, list(listing)[:TRAINING_MAX]) if r]


_MONITORING_CALLS = {  # kind -> (listing, describe): named in full so the permission reader sees them
    "DataQuality": ("list_data_quality_job_definitions", "describe_data_quality_job_definition"),
    "ModelQuality": ("list_model_quality_job_definitions", "describe_model_quality_job_definition"),
    "ModelBias": ("list_model_bias_job_definitions", "describe_model_bias_job_definition"),
    "ModelExplainability": ("list_model_explainability_job_definitions", "describe_model_explainability_job_definition"),
}


def _monitoring(ctx: ServiceContext, c: Any, kind: str) -> list[Resource]:
    listing, describe = _MONITORING_CALLS[kind]
    spec = f"{kind}AppSpecification"

    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, getattr(c, describe), gone=_GONE, JobDefinitionName=s["MonitoringJobDefinitionName"])
        if d is None:
            return None
        if isinstance(d.get(spec), dict):  # the container's environment values may hold secrets
            env = d[spec].get("Environment") or {}
            d[spec] = {**scrub(d[spec], ("Environment",)), "EnvironmentNames": sorted(env)}
        d = with_defaults(d, ("NetworkConfig", "JobResources"))
        return make(ctx, MONITORING[kind], s["MonitoringJobDefinitionArn"], s["MonitoringJobDefinitionName"], d)
    return [r for r in bounded_map(one, ctx.paginate(c, listing, "JobDefinitionSummaries")) if r]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("sagemaker")
    out: list[Resource] = []
    for rtype in KINDS:
        out += listed(ctx, rtype, lambda t=rtype: _kind(ctx, c, t))
    out += listed(ctx, "aws.sagemaker.training_job", lambda: _training_jobs(ctx, c))
    # Monitoring jobs watch an endpoint: a region without endpoint configurations has none to run,
    # so their four listings are skipped there (an unused region still costs four listings).
    unlisted = [err for rtype, err in ctx.gaps if rtype == "aws.sagemaker.endpoint_config"]
    for kind, rtype in MONITORING.items():
        if unlisted:  # whether the region has endpoints is unknown: so is its monitoring
            ctx.gap(rtype, unlisted[0])
        elif any(r.type == "aws.sagemaker.endpoint_config" for r in out):
            out += listed(ctx, rtype, lambda k=kind: _monitoring(ctx, c, k))
    return out
