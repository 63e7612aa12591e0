"""ACM certificates: expiry, key algorithm, status."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.model import Resource

SERVICE = "acm"
GLOBAL = False
RESOURCE_TYPES = ("aws.acm.certificate",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(summary: dict[str, Any]) -> Resource:
        arn = summary["CertificateArn"]
        cert = ctx.read(c.describe_certificate, CertificateArn=arn)
        data = cert.get("Certificate", cert) if isinstance(cert, dict) else cert
        return make(ctx, "aws.acm.certificate", arn, summary.get("DomainName", arn), data)

    return bounded_map(one, ctx.paginate(c, "list_certificates", "CertificateSummaryList"))
