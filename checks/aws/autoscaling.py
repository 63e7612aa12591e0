"""Auto Scaling groups and launch configurations: launch templates, zones, health checks, IMDSv2, public IPs, user data."""

from __future__ import annotations

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

setting_check(Setting(
    'aws.autoscaling.group_uses_launch_template', ("aws.autoscaling.group",), 'LaunchTemplate',
    lambda v, r: bool(v) or bool(r.data.get("MixedInstancesPolicy")),
    ('Auto Scaling group uses a launch template', 'Auto Scaling グループが起動テンプレートを使っている'),
    ('Launch configurations are deprecated and cannot require IMDSv2 per version; a launch template can.',
     '起動設定は非推奨で、バージョンごとに IMDSv2 を必須にできませんが、起動テンプレートではできます。'),
    ('Create a launch template from the configuration and switch the group to it.',
     '起動設定から起動テンプレートを作成し、グループをそれに切り替えてください。'),
    Severity.MEDIUM, ('AutoScaling.9',)), __name__)

setting_check(Setting(
    'aws.autoscaling.group_multi_az', ("aws.autoscaling.group",), 'AvailabilityZones',
    lambda v, r: len(v or []) > 1,
    ('Auto Scaling group spans several Availability Zones', 'Auto Scaling グループが複数のアベイラビリティーゾーンにまたがる'),
    ('A group in one zone loses all its instances with that zone.',
     '1 つのゾーンだけのグループは、そのゾーンの障害ですべてのインスタンスを失います。'),
    ('Add subnets of other Availability Zones to the group.',
     '他のアベイラビリティーゾーンのサブネットをグループに追加してください。'),
    Severity.LOW, ('AutoScaling.2',)), __name__)

setting_check(Setting(
    'aws.autoscaling.group_elb_health_check', ("aws.autoscaling.group",), 'HealthCheckType',
    lambda v, r: str(v) in ("ELB", "VPC_LATTICE", "EBS") or not (r.data.get("LoadBalancerNames") or r.data.get("TargetGroupARNs")),
    ('Auto Scaling group behind a load balancer uses its health checks', 'ロードバランサー配下の Auto Scaling グループがそのヘルスチェックを使っている'),
    ('With EC2 health checks only, an instance the load balancer marks unhealthy keeps serving nothing and is never replaced.',
     'EC2 ヘルスチェックだけでは、ロードバランサーが異常と判断したインスタンスが置き換えられません。'),
    ('aws autoscaling update-auto-scaling-group --health-check-type ELB',
     'aws autoscaling update-auto-scaling-group --health-check-type ELB を実行してください。'),
    Severity.LOW, ('AutoScaling.1',)), __name__)

setting_check(Setting(
    'aws.autoscaling.launch_configuration_imdsv2_required', ("aws.autoscaling.launch_configuration",), 'MetadataOptions',
    lambda v, r: str((v or {}).get("HttpTokens", "optional")) == "required" or str((v or {}).get("HttpEndpoint", "enabled")) == "disabled",
    ('Launch configuration requires IMDSv2', '起動設定が IMDSv2 を必須にしている'),
    ('Instances launched from the configuration refuse IMDSv1, the path SSRF uses to steal role credentials.',
     '起動設定から起動したインスタンスが、SSRF がロールの認証情報を盗むのに使う IMDSv1 を拒否すること。'),
    ('Create a configuration (better: a launch template) with MetadataOptions HttpTokens=required.',
     'MetadataOptions で HttpTokens=required とした起動設定（できれば起動テンプレート）を作成してください。'),
    Severity.HIGH, ('AutoScaling.3',)), __name__)

setting_check(Setting(
    'aws.autoscaling.launch_configuration_no_public_ip', ("aws.autoscaling.launch_configuration",), 'AssociatePublicIpAddress',
    lambda v, r: not v,
    ('Launch configuration does not assign public IP addresses', '起動設定がパブリック IP アドレスを割り当てない'),
    ('Instances launched with AssociatePublicIpAddress are directly on the internet.',
     'AssociatePublicIpAddress 付きで起動したインスタンスは直接インターネットに出ます。'),
    ('Create a configuration without AssociatePublicIpAddress.',
     'AssociatePublicIpAddress なしの起動設定を作成してください。'),
    Severity.HIGH, ('Autoscaling.5',)), __name__)

setting_check(Setting(
    'aws.autoscaling.no_secrets_in_launch_configuration_user_data', ("aws.autoscaling.launch_configuration",), '_user_data_secrets',
    lambda v, r: not v,
    ("No secrets in the launch configuration's user data", '起動設定のユーザーデータにシークレットがない'),
    ('detect-secrets finds nothing in the user data every launched instance receives; the finding names the line and detector, never the value.',
     '起動するすべてのインスタンスが受け取るユーザーデータに detect-secrets が何も検出しないこと。検出結果は行と検出器のみを示し、値は示しません。'),
    ('Fetch secrets at boot from Secrets Manager or SSM with the instance role; rotate any exposed credential.',
     '起動時にインスタンスロールで Secrets Manager または SSM からシークレットを取得し、漏えいした認証情報はローテーションしてください。'),
    Severity.HIGH, ()), __name__)
