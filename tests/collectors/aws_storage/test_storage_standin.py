"""Glacier Vault Lock and notifications, Storage Gateway, AppStream 2.0 and DataSync EFS /
object storage locations against a local stand-in of the APIs moto lacks.

The stand-in serves the operations the collectors call in the wire format of the public API
references, through the real boto3 clients the collectors build:

* S3 Glacier (REST-JSON): ``GET /-/vaults`` → ``{"VaultList": [...]}``;
  ``GET /-/vaults/{name}/access-policy`` → ``{"Policy": "<json>"}``;
  ``GET /-/vaults/{name}/lock-policy`` → ``{"Policy", "State", "CreationDate", "ExpirationDate"}``;
  ``GET /-/vaults/{name}/notification-configuration`` → ``{"SNSTopic", "Events"}``; a vault without
  one answers 404 ``ResourceNotFoundException``.
* S3 Tables (REST-JSON): ``GET /buckets`` → ``{"tableBuckets": [{"arn", "name", …}]}``;
  ``GET /buckets/{tableBucketARN}/encryption`` → ``{"encryptionConfiguration": {"sseAlgorithm", "kmsKeyArn"}}``,
  ``…/policy`` → ``{"resourcePolicy": "<json>"}``, ``…/maintenance`` → ``{"tableBucketARN", "configuration":
  {"icebergUnreferencedFileRemoval": {"status"}}}`` (404 ``NotFoundException`` when never set).
* Storage Gateway, AppStream and DataSync (JSON 1.1: ``POST /`` with ``X-Amz-Target:
  StorageGateway_20130630.<Op>`` / ``PhotonAdminProxyService.<Op>`` / ``FmrsService.<Op>``):
  ListGateways → ``{"Gateways": [{"GatewayARN", "GatewayName", "GatewayType", …}]}``,
  DescribeGatewayInformation (``CloudWatchLogGroupARN``), DescribeSMBSettings
  (``SMBSecurityStrategy``), ListFileShares → ``{"FileShareInfoList": [{"FileShareType",
  "FileShareARN", …}]}``, DescribeNFSFileShares / DescribeSMBFileShares (``KMSEncrypted``,
  ``KMSKey``, ``ClientList``, ``Squash``, ``Authentication``); DescribeFleets → ``{"Fleets": [...]}``;
  ListLocations → ``{"Locations": [{"LocationArn", "LocationUri"}]}``, DescribeLocationEfs
  (``InTransitEncryption``), DescribeLocationObjectStorage (``ServerProtocol``), ListTasks.

A second stand-in answers every call with AccessDeniedException: each resource type of these
services then becomes a coverage gap, and no check answers PASS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.inventory import Inventory
from agent.core.model import Status, utcnow
from agent.engine.evaluate import evaluate

ACCOUNT, REGION = "123456789012", "us-east-1"
CMK = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555566667777"
SERVICES = ["glacier", "storagegateway", "appstream", "datasync", "s3tables"]
TYPES = ("aws.glacier.vault", "aws.storagegateway.gateway", "aws.storagegateway.nfs_file_share",
         "aws.storagegateway.smb_file_share", "aws.appstream.fleet", "aws.datasync.task", "aws.datasync.efs_location",
         "aws.datasync.object_storage_location", "aws.datasync.smb_location", "aws.s3tables.table_bucket")


def arn(svc: str, res: str) -> str:
    return f"arn:aws:{svc}:{REGION}:{ACCOUNT}:{res}"


VAULTS = {"good-vault": ({"State": "Locked", "Policy": "{}", "CreationDate": "2026-01-01T00:00:00Z"},
                         {"SNSTopic": arn("sns", "vault-events"), "Events": ["ArchiveRetrievalCompleted"]}),
          "bad-vault": ({"State": "InProgress", "Policy": "{}"}, None),
          "bare-vault": (None, None)}
GATEWAYS = {"good-gw": ("FILE_S3", arn("logs", "log-group:/sgw"), "MandatoryEncryption"),
            "bad-gw": ("FILE_S3", None, "ClientSpecified")}
NFS = {"good-nfs": {"KMSEncrypted": True, "KMSKey": CMK, "ClientList": ["10.0.0.0/16"], "Squash": "RootSquash"},
       "bad-nfs": {"KMSEncrypted": False, "ClientList": ["0.0.0.0/0"], "Squash": "NoSquash"}}
SMB = {"good-smb": {"KMSEncrypted": True, "KMSKey": f"arn:aws:kms:{REGION}:444455556666:key/foreign",
                    "Authentication": "ActiveDirectory"},
       "bad-smb": {"KMSEncrypted": False, "Authentication": "GuestAccess"}}
FLEETS = {"good-fleet": {"EnableDefaultInternetAccess": False, "MaxUserDurationInSeconds": 28800,
                         "DisconnectTimeoutInSeconds": 300, "IdleDisconnectTimeoutInSeconds": 600},
          "bad-fleet": {"EnableDefaultInternetAccess": True, "MaxUserDurationInSeconds": 345600,
                        "DisconnectTimeoutInSeconds": 900}}  # no idle timeout in the answer: off
LOCATIONS = {arn("datasync", "location/loc-good-efs"): ("efs://us-east-1.fs-1/", {"InTransitEncryption": "TLS1_2"}),
             arn("datasync", "location/loc-bad-efs"): ("efs://us-east-1.fs-2/", {"InTransitEncryption": "NONE"}),
             arn("datasync", "location/loc-good-obj"): ("object-storage://minio.internal/good/", {"ServerProtocol": "HTTPS"}),
             arn("datasync", "location/loc-bad-obj"): ("object-storage://minio.internal/bad/", {"ServerProtocol": "HTTP"}),
             arn("datasync", "location/loc-s3"): ("s3://bucket/", {})}


def _bucket_policy(principal: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "s3tables:*", "Resource": "*"}]})


TABLE_BUCKETS = {  # name -> (encryption, policy, maintenance); None: NotFoundException
    "good-tables": ({"sseAlgorithm": "aws:kms", "kmsKeyArn": CMK}, _bucket_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
                    {"icebergUnreferencedFileRemoval": {"status": "enabled"}}),
    "bad-tables": ({"sseAlgorithm": "AES256"}, _bucket_policy("*"), {"icebergUnreferencedFileRemoval": {"status": "disabled"}}),
    "foreign-tables": ({"sseAlgorithm": "AES256"}, _bucket_policy({"AWS": "arn:aws:iam::444455556666:root"}), None),
}


def _s3tables(path: str) -> Response:
    """``GET /buckets`` and ``GET /buckets/{tableBucketARN}/{encryption|policy|maintenance}`` (REST-JSON)."""
    if path.rstrip("/") == "/buckets":
        return _json({"tableBuckets": [{"arn": arn("s3tables", f"bucket/{n}"), "name": n, "ownerAccountId": ACCOUNT,
                                        "createdAt": "2026-01-01T00:00:00Z", "type": "customer"} for n in TABLE_BUCKETS]})
    name = next(n for n in TABLE_BUCKETS if f"bucket/{n}/" in path)
    enc, pol, maint = TABLE_BUCKETS[name]
    if path.endswith("/encryption"):
        return _json({"encryptionConfiguration": enc})
    if path.endswith("/policy"):
        return _json({"resourcePolicy": pol})
    if maint is None:
        return _json({"message": "no configuration"}, 404, "NotFoundException")
    return _json({"tableBucketARN": arn("s3tables", f"bucket/{name}"), "configuration": maint})


def _json(body: Any, status: int = 200, error: str | None = None) -> Response:
    headers = {"x-amzn-ErrorType": error} if error else {}
    return Response(json.dumps(body), status=status, headers=headers, content_type="application/x-amz-json-1.1")


def _not_found() -> Response:
    return _json({"code": "ResourceNotFoundException", "message": "none set", "type": "Client"}, 404,
                 "ResourceNotFoundException")


def _glacier(parts: list[str]) -> Response:
    if parts == ["-", "vaults"]:
        return _json({"VaultList": [{"VaultARN": arn("glacier", f"vaults/{n}"), "VaultName": n, "NumberOfArchives": 0,
                                     "SizeInBytes": 0, "CreationDate": "2026-01-01T00:00:00.000Z"} for n in VAULTS]})
    name, what = parts[2], parts[3]
    lock, notes = VAULTS[name]
    if what == "lock-policy":
        return _json(lock) if lock else _not_found()
    if what == "notification-configuration":
        return _json(notes) if notes else _not_found()
    return _not_found()  # access-policy: none


def _gateway(op: str, body: dict[str, Any]) -> Response:
    if op == "ListGateways":
        return _json({"Gateways": [{"GatewayARN": arn("storagegateway", f"gateway/{n}"), "GatewayName": n, "GatewayId": n,
                                    "GatewayType": t, "GatewayOperationalState": "ACTIVE"}
                                   for n, (t, _, _) in GATEWAYS.items()]})
    name = str(body.get("GatewayARN", "")).rsplit("/", 1)[-1]
    if op == "DescribeGatewayInformation":
        t, logs, _ = GATEWAYS[name]
        return _json({"GatewayARN": body["GatewayARN"], "GatewayName": name, "GatewayType": t,
                      **({"CloudWatchLogGroupARN": logs} if logs else {})})
    if op == "DescribeSMBSettings":
        return _json({"GatewayARN": body["GatewayARN"], "SMBSecurityStrategy": GATEWAYS[name][2]})
    if op == "ListFileShares":
        return _json({"FileShareInfoList": [
            {"FileShareType": kind, "FileShareARN": arn("storagegateway", f"share/{n}"), "FileShareId": n,
             "FileShareStatus": "AVAILABLE", "GatewayARN": arn("storagegateway", "gateway/good-gw")}
            for kind, shares in (("NFS", NFS), ("SMB", SMB)) for n in shares]})
    shares, key = (NFS, "NFSFileShareInfoList") if op == "DescribeNFSFileShares" else (SMB, "SMBFileShareInfoList")
    names = [a.rsplit("/", 1)[-1] for a in body["FileShareARNList"]]
    return _json({key: [{"FileShareARN": arn("storagegateway", f"share/{n}"), "FileShareName": n, **shares[n]} for n in names]})


def _appstream(op: str) -> Response:
    assert op == "DescribeFleets", op
    return _json({"Fleets": [{"Arn": arn("appstream", f"fleet/{n}"), "Name": n, "InstanceType": "stream.standard.small",
                              "ComputeCapacityStatus": {"Desired": 1}, "State": "RUNNING", **f} for n, f in FLEETS.items()]})


def _datasync(op: str, body: dict[str, Any]) -> Response:
    if op == "ListLocations":
        return _json({"Locations": [{"LocationArn": a, "LocationUri": u} for a, (u, _) in LOCATIONS.items()]})
    if op == "ListTasks":
        return _json({"Tasks": []})
    uri, detail = LOCATIONS[body["LocationArn"]]
    return _json({"LocationArn": body["LocationArn"], "LocationUri": uri, **detail})


def _answer(request: Request) -> Response:
    target = request.headers.get("X-Amz-Target", "")
    body = json.loads(request.get_data() or b"{}") if target else {}
    prefix, _, op = target.partition(".")
    if prefix == "StorageGateway_20130630":
        return _gateway(op, body)
    if prefix == "PhotonAdminProxyService":
        return _appstream(op)
    if prefix == "FmrsService":
        return _datasync(op, body)
    if request.path.startswith("/buckets"):
        return _s3tables(request.path)
    return _glacier([p for p in request.path.split("/") if p])


def _denied(request: Request) -> Response:
    return _json({"__type": "AccessDeniedException", "message": "not authorized"}, 400, "AccessDeniedException")


def _collect(handler: Any, services: list[str] = SERVICES) -> Inventory:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("").respond_with_handler(handler)
    server.start()
    try:
        factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                                session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
        inv = Inventory(now=utcnow())
        inv.merge(collect_account(factory, ACCOUNT, [REGION], services=services))
        return inv
    finally:
        server.stop()


def _statuses(inv: Inventory, kms_key: bool = True) -> dict[tuple[str, str], Any]:
    if kms_key:  # the customer managed key, as the KMS collector reports it
        from agent.core.model import Resource
        inv.add(Resource("aws", ACCOUNT, REGION, "aws.kms.key", CMK, "alias/gw", {}, {"KeyId": CMK.rsplit("/", 1)[1],
                                                                                    "Arn": CMK, "_aliases": []}))
        inv.coverage.add("aws", ACCOUNT, REGION, "aws.kms.key", 1)
    wanted = [c for c in registry.all_checks() if c.meta.provider == "aws"]
    return {(f.check_id, f.resource.name): f for f in evaluate(inv, wanted).findings}


@pytest.fixture(scope="module")
def statuses() -> dict[tuple[str, str], Any]:
    inv = _collect(_answer)
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    assert not inv.by_type("aws.datasync.task") and len(inv.by_type("aws.datasync.efs_location")) == 2
    return _statuses(inv)


GOOD_BAD = [
    ("aws.glacier.vault_lock_enforced", "good-vault", "bad-vault"),
    ("aws.glacier.vault_lock_enforced", "good-vault", "bare-vault"),
    ("aws.glacier.vault_notifications_configured", "good-vault", "bad-vault"),
    ("aws.storagegateway.gateway_logging_enabled", "good-gw", "bad-gw"),
    ("aws.storagegateway.gateway_smb_encryption_required", "good-gw", "bad-gw"),
    ("aws.storagegateway.nfs_share_encrypted_with_cmk", "good-nfs", "bad-nfs"),
    ("aws.storagegateway.nfs_share_clients_restricted", "good-nfs", "bad-nfs"),
    ("aws.storagegateway.nfs_share_squashes_root", "good-nfs", "bad-nfs"),
    ("aws.storagegateway.smb_share_encrypted_with_cmk", "good-smb", "bad-smb"),
    ("aws.storagegateway.smb_share_no_guest_access", "good-smb", "bad-smb"),
    ("aws.appstream.fleet_no_default_internet_access", "good-fleet", "bad-fleet"),
    ("aws.appstream.fleet_session_duration_limited", "good-fleet", "bad-fleet"),
    ("aws.appstream.fleet_disconnect_timeout_short", "good-fleet", "bad-fleet"),
    ("aws.appstream.fleet_idle_disconnect_timeout_short", "good-fleet", "bad-fleet"),
    ("aws.s3tables.table_bucket_encrypted_with_kms", "good-tables", "bad-tables"),
    ("aws.s3tables.table_bucket_policy_not_public", "good-tables", "bad-tables"),
    ("aws.s3tables.table_bucket_not_shared_cross_account", "good-tables", "foreign-tables"),
    ("aws.s3tables.table_bucket_unreferenced_file_removal", "good-tables", "bad-tables"),
    ("aws.s3tables.table_bucket_unreferenced_file_removal", "foreign-tables", "bad-tables"),
    ("aws.datasync.efs_location_encrypted_in_transit", "efs://us-east-1.fs-1/", "efs://us-east-1.fs-2/"),
    ("aws.datasync.object_storage_location_uses_https", "object-storage://minio.internal/good/",
     "object-storage://minio.internal/bad/"),
]


@pytest.mark.parametrize(("check_id", "good", "bad"), GOOD_BAD, ids=[f"{c}:{b}" for c, _, b in GOOD_BAD])
def test_standin_good_and_bad(statuses: dict[tuple[str, str], Any], check_id: str, good: str, bad: str) -> None:
    assert statuses[(check_id, good)].status is Status.PASS, statuses[(check_id, good)].detail
    assert statuses[(check_id, bad)].status is Status.FAIL, statuses[(check_id, bad)].detail


def test_access_denied_is_a_coverage_gap_never_a_pass() -> None:
    """Every new service, the moto-served ones too (their JSON APIs answer the same denial)."""
    inv = _collect(_denied, SERVICES + ["dax", "fsx", "transfer", "workspaces"])
    failed = {e.resource_type for e in inv.coverage.failures}
    assert set(TYPES) | {"aws.dax.cluster", "aws.fsx.file_system", "aws.transfer.server", "aws.transfer.connector",
                         "aws.workspaces.directory", "aws.workspaces.workspace"} <= failed, failed
    assert len(inv) == 0
    assert not [f for f in _statuses(inv, kms_key=False).values() if f.status is Status.PASS]
