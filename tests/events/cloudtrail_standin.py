"""A local stand-in for the CloudTrail LookupEvents API (moto does not implement it).

It speaks the real wire format botocore uses for CloudTrail (JSON 1.1: ``POST /`` with
``X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents``, times as
epoch seconds) and pages with ``NextToken``, so the official client and its paginator run as
they would against AWS.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
PAGE = 2


class LookupEventsStandIn:
    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.events: list[dict[str, Any]] = []  # newest first, as CloudTrail answers
        self.requests: list[dict[str, Any]] = []
        server.expect_request("/", method="POST", headers={"X-Amz-Target": TARGET}).respond_with_handler(self._handle)

    def add(self, event_id: str, at: datetime, record: dict[str, Any]) -> None:
        self.events.append({"EventId": event_id, "EventName": record.get("eventName", ""),
                            "EventTime": at.timestamp(), "CloudTrailEvent": json.dumps(record)})
        self.events.sort(key=lambda e: e["EventTime"], reverse=True)

    def _handle(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        self.requests.append(body)
        start, end = body.get("StartTime", 0), body.get("EndTime", float("inf"))
        matching = [e for e in self.events if start <= e["EventTime"] <= end]
        offset = int(body.get("NextToken", "0"))
        out: dict[str, Any] = {"Events": matching[offset:offset + PAGE]}
        if offset + PAGE < len(matching):
            out["NextToken"] = str(offset + PAGE)
        return Response(json.dumps(out), content_type="application/x-amz-json-1.1")
