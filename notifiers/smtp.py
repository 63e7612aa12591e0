"""Email through the standard library: STARTTLS or implicit TLS, optional AUTH, text + HTML.

Headers are built by :class:`email.message.EmailMessage` with the default policy, which encodes
non-ASCII subjects as RFC 2047 encoded words (Japanese subjects render in every client) and
folds long lines.  Message-ID is derived from the outbox key, so a resend after a crash carries
the same Message-ID and mail systems that dedupe drop it.
"""

from __future__ import annotations

import email.policy
import html
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime

from agent.core.model import utcnow
from agent.settings.notifications import Channel, resolve_secret
from notifiers.base import DeliveryError, DeliveryResult, Outgoing
from notifiers.render import Rendered, word


def html_body(r: Rendered) -> str:
    e = html.escape
    rows = "".join(f"<tr><th align='left' style='padding-right:12px'>{e(k)}</th><td>{e(v)}</td></tr>"
                   for k, v in r.fields)
    sections = "".join(f"<h3>{e(label)}</h3><p>{e(text)}</p>" for label, text in r.sections)
    items = ("<ul>" + "".join(f"<li>{e(i)}</li>" for i in r.items) + "</ul>") if r.items else ""
    link = ""
    if r.link:
        target = r.link if r.link.startswith(("http://", "https://")) else ""
        link = (f"<p>{e(word('report', r.lang))}: "
                + (f"<a href='{e(target)}'>{e(r.link)}</a>" if target else f"<code>{e(r.link)}</code>") + "</p>")
    return (f"<!DOCTYPE html><html lang='{r.lang}'><head><meta charset='utf-8'></head><body>"
            f"<div style='border-left:6px solid {r.colour};padding-left:12px'>"
            f"<p style='color:{r.colour};font-weight:bold'>{e(r.severity_word)} · {e(r.headline)}</p>"
            f"<h2>{e(r.title)}</h2><table>{rows}</table>{sections}{items}{link}</div></body></html>")


def build_email(channel: Channel, message: Outgoing) -> EmailMessage:
    r = message.rendered
    sender = channel.sender or ""
    domain = sender.rsplit("@", 1)[-1].strip(">") or "ucs.local"
    # CPython's header folder mis-folds some ASCII subjects just over 78 characters (the value
    # comes back with a leading space), so ASCII subjects are not folded (RFC 5322 allows 998);
    # non-ASCII ones must be, to keep each RFC 2047 encoded word within 75 characters.
    policy = email.policy.SMTP if not r.subject.isascii() else email.policy.SMTP.clone(max_line_length=998)
    msg = EmailMessage(policy=policy)
    msg["Subject"] = r.subject
    msg["From"] = sender
    msg["To"] = ", ".join(channel.to)
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = f"<{message.key}@{domain}>"
    msg["X-UCS-Event"] = r.event
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to alerts
    thread_key = message.row.get("thread_key")
    if thread_key:  # mail clients group every message about one finding together
        msg["References"] = f"<finding-{thread_key}@{domain}>"
    msg.set_content(r.plain_text())
    msg.add_alternative(html_body(r), subtype="html")
    return msg


class EmailNotifier:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    @property
    def what(self) -> str:
        return f"email channel {self.channel.name}"

    def send(self, message: Outgoing) -> DeliveryResult:
        c = self.channel
        msg = build_email(c, message)
        password = resolve_secret(c.name, "SMTP password", c.password_env, c.password_file) if c.username else None
        context = ssl.create_default_context(cafile=c.ca_file) if c.security != "none" else None
        try:
            if c.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host or "", c.port or 465, timeout=c.timeout, context=context)
            else:
                smtp = smtplib.SMTP(c.host or "", c.port or 587, timeout=c.timeout)
            with smtp:
                smtp.ehlo()
                if c.security == "starttls":
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if c.username and password:
                    smtp.login(c.username, password)
                refused = smtp.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"{self.what}: authentication failed (SMTP {exc.smtp_code})", retryable=False) from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"{self.what}: every recipient refused ({', '.join(exc.recipients)})",
                                retryable=False) from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(f"{self.what}: SMTP {exc.smtp_code}", retryable=400 <= exc.smtp_code < 500) from None
        except smtplib.SMTPNotSupportedError:
            raise DeliveryError(f"{self.what}: the server does not offer AUTH or STARTTLS as configured",
                                retryable=False) from None
        except ssl.SSLCertVerificationError as exc:
            raise DeliveryError(f"{self.what}: TLS certificate not trusted ({exc.verify_message})") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{self.what}: connection failed ({type(exc).__name__})") from None
        detail = f"refused: {', '.join(refused)}" if refused else "accepted"
        return DeliveryResult(detail=detail)
