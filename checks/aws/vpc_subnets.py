"""VPC subnets: public addresses by default."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.vpc.subnet_no_public_ip_on_launch', ("aws.vpc.subnet",), 'MapPublicIpOnLaunch',
    lambda v, r: not v,
    ('Subnet does not assign public IP addresses by default', 'サブネットが既定でパブリック IP アドレスを割り当てない'),
    ('With MapPublicIpOnLaunch every instance launched in the subnet gets a public address unless told otherwise.',
     'MapPublicIpOnLaunch が有効だと、サブネットで起動したすべてのインスタンスに、指定しない限りパブリックアドレスが付きます。'),
    ('aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch',
     'aws ec2 modify-subnet-attribute --subnet-id ID --no-map-public-ip-on-launch を実行してください。'),
    Severity.MEDIUM, ('EC2.15',)), __name__)
