"""Slack through slack-sdk: an incoming webhook, or a bot token with ``chat.postMessage``.

Messages are Block Kit blocks inside an attachment (the attachment's bar carries the severity
colour, the header block the severity word).  With a bot token, the first message about a finding
returns its ``ts``; later messages about the same finding (resolved, reopened, severity raised)
are posted in that thread.  Incoming webhooks return no ``ts``, so they cannot thread.
"""

from __future__ import annotations

from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from agent.settings.notifications import Channel, resolve_secret
from notifiers.base import SDK_LOGGER, DeliveryError, DeliveryResult, Outgoing, check_status
from notifiers.render import Rendered, word

MAX_TEXT = 2900  # Slack rejects section texts over 3000 characters


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks(r: Rendered) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{r.severity_word} · {r.headline}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_esc(r.title)}*"[:MAX_TEXT]}},
    ]
    if r.fields:
        out.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*{_esc(k)}*\n{_esc(v)}"[:1900]} for k, v in r.fields[:10]]})
    for label, text in r.sections:
        out.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{_esc(label)}*\n{_esc(text)}"[:MAX_TEXT]}})
    if r.items:
        out.append({"type": "section", "text": {"type": "mrkdwn",
                                                "text": "\n".join(f"• {_esc(i)}" for i in r.items)[:MAX_TEXT]}})
    if r.link:
        link = f"<{r.link}>" if r.link.startswith(("http://", "https://")) else f"`{_esc(r.link)}`"
        out.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"{word('report', r.lang)}: {link}"}]})
    return out


def message_body(r: Rendered) -> dict[str, Any]:
    """``text`` is the notification fallback; the attachment holds the blocks and the colour."""
    return {"text": r.subject, "attachments": [{"color": r.colour, "blocks": blocks(r)}]}


class SlackNotifier:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @property
    def what(self) -> str:
        return f"slack channel {self.channel.name}"

    def send(self, message: Outgoing) -> DeliveryResult:
        body = message_body(message.rendered)
        if self.channel.token_env or self.channel.token_file:
            return self._post_message(message, body)
        c = self.channel
        url = resolve_secret(c.name, "Slack webhook URL", c.webhook_url_env, c.webhook_url_file, url=True)
        client = WebhookClient(url, timeout=int(c.timeout), logger=SDK_LOGGER, retry_handlers=[])
        try:
            resp = client.send(text=body["text"], attachments=body["attachments"], unfurl_links=False)
        except (URLError, OSError) as exc:
            raise DeliveryError(f"{self.what}: connection failed ({type(exc).__name__})") from None
        check_status(resp.status_code, resp.headers or {}, resp.body or "", self.what)
        return DeliveryResult(detail=f"HTTP {resp.status_code}")

    def _post_message(self, message: Outgoing, body: dict[str, Any]) -> DeliveryResult:
        c = self.channel
        token = resolve_secret(c.name, "Slack bot token", c.token_env, c.token_file)
        client = WebClient(token=token, base_url=c.api_url or "https://slack.com/api/", timeout=int(c.timeout),
                           logger=SDK_LOGGER, retry_handlers=[])
        try:
            resp = client.chat_postMessage(
                channel=c.channel, text=body["text"], attachments=body["attachments"], unfurl_links=False,
                thread_ts=message.thread_ref,
                metadata={"event_type": "ucs_notification", "event_payload": {"idempotency_key": message.key}})
        except SlackApiError as exc:
            status = exc.response.status_code
            error = str((exc.response.data or {}).get("error", "")) if isinstance(exc.response.data, dict) else ""
            check_status(status, exc.response.headers or {}, error, self.what)
            # HTTP 200 with ok=false: channel_not_found, invalid_auth, … retrying cannot help.
            raise DeliveryError(f"{self.what}: Slack API error {error or 'unknown'}", retryable=False) from None
        except (URLError, OSError) as exc:
            raise DeliveryError(f"{self.what}: connection failed ({type(exc).__name__})") from None
        ts = resp.get("ts")
        return DeliveryResult(thread_ref=message.thread_ref or (str(ts) if ts else None), detail="ok")
