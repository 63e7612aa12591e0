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
)

# Types whose organisation policies (ORG_POLICY content) are joined as data["orgPolicies"].
ORG_POLICY_TYPES: tuple[str, ...] = (
    "cloudresourcemanager.googleapis.com/Project",
    "cloudresourcemanager.googleapis.com/Folder",
    "cloudresourcemanager.googleapis.com/Organization",
)

PROJECT_ASSET = "cloudresourcemanager.googleapis.com/Project"
