"""Slack, webhook and Teams against local HTTP receivers (pytest-httpserver), through the outbox."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta

import pytest
from werkzeug import Request, Response

from agent.core.model import Status, utcnow
from agent.store import outbox
from notifiers.delivery import deliver_pending
from tests.notifiers.conftest import finding, make_settings, record
from tests.notifiers.test_router import rows

SLACK_PATH = "/services/T0001/B0002/hooksecretXYZ123"
BOT_TOKEN = "xoxb-1111-2222-notifytestTOKEN"


def slack_webhook(secret_env, httpserver, **extra):
    secret_env("UCS_T_SLACK_URL", httpserver.url_for(SLACK_PATH))
    return {"name": "slack", "type": "slack", "webhook_url_env": "UCS_T_SLACK_URL", **extra}


def webhook(secret_env, httpserver, path="/ucs-hook", name="hook", **extra):
    secret_env("UCS_T_HOOK_URL", httpserver.url_for(path))
    secret_env("UCS_T_HOOK_KEY", "hmac-signing-key-42")
    return {"name": name, "type": "webhook", "url_env": "UCS_T_HOOK_URL", "secret_env": "UCS_T_HOOK_KEY", **extra}


def test_slack_webhook_block_kit_in_japanese(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver(SLACK_PATH)
    settings = make_settings(tenant_id, [slack_webhook(secret_env, httpserver, language="ja")])
    record(store, settings, [finding("aws.s3.notifytest_private", "bucket-a")])
    report = deliver_pending(store, settings)
    assert report.sent == {"slack": 1}
    (body,) = rec.json_bodies()
    assert body["text"].startswith("UCS [高] 新しい検出: S3 バケットが公開されていない")
    att = body["attachments"][0]
    assert att["color"] == "#D32F2F"
    texts = json.dumps(att["blocks"], ensure_ascii=False)
    assert att["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "高 · 新しい検出"}}
    for expected in ("バケットを誰でも読み取れます。", "パブリックアクセスブロックを有効にします。", "bucket-a",
                     "111122223333 / ap-northeast-1", "対処方法"):
        assert expected in texts
    assert rows(store, tenant_id)[0]["status"] == outbox.DELIVERED


def test_slack_429_retry_after_is_honoured(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver(SLACK_PATH, script=[(429, {"Retry-After": "2"})])
    settings = make_settings(tenant_id, [slack_webhook(secret_env, httpserver)])
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    waits: list[float] = []
    report = deliver_pending(store, settings, sleep=waits.append)
    assert report.sent == {"slack": 1}
    assert len(rec.requests) == 2 and len(rec.accepted) == 1
    assert waits == [2.0]  # exactly what the receiver asked for, not the (tiny) test back-off


def test_long_retry_after_reschedules_instead_of_blocking(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver(SLACK_PATH, script=[(429, {"Retry-After": "120"})])
    settings = make_settings(tenant_id, [slack_webhook(secret_env, httpserver)])
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    now = utcnow()
    waits: list[float] = []
    report = deliver_pending(store, settings, now=now, sleep=waits.append)
    assert report.sent == {} and report.rescheduled == {"slack": 1} and waits == []
    (row,) = rows(store, tenant_id)
    assert row["next_attempt_at"] >= now + timedelta(seconds=120)
    assert deliver_pending(store, settings, now=now + timedelta(seconds=60)).sent == {}
    assert deliver_pending(store, settings, now=now + timedelta(seconds=121)).sent == {"slack": 1}
    assert len(rec.accepted) == 1


def test_slack_bot_token_threads_updates(store, tenant_id, httpserver, secret_env):
    posts: list[dict] = []

    def api(request: Request) -> Response:
        assert request.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
        doc = request.get_json()
        posts.append(doc)
        return Response(json.dumps({"ok": True, "channel": "C123", "ts": f"1700000000.{len(posts):06d}"}),
                        content_type="application/json")

    httpserver.expect_request("/api/chat.postMessage", method="POST").respond_with_handler(api)
    secret_env("UCS_T_SLACK_TOKEN", BOT_TOKEN)
    channel = {"name": "bot", "type": "slack", "token_env": "UCS_T_SLACK_TOKEN", "channel": "C123",
               "api_url": httpserver.url_for("/api/")}
    settings = make_settings(tenant_id, [channel])
    record(store, settings, [finding("aws.s3.notifytest_private", "b1"), finding("aws.iam.notifytest_mfa", "u1")])
    assert deliver_pending(store, settings).sent == {"bot": 2}
    record(store, settings, [finding("aws.s3.notifytest_private", "b1", Status.PASS),
                             finding("aws.iam.notifytest_mfa", "u1")])
    assert deliver_pending(store, settings).sent == {"bot": 1}
    assert [p.get("thread_ts") for p in posts] == [None, None, "1700000000.000001"]
    assert posts[2]["channel"] == "C123" and "Finding resolved" in posts[2]["text"]
    assert posts[0]["metadata"]["event_payload"]["idempotency_key"] == rows(store, tenant_id)[0]["key"]


def test_webhook_ocsf_body_signature_and_idempotency_key(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)])
    record(store, settings, [finding("aws.s3.notifytest_private", "bucket-a", tags={"env": "prod"})])
    assert deliver_pending(store, settings).sent == {"hook": 1}
    (entry,) = rec.accepted.values()
    headers, raw = entry["headers"], entry["body"]
    ts = headers["X-Ucs-Timestamp"]
    expected = "sha256=" + hmac.new(b"hmac-signing-key-42", ts.encode() + b"." + raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Ucs-Signature"], expected)
    body = json.loads(raw)
    assert headers["Idempotency-Key"] == body["id"] == rows(store, tenant_id)[0]["key"]
    assert body["type"] == "new" and body["severity"] == "high"
    ocsf = body["finding"]
    assert ocsf["class_uid"] == 2003 and ocsf["severity_id"] == 4
    assert ocsf["finding_info"]["title"] == "S3 bucket is not public"
    assert ocsf["resources"][0]["uid"] == "arn:aws:bucket-a" and ocsf["resources"][0]["labels"] == ["env:prod"]
    assert ocsf["cloud"]["account"]["uid"] == "111122223333"


def test_teams_adaptive_card(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/workflows/teams-secret-path", ok_status=202)
    secret_env("UCS_T_TEAMS", httpserver.url_for("/workflows/teams-secret-path"))
    channel = {"name": "teams", "type": "teams", "url_env": "UCS_T_TEAMS", "language": "ja"}
    settings = make_settings(tenant_id, [channel], report_url="https://ucs.example/r/{tenant}/{scan_id}")
    record(store, settings, [finding("aws.iam.notifytest_mfa", "alice")])
    assert deliver_pending(store, settings).sent == {"teams": 1}
    (body,) = rec.json_bodies()
    att = body["attachments"][0]
    assert body["type"] == "message" and att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == "緊急 · 新しい検出" and card["body"][0]["color"] == "attention"
    assert card["body"][1]["text"] == "IAM ユーザーに MFA が設定されている"
    facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
    assert facts["リソース"].startswith("alice")
    scan_id = rows(store, tenant_id)[0]["payload"]["scan_id"]
    assert card["actions"][0]["url"] == f"https://ucs.example/r/{tenant_id}/{scan_id}"


def test_server_errors_then_recovery(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/ucs-hook", script=[(500, {}), (502, {}), (503, {})])
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)])
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(3)])
    # Three attempts per pass: the first message fails three times, the pass ends for that channel.
    first = deliver_pending(store, settings, sleep=lambda s: None)
    assert first.sent == {} and first.rescheduled == {"hook": 3} and "HTTP 503" in first.errors["hook"]
    assert deliver_pending(store, settings, sleep=lambda s: None).sent == {"hook": 3}
    assert len(rec.accepted) == 3 and len(rec.requests) == 6
    assert all(r["status"] == outbox.DELIVERED for r in rows(store, tenant_id))


def test_receiver_down_then_back_every_message_exactly_once(store, tenant_id, secret_env):
    from pytest_httpserver import HTTPServer

    from tests.notifiers.conftest import Receiver

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    rec = Receiver()
    server.expect_request("/ucs-hook", method="POST").respond_with_handler(rec.handler)
    settings = make_settings(tenant_id, [webhook(secret_env, server)])
    server.stop()  # the receiver goes away before anything is sent
    for i in range(4):
        record(store, settings, [finding("aws.s3.notifytest_private", f"b{j}") for j in range(i + 1)])
    assert len(rows(store, tenant_id)) == 4
    for _ in range(3):
        report = deliver_pending(store, settings, sleep=lambda s: None)
        assert report.sent == {} and "connection failed" in report.errors["hook"]
    server.start()  # same port again
    try:
        assert deliver_pending(store, settings, sleep=lambda s: None).sent == {"hook": 4}
        assert deliver_pending(store, settings, sleep=lambda s: None).sent == {}
    finally:
        server.stop()
    assert len(rec.requests) == 4 and len(rec.accepted) == 4
    names = sorted(b["finding"]["resources"][0]["name"] for b in rec.json_bodies())
    assert names == ["b0", "b1", "b2", "b3"]


def test_crash_between_send_and_mark_resends_with_same_key(store, tenant_id, httpserver, receiver, secret_env,
                                                           monkeypatch):
    rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)])
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    now = utcnow()

    def crash(*args, **kwargs):
        raise SystemExit("killed")

    with monkeypatch.context() as m:
        m.setattr(outbox, "mark_delivered", crash)
        with pytest.raises(SystemExit):
            deliver_pending(store, settings, now=now)
    # Another worker during the lease does not touch the row.
    assert deliver_pending(store, settings, now=now + timedelta(minutes=1)).sent == {}
    # After the lease the row is sent again, with the same idempotency key: the receiver dedupes.
    assert deliver_pending(store, settings, now=now + timedelta(minutes=6)).sent == {"hook": 1}
    assert len(rec.requests) == 2 and len(rec.accepted) == 1
    assert rec.requests[0]["headers"]["Idempotency-Key"] == rec.requests[1]["headers"]["Idempotency-Key"]
    assert deliver_pending(store, settings, now=now + timedelta(minutes=7)).sent == {}


def test_rate_limit_spreads_delivery_over_windows(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver, rate_limit={"messages": 2, "seconds": 60})])
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(5)])
    now = utcnow()
    first = deliver_pending(store, settings, now=now)
    assert first.sent == {"hook": 2} and first.rate_limited == {"hook": 3}
    assert deliver_pending(store, settings, now=now + timedelta(seconds=10)).sent == {}
    assert deliver_pending(store, settings, now=now + timedelta(seconds=61)).sent == {"hook": 2}
    assert deliver_pending(store, settings, now=now + timedelta(seconds=122)).sent == {"hook": 1}
    assert len(rec.accepted) == 5


def test_permanent_error_fails_without_retry_and_expiry_is_counted(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/ucs-hook", script=[(404, {})])
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)], max_age_hours=1)
    record(store, settings, [finding("aws.s3.notifytest_private", "b1"), finding("aws.s3.notifytest_private", "b2")])
    now = utcnow()
    report = deliver_pending(store, settings, now=now)
    assert report.failed == {"hook": 1} and report.sent == {"hook": 1} and len(rec.requests) == 2
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(1, 4)])
    httpserver.clear()  # the receiver is gone for good now: every request gets 500
    late = deliver_pending(store, settings, now=now + timedelta(hours=2), sleep=lambda s: None)
    assert late.expired == 1 and late.sent == {}
    statuses = sorted(r["status"] for r in rows(store, tenant_id))
    assert statuses == [outbox.DELIVERED, outbox.EXPIRED, outbox.FAILED]


def test_secrets_never_in_logs_or_errors(store, tenant_id, httpserver, secret_env, caplog):
    secret_env("UCS_T_SLACK_TOKEN", BOT_TOKEN)
    secret_env("UCS_T_SLACK_URL", httpserver.url_for(SLACK_PATH))
    httpserver.expect_request("/api/chat.postMessage").respond_with_json(
        {"ok": False, "error": f"invalid_auth for {BOT_TOKEN}"}, status=500)
    httpserver.expect_request(SLACK_PATH).respond_with_data(f"no such hook {SLACK_PATH}", status=500)
    httpserver.expect_request("/generic/whsecretPATH987").respond_with_data("no", status=503)
    channels = [{"name": "bot", "type": "slack", "token_env": "UCS_T_SLACK_TOKEN", "channel": "C1",
                 "api_url": httpserver.url_for("/api/")},
                {"name": "hook", "type": "slack", "webhook_url_env": "UCS_T_SLACK_URL"},
                webhook(secret_env, httpserver, path="/generic/whsecretPATH987", name="generic")]
    settings = make_settings(tenant_id, channels)
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    # the session's moto server fixture quiets werkzeug to ERROR; this test reads its access log
    # (set first: caplog.set_level also sets its handler's level, and the last call must be DEBUG)
    caplog.set_level(logging.INFO, logger="werkzeug")
    caplog.set_level(logging.DEBUG)
    report = deliver_pending(store, settings, sleep=lambda s: None)
    assert set(report.errors) == {"bot", "hook", "generic"} and report.sent == {}
    stored_errors = " ".join(r["last_error"] or "" for r in rows(store, tenant_id))
    assert "HTTP 500" in stored_errors and "HTTP 503" in stored_errors
    # The receivers' own access log (werkzeug) is the stand-in's, not the agent's.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert any(r.name.startswith("werkzeug") for r in caplog.records)  # the receivers did log requests
    text = ours + " ".join(report.errors.values()) + stored_errors
    assert "retrying" in ours and "Sending a request" in ours  # retries and SDK requests were logged…
    assert "POST ***REDACTED***" in ours  # urllib3 logs the request line of the generic webhook
    for secret in (BOT_TOKEN, SLACK_PATH, "hooksecretXYZ123", "whsecretPATH987", "hmac-signing-key-42"):
        assert secret not in text  # …without the token or the webhook path


def test_slack_bot_rate_limit_then_channel_error(store, tenant_id, httpserver, secret_env):
    answers = [(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "3"}),
               (200, {"ok": True, "ts": "1700000001.000100"}, {}),
               (200, {"ok": False, "error": "channel_not_found"}, {})]
    seen: list[str] = []

    def api(request: Request) -> Response:
        seen.append(request.get_json()["text"])
        status, doc, headers = answers.pop(0)
        return Response(json.dumps(doc), status=status, headers=headers, content_type="application/json")

    httpserver.expect_request("/api/chat.postMessage", method="POST").respond_with_handler(api)
    secret_env("UCS_T_SLACK_TOKEN", BOT_TOKEN)
    channel = {"name": "bot", "type": "slack", "token_env": "UCS_T_SLACK_TOKEN", "channel": "C404",
               "api_url": httpserver.url_for("/api/")}
    settings = make_settings(tenant_id, [channel])
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1"), finding("aws.ec2.notifytest_tags", "i1")])
    waits: list[float] = []
    report = deliver_pending(store, settings, sleep=waits.append)
    assert waits == [3.0] and report.sent == {"bot": 1} and report.failed == {"bot": 1}
    assert "Slack API error channel_not_found" in report.errors["bot"]
    assert len(seen) == 3 and seen[0] == seen[1]
    assert sorted(r["status"] for r in rows(store, tenant_id)) == [outbox.DELIVERED, outbox.FAILED]


def test_missing_secret_keeps_messages_waiting(store, tenant_id, httpserver, receiver, secret_env, monkeypatch):
    rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver)])
    monkeypatch.delenv("UCS_T_HOOK_KEY")
    record(store, settings, [finding("aws.s3.notifytest_private", "b")])
    report = deliver_pending(store, settings)
    assert report.sent == {} and rec.requests == []
    assert report.errors["hook"] == "channel hook: environment variable UCS_T_HOOK_KEY (webhook signing key) is not set"
    assert rows(store, tenant_id)[0]["status"] == outbox.PENDING
    secret_env("UCS_T_HOOK_KEY", "now-it-is-set")
    assert deliver_pending(store, settings).sent == {"hook": 1} and len(rec.accepted) == 1


def test_burst_summary_names_the_report_file(store, tenant_id, httpserver, receiver, secret_env, tmp_path):
    rec = receiver(SLACK_PATH)
    settings = make_settings(tenant_id, [slack_webhook(secret_env, httpserver)], burst_threshold=5)
    settings.output.dir = str(tmp_path)
    results = [finding("aws.s3.notifytest_private", f"b{i:02d}") for i in range(20)]
    results.append(finding("aws.iam.notifytest_mfa", "root-user"))
    record(store, settings, results)
    scan_id = rows(store, tenant_id)[0]["payload"]["scan_id"]
    report_file = tmp_path / f"ucs-{tenant_id}-20261125-090000-{scan_id}.json"
    report_file.write_text("[]")
    assert deliver_pending(store, settings).sent == {"slack": 1}
    (body,) = rec.json_bodies()
    assert body["text"] == "UCS [Critical] Scan summary: 21 changes in one scan; they are summarised here instead " \
                           "of sent one by one."
    texts = json.dumps(body["attachments"][0]["blocks"], ensure_ascii=False)
    assert "*Total*\\n21" in texts and "Critical 1, High 20" in texts and "and 11 more" in texts
    assert "[Critical] New finding: IAM user has MFA — root-user (111122223333 ap-northeast-1)" in texts
    assert f"Report: `{report_file.resolve()}`" in texts


def test_two_workers_at_once_never_send_a_message_twice(store, tenant_id, httpserver, receiver, secret_env):
    import threading

    rec = receiver("/ucs-hook")
    settings = make_settings(tenant_id, [webhook(secret_env, httpserver, rate_limit={"messages": 100})],
                             burst_threshold=100)
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(30)])
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(deliver_pending(store, settings))) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sum(r.sent.get("hook", 0) for r in reports) == 30
    assert len(rec.requests) == 30 and len(rec.accepted) == 30
