"""Reading files a person names, with a size cap: a config, a manifest, a scanner report, a log.

Only regular files are read (a FIFO would block for ever, ``/dev/zero`` never ends), and never
more than ``limit`` bytes: a larger file is refused with its size, so hostile or mistaken input
costs at most the cap in memory.  Callers turn :class:`FileRefused` into their own error kind
(ConfigError, VulnImportError, a coverage gap, a counted reject).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024
CONFIG_LIMIT = 1 * MB  # a tenant config is a few KB; 1 MB is far past any real one
MANIFEST_LIMIT = 64 * MB  # one manifest file (a `kubectl get -o yaml` dump of a big namespace)
REPORT_LIMIT = 256 * MB  # one scanner report (Trivy of a large image is tens of MB)
LOG_LIMIT = 512 * MB  # one monitoring-log file (CloudTrail files are MBs; gzip caps apply after)


class FileRefused(Exception):
    """The file is not read: not a regular file, over the cap, or unreadable (message says which)."""


def read_capped(path: str | Path, limit: int) -> bytes:
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        raise FileRefused(f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = ("a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
        raise FileRefused(f"not a regular file ({kind}): only regular files are read")
    if st.st_size > limit:
        raise FileRefused(f"file is {st.st_size} bytes, over the limit of {limit} bytes")
    try:
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)  # the size may have changed since stat: never read past the cap
    except OSError as exc:
        raise FileRefused(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise FileRefused(f"file grew over the limit of {limit} bytes while being read")
    return data
