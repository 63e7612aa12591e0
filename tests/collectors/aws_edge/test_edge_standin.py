"""Direct Connect and EC2 Client VPN endpoints against a local stand-in of their wire formats.

moto has no DescribeVirtualInterfaces, fills Direct Connect connections with placeholder values
(``hasLogicalRedundancy: false`` where the API returns ``"yes" | "no" | "unknown"``) and has no
DescribeClientVpnEndpoints, so the collectors are read here against a small stand-in answering:

* Direct Connect (JSON 1.1, ``POST /`` with ``X-Amz-Target: OvertureService.<Operation>``):
  DescribeConnections → ``{"connections": [{"connectionId", "connectionName", "macSecCapable",
  "encryptionMode", "portEncryptionStatus", "hasLogicalRedundancy", …}]}`` and
  DescribeVirtualInterfaces → ``{"virtualInterfaces": [{"virtualInterfaceId", "bgpPeers":
  [{"bgpPeerId", "bgpStatus": "up" | "down"}], …}]}``; a denied call answers 400 with
  ``{"__type": "AccessDeniedException"}``.
* EC2 (query protocol, form ``Action=DescribeClientVpnEndpoints``): XML
  ``<DescribeClientVpnEndpointsResponse><clientVpnEndpoint><item>…<connectionLogOptions>
  <Enabled>`` (that shape's members carry no lower-case wire names) with tags under ``tagSet``.

The account is switched between a populated one, an empty one (the unused-service rule: one call
per listing, no resources) and a denied one (a coverage gap, never PASS).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import boto3
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, REGION = "123456789012", "us-east-1"
CONNECTIONS = [
    {"ownerAccount": ACCOUNT, "connectionId": "dxcon-good", "connectionName": "good-dx", "connectionState": "available",
     "region": REGION, "location": "EqDC2", "bandwidth": "100Gbps", "macSecCapable": True, "encryptionMode": "must_encrypt",
     "portEncryptionStatus": "Encryption Up", "hasLogicalRedundancy": "yes", "tags": [{"key": "team", "value": "net"}]},
    {"ownerAccount": ACCOUNT, "connectionId": "dxcon-bad", "connectionName": "bad-dx", "connectionState": "available",
     "region": REGION, "location": "EqDC2", "bandwidth": "10Gbps", "macSecCapable": True, "encryptionMode": "no_encrypt",
     "portEncryptionStatus": "Encryption Down", "hasLogicalRedundancy": "no"},
]
VIFS = [
    {"ownerAccount": ACCOUNT, "virtualInterfaceId": "dxvif-good", "virtualInterfaceName": "good-vif", "connectionId": "dxcon-good",
     "virtualInterfaceState": "available", "authKey": "0xSECRETMD5KEY",
     "bgpPeers": [{"bgpPeerId": "p1", "bgpStatus": "up", "authKey": "0xSECRETMD5KEY"}, {"bgpPeerId": "p2", "bgpStatus": "up"}]},
    {"ownerAccount": ACCOUNT, "virtualInterfaceId": "dxvif-bad", "virtualInterfaceName": "bad-vif", "connectionId": "dxcon-bad",
     "virtualInterfaceState": "available", "bgpPeers": [{"bgpPeerId": "p3", "bgpStatus": "up"}, {"bgpPeerId": "p4", "bgpStatus": "down"}]},
]
CVPN_ITEM = ("<item><clientVpnEndpointId>{id}</clientVpnEndpointId><status><code>available</code></status>"
             "<connectionLogOptions><Enabled>{logs}</Enabled></connectionLogOptions>"
             "<tagSet><item><key>Name</key><value>{name}</value></item></tagSet></item>")
CVPN = (CVPN_ITEM.format(id="cvpn-endpoint-good", logs="true", name="good-cvpn")
        + CVPN_ITEM.format(id="cvpn-endpoint-bad", logs="false", name="bad-cvpn"))


class StandIn:
    def __init__(self) -> None:
        self.mode = "populated"
        self.calls: Counter[str] = Counter()

    def answer(self, request: Request) -> Response:
        target = request.headers.get("X-Amz-Target", "")
        if target.startswith("OvertureService."):
            op = target.split(".", 1)[1]
            self.calls[op] += 1
            if self.mode == "denied":
                return Response(json.dumps({"__type": "AccessDeniedException", "message": "not authorized"}), status=400,
                                content_type="application/x-amz-json-1.1")
            full = self.mode == "populated"
            body = {"DescribeConnections": {"connections": CONNECTIONS if full else []},
                    "DescribeVirtualInterfaces": {"virtualInterfaces": VIFS if full else []}}[op]
            return Response(json.dumps(body), status=200, content_type="application/x-amz-json-1.1")
        action = request.form.get("Action", "")
        self.calls[action] += 1
        if action == "DescribeClientVpnEndpoints":
            if self.mode == "denied":
                return Response("<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error>"
                                "</Errors><RequestID>r</RequestID></Response>", status=403, content_type="text/xml")
            items = CVPN if self.mode == "populated" else ""
            return Response(f'<DescribeClientVpnEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                            f"<requestId>r</requestId><clientVpnEndpoint>{items}</clientVpnEndpoint>"
                            f"</DescribeClientVpnEndpointsResponse>", status=200, content_type="text/xml")
        return Response("unknown", status=400)


@pytest.fixture(scope="module")
def standin() -> Any:
    stand = StandIn()
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("").respond_with_handler(stand.answer)
    server.start()
    factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                            session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
    try:
        yield stand, factory
    finally:
        server.stop()


def _collect(standin: Any, mode: str) -> Any:
    stand, factory = standin
    stand.mode = mode
    stand.calls.clear()
    return collect_account(factory, ACCOUNT, [REGION], services=["directconnect", "vpc_client_vpn"]), Counter(stand.calls)


@pytest.mark.parametrize(("check_id", "good", "bad"), [
    ("aws.directconnect.connection_macsec_encrypted", "good-dx", "bad-dx"),
    ("aws.directconnect.connection_redundant", "good-dx", "bad-dx"),
    ("aws.directconnect.virtual_interface_bgp_up", "good-vif", "bad-vif"),
    ("aws.vpc.client_vpn_connection_logging", "good-cvpn", "bad-cvpn"),
])
def test_checks_on_standin(standin: Any, check_id: str, good: str, bad: str) -> None:
    inv, _ = _collect(standin, "populated")
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    got = {f.resource.name: f.status for f in evaluate(inv, [registry.get(check_id)]).findings}
    assert got == {good: Status.PASS, bad: Status.FAIL}, got


def test_bgp_keys_are_not_stored(standin: Any) -> None:
    inv, _ = _collect(standin, "populated")
    assert inv.by_type("aws.directconnect.virtual_interface")
    assert "0xSECRETMD5KEY" not in json.dumps([r.data for r in inv])


def test_unused_services_cost_one_call_per_listing(standin: Any) -> None:
    inv, calls = _collect(standin, "empty")
    assert len(inv) == 0 and not inv.coverage.failures
    assert calls == Counter({"DescribeConnections": 1, "DescribeVirtualInterfaces": 1, "DescribeClientVpnEndpoints": 1}), calls


def test_denied_reads_are_coverage_gaps(standin: Any) -> None:
    inv, _ = _collect(standin, "denied")
    failed = {e.resource_type for e in inv.coverage.failures}
    assert {"aws.directconnect.connection", "aws.directconnect.virtual_interface", "aws.vpc.client_vpn_endpoint"} <= failed
    assert not inv.by_type("aws.directconnect.connection")
    assert not [f for f in evaluate(inv, [c for c in registry.all_checks() if c.id.startswith("aws.directconnect.")]).findings
                if f.status is Status.PASS]
