"""Which Cloud Asset Inventory types the GCP checks read, and what UCS calls them.

ListAssets is asked only for these types (one RESOURCE, one IAM_POLICY and one ORG_POLICY listing
per parent), so the agent never pages through assets no check looks at.
"""

from __future__ import annotations

# Cloud Asset type -> UCS resource type (<provider>.<service>.<kind>).
RESOURCE_TYPES: dict[str, str] = {
    "cloudresourcemanager.googleapis.com/Project": "gcp.resourcemanager.project",
    "cloudresourcemanager.googleapis.com/Folder": "gcp.resourcemanager.folder",
    "cloudresourcemanager.googleapis.com/Organization": "gcp.resourcemanager.organization",
    "iam.googleapis.com/ServiceAccount": "gcp.iam.service_account",
    "iam.googleapis.com/ServiceAccountKey": "gcp.iam.service_account_key",
    "storage.googleapis.com/Bucket": "gcp.storage.bucket",
    "compute.googleapis.com/Project": "gcp.compute.project",
    "compute.googleapis.com/Instance": "gcp.compute.instance",
    "compute.googleapis.com/Firewall": "gcp.compute.firewall",
    "compute.googleapis.com/Network": "gcp.compute.network",
    "compute.googleapis.com/Subnetwork": "gcp.compute.subnetwork",
    "sqladmin.googleapis.com/Instance": "gcp.sql.instance",
    "cloudkms.googleapis.com/CryptoKey": "gcp.kms.crypto_key",
    "container.googleapis.com/Cluster": "gcp.container.cluster",
    "logging.googleapis.com/LogSink": "gcp.logging.sink",
    "dns.googleapis.com/ManagedZone": "gcp.dns.managed_zone",
    "bigquery.googleapis.com/Dataset": "gcp.bigquery.dataset",
    "bigquery.googleapis.com/Table": "gcp.bigquery.table",
    "secretmanager.googleapis.com/Secret": "gcp.secretmanager.secret",
    "run.googleapis.com/Service": "gcp.run.service",
    "cloudfunctions.googleapis.com/Function": "gcp.cloudfunctions.function",
    "apikeys.googleapis.com/Key": "gcp.apikeys.key",
    "artifactregistry.googleapis.com/Repository": "gcp.artifactregistry.repository",
    "pubsub.googleapis.com/Topic": "gcp.pubsub.topic",
    "pubsub.googleapis.com/Subscription": "gcp.pubsub.subscription",
    "dataproc.googleapis.com/Cluster": "gcp.dataproc.cluster",
    "notebooks.googleapis.com/Instance": "gcp.notebooks.instance",
    "compute.googleapis.com/Disk": "gcp.compute.disk",
    "compute.googleapis.com/BackendService": "gcp.compute.backend_service",
    "compute.googleapis.com/InstanceGroupManager": "gcp.compute.instance_group_manager",
    "compute.googleapis.com/SslPolicy": "gcp.compute.ssl_policy",
    "compute.googleapis.com/TargetHttpsProxy": "gcp.compute.target_https_proxy",
    "compute.googleapis.com/TargetSslProxy": "gcp.compute.target_ssl_proxy",
    "logging.googleapis.com/LogBucket": "gcp.logging.bucket",
    "iam.googleapis.com/WorkloadIdentityPoolProvider": "gcp.iam.workload_identity_pool_provider",
    "logging.googleapis.com/LogMetric": "gcp.logging.metric",
    "monitoring.googleapis.com/AlertPolicy": "gcp.monitoring.alert_policy",
    "dns.googleapis.com/Policy": "gcp.dns.policy",
    "essentialcontacts.googleapis.com/Contact": "gcp.essentialcontacts.contact",
    "appengine.googleapis.com/Version": "gcp.appengine.version",
}

ASSET_TYPES: dict[str, str] = {v: k for k, v in RESOURCE_TYPES.items()}

# Types whose IAM policy a check reads; the policy is joined onto the resource as data["iamPolicy"].
IAM_POLICY_TYPES: tuple[str, ...] = (
    "cloudresourcemanager.googleapis.com/Project",
    "cloudresourcemanager.googleapis.com/Folder",
    "cloudresourcemanager.googleapis.com/Organization",
    "iam.googleapis.com/ServiceAccount",
    "storage.googleapis.com/Bucket",
    "cloudkms.googleapis.com/CryptoKey",
    "bigquery.googleapis.com/Dataset",
    "secretmanager.googleapis.com/Secret",
    "run.googleapis.com/Service",
    "cloudfunctions.googleapis.com/Function",
    "artifactregistry.googleapis.com/Repository",
    "pubsub.googleapis.com/Topic",
    "pubsub.googleapis.com/Subscription",
)

# Types whose organisation policies (ORG_POLICY content) are joined as data["orgPolicies"].
ORG_POLICY_TYPES: tuple[str, ...] = (
    "cloudresourcemanager.googleapis.com/Project",
    "cloudresourcemanager.googleapis.com/Folder",
    "cloudresourcemanager.googleapis.com/Organization",
)

PROJECT_ASSET = "cloudresourcemanager.googleapis.com/Project"
