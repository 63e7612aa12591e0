"""The IAM actions the AWS collectors need: declared per service module, checked, and shipped.

Every service module declares ``PERMISSIONS = ("svc:Action", ...)``: the read-only actions its
calls need.  :func:`required_actions` derives the same list from the module's source (the botocore
operations it names, on the clients it builds), so a test can tell when a new call is added
without its permission; :func:`policy_documents` turns the union into the least-privilege
policy shipped in ``deploy/aws/`` (``python -m agent.collectors.aws.permissions`` writes it).

Why a static reading and not a recording of calls: a recording only sees the calls a test estate
happens to trigger (no item, no per-item call), while the source names every call the module can
make.  An IAM action is ``<prefix>:<Operation>`` where the prefix is the service's signing name,
except for the few services and operations whose IAM names differ (tables below, from the
Service Authorization Reference).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore.session

# Signing names whose IAM prefix differs.
_PREFIX = {"monitoring": "cloudwatch"}
# Operations whose IAM action is named otherwise (boto service -> operation -> action).
_ACTION = {
    "s3": {
        "ListBuckets": "s3:ListAllMyBuckets",
        "HeadBucket": "s3:ListBucket",
        "ListObjectsV2": "s3:ListBucket",
        "ListObjects": "s3:ListBucket",
        "GetBucketEncryption": "s3:GetEncryptionConfiguration",
        "GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
        "GetBucketReplication": "s3:GetReplicationConfiguration",
        "GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
        "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
        "GetBucketNotificationConfiguration": "s3:GetBucketNotification",
        "GetBucketCors": "s3:GetBucketCORS",
        "GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
        "GetBucketAnalyticsConfiguration": "s3:GetAnalyticsConfiguration",
        "GetBucketInventoryConfiguration": "s3:GetInventoryConfiguration",
        "GetBucketMetricsConfiguration": "s3:GetMetricsConfiguration",
        "GetBucketIntelligentTieringConfiguration": "s3:GetIntelligentTieringConfiguration",
    },
    "s3control": {"GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock"},
}
# REST API Gateway authorises reads by HTTP verb on resource paths, not by operation.
_VERB_SERVICES = {"apigateway": "apigateway:GET", "apigatewayv2": "apigateway:GET"}
# Calls that need no permission (the caller's own identity).
_FREE = {("sts", "GetCallerIdentity")}
READ_VERBS = ("Get", "List", "Describe", "BatchGet", "BatchDescribe", "Lookup", "Search", "Generate", "View",
              "Head", "Select", "Query", "Scan", "Check", "Detect")


@cache
def _session() -> Any:
    return botocore.session.get_session()


@cache
def _boto_services() -> frozenset[str]:
    return frozenset(_session().get_available_services())


@cache
def _operations(service: str) -> dict[str, str]:
    """snake_case method name -> API operation name, for one boto service."""
    from botocore import xform_name

    model = _session().get_service_model(service)
    return {xform_name(op): op for op in model.operation_names}


@cache
def _prefix(service: str) -> str:
    model = _session().get_service_model(service)
    signing = model.metadata.get("signingName") or model.endpoint_prefix
    return _PREFIX.get(signing, signing)


def action_for(service: str, operation: str) -> str | None:
    """The IAM action that authorises one API operation (None: it needs none)."""
    if (service, operation) in _FREE:
        return None
    if service in _VERB_SERVICES:
        return _VERB_SERVICES[service]
    return _ACTION.get(service, {}).get(operation) or f"{_prefix(service)}:{operation}"


def _names(source: str) -> tuple[set[str], set[str]]:
    """(string constants, attribute and bare names) in a module's source."""
    strings, names = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return strings, names


def _helper_sources(mod: ModuleType) -> list[str]:
    """The module's own source and that of the package's private helpers it imports."""
    path = Path(mod.__file__ or "")
    sources = [path.read_text(encoding="utf-8")]
    for node in ast.walk(ast.parse(sources[0])):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("agent.collectors.aws._"):
            helper = path.parent / f"{node.module.rsplit('.', 1)[1]}.py"
            if helper.is_file() and helper.name != "_util.py":
                sources.append(helper.read_text(encoding="utf-8"))
    return sources


def clients_of(mod: ModuleType) -> set[str]:
    """The boto services a module builds clients for: service-name strings, or its SERVICE."""
    strings: set[str] = set()
    for src in _helper_sources(mod):
        strings |= _names(src)[0]
    found = set(strings & _boto_services())
    if getattr(mod, "SERVICE", None) in _boto_services():
        found.add(mod.SERVICE)
    return found


def required_actions(mod: ModuleType) -> set[str]:
    """Every IAM action the module's calls need, read from its source."""
    return actions_in(_helper_sources(mod), clients_of(mod))


