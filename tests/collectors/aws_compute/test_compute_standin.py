"""App Runner, Lightsail and Elastic Beanstalk settings against a local stand-in of their APIs,
and what an API error becomes.

moto serves neither App Runner nor Lightsail, and has no Elastic Beanstalk
DescribeConfigurationSettings, so the collectors are read here through the real boto3 clients
against a stand-in answering the wire formats of the API references:

* App Runner, AWS JSON 1.0: ``POST /`` with ``X-Amz-Target: AppRunner.ListServices`` →
  ``{"ServiceSummaryList": [{ServiceName, ServiceId, ServiceArn, ServiceUrl, Status …}], "NextToken"}``;
  ``AppRunner.DescribeService`` ``{"ServiceArn"}`` → ``{"Service": {…, SourceConfiguration
  {ImageRepository {ImageConfiguration {RuntimeEnvironmentVariables, Port}}}, EncryptionConfiguration
  {KmsKey}, NetworkConfiguration {EgressConfiguration, IngressConfiguration {IsPubliclyAccessible}},
  ObservabilityConfiguration {ObservabilityEnabled, ObservabilityConfigurationArn}}}``.
* Lightsail, AWS JSON 1.1: ``Lightsail_20161128.GetInstances`` → ``{"instances": [Instance…],
  "nextPageToken"}`` (Instance: name, arn, addOns [{name, status}], networking {ports [{fromPort,
  toPort, protocol, accessFrom, cidrs, ipv6Cidrs}]} …); ``GetRelationalDatabases`` →
  ``{"relationalDatabases": [{name, arn, publiclyAccessible, backupRetentionEnabled …}]}``.
* Elastic Beanstalk, the query protocol: form-encoded ``Action=DescribeEnvironments`` /
  ``DescribeConfigurationSettings`` answered in XML (``<Environments><member>…``,
  ``<ConfigurationSettings><member><OptionSettings><member><Namespace/><OptionName/><Value/>``).

Errors: JSON ``{"__type": "AccessDeniedException", "message"}`` with HTTP 400; XML
``<ErrorResponse><Error><Code>AccessDenied</Code>…`` with HTTP 403.  The first page of App Runner
ListServices and of Lightsail GetInstances carries a token, so paging is exercised.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

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
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
FAKE_SECRET = "Zq8vN3kP1mX7wR4tY6uB9cD2fG5hJ0lA"  # high-entropy, not a real credential
EB_NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/"


def _apprunner(name: str, good: bool) -> dict[str, Any]:
    arn = f"arn:aws:apprunner:{REGION}:{ACCOUNT}:service/{name}/0123456789abcdef"
    env = {"MODE": "prod"} if good else {"MODE": "prod", "API_TOKEN": FAKE_SECRET}
    return {"ServiceName": name, "ServiceId": "0123456789abcdef", "ServiceArn": arn, "Status": "RUNNING",
            "ServiceUrl": f"{name}.{REGION}.awsapprunner.com", "CreatedAt": 1764000000.0, "UpdatedAt": 1764000000.0,
            "SourceConfiguration": {"AutoDeploymentsEnabled": False, "ImageRepository": {
                "ImageIdentifier": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{name}:1", "ImageRepositoryType": "ECR",
                "ImageConfiguration": {"Port": "8080", "RuntimeEnvironmentVariables": env,
                                       "StartCommand": "python app.py"}}},
            "InstanceConfiguration": {"Cpu": "1024", "Memory": "2048"},
            **({"EncryptionConfiguration": {"KmsKey": KEY}} if good else {}),
            "NetworkConfiguration": {"EgressConfiguration": {"EgressType": "DEFAULT"},
                                     "IngressConfiguration": {"IsPubliclyAccessible": True}, "IpAddressType": "IPV4"},
            "ObservabilityConfiguration": {"ObservabilityEnabled": good, **({"ObservabilityConfigurationArn":
                f"arn:aws:apprunner:{REGION}:{ACCOUNT}:observabilityconfiguration/xray/1/abcd"} if good else {})}}


def _summary(svc: dict[str, Any]) -> dict[str, Any]:
    return {k: svc[k] for k in ("ServiceName", "ServiceId", "ServiceArn", "ServiceUrl", "Status", "CreatedAt", "UpdatedAt")}


def _port(lo: int, hi: int, cidrs: list[str]) -> dict[str, Any]:
    return {"fromPort": lo, "toPort": hi, "protocol": "tcp", "accessFrom": "Anywhere (0.0.0.0/0)" if "0.0.0.0/0" in cidrs
            else "Custom", "accessType": "public", "accessDirection": "inbound", "cidrs": cidrs, "ipv6Cidrs": [],
            "cidrListAliases": []}


def _instance(name: str, good: bool) -> dict[str, Any]:
    ports = [_port(80, 80, ["0.0.0.0/0"]), _port(443, 443, ["0.0.0.0/0"]),
             _port(22, 22, ["203.0.113.0/24"] if good else ["0.0.0.0/0"])]
    return {"name": name, "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:Instance/{name}-id", "supportCode": "1/i-1",
            "createdAt": 1764000000.0, "location": {"availabilityZone": f"{REGION}a", "regionName": REGION},
            "resourceType": "Instance", "tags": [{"key": "team", "value": "web"}], "blueprintId": "wordpress",
            "bundleId": "small_3_0", "isStaticIp": False, "publicIpAddress": "198.51.100.10",
            "addOns": [{"name": "AutoSnapshot", "status": "Enabled" if good else "Disabled", "snapshotTimeOfDay": "06:00"}],
            "state": {"code": 16, "name": "running"}, "username": "bitnami", "sshKeyName": "LightsailDefaultKeyPair",
            "networking": {"ports": ports, "monthlyTransfer": {"gbPerMonthAllocated": 1024}}}


def _database(name: str, good: bool) -> dict[str, Any]:
    return {"name": name, "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:RelationalDatabase/{name}-id",
            "supportCode": "1/db-1", "createdAt": 1764000000.0, "resourceType": "RelationalDatabase", "tags": [],
            "engine": "mysql", "engineVersion": "8.0.40", "state": "available", "masterUsername": "dbmasteruser",
            "publiclyAccessible": not good, "backupRetentionEnabled": good,
            "masterEndpoint": {"port": 3306, "address": f"{name}.abc.{REGION}.rds.amazonaws.com"}}


def _eb_env(name: str) -> str:
    return (f"<member><EnvironmentName>{name}</EnvironmentName><EnvironmentId>e-{name}</EnvironmentId>"
            f"<ApplicationName>shop</ApplicationName><Status>Ready</Status><Health>Green</Health>"
            f"<EnvironmentArn>arn:aws:elasticbeanstalk:{REGION}:{ACCOUNT}:environment/shop/{name}</EnvironmentArn>"
            f"<Tier><Name>WebServer</Name><Type>Standard</Type><Version>1.0</Version></Tier></member>")


def _eb_options(good: bool) -> list[tuple[str, str, str]]:
    on = "true" if good else "false"
    return [("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", on),
            ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
            ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced" if good else "basic"),
            ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", on),
            ("aws:elasticbeanstalk:application:environment", "DB_PASSWORD", FAKE_SECRET)]


def _xml(action: str, result: str) -> Response:
    body = (f'<{action}Response xmlns="{EB_NS}"><{action}Result>{result}</{action}Result>'
            f"<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></{action}Response>")
    return Response(body, status=200, content_type="text/xml")


def _json(body: dict[str, Any], version: str = "1.1") -> Response:
    return Response(json.dumps(body), status=200, content_type=f"application/x-amz-json-{version}")


class StandIn:
    """Routes on X-Amz-Target (JSON) or the form's Action (query); ``deny`` names what answers AccessDenied."""

    def __init__(self, deny: frozenset[str] = frozenset(), empty: bool = False) -> None:
        self.deny, self.empty = deny, empty
        self.calls: list[str] = []

    def __call__(self, request: Request) -> Response:
        target = request.headers.get("X-Amz-Target", "")
        if not target:
            return self._query(parse_qs(request.get_data(as_text=True)))
        self.calls.append(target)
        body = json.loads(request.get_data() or b"{}")
        if target in self.deny:
            return Response(json.dumps({"__type": "AccessDeniedException", "message": f"not authorized: {target}"}),
                            status=400, content_type="application/x-amz-json-1.1")
        services = {"good-app": _apprunner("good-app", True), "bad-app": _apprunner("bad-app", False)}
        if target == "AppRunner.ListServices":
            if self.empty:
                return _json({"ServiceSummaryList": []}, "1.0")
            if body.get("NextToken") == "p2":
                return _json({"ServiceSummaryList": [_summary(services["bad-app"])]}, "1.0")
            return _json({"ServiceSummaryList": [_summary(services["good-app"])], "NextToken": "p2"}, "1.0")
        if target == "AppRunner.DescribeService":
            name = body["ServiceArn"].split("/")[1]
            return _json({"Service": services[name]}, "1.0")
        if target == "Lightsail_20161128.GetInstances":
            if self.empty:
                return _json({"instances": []})
            if body.get("pageToken") == "p2":
                return _json({"instances": [_instance("bad-vm", False)]})
            return _json({"instances": [_instance("good-vm", True)], "nextPageToken": "p2"})
        if target == "Lightsail_20161128.GetRelationalDatabases":
            return _json({"relationalDatabases": [] if self.empty else [_database("good-db", True), _database("bad-db", False)]})
        return Response(json.dumps({"__type": "UnknownOperationException"}), status=400,
                        content_type="application/x-amz-json-1.1")

    def _query(self, form: dict[str, list[str]]) -> Response:
        action = form.get("Action", [""])[0]
        self.calls.append(action)
        if action in self.deny:
            return Response("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                            f"<Message>not authorized: {action}</Message></Error><RequestId>r</RequestId></ErrorResponse>",
                            status=403, content_type="text/xml")
        if action == "DescribeEnvironments":
            envs = "" if self.empty else _eb_env("good-env") + _eb_env("bad-env")
            return _xml(action, f"<Environments>{envs}</Environments>")
        if action == "DescribeConfigurationSettings":
            name = form["EnvironmentName"][0]
            opts = "".join(f"<member><Namespace>{ns}</Namespace><OptionName>{o}</OptionName><Value>{escape(v)}</Value></member>"
                           for ns, o, v in _eb_options(name == "good-env"))
            return _xml(action, f"<ConfigurationSettings><member><ApplicationName>shop</ApplicationName>"
                                f"<EnvironmentName>{name}</EnvironmentName><DeploymentStatus>deployed</DeploymentStatus>"
                                f"<OptionSettings>{opts}</OptionSettings></member></ConfigurationSettings>")
        return Response("<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>", status=400,
                        content_type="text/xml")


