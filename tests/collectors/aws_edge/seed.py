"""One resource of every edge and network type moto can hold, for the breadth identity test
(``tests/collectors/aws_breadth/test_services_e2e.py``: every declared type is collected once, then
every read is failed in turn)."""

from __future__ import annotations

from typing import Any

REGION = "us-east-1"
# Types moto cannot hold: the identity test lists them as having no resource in its estate.
NOT_IN_MOTO = {
    "aws.directconnect.virtual_interface",  # no DescribeVirtualInterfaces
    "aws.vpc.client_vpn_endpoint",  # no DescribeClientVpnEndpoints
    "aws.networkfirewall.firewall_policy",  # no DescribeFirewallPolicy
    "aws.route53.domain",  # RegisterDomain needs full contact records; ListDomains is proven by fixtures
}


def seed_edge_types(f: Any) -> None:
    ag = f.client("apigateway", REGION)
    api = ag.create_rest_api(name="ucs-identity-api")["id"]
    root = ag.get_resources(restApiId=api)["items"][0]["id"]
    ag.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    ag.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    dep = ag.create_deployment(restApiId=api)["id"]
    ag.create_stage(restApiId=api, stageName="identity", deploymentId=dep)
    cert = f.client("acm", REGION).request_certificate(DomainName="identity.example.com")["CertificateArn"]
    ag.create_domain_name(domainName="identity.example.com", regionalCertificateArn=cert)
    v2 = f.client("apigatewayv2", REGION)
    v2.create_stage(ApiId=v2.create_api(Name="ucs-identity-http", ProtocolType="HTTP")["ApiId"], StageName="live")
    f.client("cloudfront", REGION).create_distribution(DistributionConfig={
        "CallerReference": "ucs-identity", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "ucs-identity.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all",
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}, "MinTTL": 0,
                                 "TrustedSigners": {"Enabled": False, "Quantity": 0}}})
    f.client("wafv2", REGION).create_web_acl(Name="ucs-identity", Scope="REGIONAL", DefaultAction={"Allow": {}}, Rules=[],
                                             VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False,
                                                               "MetricName": "ucs-identity"})
    f.client("route53", REGION).create_hosted_zone(Name="identity.example.", CallerReference="ucs-identity")
    f.client("elb", REGION).create_load_balancer(LoadBalancerName="ucs-identity-clb", AvailabilityZones=[f"{REGION}a"], Listeners=[
        {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}])
    f.client("network-firewall", REGION).create_firewall(
        FirewallName="ucs-identity-fw", FirewallPolicyArn=f"arn:aws:network-firewall:{REGION}:123456789012:firewall-policy/none",
        VpcId="vpc-identity", SubnetMappings=[{"SubnetId": "subnet-identity"}])
    f.client("directconnect", REGION).create_connection(location="EqDC2", bandwidth="1Gbps", connectionName="ucs-identity-dx")
    ec2 = f.client("ec2", REGION)
    ec2.allocate_address(Domain="vpc")
    ec2.create_transit_gateway(Description="ucs identity")
    a = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.78.0.0/16")["Vpc"]["VpcId"]
    ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.9", BgpAsn=65000)["CustomerGateway"]["CustomerGatewayId"]
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, VpnGatewayId=vgw)
