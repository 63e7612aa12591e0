"""The one notifier interface, its errors, retry with back-off, and the HTTP helper.

    Notifier.send(Outgoing) -> DeliveryResult     raises DeliveryError
    DeliveryError(retryable=True)   connection refused/timeout, HTTP 5xx, 408, 429 (retry_after), SMTP 4xx
    DeliveryError(retryable=False)  HTTP 4xx, SMTP 5xx, a rejected address: retrying cannot help

Error texts never carry a secret: they are built from status codes and exception class names,
then passed through :func:`agent.core.logging_setup.redact` in case a receiver echoes one back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import requests
import tenacity

from agent.core.errors import UcsError
from agent.core.logging_setup import RedactingFilter, redact
from agent.settings.notifications import Channel, Retry
from notifiers.render import Rendered

log = logging.getLogger(__name__)
# HTTP client libraries log request lines, whose path can be a webhook's secret; their records
# pass through the redaction filter whatever handler ends up printing them.
for _name in ("urllib3.connectionpool", __name__, "notifiers.delivery", "notifiers.sdk"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, RedactingFilter) for f in _logger.filters):
        _logger.addFilter(RedactingFilter())
SDK_LOGGER = logging.getLogger("notifiers.sdk")  # handed to slack-sdk clients, which log URLs


@dataclass(slots=True)
class Outgoing:
    key: str  # idempotency key: Idempotency-Key header, Message-ID, Slack metadata
    rendered: Rendered
    row: dict[str, Any]  # the outbox row (kind, event, payload) for formats that need raw facts
    thread_ref: str | None = None  # Slack: ts of the finding's first message


@dataclass(slots=True)
class DeliveryResult:
    thread_ref: str | None = None
    detail: str = ""


class DeliveryError(UcsError):
    """A channel refused or could not take a message.  ``str()`` is the (redacted) message alone: it
    is what the outbox keeps as the message's last error."""

    hint = "check the channel's receiver and its settings; `ucs notify status` shows what waits and why"

    def __init__(self, message: str, retryable: bool = True, retry_after: float | None = None) -> None:
        super().__init__(redact(message))
        self.retryable = retryable
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


class Notifier(Protocol):
    """One channel (Slack, email, webhook, Teams): ``send`` delivers one message or raises
    :class:`DeliveryError` (or ``SecretMissing`` when the channel's secret cannot be read).
    Retries, rate limits and the outbox are the caller's (:mod:`notifiers.delivery`)."""

    channel: Channel

    def send(self, message: Outgoing) -> DeliveryResult: ...


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def check_status(status: int, headers: Mapping[str, str], body: str, what: str) -> None:
    """Raise the right DeliveryError for a non-2xx HTTP answer."""
    if 200 <= status < 300:
        return
    headers = {k.lower(): v for k, v in dict(headers).items()}
    snippet = " ".join(body.split())[:200]
    msg = f"{what}: HTTP {status}" + (f": {snippet}" if snippet else "")
    if status == 429:
        raise DeliveryError(msg, True, parse_retry_after(headers.get("retry-after")))
    raise DeliveryError(msg, retryable=status >= 500 or status == 408,
                        retry_after=parse_retry_after(headers.get("retry-after")) if status == 503 else None)


def post(session: requests.Session, url: str, data: bytes, headers: dict[str, str], timeout: float,
         what: str) -> requests.Response:
    """POST and classify the outcome.  ``what`` names the channel in errors, never the URL."""
    try:
        resp = session.post(url, data=data, headers=headers, timeout=timeout)
    except requests.Timeout:
        raise DeliveryError(f"{what}: timed out after {timeout:g}s") from None
    except requests.ConnectionError:
        raise DeliveryError(f"{what}: connection failed (receiver unreachable)") from None
    except requests.RequestException as exc:
        raise DeliveryError(f"{what}: request failed ({type(exc).__name__})", retryable=False) from None
    check_status(resp.status_code, resp.headers, resp.text, what)
    return resp


class _WaitRetryAfter(tenacity.wait.wait_base):
    """Wait what the receiver asked for (429 Retry-After), else exponential back-off."""

    def __init__(self, fallback: tenacity.wait.wait_base) -> None:
        self.fallback = fallback

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, DeliveryError) and exc.retry_after is not None:
            return exc.retry_after
        return float(self.fallback(retry_state))


def send_with_retry(notifier: Notifier, message: Outgoing, retry: Retry,
                    sleep: Callable[[float], None] = time.sleep, wait_retry_after: bool = True) -> DeliveryResult:
    """Send, retrying transient failures within one pass.  A Retry-After is waited here when
    ``wait_retry_after`` and it is at most ``retry.max_retry_after``; otherwise it ends the sending
    at once, and the caller pauses the channel (the outbox's delivery does that for every
    Retry-After, so its other channels need not wait)."""

    def should_retry(exc: BaseException) -> bool:
        if not isinstance(exc, DeliveryError) or not exc.retryable:
            return False
        return exc.retry_after is None or (wait_retry_after and exc.retry_after <= retry.max_retry_after)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0
        log.warning("channel %s: attempt %d failed (%s); retrying in %.2fs", notifier.channel.name,
                    state.attempt_number, exc, wait)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(retry.attempts),
        wait=_WaitRetryAfter(tenacity.wait_exponential(multiplier=retry.initial_wait, max=retry.max_wait)),
        retry=tenacity.retry_if_exception(should_retry),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
    return retrying(notifier.send, message)