def actions_in(sources: Iterable[str], services: Iterable[str]) -> set[str]:
    """The IAM actions of every operation of ``services`` that ``sources`` name."""
    strings: set[str] = set()
    names: set[str] = set()
    for src in sources:
        s, n = _names(src)
        strings |= s
        names |= n
    wanted: set[str] = set()
    for service in services:
        for method, op in _operations(service).items():
            if method in strings or method in names:
                action = action_for(service, op)
                if action:
                    wanted.add(action)
    return wanted


# What the agent reads besides the collectors, by feature: the module and the clients it builds.
FEATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organization": (("agent/collectors/aws/organization.py", "agent/collectors/aws/organizations.py"),
                     ("organizations", "sts")),
    "threat-intake": (("agent/events/sources.py",), ("cloudtrail", "s3")),
    "products": (("agent/products/aws.py",), ("securityhub", "guardduty", "inspector2")),
}
ROOT = Path(__file__).resolve().parents[3]


def feature_actions() -> dict[str, set[str]]:
    return {name: actions_in([(ROOT / p).read_text(encoding="utf-8") for p in paths], services)
            for name, (paths, services) in FEATURES.items()}


def is_read_only(action: str) -> bool:
    if action == "apigateway:GET":
        return True
    verb = action.split(":", 1)[1]
    return verb.startswith(READ_VERBS)


def declared(modules: Iterable[ModuleType]) -> dict[str, tuple[str, ...]]:
    return {m.__name__: tuple(getattr(m, "PERMISSIONS", ())) for m in modules}


# A customer-managed policy holds at most 6,144 characters (whitespace not counted).
POLICY_CHAR_LIMIT = 6144


def policy_documents(per_module: Mapping[str, Iterable[str]], limit: int = POLICY_CHAR_LIMIT) -> list[dict[str, Any]]:
    """The union of every module's actions as few policy documents as fit IAM's size limit."""
    actions = sorted({a for acts in per_module.values() for a in acts})
    docs: list[dict[str, Any]] = []
    chunk: list[str] = []

    def doc(acts: list[str]) -> dict[str, Any]:
        return {"Version": "2012-10-17", "Statement": [
            {"Sid": "UcsReadOnly", "Effect": "Allow", "Action": acts, "Resource": "*"}]}

    for a in actions:
        if chunk and _size(doc([*chunk, a])) > limit:
            docs.append(doc(chunk))
            chunk = []
        chunk.append(a)
    if chunk:
        docs.append(doc(chunk))
    return docs


def _size(document: Mapping[str, Any]) -> int:
    return len(json.dumps(document, separators=(",", ":")))


DEPLOY = ROOT / "deploy" / "aws"


def render() -> dict[str, str]:
    """file name -> text of the shipped policy documents and of docs/aws.md's permission table."""
    from agent.collectors.aws.runner import service_modules

    mods = service_modules()
    out = {f"ucs-readonly-policy-{i}.json": _json(d) for i, d in enumerate(policy_documents(declared(mods)), 1)}
    features = feature_actions()
    out["ucs-intake-policy.json"] = _json(policy_documents(
        {k: v for k, v in features.items() if k != "organization"})[0])
    out["ucs-organization-policy.json"] = _json(policy_documents({"organization": features["organization"]})[0])
    return out


def permissions_table() -> str:
    """The Markdown table of docs/aws.md: service module, resource types, actions."""
    from agent.collectors.aws.runner import service_modules

    rows = ["| service module | resource types | IAM actions |", "|---|---|---|"]
    for m in service_modules():
        rows.append(f"| `{m.__name__.rsplit('.', 1)[1]}.py` | {', '.join(f'`{t}`' for t in m.RESOURCE_TYPES)} | "
                    f"{', '.join(f'`{a}`' for a in sorted(getattr(m, 'PERMISSIONS', ())))} |")
    return "\n".join(rows) + "\n"


DOC = ROOT / "docs" / "aws.md"
DOC_START, DOC_END = "<!-- permissions:start (python -m agent.collectors.aws.permissions) -->", "<!-- permissions:end -->"


def doc_with_table(text: str) -> str:
    head, rest = text.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    return f"{head}{DOC_START}\n{permissions_table()}{DOC_END}{tail}"


def _json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


def main() -> None:
    DEPLOY.mkdir(parents=True, exist_ok=True)
    for old in DEPLOY.glob("ucs-*-policy*.json"):
        old.unlink()
    for name, text in render().items():
        (DEPLOY / name).write_text(text, encoding="utf-8")
        print(DEPLOY / name)
    DOC.write_text(doc_with_table(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(DOC)


if __name__ == "__main__":
    main()
