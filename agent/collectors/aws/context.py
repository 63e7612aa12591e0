"""Client factory and per-(service, account, region) context handed to AWS service modules."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers
import botocore.utils
from dateutil.tz import tzutc

from agent.core.model import unreadable

DEFAULT_REGION = "us-east-1"

# Services whose API hosts carry an injected account-id prefix; against a custom endpoint
# (moto, a VPC endpoint proxy) that prefix yields an unresolvable host, so it is switched off.
_HOST_PREFIX_SERVICES = frozenset({"s3control"})


_JSON_PROTOCOLS = frozenset({"json", "rest-json"})


def refuse_unparseable_json(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
    """botocore ``before-parse`` handler: a successful JSON answer whose body is not JSON is a fault.

    botocore's JSON parsers read such a body as ``{"message": body}`` and then as an empty answer
    (``BaseJSONParser._parse_body_as_json``): a garbled ListFunctions would look like "no
    functions" and a garbled GetFunctionUrlConfig like "no URL".  Raising the parser's own error
    here makes it what a garbled XML answer already is — unreadable for one setting
    (:meth:`ServiceContext.read`), a coverage gap for a listing.
    """
    if int(response_dict.get("status_code") or 0) >= 300:
        return  # error bodies are botocore's to parse (a garbled one is still an error)
    body = response_dict.get("body")
    if not isinstance(body, (bytes, bytearray)) or not body.strip():
        return  # streamed payloads, and empty answers, which JSON services do send
    service = operation_model.service_model
    protocol = getattr(service, "resolved_protocol", None) or service.metadata.get("protocol")
    if protocol not in _JSON_PROTOCOLS:
        return
    shape = operation_model.output_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload and shape.members[payload].type_name != "structure":
        return  # a raw blob/string payload is not JSON by design
    try:
        json.loads(body)
    except ValueError:
        raise botocore.parsers.ResponseParserError(
            f"{operation_model.name}: the {protocol} answer (HTTP {response_dict.get('status_code')}) is not JSON: "
            f"{bytes(body[:60])!r}") from None


# An ISO 8601 time in UTC as the XML APIs write them (``2026-12-02T17:43:24.000Z``).
_ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|\+00:00)")


def parse_timestamp(value: Any) -> Any:
    """botocore's timestamp parser without dateutil for the UTC ISO 8601 form the XML APIs send:
    dateutil's parser takes ~45 µs a time, datetime's ~2 µs, and a large scan reads tens of
    thousands of them (every snapshot, volume, group…).  The same instant and the same
    ``isoformat()`` as botocore's, and its tzinfo (``tzutc``; on a machine whose own zone is named
    UTC dateutil says ``tzlocal``, the same offset); any other form goes to botocore's parser."""
    if isinstance(value, str) and _ISO_UTC.fullmatch(value):
        return datetime.fromisoformat(value).replace(tzinfo=tzutc())
    return botocore.utils.parse_timestamp(value)