@pytest.fixture(scope="module")
def server():
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.stop()


SERVICES = ["apprunner", "lightsail", "elasticbeanstalk"]


def _collect(server: HTTPServer, handler: StandIn, services: list[str]):
    server.clear()
    server.expect_request("").respond_with_handler(handler)  # every path: the handler routes
    factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                            session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
    return collect_account(factory, ACCOUNT, [REGION], services=services)


def _statuses(inv, prefixes: tuple[str, ...]) -> dict[tuple[str, str], Status]:
    wanted = [c for c in registry.all_checks() if c.id.startswith(prefixes)]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(inv, wanted).findings}


@pytest.fixture(scope="module")
def served(server):
    handler = StandIn()
    inv = _collect(server, handler, SERVICES)
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    return inv, handler


EXPECTED = [
    ("aws.apprunner.service_encrypted_with_cmk", "good-app", "bad-app"),
    ("aws.apprunner.service_observability_enabled", "good-app", "bad-app"),
    ("aws.apprunner.no_secrets_in_service_environment", "good-app", "bad-app"),
    ("aws.lightsail.instance_admin_ports_not_open_to_all", "good-vm", "bad-vm"),
    ("aws.lightsail.instance_only_web_ports_open_to_all", "good-vm", "bad-vm"),
    ("aws.lightsail.instance_automatic_snapshots_enabled", "good-vm", "bad-vm"),
    ("aws.lightsail.database_not_public", "good-db", "bad-db"),
    ("aws.lightsail.database_backup_retention_enabled", "good-db", "bad-db"),
    ("aws.elasticbeanstalk.environment_managed_updates_enabled", "good-env", "bad-env"),
    ("aws.elasticbeanstalk.environment_enhanced_health_reporting", "good-env", "bad-env"),
    ("aws.elasticbeanstalk.environment_streams_logs_to_cloudwatch", "good-env", "bad-env"),
]


