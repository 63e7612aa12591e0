"""Every error a person can see, with a hint of what to do.  The CLI prints the message and the
hint on stderr and exits with the error's code; nothing below ever reaches a person as a traceback.

    UcsError                          exit 3 unless said otherwise
    ├── ConfigError                   exit 2: a config file is invalid (carries one Problem per fault)
    ├── LicenceError                  exit 2: Art. 3, no valid licence for the tenant
    ├── MenuError                     exit 2: Art. 2, feature outside the tenant's menus
    ├── UsageError                    exit 2: bad command-line use
    ├── StoreError                    the store could not be opened or migrated
    ├── CollectorError                a collector could not start at all (per-service faults go to Coverage)
    ├── RemediationError              a remediation was refused or failed
    ├── checks.RegistryError          a check declares itself wrongly (a bug in the check module)
    ├── agent.settings.notifications.SecretMissing   exit 2: a channel's secret (env var / file) cannot be read
    ├── notifiers.base.DeliveryError  a channel refused or could not take a message (``retryable`` says
    │                                 whether the next pass may succeed)
    ├── agent.vulns.parsers.VulnImportError   exit 2: a scanner report cannot be imported
    └── agent.daemon.lock.TenantLockError     another daemon of the tenant holds the lock

Anything else that reaches the CLI is a bug: it is one line and exit 3 there, and ``--debug``
shows the traceback.

``str(error)`` is the message followed by ``hint:`` on a second line; the errors whose text is
also stored (SecretMissing and DeliveryError end up in the outbox's ``last_error``) keep ``str``
to the message alone, and the CLI prints every hint from :attr:`UcsError.hint`.
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
    hint = "fix the file at the line and key named above, then check it with `ucs config validate`"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __str__(self) -> str:
        return self.message  # every problem already says where and what


class LicenceError(UcsError):
    exit_code = 2
    hint = "renew the licence for the cloud security product and set licence.expires in the tenant config"


class MenuError(UcsError):
    exit_code = 2
    hint = "subscribe the tenant to the option menu that has this feature (menus.options in the tenant config)"


class UsageError(UcsError):
    exit_code = 2
    hint = "see `ucs --help` and `ucs COMMAND --help`"


class StoreError(UcsError):
    hint = "check storage.url in the tenant config and that the database is reachable"


class CollectorError(UcsError):
    hint = "check the provider's credentials and endpoint in the tenant config (providers.*)"


class RemediationError(UcsError):
    hint = "see `ucs remediate list` for the plan's status and audit trail"
