"""Well-formed scanner documents of every imported kind, and their systematic mutations: every
JSON path of each document given every wrong JSON type, bad CVSS vectors and scores, and the
document cut short, undecodable or nested past the parser's depth.  Shared by the importer test
and the fuzz test."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "vulns" / "data"

ECR_SCAN = {
    "repositoryName": "shop/web", "imageId": {"imageDigest": "sha256:" + "ab" * 32},
    "imageScanFindings": {
        "findings": [{"name": "CVE-2023-4911", "severity": "HIGH", "description": "glibc ld.so",
                      "attributes": [{"key": "package_name", "value": "glibc"}, {"key": "package_version", "value": "2.36"},
                                     {"key": "CVSS3_VECTOR", "value": "AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"},
                                     {"key": "CVSS3_SCORE", "value": "7.8"}]}],
        "enhancedFindings": [{"severity": "CRITICAL", "type": "PACKAGE_VULNERABILITY", "title": "CVE-2023-38545 - curl",
                              "packageVulnerabilityDetails": {
                                  "vulnerabilityId": "CVE-2023-38545",
                                  "vulnerablePackages": [{"name": "curl", "version": "7.88.1", "fixedInVersion": "8.4.0"}],
                                  "cvss": [{"baseScore": 9.8, "scoringVector": "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                            "version": "3.1"}]}}]},
}

INSPECTOR = {"findings": [
    {"type": "PACKAGE_VULNERABILITY", "severity": "CRITICAL", "title": "CVE-2021-44228 - log4j",
     "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2021-44228", "vulnerablePackages": [
         {"name": "log4j-core", "version": "2.14.1", "fixedInVersion": "2.17.1"}],
         "cvss": [{"baseScore": 10.0, "scoringVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "version": "3.1"}]},
     "resources": [{"type": "AWS_ECR_CONTAINER_IMAGE", "id": "arn:aws:ecr:eu-west-1:123456789012:repository/x",
                    "details": {"awsEcrContainerImage": {"repositoryName": "x", "imageHash": "sha256:" + "cd" * 32}}}]}]}

WRONG = [[], {}, "x", 7, None, True, -1.5, "CVSS:3.1/AV:Q/AC:Z", "AV:N/AC:L", "CVSS:3.1/" + "AV:N/" * 50, 1e308,
         "\udcff" * 0 + "ü" * 3]


def documents() -> dict[str, Any]:
    docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("trivy-*.json"))}
    return {**docs, "ecr-scan": ECR_SCAN, "inspector2": INSPECTOR}


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from paths(v, (*prefix, i))


def replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = json.loads(json.dumps(doc))
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def mutations(seed: int = 24) -> Iterator[tuple[str, bytes]]:
    """(label, file bytes): every path × every wrong value (one per path, cycled), plus byte-level faults."""
    rnd = random.Random(seed)
    for name, doc in documents().items():
        for n, path in enumerate(paths(doc)):
            value = WRONG[(n + len(name)) % len(WRONG)]
            yield f"{name}:{path}={value!r:.20}", json.dumps(replaced(doc, path, value)).encode()
        raw = json.dumps(doc).encode()
        yield f"{name}:cut", raw[: rnd.randrange(1, len(raw))]
        yield f"{name}:latin1", raw.replace(b'"', b'"\xff', 1)
        yield f"{name}:deep", b"[" * 100_000 + b"]" * 100_000
        yield f"{name}:empty", b""