class ClientFactory:
    """Builds (and caches) boto3 clients for one account's credentials.

    Retries use botocore's adaptive mode; the pool is sized for the collector's thread pool.
    Every client refuses a garbled JSON answer (:func:`refuse_unparseable_json`) and parses
    timestamps with :func:`parse_timestamp`.
    """

    def __init__(
        self,
        session: boto3.session.Session | None = None,
        endpoint_url: str | None = None,
        default_region: str | None = None,
        max_attempts: int = 8,
        max_pool_connections: int = 16,
    ) -> None:
        self.session = session or boto3.session.Session()
        core = getattr(self.session, "_session", None)  # boto3's botocore session: its parsers' defaults
        if core is not None:
            core.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=parse_timestamp)
        self.endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
        self.default_region = default_region or self.session.region_name or DEFAULT_REGION
        self._config = botocore.config.Config(
            retries={"mode": "adaptive", "max_attempts": max_attempts},
            max_pool_connections=max_pool_connections,
            connect_timeout=10,
            read_timeout=60,
        )
        self._clients: dict[tuple[Any, ...], Any] = {}
        self._lock = threading.Lock()
        self.calls = 0  # API calls made through clients from this factory (benchmarks print it)

    def cap_timeouts(self, seconds: float) -> None:
        """No connect or read of this factory's clients waits longer than ``seconds`` (the service
        deadline), so a unit given up on ends by itself soon after.  Built clients are rebuilt."""
        with self._lock:
            cfg = self._config
            connect, read = min(cfg.connect_timeout, seconds), min(cfg.read_timeout, seconds)
            if (connect, read) != (cfg.connect_timeout, cfg.read_timeout):
                self._config = cfg.merge(botocore.config.Config(connect_timeout=connect, read_timeout=read))
                self._clients.clear()

    def client(self, service: str, region: str | None = None, max_attempts: int | None = None) -> Any:
        region = region or self.default_region
        key: tuple[Any, ...] = (service, region) if max_attempts is None else (service, region, max_attempts)
        with self._lock:
            if key not in self._clients:
                config = self._config
                if max_attempts is not None:
                    config = config.merge(botocore.config.Config(retries={"mode": "adaptive", "max_attempts": max_attempts}))
                if service in _HOST_PREFIX_SERVICES and self.endpoint_url:
                    config = config.merge(botocore.config.Config(inject_host_prefix=False))
                kwargs: dict[str, Any] = {"region_name": region, "config": config}
                if self.endpoint_url:
                    kwargs["endpoint_url"] = self.endpoint_url
                cl = self.session.client(service, **kwargs)
                cl.meta.events.register("before-call", self._count)
                cl.meta.events.register("before-parse", refuse_unparseable_json)
                if service in _HOST_PREFIX_SERVICES and self.endpoint_url:
                    # botocore's endpoint rules (1.3x+) prepend "<account>." to the host even with
                    # inject_host_prefix=False; put the custom endpoint's host back before signing.
                    cl.meta.events.register("before-sign", self._strip_host_prefix)
                self._clients[key] = cl
            return self._clients[key]

    def _strip_host_prefix(self, request: Any, **_: Any) -> None:
        from urllib.parse import urlsplit, urlunsplit

        want = urlsplit(self.endpoint_url or "").netloc
        parts = urlsplit(request.url)
        if want and parts.netloc != want and parts.netloc.endswith("." + want):
            request.url = urlunsplit(parts._replace(netloc=want))

    def _count(self, **_: Any) -> None:
        with self._lock:
            self.calls += 1

    @classmethod
    def for_account(cls, scope: Any) -> ClientFactory:
        """Build the factory from an ``agent.settings.tenant.AwsAccount`` (profile / env / assume-role)."""
        from agent.collectors.aws.credentials import session_for

        session = session_for(scope)
        return cls(session=session, endpoint_url=getattr(scope, "endpoint_url", None),
                   default_region=(list(scope.regions) or [None])[0])


def error_code(exc: BaseException) -> str:
    if isinstance(exc, botocore.exceptions.ClientError):
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    return type(exc).__name__


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        op = getattr(exc, "operation_name", "")
        return f"{op}: {err.get('Code', 'ClientError')}: {err.get('Message', '')}".strip()
    return f"{type(exc).__name__}: {exc}"


@dataclass
class ServiceContext:
    factory: ClientFactory
    account: str
    region: str
    service: str
    gaps: list[tuple[str, str]] = field(default_factory=list)

    def client(self, name: str | None = None, region: str | None = None) -> Any:
        return self.factory.client(name or self.service, region or self.region)

    def paginate(self, client: Any, operation: str, result_key: str, **kwargs: Any) -> Iterator[Any]:
        """Follow every page of a botocore paginator, yielding the items under ``result_key``."""
        for page in client.get_paginator(operation).paginate(**kwargs):
            yield from page.get(result_key, [])

    def read(self, func: Any, *args: Any, missing: tuple[str, ...] = (), default: Any = None, **kwargs: Any) -> Any:
        """Call one API for one resource setting.

        An error code listed in ``missing`` means "not configured" and returns ``default``; any
        other error returns an :func:`unreadable` marker so the checks answer ERROR.
        """
        try:
            return func(*args, **kwargs)
        except botocore.exceptions.ClientError as exc:
            if error_code(exc) in missing:
                return default
            return unreadable(describe_error(exc))
        except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as exc:
            # ResponseParserError (an unparseable answer, e.g. an HTML 500 page) is not a
            # BotoCoreError; without this one bad answer would fail the whole service.
            return unreadable(describe_error(exc))

    def gap(self, resource_type: str, error: str) -> None:
        """Record that a whole resource type could not be listed in this unit."""
        self.gaps.append((resource_type, error))


def tags_dict(tag_list: Any) -> dict[str, str]:
    if not isinstance(tag_list, list):
        return {}
    return {str(t.get("Key", "")): str(t.get("Value", "")) for t in tag_list if isinstance(t, dict)}
