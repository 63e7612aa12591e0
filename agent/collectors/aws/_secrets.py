"""Secrets where they do not belong, found by the detect-secrets library's own plugins.

The collector is the only place a value is seen: it hands the text to detect-secrets and keeps
``[{"key": …, "detector": …}]`` (the variable, output or line, and the plugin's name: "AWS Access
Key", "Secret Keyword", "Base64 High Entropy String" …), never the value — checks stay pure and
findings, reports and logs cannot carry what they never got.

detect-secrets scans files with its default plugins and filters (the false-positive heuristics
that make it usable); key/value pairs are written one ``KEY: "value"`` line each to a private
temporary YAML file, free text (user data) as a shell script.  Its settings are process-global,
so scans are serialised with a lock (a scan of a few lines takes about a millisecond); the
library is imported on the first scan.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Mapping
from typing import Any

_LOCK = threading.Lock()


def _scan(text: str, suffix: str) -> list[tuple[int, str]]:
    """(line number, detector) for every potential secret in ``text``."""
    # Imported on the first text to scan (a quarter of a second): most units have none.
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    fd, path = tempfile.mkstemp(prefix="ucs-scan-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        with _LOCK, default_settings():
            return sorted({(int(s.line_number), str(s.type)) for s in scan_file(path)})
    finally:
        os.unlink(path)


def _reference(value: Any) -> bool:
    """An ARN names a secret held elsewhere (``DB_SECRET_ARN=arn:…``): detect-secrets' keyword
    plugin would flag it for its key alone, so such values are not handed to it."""
    return isinstance(value, str) and value.startswith("arn:")


def scan_pairs(pairs: Mapping[str, Any]) -> list[dict[str, str]]:
    """Potential secrets among named values (environment variables, outputs, parameters)."""
    keys = [str(k) for k, v in pairs.items() if not _reference(v)]
    if not keys:
        return []
    # One line per pair, the key sanitised so a newline in it cannot shift the line numbers.
    values = {str(k): v for k, v in pairs.items()}
    lines = [f"{k.replace(chr(10), ' ')}: {json.dumps(str(values[k]) if values[k] is not None else '')}" for k in keys]
    return [{"key": keys[n - 1], "detector": det} for n, det in _scan("\n".join(lines) + "\n", ".yaml")
            if 0 < n <= len(keys)]


def scan_text(text: str) -> list[dict[str, str]]:
    """Potential secrets in free text (user data), each named by its line ("line 3")."""
    if not text.strip():
        return []
    return [{"key": f"line {n}", "detector": det} for n, det in _scan(text, ".sh")]
