"""The FSBP file lists the controls UCS evaluates: each one must be evidenced by a check, and the
controls existing checks evidence must be mapped (a control listed but unmapped reads "not
assessed" in the compliance score while a check already answers it)."""

from __future__ import annotations

from importlib import resources

import yaml

import checks as registry

# Listed before their check exists (none now).
AWAITING: set[str] = set()


def _controls(fw: str) -> set[str]:
    doc = yaml.safe_load(resources.files("config").joinpath("frameworks", f"{fw}.yaml").read_text(encoding="utf-8"))
    return {str(c["id"]) for c in doc["controls"]}


def _mapped(fw: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in registry.all_checks():
        for ctl in c.meta.frameworks.get(fw, ()):
            out.setdefault(ctl, set()).add(c.id)
    return out


def test_every_fsbp_control_listed_is_evidenced_by_a_check() -> None:
    unmapped = _controls("aws-fsbp") - set(_mapped("aws-fsbp")) - AWAITING
    assert not unmapped, f"aws-fsbp controls no check evidences: {sorted(unmapped)}"


def test_existing_checks_map_their_fsbp_controls() -> None:
    mapped = _mapped("aws-fsbp")
    for ctl, check_id in {"EC2.1": "aws.ec2.snapshot_not_public", "IAM.4": "aws.iam.root_no_access_keys",
                          "KMS.4": "aws.kms.rotation_enabled", "RDS.1": "aws.rds.snapshot_not_public",
                          "S3.5": "aws.s3.tls_only_policy", "IAM.1": "aws.iam.no_full_admin_policies",
                          "CloudWatch.1": "aws.cloudwatch.alarm_root_account_usage",
                          "EC2.8": "aws.ec2.imdsv2_required", "S3.8": "aws.s3.block_public_access"}.items():
        assert check_id in mapped.get(ctl, set()), (ctl, check_id)
