"""A client factory that records a clean collection and replays it with one operation failing.

Recording: every successful HTTP answer is kept as botocore received it (status, headers, body),
keyed by (service, region, operation, parameters).  Replaying: a botocore ``before-call`` hook
parses the recorded answer with botocore's own parser and hands it back without touching the
network (botocore's ``after-call`` handlers then run as on a real answer), so a whole service
module re-runs in milliseconds; the armed operation answers ``AccessDenied`` (not retried) every
time it is called.  A call the recording does not have (a path the fault opened) goes to the
emulator as usual.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import botocore.parsers

from agent.collectors.aws.context import ClientFactory

Key = tuple[str, str, str, str]  # service, region, operation, parameters as JSON


@dataclass(frozen=True, slots=True)
class _Http:
    status_code: int
    headers: Any = None
    content: bytes = b""

    @property
    def raw(self) -> Any:  # botocore's GetBucketLocation handler re-reads the body when raw is set
        return self.content or None


class ReplayFactory(ClientFactory):
    def __init__(self, base: ClientFactory, tape: dict[Key, Any] | None = None,
                 fail: tuple[str, str] | None = None) -> None:
        super().__init__(session=base.session, endpoint_url=base.endpoint_url, default_region=base.default_region,
                         max_attempts=0)
        self.recording = tape is None
        self.tape: dict[Key, Any] = {} if tape is None else tape
        self.fail = fail
        self.operations: Counter[tuple[str, str]] = Counter()  # (service, operation) -> calls made
        self.injected = 0
        self._hooked: set[int] = set()
        self._mutex = threading.Lock()
        self._current = threading.local()  # the key of the call this thread is making

    def client(self, service: str, region: str | None = None, max_attempts: int | None = None) -> Any:
        cl = super().client(service, region, max_attempts)
        with self._mutex:
            if id(cl) not in self._hooked:
                self._hooked.add(id(cl))
                cl.meta.events.register("before-parameter-build", self._key)
                cl.meta.events.register("before-call", self._answer)
                cl.meta.events.register("before-parse", self._record)
        return cl

    @staticmethod
    def _key(params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        context["ucs_replay_key"] = (model.service_model.service_name, str(context.get("client_region")), model.name,
                                     json.dumps(params, sort_keys=True, default=str))

    def _answer(self, model: Any, context: dict[str, Any], **_: Any) -> Any:
        key = context.get("ucs_replay_key")
        self._current.key = key
        name = (model.service_model.service_name, model.name)
        with self._mutex:
            self.operations[name] += 1
        if self.fail == name:
            with self._mutex:
                self.injected += 1
            return _Http(403), {"Error": {"Code": "AccessDenied", "Message": "injected by the replay"},
                                "ResponseMetadata": {"HTTPStatusCode": 403}}
        if self.recording or key not in self.tape:
            return None
        response = copy.deepcopy(self.tape[key])
        parser = botocore.parsers.create_parser(model.service_model.resolved_protocol)
        return _Http(response["status_code"], response["headers"], response["body"]), \
            parser.parse(response, model.output_shape)

    def _record(self, operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        key = getattr(self._current, "key", None)
        if self.recording and key and response_dict["status_code"] < 300 and isinstance(response_dict["body"], bytes) \
                and not operation_model.has_streaming_output:
            self.tape[key] = copy.deepcopy(response_dict)
