"""Vulnerabilities: import (Trivy, ECR scans, Inspector2), normalise, join to what runs, rank.

Every source is parsed into :class:`Vulnerability` rows; the join (``agent.vulns.join``) maps an
image digest to the workloads that run it and to their exposure and privilege, so a critical,
fixable CVE in an internet-facing privileged workload ranks above one in an image nothing runs.
"""

from agent.vulns.model import Vulnerability, parse_cvss

__all__ = ["Vulnerability", "parse_cvss"]
