"""AWS remediators (boto3 through the collector's ClientFactory)."""

from __future__ import annotations

from typing import Any

import botocore.exceptions


def code(exc: BaseException) -> str:
    if isinstance(exc, botocore.exceptions.ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    return ""


def region_of(resource: Any) -> str | None:
    """The API region for a resource; global resources ("global", "*", "") use the factory default."""
    return None if resource.region in ("", "*", "global") else resource.region
