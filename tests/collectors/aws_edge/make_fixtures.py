"""Write the check fixtures of the edge and network area (``tests/checks/fixtures/<id>.json``).

Each check starts from one resource document in the shape its collector stores (the API's own
fields plus the ``_`` fields the collector adds) and replaces top-level keys for the pass, fail
and error cases.  Run: ``python -m tests.collectors.aws_edge.make_fixtures``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "checks" / "fixtures"
ACCOUNT, REGION = "111122223333", "us-east-1"
U = {"__unreadable__": "AccessDenied"}
LOGS = "arn:aws:logs:us-east-1:111122223333:log-group:access"

STAGE = {"stageName": "prod", "deploymentId": "d1", "tracingEnabled": True, "cacheClusterEnabled": True,
         "clientCertificateId": "cc1", "webAclArn": "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/w/1",
         "methodSettings": {"*/*": {"loggingLevel": "ERROR", "metricsEnabled": True, "cachingEnabled": True, "cacheDataEncrypted": True}},
         "accessLogSettings": {"destinationArn": LOGS, "format": "$context.requestId"},
         "_rest_api_id": "a1", "_endpoint_types": ["REGIONAL"]}
REST = {"id": "a1", "name": "orders", "Policy": None, "endpointConfiguration": {"types": ["REGIONAL"]},
        "_methods": [{"path": "/orders", "httpMethod": "GET", "authorizationType": "AWS_IAM", "apiKeyRequired": False},
                     {"path": "/orders", "httpMethod": "OPTIONS", "authorizationType": "NONE", "apiKeyRequired": False}]}
DOMAIN = {"domainName": "api.example.com", "securityPolicy": "TLS_1_2", "endpointConfiguration": {"types": ["REGIONAL"]}}
V2STAGE = {"StageName": "$default", "AccessLogSettings": {"DestinationArn": LOGS, "Format": "$context.requestId"},
           "DefaultRouteSettings": {"LoggingLevel": "INFO"}, "_api_id": "b1", "_protocol": "WEBSOCKET"}
V2API = {"ApiId": "b1", "Name": "chat", "ProtocolType": "HTTP",
         "_routes": [{"RouteId": "r1", "RouteKey": "GET /items", "AuthorizationType": "JWT", "AuthorizerId": "z1", "ApiKeyRequired": False}]}
ORIGIN_S3 = {"Id": "s3", "DomainName": "site-assets.s3.us-east-1.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""},
             "OriginAccessControlId": "E2OAC"}
ORIGIN_CUSTOM = {"Id": "app", "DomainName": "app.example.com",
                 "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only",
                                        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]}}}
DIST = {"Id": "E1", "ARN": "arn:aws:cloudfront::111122223333:distribution/E1", "DomainName": "d1.cloudfront.net",
        "Status": "Deployed", "WebACLId": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/w/1",
        "DefaultRootObject": "index.html", "Logging": {"Enabled": True, "Bucket": "logs.s3.amazonaws.com", "Prefix": ""},
        "Origins": {"Quantity": 2, "Items": [ORIGIN_S3, ORIGIN_CUSTOM]},
        "OriginGroups": {"Quantity": 1, "Items": [{"Id": "g", "Members": {"Quantity": 2, "Items": [{"OriginId": "s3"}, {"OriginId": "app"}]}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https"},
        "CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/api/*", "TargetOriginId": "app", "ViewerProtocolPolicy": "https-only"}]},
        "ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/c", "SSLSupportMethod": "sni-only",
                              "MinimumProtocolVersion": "TLSv1.2_2021", "CloudFrontDefaultCertificate": False},
        "Restrictions": {"GeoRestriction": {"RestrictionType": "whitelist", "Quantity": 1, "Items": ["JP"]}}}
ACL = {"Name": "edge", "Id": "1", "ARN": "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/edge/1",
       "DefaultAction": {"Allow": {}}, "_scope": "REGIONAL", "_resources": [],
       "VisibilityConfig": {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "edge"},
       "Rules": [{"Name": "common", "Priority": 0, "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
                  "VisibilityConfig": {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "common"}}],
       "_logging": {"ResourceArn": "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/edge/1",
                    "LogDestinationConfigs": ["arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-edge"]}}
ZONE = {"Id": "/hostedzone/Z1", "Name": "example.com.", "Config": {"PrivateZone": False}, "ResourceRecordSetCount": 3,
        "_query_logging": [{"Id": "q1", "HostedZoneId": "Z1", "CloudWatchLogsLogGroupArn": LOGS}], "_dnssec": "SIGNING",
        "_records": [{"Name": "www.example.com.", "Type": "A", "Values": ["52.1.2.3"]},
                     {"Name": "static.example.com.", "Type": "CNAME", "Values": ["site-assets.s3-website-us-east-1.amazonaws.com"]}]}
PRIVATE_ZONE = {**ZONE, "Id": "/hostedzone/Z2", "Name": "corp.internal.", "Config": {"PrivateZone": True}, "_query_logging": []}
DOMAIN53 = {"DomainName": "example.com", "AutoRenew": True, "TransferLock": True, "Expiry": "2027-05-01T00:00:00+00:00"}
CLB = {"LoadBalancerName": "web", "DNSName": "web.elb.amazonaws.com", "AvailabilityZones": ["us-east-1a", "us-east-1b"],
       "ListenerDescriptions": [{"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80,
                                              "SSLCertificateId": "arn:aws:acm:us-east-1:111122223333:certificate/c"},
                                 "PolicyNames": ["tls12"]}],
       "Attributes": {"CrossZoneLoadBalancing": {"Enabled": True}, "AccessLog": {"Enabled": True, "S3BucketName": "logs"},
                      "ConnectionDraining": {"Enabled": True, "Timeout": 300},
                      "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "defensive"}]},
       "_policies": [{"PolicyName": "tls12", "PolicyTypeName": "SSLNegotiationPolicyType",
                      "ReferenceSecurityPolicy": "ELBSecurityPolicy-TLS-1-2-2017-01"}]}
ALB = {"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1", "LoadBalancerName": "web",
       "Type": "application", "Scheme": "internet-facing", "Listeners": [], "Attributes": {},
       "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}, {"ZoneName": "us-east-1b", "SubnetId": "subnet-2"}]}
FW = {"FirewallName": "egress", "FirewallArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall/egress",
      "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/p", "VpcId": "vpc-1",
      "SubnetMappings": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2"}], "DeleteProtection": True,
      "SubnetChangeProtection": True, "FirewallPolicyChangeProtection": True,
      "_logging": [{"LogType": "ALERT", "LogDestinationType": "S3", "LogDestination": {"bucketName": "fw-logs"}}]}
POLICY = {"FirewallPolicyName": "p", "FirewallPolicyArn": "arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/p",
          "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatelessFragmentDefaultActions": ["aws:forward_to_sfe"],
                             "StatelessRuleGroupReferences": [],
                             "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:us-east-1:111122223333:stateful-rulegroup/g"}]}}
DX = {"connectionId": "dxcon-1", "connectionName": "dc1", "connectionState": "available", "location": "EqDC2", "bandwidth": "10Gbps",
      "macSecCapable": True, "encryptionMode": "must_encrypt", "portEncryptionStatus": "Encryption Up", "hasLogicalRedundancy": "yes"}
VIF = {"virtualInterfaceId": "dxvif-1", "virtualInterfaceName": "private", "virtualInterfaceState": "available", "connectionId": "dxcon-1",
       "bgpPeers": [{"bgpPeerId": "p1", "bgpStatus": "up", "customerAddress": "169.254.0.2/30"},
                    {"bgpPeerId": "p2", "bgpStatus": "up", "customerAddress": "169.254.1.2/30"}]}
VPC = {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "_flow_logs": [],
       "_endpoint_services": ["com.amazonaws.us-east-1.ec2", "com.amazonaws.us-east-1.s3"]}
PEERING = {"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
           "AccepterVpcInfo": {"OwnerId": ACCOUNT, "VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "CidrBlockSet": [{"CidrBlock": "10.1.0.0/16"}]},
           "RequesterVpcInfo": {"OwnerId": ACCOUNT, "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "CidrBlockSet": [{"CidrBlock": "10.0.0.0/16"}]}}
TGW = {"TransitGatewayId": "tgw-1", "State": "available",
       "Options": {"AutoAcceptSharedAttachments": "disable", "DefaultRouteTableAssociation": "enable"}}
VPN = {"VpnConnectionId": "vpn-1", "State": "available", "Type": "ipsec.1",
       "VgwTelemetry": [{"OutsideIpAddress": "198.51.100.1", "Status": "UP"}, {"OutsideIpAddress": "198.51.100.2", "Status": "UP"}]}
CVPN = {"ClientVpnEndpointId": "cvpn-endpoint-1", "Status": {"Code": "available"},
        "ConnectionLogOptions": {"Enabled": True, "CloudwatchLogGroup": "vpn"}}


def res(rtype: str, rid: str, data: dict[str, Any], region: str = REGION, name: str | None = None) -> dict[str, Any]:
    return {"provider": "aws", "account": ACCOUNT, "region": region, "type": rtype, "id": rid, "name": name or rid.rsplit("/", 1)[-1],
            "data": data}


def route_table(dest: str) -> dict[str, Any]:
    return res("aws.ec2.route_table", f"arn:aws:ec2:{REGION}:{ACCOUNT}:route-table/rtb-{dest.replace('/', '_')}",
               {"RouteTableId": f"rtb-{dest}", "VpcId": "vpc-1",
                "Routes": [{"DestinationCidrBlock": dest, "VpcPeeringConnectionId": "pcx-1", "State": "active"}]})


def bucket(name: str) -> dict[str, Any]:
    return {"provider": "aws", "account": ACCOUNT, "region": "global", "type": "aws.s3.bucket", "id": f"arn:aws:s3:::{name}",
            "name": name, "data": {"Name": name}}


EIP = {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.ec2.elastic_ip",
       "id": f"arn:aws:ec2:{REGION}:{ACCOUNT}:elastic-ip/eipalloc-1", "name": "52.1.2.3",
       "data": {"AllocationId": "eipalloc-1", "PublicIp": "52.1.2.3", "Domain": "vpc"}}

P = "pass"
F = "fail"
E = "error"
# check id -> (resource type, base document, region, {case: [top-level replacements]}, extra keys of the fixture)
CASES: dict[str, tuple[str, dict[str, Any], str, dict[str, list[dict[str, Any]]], dict[str, Any]]] = {
    "aws.apigateway.stage_execution_logging_enabled": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}, {"methodSettings": {"*/*": {"loggingLevel": "INFO"}}}],
        F: [{"methodSettings": {}}, {"methodSettings": {"*/*": {"loggingLevel": "OFF"}}}], E: [{"methodSettings": U}]}, {}),
    "aws.apigateway.stage_access_logging_enabled": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}], F: [{"accessLogSettings": None}, {"accessLogSettings": {"format": "x"}}], E: [{"accessLogSettings": U}]}, {}),
    "aws.apigateway.stage_xray_tracing_enabled": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}], F: [{"tracingEnabled": False}], E: [{"tracingEnabled": U}]}, {}),
    "aws.apigateway.stage_cache_encrypted": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}, {"cacheClusterEnabled": False, "methodSettings": {"*/*": {"loggingLevel": "ERROR"}}}],
        F: [{"methodSettings": {"*/*": {"cachingEnabled": True, "cacheDataEncrypted": False}}},
            {"methodSettings": {"*/*": {"cachingEnabled": True, "cacheDataEncrypted": True}, "orders/GET": {"cachingEnabled": True}}}],
        E: [{"methodSettings": U}]}, {}),
    "aws.apigateway.stage_client_certificate": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}], F: [{"clientCertificateId": None}], E: [{"clientCertificateId": U}]}, {}),
    "aws.apigateway.stage_waf_associated": ("aws.apigateway.stage", STAGE, REGION, {
        P: [{}, {"webAclArn": None, "_endpoint_types": ["PRIVATE"]}], F: [{"webAclArn": None}],
        E: [{"webAclArn": None, "_endpoint_types": U}]}, {}),
    "aws.apigateway.domain_name_tls_1_2": ("aws.apigateway.domain_name", DOMAIN, REGION, {
        P: [{}], F: [{"securityPolicy": "TLS_1_0"}], E: [{"securityPolicy": U}]}, {}),
    "aws.apigateway.rest_api_methods_authorized": ("aws.apigateway.rest_api", REST, REGION, {
        P: [{}, {"_methods": [{"path": "/", "httpMethod": "POST", "authorizationType": "NONE", "apiKeyRequired": True}]}],
        F: [{"_methods": [{"path": "/admin", "httpMethod": "DELETE", "authorizationType": "NONE", "apiKeyRequired": False}]}],
        E: [{"_methods": U}]}, {}),
    "aws.apigatewayv2.stage_access_logging_enabled": ("aws.apigatewayv2.stage", V2STAGE, REGION, {
        P: [{}], F: [{"AccessLogSettings": None}], E: [{"AccessLogSettings": U}]}, {}),
    "aws.apigatewayv2.websocket_stage_execution_logging": ("aws.apigatewayv2.stage", V2STAGE, REGION, {
        P: [{}, {"_protocol": "HTTP", "DefaultRouteSettings": {}}],
        F: [{"DefaultRouteSettings": {"LoggingLevel": "OFF"}}, {"DefaultRouteSettings": None}], E: [{"_protocol": U}]}, {}),
    "aws.apigatewayv2.routes_authorized": ("aws.apigatewayv2.api", V2API, REGION, {
        P: [{}, {"ProtocolType": "WEBSOCKET", "_routes": [{"RouteKey": "$connect", "AuthorizationType": "CUSTOM"},
                                                          {"RouteKey": "$default", "AuthorizationType": "NONE"}]}],
        F: [{"_routes": [{"RouteKey": "POST /admin", "AuthorizationType": "NONE"}]},
            {"ProtocolType": "WEBSOCKET", "_routes": [{"RouteKey": "$connect", "AuthorizationType": "NONE"}]}],
        E: [{"_routes": U}]}, {}),
    "aws.cloudfront.viewer_https_only": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"DefaultCacheBehavior": {"ViewerProtocolPolicy": "allow-all"}},
                     {"CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/img/*", "ViewerProtocolPolicy": "allow-all"}]}}],
        E: [{"DefaultCacheBehavior": U}]}, {}),
    "aws.cloudfront.viewer_minimum_tls_1_2": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"ViewerCertificate": {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1"}},
                     {"ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/c",
                                            "MinimumProtocolVersion": "TLSv1.1_2016", "SSLSupportMethod": "sni-only"}}],
        E: [{"ViewerCertificate": U}]}, {}),
    "aws.cloudfront.origin_https_to_custom_origins": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}, {"Origins": {"Quantity": 1, "Items": [ORIGIN_S3]}}],
        F: [{"Origins": {"Quantity": 1, "Items": [{**ORIGIN_CUSTOM, "CustomOriginConfig": {"OriginProtocolPolicy": "http-only"}}]}},
            {"DefaultCacheBehavior": {"ViewerProtocolPolicy": "allow-all"},
             "Origins": {"Quantity": 1, "Items": [{**ORIGIN_CUSTOM, "CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer"}}]}}],
        E: [{"Origins": U}]}, {}),
    "aws.cloudfront.origin_no_deprecated_ssl": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"Origins": {"Quantity": 1, "Items": [{**ORIGIN_CUSTOM, "CustomOriginConfig": {
            "OriginProtocolPolicy": "https-only", "OriginSslProtocols": {"Quantity": 2, "Items": ["SSLv3", "TLSv1.2"]}}}]}}],
        E: [{"Origins": U}]}, {}),
    "aws.cloudfront.s3_origin_access_control": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}, {"Origins": {"Quantity": 1, "Items": [ORIGIN_CUSTOM]}}],
        F: [{"Origins": {"Quantity": 1, "Items": [{**ORIGIN_S3, "OriginAccessControlId": "",
                                                   "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E9"}}]}}],
        E: [{"Origins": U}]}, {}),
    "aws.cloudfront.waf_enabled": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"WebACLId": ""}], E: [{"WebACLId": U}]}, {}),
    "aws.cloudfront.logging_enabled": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"Logging": {"Enabled": False, "Bucket": "", "Prefix": ""}}], E: [{"Logging": U}]}, {}),
    "aws.cloudfront.default_root_object": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"DefaultRootObject": ""}], E: [{"DefaultRootObject": U}]}, {}),
    "aws.cloudfront.geo_restriction_configured": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}}}], E: [{"Restrictions": U}]}, {}),
    "aws.cloudfront.origin_failover_configured": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"OriginGroups": {"Quantity": 0}}], E: [{"OriginGroups": U}]}, {}),
    "aws.cloudfront.custom_ssl_certificate": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"ViewerCertificate": {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1"}}],
        E: [{"ViewerCertificate": U}]}, {}),
    "aws.cloudfront.custom_certificate_sni": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}, {"ViewerCertificate": {"CloudFrontDefaultCertificate": True}}],
        F: [{"ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/c", "SSLSupportMethod": "vip",
                                   "MinimumProtocolVersion": "TLSv1.2_2021"}}], E: [{"ViewerCertificate": U}]}, {}),
    "aws.cloudfront.s3_origins_exist": ("aws.cloudfront.distribution", DIST, "global", {
        P: [{}], F: [{"Origins": {"Quantity": 1, "Items": [{**ORIGIN_S3, "DomainName": "deleted-bucket.s3.amazonaws.com"}]}}],
        E: [{"Origins": U}]},
        {"inventory": [bucket("site-assets")],
         "incomplete": {"types": ["aws.s3.bucket"], "resources": []}}),
    "aws.wafv2.web_acl_has_rules": ("aws.wafv2.web_acl", ACL, REGION, {
        P: [{}], F: [{"Rules": []}], E: [{"Rules": U}]}, {}),
    "aws.wafv2.web_acl_logging_enabled": ("aws.wafv2.web_acl", ACL, REGION, {
        P: [{}], F: [{"_logging": None}], E: [{"_logging": U}]}, {}),
    "aws.wafv2.web_acl_metrics_enabled": ("aws.wafv2.web_acl", ACL, REGION, {
        P: [{}], F: [{"VisibilityConfig": {"CloudWatchMetricsEnabled": False}},
                     {"Rules": [{"Name": "r", "VisibilityConfig": {"CloudWatchMetricsEnabled": False}}]}],
        E: [{"VisibilityConfig": U}]}, {}),
    "aws.route53.public_zone_query_logging": ("aws.route53.hosted_zone", ZONE, "global", {
        P: [{}, PRIVATE_ZONE], F: [{"_query_logging": []}], E: [{"_query_logging": U}]}, {}),
    "aws.route53.public_zone_dnssec_signing": ("aws.route53.hosted_zone", ZONE, "global", {
        P: [{}, PRIVATE_ZONE], F: [{"_dnssec": "NOT_SIGNING"}], E: [{"_dnssec": U}]}, {}),
    "aws.route53.domain_transfer_lock": ("aws.route53.domain", DOMAIN53, "global", {
        P: [{}], F: [{"TransferLock": False}], E: [{"TransferLock": U}]}, {}),
    "aws.route53.domain_auto_renew": ("aws.route53.domain", DOMAIN53, "global", {
        P: [{}], F: [{"AutoRenew": False}], E: [{"AutoRenew": U}]}, {}),
    "aws.route53.zone_no_dangling_addresses": ("aws.route53.hosted_zone", ZONE, "global", {
        P: [{}, {"_records": [{"Name": "db.example.com.", "Type": "A", "Values": ["10.0.0.5"]}]}],
        F: [{"_records": [{"Name": "old.example.com.", "Type": "A", "Values": ["54.23.1.77"]}]}], E: [{"_records": U}]},
        {"inventory": [EIP]}),
    "aws.route53.zone_no_dangling_s3_website": ("aws.route53.hosted_zone", ZONE, "global", {
        P: [{}], F: [{"_records": [{"Name": "old.example.com.", "Type": "CNAME",
                                    "Values": ["gone-bucket.s3-website.eu-west-1.amazonaws.com"]}]}], E: [{"_records": U}]},
        {"inventory": [bucket("site-assets")], "incomplete": {"types": ["aws.s3.bucket"], "resources": []}}),
    "aws.elb.listeners_encrypted": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"ListenerDescriptions": [{"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80}, "PolicyNames": []}]}],
        E: [{"ListenerDescriptions": U}]}, {}),
    "aws.elb.acm_certificate": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"ListenerDescriptions": [{"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443,
                                                             "SSLCertificateId": "arn:aws:iam::111122223333:server-certificate/old"}}]}],
        E: [{"ListenerDescriptions": U}]}, {}),
    "aws.elb.strong_tls_policy": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"_policies": [{"PolicyName": "tls12", "PolicyTypeName": "SSLNegotiationPolicyType",
                                     "ReferenceSecurityPolicy": "ELBSecurityPolicy-2016-08"}]}, {"_policies": []}],
        E: [{"_policies": U}]}, {}),
    "aws.elb.access_logs_enabled": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"Attributes": {"AccessLog": {"Enabled": False}}}], E: [{"Attributes": U}]}, {}),
    "aws.elb.connection_draining_enabled": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"Attributes": {"ConnectionDraining": {"Enabled": False}}}], E: [{"Attributes": U}]}, {}),
    "aws.elb.cross_zone_enabled": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"Attributes": {"CrossZoneLoadBalancing": {"Enabled": False}}}], E: [{"Attributes": U}]}, {}),
    "aws.elb.multi_az": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}], F: [{"AvailabilityZones": ["us-east-1a"]}], E: [{"AvailabilityZones": U}]}, {}),
    "aws.elb.desync_mitigation_strict": ("aws.elb.load_balancer", CLB, REGION, {
        P: [{}, {"Attributes": {}}], F: [{"Attributes": {"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]}}],
        E: [{"Attributes": U}]}, {}),
    "aws.elbv2.multi_az": ("aws.elbv2.load_balancer", ALB, REGION, {
        P: [{}], F: [{"AvailabilityZones": [{"ZoneName": "us-east-1a"}]}], E: [{"AvailabilityZones": U}]}, {}),
    "aws.elbv2.alb_waf_associated": ("aws.elbv2.load_balancer", ALB, REGION, {
        P: [{}, {"Type": "network"}], F: [{"LoadBalancerName": "other"}], E: []},
        {"inventory": [{"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.wafv2.web_acl", "id": ACL["ARN"],
                        "name": "edge", "data": {**ACL, "_resources": [ALB["LoadBalancerArn"]]}}],
         "incomplete": {"types": ["aws.wafv2.web_acl"], "resources": []}}),
    "aws.networkfirewall.firewall_multi_az": ("aws.networkfirewall.firewall", FW, REGION, {
        P: [{}], F: [{"SubnetMappings": [{"SubnetId": "subnet-1"}]}], E: [{"SubnetMappings": U}]}, {}),
    "aws.networkfirewall.firewall_logging_enabled": ("aws.networkfirewall.firewall", FW, REGION, {
        P: [{}], F: [{"_logging": []}], E: [{"_logging": U}]}, {}),
    "aws.networkfirewall.firewall_deletion_protection": ("aws.networkfirewall.firewall", FW, REGION, {
        P: [{}], F: [{"DeleteProtection": False}], E: [{"DeleteProtection": U}]}, {}),
    "aws.networkfirewall.firewall_subnet_change_protection": ("aws.networkfirewall.firewall", FW, REGION, {
        P: [{}], F: [{"SubnetChangeProtection": False}], E: [{"SubnetChangeProtection": U}]}, {}),
    "aws.networkfirewall.firewall_policy_change_protection": ("aws.networkfirewall.firewall", FW, REGION, {
        P: [{}], F: [{"FirewallPolicyChangeProtection": False}], E: [{"FirewallPolicyChangeProtection": U}]}, {}),
    "aws.networkfirewall.policy_has_rule_groups": ("aws.networkfirewall.firewall_policy", POLICY, REGION, {
        P: [{}], F: [{"FirewallPolicy": {"StatelessDefaultActions": ["aws:drop"], "StatelessFragmentDefaultActions": ["aws:drop"]}}],
        E: [{"FirewallPolicy": U}]}, {}),
    "aws.networkfirewall.policy_default_drop_full_packets": ("aws.networkfirewall.firewall_policy", POLICY, REGION, {
        P: [{}], F: [{"FirewallPolicy": {"StatelessDefaultActions": ["aws:pass"]}}], E: [{"FirewallPolicy": U}]}, {}),
    "aws.networkfirewall.policy_default_drop_fragments": ("aws.networkfirewall.firewall_policy", POLICY, REGION, {
        P: [{}], F: [{"FirewallPolicy": {"StatelessFragmentDefaultActions": ["aws:pass"]}}], E: [{"FirewallPolicy": U}]}, {}),
    "aws.directconnect.connection_macsec_encrypted": ("aws.directconnect.connection", DX, REGION, {
        P: [{}, {"macSecCapable": False, "encryptionMode": None}], F: [{"encryptionMode": "no_encrypt", "portEncryptionStatus": "Encryption Down"}],
        E: [{"encryptionMode": U}]}, {}),
    "aws.directconnect.connection_redundant": ("aws.directconnect.connection", DX, REGION, {
        P: [{}], F: [{"hasLogicalRedundancy": "no"}, {"hasLogicalRedundancy": "unknown"}], E: [{"hasLogicalRedundancy": U}]}, {}),
    "aws.directconnect.virtual_interface_bgp_up": ("aws.directconnect.virtual_interface", VIF, REGION, {
        P: [{}], F: [{"bgpPeers": [{"bgpPeerId": "p1", "bgpStatus": "down"}]}, {"bgpPeers": []}], E: [{"bgpPeers": U}]}, {}),
    "aws.vpc.ec2_endpoint_present": ("aws.vpc.vpc", VPC, REGION, {
        P: [{}], F: [{"_endpoint_services": ["com.amazonaws.us-east-1.s3"]}], E: [{"_endpoint_services": U}]}, {}),
    "aws.vpc.s3_endpoint_present": ("aws.vpc.vpc", VPC, REGION, {
        P: [{}], F: [{"_endpoint_services": []}], E: [{"_endpoint_services": U}]}, {}),
    "aws.vpc.peering_same_account": ("aws.vpc.peering_connection", PEERING, REGION, {
        P: [{}], F: [{"AccepterVpcInfo": {**PEERING["AccepterVpcInfo"], "OwnerId": "444455556666"}}], E: [{"AccepterVpcInfo": U}]}, {}),
    "aws.vpc.peering_routes_least_access": ("aws.vpc.peering_connection", {**PEERING, "VpcPeeringConnectionId": "pcx-2"}, REGION, {
        P: [{"VpcPeeringConnectionId": "pcx-2"}], F: [{"VpcPeeringConnectionId": "pcx-1"}], E: [{"VpcPeeringConnectionId": U}]},
        {"inventory": [route_table("10.1.0.0/16"), {**route_table("10.1.2.0/24"), "id": "arn:aws:ec2:us-east-1:111122223333:route-table/rtb-n",
                                                     "data": {"RouteTableId": "rtb-n", "Routes": [
                                                         {"DestinationCidrBlock": "10.1.2.0/24", "VpcPeeringConnectionId": "pcx-2"}]}}],
         "incomplete": {"types": ["aws.ec2.route_table"], "resources": []}}),
    "aws.vpc.transit_gateway_no_auto_accept": ("aws.vpc.transit_gateway", TGW, REGION, {
        P: [{}], F: [{"Options": {"AutoAcceptSharedAttachments": "enable"}}], E: [{"Options": U}]}, {}),
    "aws.vpc.vpn_tunnels_up": ("aws.vpc.vpn_connection", VPN, REGION, {
        P: [{}], F: [{"VgwTelemetry": [{"OutsideIpAddress": "198.51.100.1", "Status": "UP"},
                                       {"OutsideIpAddress": "198.51.100.2", "Status": "DOWN"}]}, {"VgwTelemetry": []}],
        E: [{"VgwTelemetry": U}]}, {}),
    "aws.vpc.client_vpn_connection_logging": ("aws.vpc.client_vpn_endpoint", CVPN, REGION, {
        P: [{}], F: [{"ConnectionLogOptions": {"Enabled": False}}], E: [{"ConnectionLogOptions": U}]}, {}),
}


def build(check_id: str) -> dict[str, Any]:
    rtype, base, region, cases, extra = CASES[check_id]
    doc: dict[str, Any] = {}
    for case in (P, F, E):
        doc[case] = [res(rtype, f"arn:aws:{rtype.split('.')[1]}:{region}:{ACCOUNT}:{rtype.split('.')[2]}/{check_id.rsplit('.', 1)[1]}-{case}-{i}",
                         {**base, **patch}, region) for i, patch in enumerate(cases.get(case, []))]
    if not doc[E]:
        del doc[E]
    for key, value in extra.items():
        doc[key] = value
    for ctx in doc.get("inventory", []):  # a web ACL protecting the passing load balancer (ids are generated here)
        if ctx["type"] == "aws.wafv2.web_acl":
            ctx["data"] = {**ctx["data"], "_resources": [doc[P][0]["id"]]}
    inc = doc.get("incomplete")
    if inc is not None and not inc["resources"]:
        inc["resources"] = [dict(r, id=r["id"] + "-incomplete") for r in doc[F]]
    return doc


def main() -> None:
    for check_id in CASES:
        (OUT / f"{check_id}.json").write_text(json.dumps(build(check_id), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
