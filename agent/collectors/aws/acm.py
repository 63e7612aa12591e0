"""ACM certificates: expiry, key algorithm, status."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, days_until, make, now_utc
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "acm"
GLOBAL = False
RESOURCE_TYPES = ("aws.acm.certificate",)
PERMISSIONS = ("acm:DescribeCertificate", "acm:ListCertificates")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    now = now_utc()

    def one(summary: dict[str, Any]) -> Resource:
        arn = summary["CertificateArn"]
        cert = ctx.read(c.describe_certificate, CertificateArn=arn)
        data = cert.get("Certificate", cert) if isinstance(cert, dict) else cert
        if isinstance(data, dict) and "__unreadable__" not in data:
            data = {**data, "_days_to_expiry": days_until(data.get("NotAfter"), now)}
        return make(ctx, "aws.acm.certificate", arn, summary.get("DomainName", arn), data)

    return bounded_map(one, ctx.paginate(c, "list_certificates", "CertificateSummaryList"))
