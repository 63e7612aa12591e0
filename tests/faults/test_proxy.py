"""The fault proxy itself: each fault reaches botocore as the real service's fault would — the right
error code, retried or not as botocore retries it, unparseable, or a dropped connection — on every
wire protocol the collected services use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers
import pytest

from tests.faults.proxy import DENIED, ERROR_500, GARBAGE, RESET, THROTTLE, Fault, FaultProxy, no_retry_waits

# (service, operation, how to call it, the codes for denied / 500 / throttle) per wire protocol.
CALLS: dict[str, tuple[str, str, Callable[[Any], Any], tuple[str, str, str]]] = {
    "ec2": ("ec2", "DescribeSecurityGroups", lambda c: c.describe_security_groups(),
            ("UnauthorizedOperation", "InternalError", "RequestLimitExceeded")),
    "query": ("iam", "ListUsers", lambda c: c.list_users(), ("AccessDenied", "InternalFailure", "Throttling")),
    "rest-xml": ("s3", "ListBuckets", lambda c: c.list_buckets(), ("AccessDenied", "InternalError", "SlowDown")),
    "rest-json": ("lambda", "ListFunctions", lambda c: c.list_functions(),
                  ("AccessDeniedException", "ServiceException", "TooManyRequestsException")),
    "json": ("kms", "ListKeys", lambda c: c.list_keys(),
             ("AccessDeniedException", "InternalFailure", "ThrottlingException")),
}


@pytest.fixture(scope="module")
def proxy(moto_server: str) -> Iterator[FaultProxy]:
    p = FaultProxy(moto_server).start()
    with no_retry_waits():
        yield p
    p.stop()


_CLIENTS: dict[tuple[str, str], Any] = {}


def _client(proxy: FaultProxy, service: str) -> Any:
    """One client per service for the module (building one costs more than the calls)."""
    key = (proxy.url, service)
    if key not in _CLIENTS:
        # the collector's retry mode, one retry
        cfg = botocore.config.Config(retries={"mode": "adaptive", "total_max_attempts": 2})
        session = _CLIENTS.setdefault(("session", ""), boto3.Session())
        _CLIENTS[key] = session.client(service, region_name="eu-west-1", endpoint_url=proxy.url, config=cfg)
    return _CLIENTS[key]


@pytest.mark.parametrize("protocol", list(CALLS))
def test_forwarded_and_named(proxy: FaultProxy, protocol: str) -> None:
    service, operation, call, _ = CALLS[protocol]
    with proxy.injecting():
        call(_client(proxy, service))
        assert [(c.service, c.operation, c.region) for c in proxy.calls] == [(service, operation, "eu-west-1")]
        assert proxy.injected == 0


@pytest.mark.parametrize("kind", [DENIED, ERROR_500, THROTTLE])
@pytest.mark.parametrize("protocol", list(CALLS))
def test_error_answers_carry_the_services_code(proxy: FaultProxy, protocol: str, kind: str) -> None:
    service, operation, call, codes = CALLS[protocol]
    with proxy.injecting(Fault(service, operation, kind)):
        with pytest.raises(botocore.exceptions.ClientError) as err:
            call(_client(proxy, service))
        assert err.value.response["Error"]["Code"] == codes[[DENIED, ERROR_500, THROTTLE].index(kind)]
        # botocore retries 500s and throttling, never a denial
        assert proxy.injected == (1 if kind == DENIED else 2)


@pytest.mark.parametrize("protocol", list(CALLS))
def test_garbage_body(proxy: FaultProxy, protocol: str) -> None:
    service, operation, call, _ = CALLS[protocol]
    with proxy.injecting(Fault(service, operation, GARBAGE)):
        if protocol in ("json", "rest-json"):
            # botocore reads a non-JSON 200 body as an empty answer: nothing tells the caller
            answer = call(_client(proxy, service))
            assert not ({"Functions", "Keys"} & set(answer))
        elif protocol == "rest-xml":
            # botocore turns an unparseable S3 200 into a 500 (handlers._handle_200_error) and retries it
            with pytest.raises(botocore.exceptions.ClientError) as err:
                call(_client(proxy, service))
            assert err.value.response["Error"]["Code"] == "500" and proxy.injected == 2
        else:
            with pytest.raises(botocore.parsers.ResponseParserError):
                call(_client(proxy, service))


@pytest.mark.parametrize("protocol", list(CALLS))
def test_reset_is_a_dropped_connection(proxy: FaultProxy, protocol: str) -> None:
    service, operation, call, _ = CALLS[protocol]
    with proxy.injecting(Fault(service, operation, RESET)):
        with pytest.raises(botocore.exceptions.ConnectionClosedError):
            call(_client(proxy, service))
        assert proxy.injected == 2  # retried once, like any dropped connection


def test_a_fault_for_one_region_spares_the_others(proxy: FaultProxy) -> None:
    with proxy.injecting(Fault("iam", "ListUsers", DENIED, region="us-west-2")):
        _client(proxy, "iam").list_users()  # eu-west-1: forwarded
        assert proxy.injected == 0


def test_kill_after_n_requests_resets_everything_after(proxy: FaultProxy) -> None:
    with proxy.injecting(kill_after=1):
        iam = _client(proxy, "iam")
        iam.list_users()
        with pytest.raises(botocore.exceptions.ConnectionClosedError):
            iam.list_roles()
        with pytest.raises(botocore.exceptions.ConnectionClosedError):
            _client(proxy, "s3").list_buckets()
