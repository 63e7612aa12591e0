"""One resource of each detection-and-management type moto can hold, for the breadth estate's
identity test (tests/collectors/aws_breadth/test_services_e2e.py): a backup plan, a log group,
a Shield Advanced subscription with a protection, a Resilience Hub application."""

from __future__ import annotations

from agent.collectors.aws.context import ClientFactory

REGION = "us-east-1"
# moto lacks these APIs (Audit Manager, conformance packs, managed instances, recovery points):
# their types are proven against tests/collectors/aws_detect/standin.py.
NOT_IN_MOTO = {"aws.auditmanager.account", "aws.config.conformance_pack", "aws.ssm.managed_instance",
               "aws.backup.recovery_point"}


def seed_identity(f: ClientFactory) -> None:
    f.client("backup", REGION).create_backup_plan(BackupPlan={"BackupPlanName": "ucs-identity-plan", "Rules": [
        {"RuleName": "daily", "TargetBackupVaultName": "Default", "ScheduleExpression": "cron(0 5 ? * * *)"}]})
    f.client("logs", REGION).create_log_group(logGroupName="ucs-identity-lg")
    shield = f.client("shield", REGION)
    shield.create_subscription()
    shield.create_protection(Name="ucs-identity-protection",
                             ResourceArn="arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/ucs/1")
    f.client("resiliencehub", REGION).create_app(name="ucs-identity-app")