@pytest.mark.parametrize(("check_id", "good", "bad"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_on_the_standin(served, check_id: str, good: str, bad: str) -> None:
    got = {n: s for (c, n), s in _statuses(served[0], (check_id,)).items() if c == check_id}
    assert got == {good: Status.PASS, bad: Status.FAIL}


def test_paging_tags_and_no_secret_value(served) -> None:
    inv, handler = served
    assert handler.calls.count("AppRunner.ListServices") == 2 and handler.calls.count("Lightsail_20161128.GetInstances") == 2
    vm = next(r for r in inv if r.name == "good-vm")
    assert vm.tags == {"team": "web"}
    text = repr([r.to_dict() for r in inv])
    assert FAKE_SECRET not in text and "python app.py" not in text
    app = next(r for r in inv if r.name == "bad-app")
    image = app.data["SourceConfiguration"]["ImageRepository"]["ImageConfiguration"]
    assert image["RuntimeEnvironmentVariablesNames"] == ["API_TOKEN", "MODE"]
    env = next(r for r in inv if r.name == "good-env")
    assert not [k for k in env.data["OptionSettings"] if "application:environment" in k]


@pytest.mark.parametrize(("denied", "gaps"), [
    ("AppRunner.ListServices", {"aws.apprunner.service"}),
    ("Lightsail_20161128.GetRelationalDatabases", {"aws.lightsail.database"}),
    ("DescribeEnvironments", {"aws.elasticbeanstalk.environment"}),
])
def test_denied_listing_is_a_coverage_gap_never_a_pass(server, denied: str, gaps: set[str]) -> None:
    """AccessDenied on a listing: that type is a coverage failure; nothing of it passes."""
    inv = _collect(server, StandIn(deny=frozenset({denied})), SERVICES)
    assert {e.resource_type for e in inv.coverage.failures} == gaps
    assert "AccessDenied" in " ".join(e.error for e in inv.coverage.failures)
    assert not [r for r in inv if r.type in gaps]


@pytest.mark.parametrize(("denied", "prefix"), [
    ("AppRunner.DescribeService", "aws.apprunner."),
    ("DescribeConfigurationSettings", "aws.elasticbeanstalk."),
])
def test_denied_setting_read_is_error_never_pass(server, denied: str, prefix: str) -> None:
    """AccessDenied on a per-resource read: the resources are kept and every check of them answers ERROR."""
    inv = _collect(server, StandIn(deny=frozenset({denied})), SERVICES)
    assert not inv.coverage.failures
    got = {k: s for k, s in _statuses(inv, (prefix,)).items()}
    assert got and set(got.values()) == {Status.ERROR}, got


def test_unused_services_cost_their_listings_and_find_nothing(server) -> None:
    handler = StandIn(empty=True)
    inv = _collect(server, handler, SERVICES)
    assert not inv.coverage.failures and not list(inv)
    assert sorted(handler.calls) == ["AppRunner.ListServices", "DescribeEnvironments",
                                     "Lightsail_20161128.GetInstances", "Lightsail_20161128.GetRelationalDatabases"]


def test_regions_without_the_service_cost_no_call(server) -> None:
    """Lightsail and App Runner are offered in a few regions: elsewhere nothing is called and nothing is a gap."""
    handler = StandIn()
    server.clear()
    server.expect_request("").respond_with_handler(handler)
    factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                            session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
    inv = collect_account(factory, ACCOUNT, ["af-south-1"], services=["apprunner", "lightsail"])
    assert not inv.coverage.failures and not list(inv) and not handler.calls
