"""EC2 launch templates: IMDSv2 and public addresses of what they launch."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check


def _data(version: dict[str, Any]) -> dict[str, Any]:
    return version.get("LaunchTemplateData") or {}


def _imdsv2(version: dict[str, Any]) -> bool:
    """IMDSv2 required, or the metadata endpoint off (then no version of IMDS answers)."""
    opts = _data(version).get("MetadataOptions") or {}
    return opts.get("HttpTokens", "optional") == "required" or opts.get("HttpEndpoint", "enabled") == "disabled"


def _nics(version: dict[str, Any]) -> list[dict[str, Any]]:
    return list(_data(version).get("NetworkInterfaces") or [])


setting_check(Setting(
    'aws.ec2.launch_template_imdsv2_required', ("aws.ec2.launch_template",), '_versions',
    lambda v, r: all(_imdsv2(x) for x in (v or [])),
    ('Launch template requires IMDSv2', '起動テンプレートが IMDSv2 を必須にしている'),
    ('The default and latest versions set MetadataOptions HttpTokens to required, so instances they launch refuse IMDSv1 (the SSRF credential theft path).',
     '既定と最新のバージョンで HttpTokens が required であり、起動したインスタンスが IMDSv1（SSRF による認証情報窃取の経路）を拒否すること。'),
    ('Create a new template version with MetadataOptions HttpTokens=required and make it the default.',
     'MetadataOptions で HttpTokens=required とした新しいテンプレートバージョンを作成し、デフォルトにしてください。'),
    Severity.HIGH, ('EC2.170',)), __name__)

setting_check(Setting(
    'aws.ec2.launch_template_no_public_ip', ("aws.ec2.launch_template",), '_versions',
    lambda v, r: not any(n.get("AssociatePublicIpAddress") for x in (v or []) for n in _nics(x)),
    ('Launch template does not assign public IP addresses', '起動テンプレートがパブリック IP アドレスを割り当てない'),
    ('No network interface of the default or latest version sets AssociatePublicIpAddress, so launched instances are not directly on the internet.',
     '既定と最新のバージョンで AssociatePublicIpAddress が設定されておらず、起動したインスタンスが直接インターネットに出ないこと。'),
    ('Create a version without AssociatePublicIpAddress and reach instances through a load balancer or SSM.',
     'AssociatePublicIpAddress のないバージョンを作成し、ロードバランサーまたは SSM 経由で接続してください。'),
    Severity.HIGH, ('EC2.25',)), __name__)
