"""Cloud Asset documents for the GCP checks of the serverless, data and platform services, per check and status.

Each document is what ListAssets serves (``resource.data`` in the service's own REST shape: camelCase,
defaults omitted, output-only fields as the API fills them).  tests/gcp/check_fixtures.py serves them
through the stand-in, collects them with the real client and writes the collector's output as
tests/checks/fixtures/<check id>.json.  ``error`` documents live in projects/acme-dev, whose IAM_POLICY
listing is forbidden, or lack a field the API always returns.
"""

from __future__ import annotations

from typing import Any

from tests.gcp.standin import asset

PROJECT_NUMBER = "111111111111"
ANC = [f"projects/{PROJECT_NUMBER}", "folders/222222222222", "organizations/333333333333"]
DEV_ANC = ["projects/444444444444", "folders/222222222222", "organizations/333333333333"]
P = "projects/acme-prod"
DEV = "projects/acme-dev"
APP_SA = "app@acme-prod.iam.gserviceaccount.com"
OPS_SA = "ops@acme-prod.iam.gserviceaccount.com"
DEFAULT_SA = f"{PROJECT_NUMBER}-compute@developer.gserviceaccount.com"
KEY = "projects/acme-prod/locations/asia-northeast1/keyRings/ring/cryptoKeys/key"
PUBLIC = {"bindings": [{"role": "roles/viewer", "members": ["allUsers"]}]}
PRIVATE = {"bindings": [{"role": "roles/viewer", "members": [f"serviceAccount:{APP_SA}"]}]}
# Fake credentials the detect-secrets detectors recognise; the collector must never let them out.
AWS_KEY = "AKIAZ3MHQLOXRTWPB7QD"
DB_URL = "postgres://app:S3cr3tPa55w0rd@db.internal:5432/app"


def _doc(asset_type: str, path: str, data: dict[str, Any], *, location: str = "global",
         policy: dict[str, Any] | None = None, dev: bool = False) -> dict[str, Any]:
    service = asset_type.split("/", 1)[0]
    prefix = DEV if dev else P
    return asset(asset_type, f"//{service}/{prefix}/{path}", data, location=location,
                 ancestors=DEV_ANC if dev else ANC, policy=policy)


def project(policy: dict[str, Any]) -> dict[str, Any]:
    return asset("cloudresourcemanager.googleapis.com/Project", f"//cloudresourcemanager.googleapis.com/{ANC[0]}",
                 {"projectNumber": PROJECT_NUMBER, "projectId": "acme-prod", "lifecycleState": "ACTIVE",
                  "name": "acme-prod", "parent": {"type": "folder", "id": "222222222222"},
                  "createTime": "2024-01-10T00:00:00Z"}, ancestors=ANC, policy=policy)


BROAD_PROJECT = project({"bindings": [
    {"role": "roles/editor", "members": [f"serviceAccount:{OPS_SA}", f"serviceAccount:{DEFAULT_SA}"]},
    {"role": "roles/logging.logWriter", "members": [f"serviceAccount:{APP_SA}"]}]})


# --- Secret Manager --------------------------------------------------------------------------------------

