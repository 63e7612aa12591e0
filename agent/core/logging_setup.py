"""Logging: plain or JSON lines on stderr, with secrets redacted from every record.

``register_secret`` adds a value (token, webhook URL, password) that must never be printed; the
filter replaces it in the formatted message of every record, whoever logs it.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

_secrets: set[str] = set()
_lock = threading.Lock()
REDACTED = "***REDACTED***"


def register_secret(value: str | None) -> None:
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for s in secrets:
        if s in text:
            text = text.replace(s, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            msg = redact(record.getMessage())
            record.msg, record.args = msg, None
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("tenant", "scan_id", "provider", "account"):
            if hasattr(record, key):
                doc[key] = getattr(record, key)
        if record.exc_text:
            doc["exception"] = record.exc_text
        return json.dumps(doc, ensure_ascii=False)


def configure_logging(verbosity: int = 0, as_json: bool = False) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # botocore is chatty at INFO and may echo request parameters at DEBUG.
    for noisy in ("botocore", "boto3", "urllib3", "werkzeug", "azure", "kubernetes"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
