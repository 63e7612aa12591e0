"""JSON text of untrusted records, read as the intake reads it everywhere."""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    """orjson (about twice the standard library's speed on log lines); what it refuses but the
    standard library reads (NaN, integers over 64 bits) is retried there before it is malformed
    (``ValueError``)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)