def secret(name: str, dev: bool = False, policy: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    body = {"name": f"projects/{PROJECT_NUMBER}/secrets/{name}", "createTime": "2026-03-01T00:00:00Z",
            "etag": "\"16253a1b2c3d4e\"", "replication": {"automatic": {}}, **data}
    return _doc("secretmanager.googleapis.com/Secret", f"secrets/{name}", body, policy=policy, dev=dev)


ROTATION = {"nextRotationTime": "2026-12-30T00:00:00Z", "rotationPeriod": "7776000s"}
TOPICS = [{"name": "projects/acme-prod/topics/secret-rotation"}]


# --- Cloud Run (Admin API v2 Service) ---------------------------------------------------------------------

def run_service(name: str, dev: bool = False, policy: dict[str, Any] | None = None, env: list[Any] | None = None,
                template: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    container = {"image": f"asia-northeast1-docker.pkg.dev/acme-prod/apps/{name}@sha256:4f1c0e",
                 "ports": [{"name": "http1", "containerPort": 8080}],
                 "resources": {"limits": {"cpu": "1000m", "memory": "512Mi"}, "cpuIdle": True}}
    if env is not None:
        container["env"] = env
    tmpl = {"scaling": {"maxInstanceCount": 100}, "timeout": "300s", "containers": [container],
            "maxInstanceRequestConcurrency": 80, "executionEnvironment": "EXECUTION_ENVIRONMENT_GEN2",
            **(template if template is not None else {"serviceAccount": APP_SA})}
    body = {"name": f"projects/acme-prod/locations/asia-northeast1/services/{name}", "uid": f"uid-{name}",
            "generation": "3", "createTime": "2026-05-01T00:00:00Z", "creator": "alice@acme.example",
            "launchStage": "GA", "template": tmpl,
            "traffic": [{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}],
            "uri": f"https://{name}-abc123-an.a.run.app", "reconciling": False, **data}
    return _doc("run.googleapis.com/Service", f"locations/asia-northeast1/services/{name}", body,
                location="asia-northeast1", policy=policy, dev=dev)


def run_v1(name: str, annotations: dict[str, str], revision_annotations: dict[str, str] | None = None,
           sa: str = APP_SA) -> dict[str, Any]:
    """The Knative serving v1 shape (older Cloud Asset documents)."""
    body = {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
            "metadata": {"name": name, "namespace": PROJECT_NUMBER, "annotations": annotations},
            "spec": {"template": {"metadata": {"annotations": revision_annotations or {}},
                                  "spec": {"serviceAccountName": sa, "containerConcurrency": 80,
                                           "containers": [{"image": "gcr.io/acme-prod/legacy"}]}}}}
    return _doc("run.googleapis.com/Service", f"locations/asia-northeast1/services/{name}", body,
                location="asia-northeast1")


# --- Cloud Functions (v2 Function) -------------------------------------------------------------------------

def function(name: str, dev: bool = False, policy: dict[str, Any] | None = None, env: dict[str, str] | None = None,
             build_env: dict[str, str] | None = None, **service: Any) -> dict[str, Any]:
    svc = {"service": f"projects/acme-prod/locations/asia-northeast1/services/{name}", "timeoutSeconds": 60,
           "availableMemory": "256M", "maxInstanceCount": 100, "allTrafficOnLatestRevision": True,
           "revision": f"{name}-00002-xyz", "maxInstanceRequestConcurrency": 1, "availableCpu": "0.1666",
           "uri": f"https://{name}-abc123-an.a.run.app", **service}
    if env is not None:
        svc["environmentVariables"] = env
    build: dict[str, Any] = {"runtime": "python312", "entryPoint": "main",
                             "source": {"storageSource": {"bucket": "gcf-v2-sources", "object": f"{name}.zip"}},
                             "dockerRepository": "projects/acme-prod/locations/asia-northeast1/repositories/gcf-artifacts"}
    if build_env is not None:
        build["environmentVariables"] = build_env
    body = {"name": f"projects/acme-prod/locations/asia-northeast1/functions/{name}", "buildConfig": build,
            "serviceConfig": svc, "state": "ACTIVE", "updateTime": "2026-10-01T00:00:00Z", "environment": "GEN_2",
            "url": f"https://asia-northeast1-acme-prod.cloudfunctions.net/{name}"}
    return _doc("cloudfunctions.googleapis.com/Function", f"locations/asia-northeast1/functions/{name}", body,
                location="asia-northeast1", policy=policy, dev=dev)


# --- API keys, Artifact Registry, Pub/Sub -----------------------------------------------------------------

def api_key(name: str, restrictions: dict[str, Any] | None, created: str = "2026-10-15T00:00:00Z") -> dict[str, Any]:
    body: dict[str, Any] = {"name": f"projects/{PROJECT_NUMBER}/locations/global/keys/{name}", "uid": f"uid-{name}",
                            "displayName": name, "updateTime": "2026-10-15T00:00:00Z", "etag": "W/\"abc\""}
    if created:
        body["createTime"] = created
    if restrictions is not None:
        body["restrictions"] = restrictions
    return _doc("apikeys.googleapis.com/Key", f"locations/global/keys/{name}", body)


MAPS_ONLY = {"browserKeyRestrictions": {"allowedReferrers": ["https://www.acme.example/*"]},
             "apiTargets": [{"service": "maps-backend.googleapis.com"}]}


def repository(name: str, dev: bool = False, policy: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    body = {"name": f"projects/acme-prod/locations/asia-northeast1/repositories/{name}", "format": "DOCKER",
            "mode": "STANDARD_REPOSITORY", "createTime": "2025-01-01T00:00:00Z", "updateTime": "2026-10-01T00:00:00Z",
            "sizeBytes": "1048576", **data}
    return _doc("artifactregistry.googleapis.com/Repository", f"locations/asia-northeast1/repositories/{name}", body,
                location="asia-northeast1", policy=policy, dev=dev)


SCANNING_ACTIVE = {"enablementConfig": "INHERITED", "enablementState": "SCANNING_ACTIVE",
                   "lastEnableTime": "2025-01-01T00:00:00Z"}


def topic(name: str, dev: bool = False, policy: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
    body = {"name": f"projects/acme-prod/topics/{name}", "messageStoragePolicy": {"allowedPersistenceRegions":
                                                                                  ["asia-northeast1"]}, **data}
    return _doc("pubsub.googleapis.com/Topic", f"topics/{name}", body, policy=policy, dev=dev)


# --- Dataproc, Workbench ----------------------------------------------------------------------------------

def dataproc(name: str, config: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"projectId": "acme-prod", "clusterName": name, "clusterUuid": f"uuid-{name}",
                            "status": {"state": "RUNNING"}}
    if config is not None:
        body["config"] = {"configBucket": "dataproc-staging-an1", "masterConfig": {"numInstances": 1},
                          "workerConfig": {"numInstances": 2}, **config}
    return _doc("dataproc.googleapis.com/Cluster", f"regions/asia-northeast1/clusters/{name}", body,
                location="asia-northeast1")


def workbench(name: str, **setup: Any) -> dict[str, Any]:
    """A Vertex AI Workbench instance (Notebooks API v2)."""
    gce = {"machineType": "e2-standard-4", "serviceAccounts": [{"email": APP_SA}],
           "bootDisk": {"diskSizeGb": "150", "diskType": "PD_BALANCED", "diskEncryption": "GMEK"},
           "networkInterfaces": [{"network": "projects/acme-prod/global/networks/prod-vpc"}],
           "metadata": {"startup-script-url": "gs://acme-prod-ops/notebook.sh", "proxy-mode": "service_account"},
           **setup}
    body = {"name": f"projects/acme-prod/locations/asia-northeast1-a/instances/{name}", "gceSetup": gce,
            "proxyUri": f"{name}-dot-asia-northeast1.notebooks.googleusercontent.com", "state": "ACTIVE",
            "createTime": "2026-02-01T00:00:00Z", "creator": "alice@acme.example"}
    return _doc("notebooks.googleapis.com/Instance", f"locations/asia-northeast1-a/instances/{name}", body,
                location="asia-northeast1-a")


def user_managed_notebook(name: str, **data: Any) -> dict[str, Any]:
    """A user-managed notebook (Notebooks API v1): settings at the top level."""
    body = {"name": f"projects/acme-prod/locations/asia-northeast1-a/instances/{name}", "machineType": "n1-standard-4",
            "state": "ACTIVE", "bootDiskType": "PD_STANDARD", "diskEncryption": "GMEK", **data}
    return _doc("notebooks.googleapis.com/Instance", f"locations/asia-northeast1-a/instances/{name}", body,
                location="asia-northeast1-a")


# --- BigQuery, Compute, Logging, IAM ----------------------------------------------------------------------

def dataset(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": f"acme-prod:{name}", "datasetReference": {"projectId": "acme-prod", "datasetId": name},
            "location": "asia-northeast1", "access": [{"role": "OWNER", "userByEmail": "alice@acme.example"}], **data}
    return _doc("bigquery.googleapis.com/Dataset", f"datasets/{name}", body, location="asia-northeast1")


def table(name: str, kind: str = "TABLE", **data: Any) -> dict[str, Any]:
    body = {"id": f"acme-prod:sales.{name}", "tableReference": {"projectId": "acme-prod", "datasetId": "sales",
                                                                "tableId": name},
            "type": kind, "creationTime": "1767225600000", "location": "asia-northeast1", **data}
    return _doc("bigquery.googleapis.com/Table", f"datasets/sales/tables/{name}", body, location="asia-northeast1")


def instance(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": "1234567890", "name": name, "status": "RUNNING",
            "zone": "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/asia-northeast1-a",
            "machineType": "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/asia-northeast1-a/"
                           "machineTypes/n2d-standard-2",
            "networkInterfaces": [{"name": "nic0", "networkIP": "10.0.0.2",
                                   "network": "https://www.googleapis.com/compute/v1/projects/acme-prod/global/"
                                              "networks/prod-vpc"}],
            "serviceAccounts": [{"email": APP_SA, "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}],
            "disks": [{"deviceName": f"{name}-boot", "boot": True, "type": "PERSISTENT", "mode": "READ_WRITE",
                       "source": f"https://www.googleapis.com/compute/v1/projects/acme-prod/zones/asia-northeast1-a/"
                                 f"disks/{name}-boot"}],
            "shieldedInstanceConfig": {"enableSecureBoot": False, "enableVtpm": True, "enableIntegrityMonitoring": True},
            **data}
    return _doc("compute.googleapis.com/Instance", f"zones/asia-northeast1-a/instances/{name}", body,
                location="asia-northeast1-a")


def compute_project(items: list[dict[str, str]], dev: bool = False) -> dict[str, Any]:
    """One per project: a second case lives in acme-dev."""
    body = {"id": "5551234", "name": (DEV if dev else P).split("/")[1],
            "commonInstanceMetadata": {"kind": "compute#metadata", "items": items},
            "defaultServiceAccount": DEFAULT_SA, "xpnProjectStatus": "UNSPECIFIED_XPN_PROJECT_STATUS"}
    return asset("compute.googleapis.com/Project", f"//compute.googleapis.com/{DEV if dev else P}", body,
                 ancestors=DEV_ANC if dev else ANC)


def disk(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": "778899", "name": name, "sizeGb": "50", "status": "READY", "type": "pd-balanced",
            "zone": "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/asia-northeast1-a", **data}
    return _doc("compute.googleapis.com/Disk", f"zones/asia-northeast1-a/disks/{name}", body,
                location="asia-northeast1-a")


def backend(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": "9911", "name": name, "loadBalancingScheme": "EXTERNAL_MANAGED", "port": 80, "portName": "http",
            "timeoutSec": 30, "backends": [{"group": "https://www.googleapis.com/compute/v1/projects/acme-prod/"
                                                     "zones/asia-northeast1-a/instanceGroups/web"}], **data}
    return _doc("compute.googleapis.com/BackendService", f"global/backendServices/{name}", body)


def mig(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": "4242", "name": name, "baseInstanceName": name, "targetSize": 3,
            "instanceTemplate": "https://www.googleapis.com/compute/v1/projects/acme-prod/global/instanceTemplates/web",
            "zone": "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/asia-northeast1-a", **data}
    return _doc("compute.googleapis.com/InstanceGroupManager", f"zones/asia-northeast1-a/instanceGroupManagers/{name}",
                body, location="asia-northeast1-a")


def ssl_policy(name: str, **data: Any) -> dict[str, Any]:
    body = {"id": "1357", "name": name, "fingerprint": "abc=", "enabledFeatures": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
            **data}
    return _doc("compute.googleapis.com/SslPolicy", f"global/sslPolicies/{name}", body)


def log_bucket(name: str, **data: Any) -> dict[str, Any]:
    body = {"name": f"projects/acme-prod/locations/global/buckets/{name}", "lifecycleState": "ACTIVE", **data}
    return _doc("logging.googleapis.com/LogBucket", f"locations/global/buckets/{name}", body)


def wif_provider(name: str, **data: Any) -> dict[str, Any]:
    body = {"name": f"projects/{PROJECT_NUMBER}/locations/global/workloadIdentityPools/ci/providers/{name}",
            "state": "ACTIVE", "attributeMapping": {"google.subject": "assertion.sub",
                                                    "attribute.repository": "assertion.repository"},
            "oidc": {"issuerUri": "https://token.actions.githubusercontent.com"}, **data}
    return _doc("iam.googleapis.com/WorkloadIdentityPoolProvider",
                f"locations/global/workloadIdentityPools/ci/providers/{name}", body)


def cluster(name: str, pools: list[dict[str, Any]] | None = None, **data: Any) -> dict[str, Any]:
    pool_cfg = {"machineType": "e2-standard-4", "diskSizeGb": 100, "imageType": "COS_CONTAINERD",
                "serviceAccount": APP_SA, "workloadMetadataConfig": {"mode": "GKE_METADATA"},
                "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True}}
    body = {"name": name, "location": "asia-northeast1", "status": "RUNNING", "currentMasterVersion": "1.31.5-gke.100",
            "network": "prod-vpc", "subnetwork": "gke-subnet", "nodePools": pools if pools is not None else [
                {"name": "default-pool", "config": pool_cfg, "initialNodeCount": 3, "status": "RUNNING",
                 "management": {"autoUpgrade": True, "autoRepair": True}}], **data}
    return _doc("container.googleapis.com/Cluster", f"locations/asia-northeast1/clusters/{name}", body,
                location="asia-northeast1")


def pool(name: str, **config: Any) -> dict[str, Any]:
    cfg = {"machineType": "e2-standard-4", "imageType": "COS_CONTAINERD", "serviceAccount": APP_SA,
           "workloadMetadataConfig": {"mode": "GKE_METADATA"},
           "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True}}
    cfg.update(config)
    return {"name": name, "config": {k: v for k, v in cfg.items() if v is not None}, "initialNodeCount": 1,
            "management": {"autoUpgrade": True, "autoRepair": True}}


def sql(name: str, version: str, flags: list[tuple[str, str]]) -> dict[str, Any]:
    settings: dict[str, Any] = {"tier": "db-custom-2-7680", "ipConfiguration": {"ipv4Enabled": False,
                                                                                "sslMode": "ENCRYPTED_ONLY"},
                                "backupConfiguration": {"enabled": True}}
    if flags:
        settings["databaseFlags"] = [{"name": n, "value": v} for n, v in flags]
    body = {"name": name, "project": "acme-prod", "databaseVersion": version, "region": "asia-northeast1",
            "state": "RUNNABLE", "instanceType": "CLOUD_SQL_INSTANCE", "backendType": "SECOND_GEN",
            "settings": settings}
    return _doc("sqladmin.googleapis.com/Instance", f"instances/{name}", body, location="asia-northeast1")


def _flag_cases(version: str, flag: str, good: str | None, bad: str | None, other: str = "MYSQL_8_0"
                ) -> dict[str, list[dict[str, Any]]]:
    """pass: the flag at ``good`` (None = left at its default) and another engine; fail: ``bad`` (None = unset)."""
    stem = flag.replace(" ", "-").replace("_", "-").replace(".", "-")
    return {"pass": [sql(f"{stem}-good", version, [(flag, good)] if good is not None else []),
                     sql(f"{stem}-other-engine", other, [])],
            "fail": [sql(f"{stem}-bad", version, [(flag, bad)] if bad is not None else [])]}


CASES: dict[str, dict[str, list[dict[str, Any]]]] = {
    # Secret Manager
    "gcp.secretmanager.secret_not_public": {
        "pass": [secret("db-password", policy=PRIVATE)], "fail": [secret("shared-token", policy=PUBLIC)],
        "error": [secret("dev-token", dev=True)]},
    "gcp.secretmanager.secret_rotation_90_days": {
        "pass": [secret("rotated", rotation=ROTATION, topics=TOPICS)],
        "fail": [secret("never-rotated"),
                 secret("yearly", rotation={"nextRotationTime": "2027-06-01T00:00:00Z", "rotationPeriod": "31536000s"},
                        topics=TOPICS)]},
    "gcp.secretmanager.secret_cmek": {
        "pass": [secret("cmek-auto", replication={"automatic": {"customerManagedEncryption": {"kmsKeyName": KEY}}}),
                 secret("cmek-user", replication={"userManaged": {"replicas": [
                     {"location": "asia-northeast1", "customerManagedEncryption": {"kmsKeyName": KEY}}]}})],
        "fail": [secret("google-key"),
                 secret("partial", replication={"userManaged": {"replicas": [
                     {"location": "asia-northeast1", "customerManagedEncryption": {"kmsKeyName": KEY}},
                     {"location": "asia-northeast2"}]}})],
        "error": [_doc("secretmanager.googleapis.com/Secret", "secrets/truncated",
                       {"name": f"projects/{PROJECT_NUMBER}/secrets/truncated", "createTime": "2026-03-01T00:00:00Z"})]},
    # Cloud Run
    "gcp.run.service_not_public": {
        "pass": [run_service("api", policy={"bindings": [{"role": "roles/run.invoker",
                                                          "members": [f"serviceAccount:{OPS_SA}"]}]})],
        "fail": [run_service("www", policy={"bindings": [{"role": "roles/run.invoker", "members": ["allUsers"]}]}),
                 run_service("open-hook", invokerIamDisabled=True)],
        "error": [run_service("dev-api", dev=True)]},
    "gcp.run.service_ingress_restricted": {
        "pass": [run_service("internal", ingress="INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"),
                 run_v1("legacy-internal", {"run.googleapis.com/ingress": "internal"})],
        "fail": [run_service("public-default"), run_service("public", ingress="INGRESS_TRAFFIC_ALL"),
                 run_v1("legacy-public", {"serving.knative.dev/creator": "alice@acme.example"})]},
    "gcp.run.service_no_secrets_in_env": {
        "pass": [run_service("clean", env=[{"name": "LOG_LEVEL", "value": "info"},
                                           {"name": "DB_PASSWORD", "valueSource": {"secretKeyRef": {
                                               "secret": "projects/acme-prod/secrets/db-password",
                                               "version": "latest"}}}])],
        "fail": [run_service("leaky", env=[{"name": "LOG_LEVEL", "value": "info"},
                                           {"name": "AWS_ACCESS_KEY_ID", "value": AWS_KEY},
                                           {"name": "DATABASE_URL", "value": DB_URL}])]},
    "gcp.run.service_not_default_service_account": {
        "pass": [run_service("own-sa"), run_v1("legacy-own-sa", {})],
        "fail": [run_service("implicit-sa", template={}), run_service("default-sa", template={"serviceAccount": DEFAULT_SA})]},
    "gcp.run.service_account_not_privileged": {
        "inventory": [BROAD_PROJECT],
        "pass": [run_service("least-privilege")],
        "fail": [run_service("editor-sa", template={"serviceAccount": OPS_SA}), run_service("implicit", template={})],
        "error": [run_service("dev-orphan", dev=True)]},
    "gcp.run.service_egress_through_vpc": {
        "pass": [run_service("vpc-all", template={"serviceAccount": APP_SA, "vpcAccess": {
            "networkInterfaces": [{"network": "prod-vpc", "subnetwork": "run-subnet"}], "egress": "ALL_TRAFFIC"}}),
            run_v1("legacy-vpc", {}, {"run.googleapis.com/vpc-access-egress": "all-traffic",
                                      "run.googleapis.com/vpc-access-connector": "run-connector"})],
        "fail": [run_service("direct"), run_service("private-ranges", template={"serviceAccount": APP_SA, "vpcAccess": {
            "connector": "projects/acme-prod/locations/asia-northeast1/connectors/run", "egress": "PRIVATE_RANGES_ONLY"}})]},
    "gcp.run.service_binary_authorization": {
        "pass": [run_service("binauthz", binaryAuthorization={"useDefault": True}),
                 run_v1("legacy-binauthz", {"run.googleapis.com/binary-authorization": "default"})],
        "fail": [run_service("any-image")]},
    # Cloud Functions
    "gcp.cloudfunctions.function_not_public": {
        "pass": [function("thumbnailer", policy={"bindings": [{"role": "roles/cloudfunctions.invoker",
                                                                "members": [f"serviceAccount:{OPS_SA}"]}]})],
        "fail": [function("webhook", policy={"bindings": [{"role": "roles/cloudfunctions.invoker",
                                                            "members": ["allUsers"]}]})],
        "error": [function("dev-hook", dev=True)]},
    "gcp.cloudfunctions.function_ingress_restricted": {
        "pass": [function("internal", ingressSettings="ALLOW_INTERNAL_ONLY"),
                 function("via-lb", ingressSettings="ALLOW_INTERNAL_AND_GCLB")],
        "fail": [function("open-default"), function("open", ingressSettings="ALLOW_ALL")]},
    "gcp.cloudfunctions.function_no_secrets_in_env": {
        "pass": [function("clean", env={"LOG_LEVEL": "info", "BUCKET": "acme-prod-uploads"},
                          secretEnvironmentVariables=[{"key": "API_TOKEN", "projectId": "acme-prod",
                                                       "secret": "api-token", "version": "latest"}])],
        "fail": [function("leaky", env={"LOG_LEVEL": "info", "AWS_ACCESS_KEY_ID": AWS_KEY}),
                 function("leaky-build", env={}, build_env={"DATABASE_URL": DB_URL})]},
    "gcp.cloudfunctions.function_not_default_service_account": {
        "pass": [function("own-sa", serviceAccountEmail=APP_SA)],
        "fail": [function("implicit"), function("default", serviceAccountEmail=DEFAULT_SA),
                 function("appspot", serviceAccountEmail="acme-prod@appspot.gserviceaccount.com")]},
    "gcp.cloudfunctions.function_account_not_privileged": {
        "inventory": [BROAD_PROJECT],
        "pass": [function("least-privilege", serviceAccountEmail=APP_SA)],
        "fail": [function("editor", serviceAccountEmail=OPS_SA), function("implicit")],
        "error": [function("dev-orphan", dev=True, serviceAccountEmail=APP_SA)]},
    "gcp.cloudfunctions.function_egress_through_vpc": {
        "pass": [function("vpc-all", vpcConnector="projects/acme-prod/locations/asia-northeast1/connectors/fn",
                          vpcConnectorEgressSettings="ALL_TRAFFIC")],
        "fail": [function("direct"),
                 function("private-only", vpcConnector="projects/acme-prod/locations/asia-northeast1/connectors/fn",
                          vpcConnectorEgressSettings="PRIVATE_RANGES_ONLY")]},
    # API keys
    "gcp.apikeys.key_application_restricted": {
        "pass": [api_key("maps-web", MAPS_ONLY),
                 api_key("backend", {"serverKeyRestrictions": {"allowedIps": ["203.0.113.10"]}})],
        "fail": [api_key("unrestricted", None),
                 api_key("any-referrer", {"browserKeyRestrictions": {"allowedReferrers": ["*"]}}),
                 api_key("any-com", {"browserKeyRestrictions": {"allowedReferrers": ["*.com/*"]}})]},
    "gcp.apikeys.key_api_restricted": {
        "pass": [api_key("maps-web", MAPS_ONLY)],
        "fail": [api_key("unrestricted", None),
                 api_key("hosts-only", {"browserKeyRestrictions": {"allowedReferrers": ["https://www.acme.example/*"]}}),
                 api_key("all-apis", {"serverKeyRestrictions": {"allowedIps": ["203.0.113.10"]},
                                      "apiTargets": [{"service": "cloudapis.googleapis.com"}]})]},
    "gcp.apikeys.key_rotated_90_days": {
        "pass": [api_key("fresh", MAPS_ONLY)],
        "fail": [api_key("ancient", MAPS_ONLY, created="2024-01-01T00:00:00Z")],
        "error": [api_key("no-create-time", MAPS_ONLY, created="")]},
    # Artifact Registry
    "gcp.artifactregistry.repository_not_public": {
        "pass": [repository("apps", policy=PRIVATE)],
        "fail": [repository("public-images", policy={"bindings": [{"role": "roles/artifactregistry.reader",
                                                                   "members": ["allUsers"]}]})],
        "error": [repository("dev-images", dev=True)]},
    "gcp.artifactregistry.repository_cmek": {
        "pass": [repository("apps", kmsKeyName=KEY)], "fail": [repository("plain")]},
    "gcp.artifactregistry.repository_vulnerability_scanning": {
        "pass": [repository("scanned", vulnerabilityScanningConfig=SCANNING_ACTIVE),
                 repository("pypi", format="PYTHON",
                            vulnerabilityScanningConfig={"enablementState": "SCANNING_UNSUPPORTED",
                                                         "enablementStateReason": "format not supported"})],
        "fail": [repository("unscanned", vulnerabilityScanningConfig={
            "enablementConfig": "DISABLED", "enablementState": "SCANNING_DISABLED",
            "enablementStateReason": "Repository scanning is disabled"})],
        "error": [repository("state-unknown")]},
    # Pub/Sub
    "gcp.pubsub.topic_not_public": {
        "pass": [topic("orders", policy=PRIVATE)],
        "fail": [topic("open", policy={"bindings": [{"role": "roles/pubsub.publisher",
                                                     "members": ["allAuthenticatedUsers"]}]})],
        "error": [topic("dev-events", dev=True)]},
    "gcp.pubsub.topic_cmek": {"pass": [topic("orders", kmsKeyName=KEY)], "fail": [topic("events")]},
    # Dataproc
    "gcp.dataproc.cluster_cmek": {
        "pass": [dataproc("etl", {"encryptionConfig": {"gcePdKmsKeyName": KEY}})],
        "fail": [dataproc("adhoc", {})], "error": [dataproc("truncated", None)]},
    "gcp.dataproc.cluster_internal_ip_only": {
        "pass": [dataproc("etl", {"gceClusterConfig": {"internalIpOnly": True, "subnetworkUri": "dataproc-subnet"}})],
        "fail": [dataproc("adhoc", {"gceClusterConfig": {"zoneUri": "asia-northeast1-a"}})],
        "error": [dataproc("truncated", None)]},
    # Vertex AI Workbench
    "gcp.notebooks.instance_no_public_ip": {
        "pass": [workbench("private", disablePublicIp=True), user_managed_notebook("legacy-private", noPublicIp=True)],
        "fail": [workbench("public"), user_managed_notebook("legacy-public")]},
    "gcp.notebooks.instance_root_access_disabled": {
        "pass": [workbench("no-root", metadata={"notebook-disable-root": "true", "proxy-mode": "service_account"}),
                 user_managed_notebook("legacy-no-root", metadata={"notebook-disable-root": "true"})],
        "fail": [workbench("root"), user_managed_notebook("legacy-root", metadata={"framework": "PyTorch"})]},
    "gcp.notebooks.instance_cmek": {
        "pass": [workbench("cmek", bootDisk={"diskSizeGb": "150", "diskEncryption": "CMEK", "kmsKey": KEY}),
                 user_managed_notebook("legacy-cmek", diskEncryption="CMEK", kmsKey=KEY)],
        "fail": [workbench("gmek"), user_managed_notebook("legacy-gmek")]},
    "gcp.notebooks.instance_secure_boot": {
        "pass": [workbench("shielded", shieldedInstanceConfig={"enableSecureBoot": True, "enableVtpm": True,
                                                               "enableIntegrityMonitoring": True})],
        "fail": [workbench("unshielded")]},
    # BigQuery
    "gcp.bigquery.dataset_cmek": {
        "pass": [dataset("sales", defaultEncryptionConfiguration={"kmsKeyName": KEY})], "fail": [dataset("scratch")]},
    "gcp.bigquery.table_cmek": {
        "pass": [table("orders", encryptionConfiguration={"kmsKeyName": KEY}), table("orders_view", kind="VIEW")],
        "fail": [table("events")]},
    # Compute
    "gcp.compute.instance_confidential_computing": {
        "pass": [instance("conf-1", confidentialInstanceConfig={"enableConfidentialCompute": True}),
                 instance("conf-2", confidentialInstanceConfig={"confidentialInstanceType": "SEV_SNP"})],
        "fail": [instance("plain-1")]},
    "gcp.compute.instance_disks_csek": {
        "pass": [instance("csek-1", disks=[{"deviceName": "csek-1-boot", "boot": True, "type": "PERSISTENT",
                                             "diskEncryptionKey": {"sha256": "Jg0mVY8aP6cE1KN1yzdmK8BYM1Bu+mcE0HvcLTN9i/4="}}])],
        "fail": [instance("cmek-only", disks=[{"deviceName": "cmek-only-boot", "boot": True, "type": "PERSISTENT",
                                                "diskEncryptionKey": {"kmsKeyName": KEY + "/cryptoKeyVersions/1"}}]),
                 instance("google-key")]},
    "gcp.compute.instance_secure_boot": {
        "pass": [instance("sb-1", shieldedInstanceConfig={"enableSecureBoot": True, "enableVtpm": True,
                                                          "enableIntegrityMonitoring": True})],
        "fail": [instance("no-sb")]},
    "gcp.compute.project_os_login_2fa": {
        "pass": [compute_project([{"key": "enable-oslogin", "value": "TRUE"}, {"key": "enable-oslogin-2fa", "value": "TRUE"}])],
        "fail": [compute_project([{"key": "enable-oslogin", "value": "TRUE"}], dev=True)]},
    "gcp.compute.project_serial_port_disabled": {
        "pass": [compute_project([{"key": "enable-oslogin", "value": "TRUE"}])],
        "fail": [compute_project([{"key": "serial-port-enable", "value": "true"}], dev=True)]},
    "gcp.compute.disk_cmek": {
        "pass": [disk("data-cmek", diskEncryptionKey={"kmsKeyName": KEY + "/cryptoKeyVersions/1"}),
                 disk("data-csek", diskEncryptionKey={"sha256": "Jg0mVY8aP6cE1KN1yzdmK8BYM1Bu+mcE0HvcLTN9i/4="})],
        "fail": [disk("data-plain")]},
    "gcp.compute.backend_service_logging": {
        "pass": [backend("web", protocol="HTTPS", logConfig={"enable": True, "sampleRate": 1}),
                 backend("tcp", protocol="TCP", loadBalancingScheme="EXTERNAL")],
        "fail": [backend("web-nolog", protocol="HTTP"), backend("default-proto")]},
    "gcp.compute.instance_group_autohealing": {
        "pass": [mig("web", autoHealingPolicies=[{"healthCheck": "https://www.googleapis.com/compute/v1/projects/"
                                                                "acme-prod/global/healthChecks/web-hc",
                                                  "initialDelaySec": 300}])],
        "fail": [mig("batch")]},
    "gcp.compute.ssl_policy_strong": {
        "pass": [ssl_policy("modern", profile="MODERN", minTlsVersion="TLS_1_2"),
                 ssl_policy("restricted", profile="RESTRICTED", minTlsVersion="TLS_1_2"),
                 ssl_policy("restricted-any-min", profile="RESTRICTED")],
        "fail": [ssl_policy("defaults"), ssl_policy("compatible-12", profile="COMPATIBLE", minTlsVersion="TLS_1_2"),
                 ssl_policy("custom-rsa", profile="CUSTOM", minTlsVersion="TLS_1_2",
                            customFeatures=["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"])]},
    # Logging
    "gcp.logging.bucket_retention_locked": {
        "pass": [log_bucket("audit-archive", retentionDays=400, locked=True),
                 log_bucket("_Required", retentionDays=400, locked=True, description="Audit bucket")],
        "fail": [log_bucket("_Default", retentionDays=30), log_bucket("app-logs", retentionDays=365)]},
    "gcp.logging.bucket_retention_365_days": {
        "pass": [log_bucket("audit-archive", retentionDays=400, locked=True)],
        "fail": [log_bucket("_Default"), log_bucket("app-logs", retentionDays=90)]},
    # IAM
    "gcp.iam.workload_identity_provider_has_condition": {
        "pass": [wif_provider("github", attributeCondition="assertion.repository_owner == 'acme'"),
                 wif_provider("old", disabled=True)],
        "fail": [wif_provider("github-any")]},
    # GKE
    "gcp.container.binary_authorization": {
        "pass": [cluster("prod", binaryAuthorization={"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"})],
        "fail": [cluster("dev"), cluster("off", binaryAuthorization={"evaluationMode": "DISABLED"})]},
    "gcp.container.private_endpoint": {
        "pass": [cluster("prod", privateClusterConfig={"enablePrivateNodes": True, "enablePrivateEndpoint": True,
                                                       "privateEndpoint": "10.0.0.2"})],
        "fail": [cluster("dev", privateClusterConfig={"enablePrivateNodes": True, "publicEndpoint": "34.1.2.3"}),
                 cluster("public")]},
    "gcp.container.release_channel": {
        "pass": [cluster("prod", releaseChannel={"channel": "REGULAR"})],
        "fail": [cluster("static"), cluster("unspecified", releaseChannel={})]},
    "gcp.container.intranode_visibility": {
        "pass": [cluster("prod", networkConfig={"network": "prod-vpc", "enableIntraNodeVisibility": True})],
        "fail": [cluster("dev", networkConfig={"network": "prod-vpc"})]},
    "gcp.container.secrets_encrypted_with_kms": {
        "pass": [cluster("prod", databaseEncryption={"state": "ENCRYPTED", "keyName": KEY})],
        "fail": [cluster("dev", databaseEncryption={"state": "DECRYPTED"}), cluster("old")]},
    "gcp.container.node_secure_boot": {
        "pass": [cluster("prod"), cluster("autopilot", pools=[], autopilot={"enabled": True})],
        "fail": [cluster("dev", pools=[pool("default-pool", shieldedInstanceConfig={"enableIntegrityMonitoring": True})])]},
    "gcp.container.node_integrity_monitoring": {
        "pass": [cluster("prod"), cluster("implicit", pools=[pool("p1", shieldedInstanceConfig={"enableSecureBoot": True})])],
        "fail": [cluster("dev", pools=[pool("p1", shieldedInstanceConfig={"enableIntegrityMonitoring": False})])]},
    "gcp.container.node_image_cos_containerd": {
        "pass": [cluster("prod")],
        "fail": [cluster("ubuntu", pools=[pool("p1"), pool("gpu", imageType="UBUNTU_CONTAINERD")])]},
    "gcp.container.node_no_default_service_account": {
        "pass": [cluster("prod")],
        "fail": [cluster("dev", pools=[pool("p1", serviceAccount="default")]),
                 cluster("explicit", pools=[pool("p1", serviceAccount=DEFAULT_SA)])]},
    "gcp.container.node_gke_metadata_server": {
        "pass": [cluster("prod")],
        "fail": [cluster("dev", pools=[pool("p1", workloadMetadataConfig=None)]),
                 cluster("exposed", pools=[pool("p1", workloadMetadataConfig={"mode": "GCE_METADATA"})])]},
    # Cloud SQL flags
    "gcp.sql.mysql_skip_show_database_on": _flag_cases("MYSQL_8_0", "skip_show_database", "on", None, "POSTGRES_16"),
    "gcp.sql.postgres_log_error_verbosity": _flag_cases("POSTGRES_16", "log_error_verbosity", None, "verbose"),
    "gcp.sql.postgres_log_statement_ddl": _flag_cases("POSTGRES_16", "log_statement", "ddl", "none"),
    "gcp.sql.postgres_log_min_messages": _flag_cases("POSTGRES_16", "log_min_messages", "error", "debug1"),
    "gcp.sql.postgres_log_min_error_statement": _flag_cases("POSTGRES_16", "log_min_error_statement", None, "notice"),
    "gcp.sql.postgres_log_min_duration_statement_off": _flag_cases("POSTGRES_16", "log_min_duration_statement", "-1",
                                                                   "0"),
    "gcp.sql.postgres_pgaudit_on": _flag_cases("POSTGRES_16", "cloudsql.enable_pgaudit", "on", None),
    "gcp.sql.sqlserver_external_scripts_off": _flag_cases("SQLSERVER_2022_STANDARD", "external scripts enabled", None,
                                                          "on"),
    "gcp.sql.sqlserver_user_connections_unlimited": _flag_cases("SQLSERVER_2022_STANDARD", "user connections", "0",
                                                                "50"),
    "gcp.sql.sqlserver_user_options_unset": _flag_cases("SQLSERVER_2022_STANDARD", "user options", None, "16"),
    "gcp.sql.sqlserver_remote_access_off": _flag_cases("SQLSERVER_2022_STANDARD", "remote access", "off", None),
    "gcp.sql.sqlserver_trace_flag_3625_on": _flag_cases("SQLSERVER_2022_STANDARD", "3625", "on", None),
    "gcp.sql.sqlserver_contained_db_auth_off": _flag_cases("SQLSERVER_2022_STANDARD",
                                                           "contained database authentication", None, "on"),
}
