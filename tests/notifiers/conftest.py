"""Fixtures for notifier tests: bilingual checks in the real registry, settings builders,
findings recorded through the real Store, and local receivers (HTTP, SMTP) on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from werkzeug import Request, Response

import checks as registry
from agent.core.model import CheckMeta, Coverage, Finding, Resource, Result, Severity, Status
from agent.settings.tenant import Settings
from agent.store import Store
from notifiers.router import transition_hook

TEST_CHECKS = {
    "aws.s3.notifytest_private": (Severity.HIGH, "s3", "aws.s3.bucket",
                                  {"en": "S3 bucket is not public", "ja": "S3 バケットが公開されていない"},
                                  {"en": "The bucket can be read by anyone.", "ja": "バケットを誰でも読み取れます。"},
                                  {"en": "Turn on Block Public Access.", "ja": "パブリックアクセスブロックを有効にします。"}),
    "aws.iam.notifytest_mfa": (Severity.CRITICAL, "iam", "aws.iam.user",
                               {"en": "IAM user has MFA", "ja": "IAM ユーザーに MFA が設定されている"},
                               {"en": "The user signs in without MFA.", "ja": "ユーザーは MFA なしでサインインします。"},
                               {"en": "Enable MFA for the user.", "ja": "ユーザーの MFA を有効にします。"}),
    "aws.ec2.notifytest_tags": (Severity.LOW, "ec2", "aws.ec2.instance",
                                {"en": "Instance has an owner tag", "ja": "インスタンスに所有者タグがある"},
                                {"en": "Nobody owns the instance.", "ja": "インスタンスの所有者が不明です。"},
                                {"en": "Add an owner tag.", "ja": "owner タグを追加します。"}),
}


@pytest.fixture(autouse=True)
def bilingual_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the test checks in the real registry for the test's duration only."""
    registry.load_all()
    for cid, (sev, _svc, rtype, title, desc, fix) in TEST_CHECKS.items():
        meta = CheckMeta(id=cid, title=title, description=desc, remediation=fix, severity=sev, resource_types=(rtype,))
        monkeypatch.setitem(registry._REGISTRY, cid, registry.Check(meta, lambda r: Result.ok()))


def finding(check_id: str, rid: str, status: Status = Status.FAIL, account: str = "111122223333",
            region: str = "ap-northeast-1", tags: dict[str, str] | None = None, severity: Severity | None = None,
            kind: str = "misconfiguration") -> Finding:
    sev, _svc, rtype, *_ = TEST_CHECKS[check_id]
    res = Resource(provider="aws", account=account, region=region, type=rtype, id=f"arn:aws:{rid}", name=rid,
                   tags=dict(tags or {}))
    return Finding(check_id=check_id, resource=res, status=status, severity=severity or sev,
                   detail="failing" if status is Status.FAIL else "", kind=kind)


def coverage_for(results: list[Finding]) -> Coverage:
    cov = Coverage()
    for key in sorted({(f.resource.provider, f.resource.account, f.resource.region, f.resource.type) for f in results}):
        cov.add(*key)
    return cov


def record(store: Store, settings: Settings, results: list[Finding], hook: Any = "default") -> list[Any]:
    """One scan through the real Store with the notification hook in its transaction."""
    tenant = settings.tenant.id
    scan_id = store.begin_scan(tenant, "test")
    return store.record_scan(scan_id, tenant, results, coverage_for(results), {f.check_id for f in results},
                             on_transitions=transition_hook(settings) if hook == "default" else hook)


FAST_RETRY = {"attempts": 3, "initial_wait": 0.01, "max_wait": 0.02, "backoff_initial": 0, "max_retry_after": 5}


def make_settings(tenant: str, channels: list[dict[str, Any]], routes: list[dict[str, Any]] | None = None,
                  **notifications: Any) -> Settings:
    routes = routes if routes is not None else [
        {"name": "all", "match": {"transitions": ["new", "reopened", "resolved", "severity_raised"]},
         "channels": [c["name"] for c in channels]}]
    notifications.setdefault("retry", FAST_RETRY)
    return Settings.model_validate({
        "tenant": {"id": tenant, "timezone": "Asia/Tokyo", "language": "en"},
        "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"},
        "notifications": {"channels": channels, "routes": routes, **notifications},
    })


@dataclass
class Receiver:
    """An HTTP endpoint that records every request and dedupes on Idempotency-Key, as a
    well-behaved webhook receiver does.  ``script`` gives the status codes to answer in order."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    ok_status: int = 200
    ok_body: str = "ok"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handler(self, request: Request) -> Response:
        body = request.get_data()
        entry = {"headers": dict(request.headers), "body": body, "path": request.path}
        with self.lock:
            self.requests.append(entry)
            if self.script:
                status, headers = self.script.pop(0)
                return Response("slow down" if status == 429 else "error", status=status, headers=headers)
            key = request.headers.get("Idempotency-Key") or f"n{len(self.requests)}"
            self.accepted.setdefault(key, entry)
        return Response(self.ok_body, status=self.ok_status, content_type="text/plain")

    def json_bodies(self) -> list[Any]:
        return [json.loads(e["body"]) for e in self.accepted.values()]


@pytest.fixture()
def receiver(httpserver: Any) -> Callable[[str], Receiver]:
    def make(path: str, **kw: Any) -> Receiver:
        rec = Receiver(**kw)
        httpserver.expect_request(path, method="POST").respond_with_handler(rec.handler)
        return rec

    return make


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def secret_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], str]]:
    def put(name: str, value: str) -> str:
        monkeypatch.setenv(name, value)
        return name

    yield put


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)
