"""Every error the agent raises on purpose, with a hint a person can act on.

    UcsError                      exit code 3 unless said otherwise
    ├── ConfigError               exit 2: a config file is invalid (carries one Problem per fault)
    ├── LicenceError              exit 2: Art. 3, no valid licence for the tenant
    ├── MenuError                 exit 2: Art. 2, feature outside the tenant's menus
    ├── UsageError                exit 2: bad command-line use
    ├── StoreError                the store could not be opened or migrated
    ├── CollectorError            a collector could not start at all (per-service faults go to Coverage)
    └── RemediationError          a remediation was refused or failed
"""

from __future__ import annotations

from dataclasses import dataclass


class UcsError(Exception):
    exit_code = 3
    hint = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Problem:
    """One fault in one config file, located by line and key path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.message}"


class ConfigError(UcsError):
    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class LicenceError(UcsError):
    exit_code = 2
    hint = "renew the licence for the cloud security product and set licence.expires in the tenant config"


class MenuError(UcsError):
    exit_code = 2


class UsageError(UcsError):
    exit_code = 2


class StoreError(UcsError):
    hint = "check storage.url in the tenant config and that the database is reachable"


class CollectorError(UcsError):
    pass


class RemediationError(UcsError):
    pass
