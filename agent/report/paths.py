"""Where an output file may go: inside the chosen output directory, and nowhere else.

A file name comes partly from data (the tenant id, a scan id), so it is checked as one plain name
(no separator, no ``..``), joined to the *resolved* output directory, and refused when the target
is a symbolic link or resolves outside that directory (a link planted there, or a name that
escaped the checks above).
"""

from __future__ import annotations

import os
from pathlib import Path

from agent.core.errors import UsageError


class OutputPathError(UsageError):
    hint = "choose an output directory you control (--output-dir or output.dir) and remove links planted in it"


def output_path(out_dir: str | Path, name: str) -> Path:
    """``out_dir / name`` after the checks above; creates ``out_dir`` if needed."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name or name != name.strip():
        raise OutputPathError(f"output file name {name!r} is not a plain file name")
    base = Path(out_dir).expanduser()
    try:
        base.mkdir(parents=True, exist_ok=True)
        root = base.resolve(strict=True)
    except OSError as exc:
        raise OutputPathError(f"{base}: cannot use as output directory: {exc.strerror or exc}") from None
    target = root / name
    if target.is_symlink():
        raise OutputPathError(f"{target} is a symbolic link: outputs are never written through links")
    if target.resolve().parent != root or os.path.commonpath([root, target.resolve()]) != str(root):
        raise OutputPathError(f"{target} resolves outside the output directory {root}")
    return target
